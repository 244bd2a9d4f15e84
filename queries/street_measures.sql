-- One row per street of the chosen districts for the chosen months: volume, per 10,000
-- residents, the three rates, alleys and red list, villages.
with case_totals as (
    select
        street_code,
        sum(cases)::bigint as cases,
        sum(cases) filter (where source = 'hotline')::bigint as hotline_cases,
        sum(responded_in_time) * 100.0 / nullif(sum(cases), 0) as response_rate,
        sum(resolved) * 100.0 / nullif(sum(cases), 0) as resolution_rate,
        sum(satisfied) * 100.0 / nullif(sum(rated), 0) as satisfaction_rate
    from agg_cases_street_month
    where month_start between $start and $end
      and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code))
    group by street_code
),
alley_totals as (
    select a.street_code, count(*) as alleys,
           count(*) filter (where s.alley_id is not null) as red_list_open
    from alleys as a
    left join alley_supervisions as s
        on s.alley_id = a.alley_id and s.listed_on <= $as_of and (s.delisted_on is null or s.delisted_on > $as_of)
    group by a.street_code
),
village_totals as (
    select street_code, count(*) as villages_and_communities,
           count(*) filter (where has_history_room and history_room_opened_on <= $as_of) as history_rooms
    from villages group by street_code
)
select
    st.street_code, st.name, st.kind, st.district_code, d.name as district_name, st.population,
    coalesce(c.cases, 0) as cases,
    coalesce(c.hotline_cases, 0) as hotline_cases,
    round(coalesce(c.cases, 0) * 10000.0 / nullif(st.population, 0), 1) as cases_per_10k,
    round(c.response_rate, 1) as response_rate,
    round(c.resolution_rate, 1) as resolution_rate,
    round(c.satisfaction_rate, 1) as satisfaction_rate,
    coalesce(al.alleys, 0) as alleys,
    coalesce(al.red_list_open, 0) as red_list_open,
    coalesce(v.villages_and_communities, 0) as villages_and_communities,
    coalesce(v.history_rooms, 0) as history_rooms
from streets as st
join districts as d using (district_code)
left join case_totals as c using (street_code)
left join alley_totals as al using (street_code)
left join village_totals as v using (street_code)
where len($districts::varchar[]) = 0 or list_contains($districts::varchar[], st.district_code)
order by cases_per_10k desc, st.street_code
