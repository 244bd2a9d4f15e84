-- The three rates per month for the chosen districts (or the city), and the city's own line.
with monthly as (
    select
        month_start,
        'selection' as scope,
        sum(cases)::bigint as cases,
        sum(responded_in_time) * 100.0 / nullif(sum(cases), 0) as response_rate,
        sum(resolved) * 100.0 / nullif(sum(cases), 0) as resolution_rate,
        sum(satisfied) * 100.0 / nullif(sum(rated), 0) as satisfaction_rate,
        sum(rated)::bigint as rated
    from agg_cases_street_month
    where month_start between $start and $end
      and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code))
    group by month_start
    union all
    select
        month_start, 'city', sum(cases)::bigint,
        sum(responded_in_time) * 100.0 / nullif(sum(cases), 0),
        sum(resolved) * 100.0 / nullif(sum(cases), 0),
        sum(satisfied) * 100.0 / nullif(sum(rated), 0),
        sum(rated)::bigint
    from agg_cases_street_month
    where month_start between $start and $end
    group by month_start
)
select month_start, scope, cases, rated,
       round(response_rate, 2) as response_rate,
       round(resolution_rate, 2) as resolution_rate,
       round(satisfaction_rate, 2) as satisfaction_rate
from monthly
order by scope, month_start
