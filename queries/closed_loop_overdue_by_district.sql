-- Each chosen district's closed loop as at $as_of (every district when none is chosen): items not yet
-- closed, of them overdue (spot-check problems and red-listed alleys), overdue by more than 30 days,
-- the longest overdue, and the overdue share of open items in percent. Most overdue first.
with loop_items as (
    select * from closed_loop_as_of($as_of::date) where chosen($districts::varchar[], district_code)
)
select
    d.district_code, d.name as district_name,
    count(i.item_id) filter (where i.is_open) as open_items,
    count(i.item_id) filter (where i.is_overdue) as overdue_items,
    count(i.item_id) filter (where i.is_overdue and i.kind = 'spot_check') as overdue_spot_check,
    count(i.item_id) filter (where i.is_overdue and i.kind = 'red_list') as overdue_red_list,
    count(i.item_id) filter (where i.is_overdue and overdue_band(i.days_overdue) = 'longer') as overdue_longer,
    max(i.days_overdue) as longest_overdue_days,
    share_pct(count(i.item_id) filter (where i.is_overdue), count(i.item_id) filter (where i.is_open), 1) as overdue_share
from districts as d
left join loop_items as i using (district_code)
where chosen($districts::varchar[], d.district_code)
group by d.district_code, d.name
order by overdue_items desc, longest_overdue_days desc nulls last, d.district_code
