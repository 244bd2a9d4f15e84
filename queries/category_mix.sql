-- Cases per category and subcategory in the chosen months, against the same months a year
-- before: what is rising. Sources can be narrowed ($sources, empty = all).
select
    category,
    subcategory,
    coalesce(sum(cases) filter (where month_start between $start and $end), 0)::bigint as cases,
    coalesce(sum(cases) filter (
        where month_start between ($start - interval 1 year)::date and ($end - interval 1 year)::date
    ), 0)::bigint as cases_year_before,
    round(
        (sum(cases) filter (where month_start between $start and $end)
         - sum(cases) filter (where month_start between ($start - interval 1 year)::date and ($end - interval 1 year)::date))
        * 100.0
        / nullif(sum(cases) filter (where month_start between ($start - interval 1 year)::date and ($end - interval 1 year)::date), 0),
        1
    ) as change_pct
from agg_cases_category_month
where (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code))
  and (len($sources::varchar[]) = 0 or list_contains($sources::varchar[], source))
  and month_start between ($start - interval 1 year)::date and $end
group by category, subcategory
order by cases desc
