-- The cases behind a number: one street (or district) and the chosen months, newest first,
-- at most $limit rows. Optional subcategory ($subcategory = '' for all).
-- records: scope by c.district_code, c.street_code (the reader's remit, access.scope)
select
    c.case_id, s.name as source_name, c.category, c.subcategory,
    d.name as district_name, st.name as street_name,
    c.reported_at, c.responded_at, c.resolved_at, c.rating, c.campaign_id
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
order by c.reported_at desc
limit $limit
