-- Each district's rank per month on one of the three rates or on cases per 10,000 residents
-- ($measure: 'satisfaction_rate', 'resolution_rate', 'response_rate', 'cases_per_10k').
-- Rank 1 is best: highest rate, or fewest cases per 10,000 residents.
with monthly as (
    select
        a.month_start, a.district_code, d.short_name, d.is_agricultural,
        sum(a.responded_in_time) * 100.0 / nullif(sum(a.cases), 0) as response_rate,
        sum(a.resolved) * 100.0 / nullif(sum(a.cases), 0) as resolution_rate,
        sum(a.satisfied) * 100.0 / nullif(sum(a.rated), 0) as satisfaction_rate,
        sum(a.cases) * 10000.0 / any_value(d.population) as cases_per_10k
    from agg_cases_street_month as a
    join districts as d using (district_code)
    where a.month_start between $start and $end
    group by all
),
chosen as (
    select *,
        case $measure
            when 'satisfaction_rate' then satisfaction_rate
            when 'resolution_rate' then resolution_rate
            when 'response_rate' then response_rate
            when 'cases_per_10k' then -cases_per_10k
        end as sort_value,
        case $measure
            when 'satisfaction_rate' then satisfaction_rate
            when 'resolution_rate' then resolution_rate
            when 'response_rate' then response_rate
            when 'cases_per_10k' then cases_per_10k
        end as value
    from monthly
)
select month_start, district_code, short_name, is_agricultural, round(value, 2) as value,
       rank() over (partition by month_start order by sort_value desc) as rank
from chosen
order by month_start, rank
