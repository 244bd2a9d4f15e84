-- One row per street of the chosen districts for the chosen months: volume, per 10,000
-- residents, the three rates (from the semantic layer), alleys and the open red list as at
-- $as_of, villages and history rooms. A rate resting on fewer cases (for 满意率: fewer rated
-- cases) than the configured minimum is held back (NULL): 12 cases all resolved is not a
-- "100.0%" to rank a street by. `few_cases` / `few_rated` say which.
with case_totals as (
    select * from case_rates($start, $end, $districts::varchar[], []::varchar[], false, true, false)
),
alley_totals as (
    select a.street_code, count(distinct a.alley_id) as alleys,
           count(r.supervision_id) filter (where r.is_open) as red_list_open
    from alleys as a
    left join red_list_as_of($as_of::date) as r using (alley_id)
    group by a.street_code
),
village_totals as (
    select street_code, count(*) as villages_and_communities, count(*) filter (where has_history_room) as history_rooms
    from village_facilities_as_of($as_of::date)
    group by street_code
)
select
    st.street_code, st.name, st.kind, st.district_code, d.name as district_name, st.population,
    coalesce(c.cases, 0) as cases,
    coalesce(c.hotline_cases, 0) as hotline_cases,
    coalesce(c.rated, 0) as rated,
    per_10k(c.cases, st.population, 1) as cases_per_10k,
    case when coalesce(c.cases, 0) >= $min_cases_for_rate then c.response_rate end as response_rate,
    case when coalesce(c.cases, 0) >= $min_cases_for_rate then c.resolution_rate end as resolution_rate,
    case when coalesce(c.rated, 0) >= $min_cases_for_rate then c.satisfaction_rate end as satisfaction_rate,
    coalesce(c.cases, 0) < $min_cases_for_rate as few_cases,
    coalesce(c.rated, 0) < $min_cases_for_rate as few_rated,
    coalesce(al.alleys, 0) as alleys,
    coalesce(al.red_list_open, 0) as red_list_open,
    coalesce(v.villages_and_communities, 0) as villages_and_communities,
    coalesce(v.history_rooms, 0) as history_rooms
from streets as st
join districts as d using (district_code)
left join case_totals as c using (street_code)
left join alley_totals as al using (street_code)
left join village_totals as v using (street_code)
where chosen($districts::varchar[], st.district_code)
order by cases_per_10k desc, st.street_code
