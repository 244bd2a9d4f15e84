-- Cases per category and subcategory in the chosen months, against the same months a year
-- before: what is rising. Sources can be narrowed ($sources, empty = all). The change is given
-- only where the year before had at least the configured number of cases ($min_cases_for_change):
-- from 3 cases to 6 is not "doubled" in any sense worth a line on a chart.
with counted as (
    select
        category,
        subcategory,
        coalesce(sum(cases) filter (where month_start between $start and $end), 0)::bigint as cases,
        coalesce(sum(cases) filter (
            where month_start between ($start - interval 1 year)::date and ($end - interval 1 year)::date
        ), 0)::bigint as cases_year_before
    from agg_cases_category_month
    where chosen($districts::varchar[], district_code)
      and (len($sources::varchar[]) = 0 or list_contains($sources::varchar[], source))
      and month_start between ($start - interval 1 year)::date and $end
    group by category, subcategory
)
select
    category, subcategory, cases, cases_year_before,
    case when cases_year_before >= $min_cases_for_change
         then change_pct(cases, cases_year_before)
    end as change_pct
from counted
order by cases desc, subcategory
