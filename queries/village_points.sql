-- Villages and communities of the chosen districts with their facilities and location; a history
-- room counts (and shows its opening date) once it is open by $as_of, as in village_coverage.
select
    v.village_id, v.name, v.kind, d.name as district_name, s.name as street_name, v.district_code,
    v.has_rules,
    v.has_history_room and v.history_room_opened_on is not null and v.history_room_opened_on <= $as_of as has_history_room,
    v.has_video_screen,
    case when v.history_room_opened_on <= $as_of then v.history_room_opened_on end as history_room_opened_on,
    v.lon, v.lat
from villages as v
join districts as d using (district_code)
join streets as s using (street_code)
where (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], v.district_code))
  and (not $agricultural_only or d.is_agricultural)
order by v.village_id
