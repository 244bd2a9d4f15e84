-- Villages and communities of the chosen districts with their facilities as at $as_of (the
-- semantic layer's village_facilities_as_of) and their location.
-- records: scope by v.district_code, v.street_code (the reader's remit, access.scope)
select
    v.village_id, v.name, v.kind, d.name as district_name, s.name as street_name, v.district_code,
    v.has_rules, v.has_history_room, v.has_video_screen, v.history_room_opened_on,
    v.lon, v.lat
from village_facilities_as_of($as_of::date) as v
join districts as d using (district_code)
join streets as s using (street_code)
where chosen($districts::varchar[], v.district_code)
  and (not $agricultural_only or v.is_agricultural)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), v.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), v.street_code))), false)
order by v.village_id
