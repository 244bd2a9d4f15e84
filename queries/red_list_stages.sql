-- The red list's open listings as at $as_of by stage (挂牌 → 整改 → 复查待摘牌), overdue or not,
-- for the chosen districts; and how many were delisted among the listings open at any time in
-- the chosen months (stage 'delisted').
select
    status,
    count(*) filter (where not is_overdue) as on_time,
    count(*) filter (where is_overdue) as overdue,
    count(*) as listings
from red_list_as_of($as_of::date)
where (delisted_on is null or delisted_on >= $start)
  and chosen($districts::varchar[], district_code)
group by status
order by case status when 'listed' then 1 when 'rectifying' then 2 when 'rechecked' then 3 else 4 end
