-- The closed loop's funnel for the chosen districts: the items open at some time in $start..$as_of
-- (found by $as_of, not closed before $start) by their stage as at $as_of — 发现, 交办 (挂牌),
-- 整改, 复查, 销号 (摘牌, closed within the months) — spot-check problems and red-listed alleys apart
-- and together, with how many of them are overdue. Every stage has its row.
with stages as (
    select * from (values ('found', 1), ('assigned', 2), ('rectified', 3), ('rechecked', 4), ('closed', 5)) as s(stage, stage_order)
),
in_play as (
    select stage, kind, is_overdue
    from closed_loop_as_of($as_of::date)
    where (closed_on is null or closed_on >= $start) and chosen($districts::varchar[], district_code)
)
select
    s.stage,
    count(i.kind) filter (where i.kind = 'spot_check') as spot_check_items,
    count(i.kind) filter (where i.kind = 'red_list') as red_list_items,
    count(i.kind) as items,
    count(i.kind) filter (where i.is_overdue) as overdue_items
from stages as s
left join in_play as i using (stage)
group by s.stage, s.stage_order
order by s.stage_order
