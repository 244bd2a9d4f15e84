-- The 16 districts with their facts and boundaries, in official code order.
select district_code, name, short_name, is_agricultural, population, area_km2, street_count,
       boundary_geojson, label_lon, label_lat
from districts
order by district_code
