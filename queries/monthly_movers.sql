-- For the last month of the period against the month before: each district's cases and three
-- rates, and their change, so the page can say what moved most this month.
with monthly as (
    select
        month_start, district_code,
        sum(cases) as cases,
        sum(resolved) * 100.0 / nullif(sum(cases), 0) as resolution_rate,
        sum(satisfied) * 100.0 / nullif(sum(rated), 0) as satisfaction_rate
    from agg_cases_street_month
    where month_start in ($end, ($end - interval 1 month)::date)
      and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code))
    group by all
)
select
    d.district_code, d.name,
    cur.cases::bigint as cases, prev.cases::bigint as cases_previous,
    round((cur.cases - prev.cases) * 100.0 / nullif(prev.cases, 0), 1) as cases_change_pct,
    round(cur.resolution_rate, 2) as resolution_rate,
    round(cur.resolution_rate - prev.resolution_rate, 2) as resolution_change_pts,
    round(cur.satisfaction_rate, 2) as satisfaction_rate,
    round(cur.satisfaction_rate - prev.satisfaction_rate, 2) as satisfaction_change_pts
from monthly as cur
join monthly as prev on prev.district_code = cur.district_code and prev.month_start = (cur.month_start - interval 1 month)::date
join districts as d on d.district_code = cur.district_code
where cur.month_start = $end
order by d.district_code
