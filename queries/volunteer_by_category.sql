-- Volunteer service projects started by $as_of, per category and district.
select
    p.category, p.district_code, d.name as district_name, d.is_agricultural,
    count(*) as projects,
    sum(p.volunteers)::bigint as volunteers,
    sum(p.beneficiaries)::bigint as beneficiaries,
    sum(p.service_hours)::bigint as service_hours
from volunteer_projects as p
join districts as d using (district_code)
where p.started_on <= $as_of
  and chosen($districts::varchar[], p.district_code)
group by all
order by p.category, p.district_code
