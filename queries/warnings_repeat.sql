-- 重复诉求 (repeat) warnings as at $as_of: the same place and the same subcategory at least
-- $repeat_min_count times in the $repeat_days days up to $as_of in 12345 requests (诉求: grid staff
-- and inspectors finding a problem again at their own rounds is their work, not a repeat request).
--   the same place = the semantic layer's case_place: the same address where the work order has one,
--     else the same square of about 100 m (an order recorded with a point on the map only).
-- since = when the place's current run of reports began: its first report after the last gap longer
-- than $repeat_days days (looking back at most a year), so a warning keeps its date while the reports go on.
-- records: scope by c.district_code, c.street_code (the reader's remit, access.scope)
with placed as (
    select
        c.case_id, c.district_code, c.street_code, c.subcategory, c.source, c.reported_at, c.lon, c.lat,
        nullif(trim(c.address), '') as address,
        case_place(c.address, c.lat, c.lon) as place_key
    from cases as c
    where c.source = 'hotline'
      and c.reported_at >= $as_of::date - 365 and c.reported_at < $as_of::date + 1
      and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), c.district_code) AND
          ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), c.street_code))), false)
),
recent as (
    select * from placed
    where reported_at >= $as_of::date - ($repeat_days::integer - 1) and place_key is not null
),
repeated as (
    select
        place_key, subcategory,
        count(*) as cases,
        min(reported_at) as first_in_window, max(reported_at) as last_at,
        arg_max(district_code, reported_at) as district_code, arg_max(street_code, reported_at) as street_code,
        any_value(address) as address,
        round(avg(lon), 5) as lon, round(avg(lat), 5) as lat,
        string_agg(distinct source, ',' order by source) as sources
    from recent
    group by place_key, subcategory
    having count(*) >= $repeat_min_count
),
history as (
    select p.place_key, p.subcategory, p.reported_at,
           p.reported_at - lag(p.reported_at) over (partition by p.place_key, p.subcategory order by p.reported_at)
               > to_days($repeat_days::integer) as after_gap
    from placed as p
    semi join repeated as r on r.place_key = p.place_key and r.subcategory = p.subcategory
),
runs as (
    select place_key, subcategory, max(reported_at) filter (where after_gap is null or after_gap) as run_start
    from history
    group by all
)
select
    r.district_code, d.name as district_name, r.street_code, st.name as street_name, r.subcategory,
    r.place_key, r.address, r.lon, r.lat, r.cases, r.first_in_window::date as first_in_window, r.last_at::date as last_day,
    runs.run_start::date as since, r.sources
from repeated as r
join runs using (place_key, subcategory)
join districts as d on d.district_code = r.district_code
join streets as st on st.street_code = r.street_code
order by r.cases desc, since, r.place_key, r.subcategory
