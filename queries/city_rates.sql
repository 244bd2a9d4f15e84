-- The city's (or the chosen districts') three rates and volume for the chosen months, and for
-- the same months a year before (同比).
with periods as (
    select 'current' as period, $start::date as period_start, $end::date as period_end
    union all
    select 'year_before', ($start - interval 1 year)::date, ($end - interval 1 year)::date
)
select
    p.period,
    coalesce(sum(a.cases), 0)::bigint as cases,
    coalesce(sum(a.cases) filter (where a.source = 'grid'), 0)::bigint as grid_cases,
    round(sum(a.cases) filter (where a.source = 'grid') * 100.0 / nullif(sum(a.cases), 0), 1) as grid_share,
    round(sum(a.responded_in_time) * 100.0 / nullif(sum(a.cases), 0), 1) as response_rate,
    round(sum(a.resolved) * 100.0 / nullif(sum(a.cases), 0), 1) as resolution_rate,
    round(sum(a.satisfied) * 100.0 / nullif(sum(a.rated), 0), 1) as satisfaction_rate
from periods as p
left join agg_cases_street_month as a
    on a.month_start between p.period_start and p.period_end
   and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], a.district_code))
group by p.period
order by p.period
