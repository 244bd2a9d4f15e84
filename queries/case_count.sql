-- How many cases queries/case_list.sql lists without its limit: one row, `cases`, for the same
-- street (or district), months, subcategory and reader's scope, over the same joins, so the page
-- can say "显示最近 5,000 条，共 40,863 条" and offer the whole list (ui/drilldown.py).
-- records: scope by c.district_code, c.street_code (counts only what the reader may list)
select count(*) as cases
from cases as c
join case_sources as s using (source)
join districts as d on d.district_code = c.district_code
join streets as st on st.street_code = c.street_code
where c.reported_at >= $start and c.reported_at < $end + interval 1 month
  and chosen($districts::varchar[], c.district_code)
  and ($street_code = '' or c.street_code = $street_code)
  and ($subcategory = '' or c.subcategory = $subcategory)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), c.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), c.street_code))), false)
