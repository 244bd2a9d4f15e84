-- For the last month of the period against the month before: each district's cases and rates,
-- and their change, so the page can say what moved most this month.
with monthly as (
    select * from case_rates(($end - interval 1 month)::date, $end, $districts::varchar[], []::varchar[], true, false, true)
)
select
    d.district_code, d.name,
    cur.cases, prev.cases as cases_previous,
    change_pct(cur.cases, prev.cases) as cases_change_pct,
    cur.resolution_rate,
    round(cur.resolution_rate - prev.resolution_rate, 1) as resolution_change_pts,
    cur.satisfaction_rate,
    round(cur.satisfaction_rate - prev.satisfaction_rate, 1) as satisfaction_change_pts
from monthly as cur
join monthly as prev on prev.district_code = cur.district_code and prev.month_start = (cur.month_start - interval 1 month)::date
join districts as d on d.district_code = cur.district_code
where cur.month_start = $end
order by d.district_code
