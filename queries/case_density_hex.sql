-- Cases per H3 cell (resolution 7) for the chosen districts and months, for the density map.
select h3_cell, sum(cases)::bigint as cases
from agg_cases_hex_month
where month_start between $start and $end
  and chosen($districts::varchar[], district_code)
group by h3_cell
order by cases desc
