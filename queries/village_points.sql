-- Villages and communities of the chosen districts with their facilities and location.
select
    v.village_id, v.name, v.kind, d.name as district_name, s.name as street_name, v.district_code,
    v.has_rules, v.has_history_room, v.has_video_screen, v.history_room_opened_on, v.lon, v.lat
from villages as v
join districts as d using (district_code)
join streets as s using (street_code)
where (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], v.district_code))
  and (not $agricultural_only or d.is_agricultural)
order by v.village_id
