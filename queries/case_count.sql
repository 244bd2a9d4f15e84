-- How many cases queries/case_list.sql lists without its limit: one row, `cases`, for the same
-- street (or district), months, subcategory and reader's scope, over the same case_rows, so the
-- page can say "显示最近 5,000 条，共 40,863 条" and offer the whole list (ui/drilldown.py).
-- records: scope by c.district_code, c.street_code (counts only what the reader may list)
select count(*) as cases
from case_rows($start, $end, $districts::varchar[], $street_code, $subcategory) as c
where coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), c.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), c.street_code))), false)
