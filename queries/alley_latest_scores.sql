-- Every alley of the chosen districts with its own latest monthly score up to the end of the
-- chosen months, its geometry, whether it held the 首都文明街巷 title by $as_of and whether it is
-- on the red list then (the semantic layer's alley_latest_score and red_list_as_of).
-- records: scope by a.district_code, a.street_code (the reader's remit, access.scope)
with open_red_list as (
    select distinct alley_id from red_list_as_of($as_of::date) where is_open
)
select
    a.alley_id, a.name, a.district_code, d.name as district_name, a.street_code, s.name as street_name,
    a.length_m, a.start_lon, a.start_lat, a.end_lon, a.end_lat,
    a.is_civilized and a.civilized_since <= $as_of as is_civilized, l.score, l.scored_on,
    a.alley_id in (select alley_id from open_red_list) as on_red_list
from alleys as a
join districts as d using (district_code)
join streets as s using (street_code)
left join alley_latest_score(($end + interval 1 month)::date) as l using (alley_id)
where chosen($districts::varchar[], a.district_code)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), a.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), a.street_code))), false)
order by a.alley_id
