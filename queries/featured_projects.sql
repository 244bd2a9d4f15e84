-- The volunteer projects the brief names (天使巡诊送关爱, “夕阳再晨”科技助老) and where they run.
-- records: scope by p.district_code, p.street_code (the reader's remit, access.scope)
select
    p.project_id, p.name, p.category, d.name as district_name, s.name as street_name, v.name as village_name,
    p.started_on, p.volunteers, p.beneficiaries, p.service_hours
from volunteer_projects as p
join districts as d using (district_code)
join streets as s using (street_code)
left join villages as v using (village_id)
where p.is_featured
  and chosen($districts::varchar[], p.district_code)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), p.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), p.street_code))), false)
order by p.name
