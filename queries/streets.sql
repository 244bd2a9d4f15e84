-- Streets, towns and townships of the chosen districts (all when none chosen).
select s.street_code, s.district_code, d.name as district_name, s.name, s.kind, s.population
from streets as s
join districts as d using (district_code)
where chosen($districts::varchar[], s.district_code)
order by s.street_code
