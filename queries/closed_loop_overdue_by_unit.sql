-- Who owns what is open, as at $as_of, for the chosen districts: each responsible unit (责任单位) with
-- items not yet closed, how many it has, how many are overdue, overdue by more than 30 days, and its
-- longest overdue. A unit is counted within its district (units are named by district or street).
-- Most overdue first, then the longest overdue.
select
    d.name as district_name, i.district_code, i.responsible_unit,
    count(*) as open_items,
    count(*) filter (where i.is_overdue) as overdue_items,
    count(*) filter (where i.is_overdue and i.kind = 'spot_check') as overdue_spot_check,
    count(*) filter (where i.is_overdue and i.kind = 'red_list') as overdue_red_list,
    count(*) filter (where i.is_overdue and overdue_band(i.days_overdue) = 'longer') as overdue_longer,
    max(i.days_overdue) as longest_overdue_days
from closed_loop_as_of($as_of::date) as i
join districts as d using (district_code)
where i.is_open and i.responsible_unit is not null and chosen($districts::varchar[], i.district_code)
group by d.name, i.district_code, i.responsible_unit
order by overdue_items desc, longest_overdue_days desc nulls last, open_items desc, i.responsible_unit
