-- Volunteer projects started per month and cumulated, up to $as_of, for the chosen districts.
with monthly as (
    select date_trunc('month', started_on)::date as month_start, count(*) as started
    from volunteer_projects
    where started_on <= $as_of
      and chosen($districts::varchar[], district_code)
    group by all
)
select month_start, started, sum(started) over (order by month_start)::bigint as cumulative
from monthly
order by month_start
