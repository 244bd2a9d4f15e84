-- Year by year up to $as_of: civilized alleys named, history rooms opened, volunteer projects
-- started, each with its running total, for the chosen districts.
with years as (
    select unnest(range(2013, year($as_of)::bigint + 1)) as year
),
named as (
    select year(civilized_since) as year, count(*) as n from alleys
    where is_civilized and civilized_since <= $as_of
      and chosen($districts::varchar[], district_code)
    group by all
),
rooms as (
    select year(history_room_opened_on) as year, count(*) as n from villages
    where has_history_room and history_room_opened_on <= $as_of
      and chosen($districts::varchar[], district_code)
    group by all
),
projects as (
    select year(started_on) as year, count(*) as n from volunteer_projects
    where started_on <= $as_of
      and chosen($districts::varchar[], district_code)
    group by all
)
select
    y.year,
    coalesce(named.n, 0) as civilized_alleys_named,
    sum(coalesce(named.n, 0)) over (order by y.year)::bigint as civilized_alleys_total,
    coalesce(rooms.n, 0) as history_rooms_opened,
    sum(coalesce(rooms.n, 0)) over (order by y.year)::bigint as history_rooms_total,
    coalesce(projects.n, 0) as projects_started,
    sum(coalesce(projects.n, 0)) over (order by y.year)::bigint as projects_total
from years as y
left join named using (year)
left join rooms using (year)
left join projects using (year)
order by y.year
