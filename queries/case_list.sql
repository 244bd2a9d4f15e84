-- The cases behind a number: one street (or district) and the chosen months, newest first,
-- at most $limit rows. Optional subcategory ($subcategory = '' for all). The rows are the
-- semantic layer's case_rows, the same ones queries/case_count.sql counts.
-- records: scope by c.district_code, c.street_code (the reader's remit, access.scope)
select
    c.case_id, c.source_name, c.category, c.subcategory, c.district_name, c.street_name,
    c.reported_at, c.responded_at, c.resolved_at, c.rating, c.campaign_id
from case_rows($start, $end, $districts::varchar[], $street_code, $subcategory) as c
where coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), c.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), c.street_code))), false)
order by c.reported_at desc
limit $limit
