-- Volunteer projects of the chosen districts (optionally one street, $street_code = '' for all)
-- started by $as_of, with the village they serve.
-- records: scope by p.district_code, p.street_code (the reader's remit, access.scope)
select
    p.project_id, p.name, p.category, d.name as district_name, s.name as street_name, v.name as village_name,
    p.started_on, p.volunteers, p.beneficiaries, p.service_hours, p.is_featured
from volunteer_projects as p
join districts as d using (district_code)
join streets as s using (street_code)
left join villages as v using (village_id)
where p.started_on <= $as_of
  and chosen($districts::varchar[], p.district_code)
  and ($street_code = '' or p.street_code = $street_code)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), p.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), p.street_code))), false)
order by p.project_id
