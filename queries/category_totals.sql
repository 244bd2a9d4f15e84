-- Cases per first-level category in the chosen months, for the chosen districts and sources
-- ($sources, empty = all), largest first.
select category, sum(cases)::bigint as cases
from agg_cases_category_month
where month_start between $start and $end
  and chosen($districts::varchar[], district_code)
  and (len($sources::varchar[]) = 0 or list_contains($sources::varchar[], source))
group by category
order by cases desc, category
