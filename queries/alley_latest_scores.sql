-- Every alley of the chosen districts with its latest monthly score up to the end of the
-- chosen months, its geometry, whether it held the 首都文明街巷 title by $as_of and whether
-- it is on the red list then.
with latest as (
    select alley_id, score, inspected_on
    from alley_inspections
    where kind = 'monthly_score' and inspected_on < $end + interval 1 month
    qualify row_number() over (partition by alley_id order by inspected_on desc) = 1
),
open_red_list as (
    select distinct alley_id from alley_supervisions
    where listed_on <= $as_of and (delisted_on is null or delisted_on > $as_of)
)
select
    a.alley_id, a.name, a.district_code, d.name as district_name, a.street_code, s.name as street_name,
    a.length_m, a.start_lon, a.start_lat, a.end_lon, a.end_lat,
    a.is_civilized and a.civilized_since <= $as_of as is_civilized, l.score, l.inspected_on as scored_on,
    a.alley_id in (select alley_id from open_red_list) as on_red_list
from alleys as a
join districts as d using (district_code)
join streets as s using (street_code)
left join latest as l using (alley_id)
where len($districts::varchar[]) = 0 or list_contains($districts::varchar[], a.district_code)
order by a.alley_id
