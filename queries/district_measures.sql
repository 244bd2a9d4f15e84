-- One row per district for the chosen months: case volume, the three rates, alley scores,
-- the open red list, village coverage, volunteer projects and the latest survey figure.
-- Per-10,000-resident figures use the 2020 census population.
with case_totals as (
    select
        district_code,
        sum(cases)::bigint as cases,
        sum(cases) filter (where source = 'hotline')::bigint as hotline_cases,
        sum(cases) filter (where source = 'grid')::bigint as grid_cases,
        sum(responded_in_time) * 100.0 / nullif(sum(cases), 0) as response_rate,
        sum(resolved) * 100.0 / nullif(sum(cases), 0) as resolution_rate,
        sum(satisfied) * 100.0 / nullif(sum(rated), 0) as satisfaction_rate
    from agg_cases_street_month
    where month_start between $start and $end
    group by district_code
),
latest_alley_scores as (
    select a.district_code, avg(i.score) as alley_score
    from alley_inspections as i
    join alleys as a using (alley_id)
    where i.kind = 'monthly_score'
      and i.inspected_on = (
          select max(inspected_on) from alley_inspections
          where kind = 'monthly_score' and inspected_on < $end + interval 1 month
      )
    group by a.district_code
),
red_list as (
    select a.district_code,
           count(*) filter (where s.delisted_on is null or s.delisted_on > $as_of) as red_list_open,
           count(*) filter (where s.deadline < $as_of and (s.rectified_on is null or s.rectified_on > $as_of)) as red_list_overdue
    from alley_supervisions as s
    join alleys as a using (alley_id)
    where s.listed_on <= $as_of
    group by a.district_code
),
village_totals as (
    select district_code,
           count(*) as villages_and_communities,
           count(*) filter (where has_rules) as villages_with_rules,
           count(*) filter (where has_history_room and history_room_opened_on <= $as_of) as history_rooms,
           count(*) filter (where has_video_screen) as video_screens
    from villages
    group by district_code
),
project_totals as (
    select district_code, count(*) as volunteer_projects, sum(beneficiaries)::bigint as beneficiaries
    from volunteer_projects
    where started_on <= $as_of
    group by district_code
),
latest_survey as (
    select area_code as district_code, satisfaction_pct as survey_satisfaction
    from satisfaction_surveys
    where make_date(year, quarter * 3 - 2, 1) <= $end
    qualify row_number() over (partition by area_code order by year desc, quarter desc) = 1
),
alley_counts as (
    select district_code, count(*) as alleys,
           count(*) filter (where is_civilized and civilized_since <= $as_of) as civilized_alleys
    from alleys group by district_code
)
select
    d.district_code, d.name, d.short_name, d.is_agricultural, d.population, d.area_km2,
    coalesce(c.cases, 0) as cases,
    coalesce(c.hotline_cases, 0) as hotline_cases,
    coalesce(c.grid_cases, 0) as grid_cases,
    round(coalesce(c.cases, 0) * 10000.0 / d.population, 1) as cases_per_10k,
    round(c.grid_cases * 100.0 / nullif(c.cases, 0), 1) as grid_share,
    round(c.response_rate, 1) as response_rate,
    round(c.resolution_rate, 1) as resolution_rate,
    round(c.satisfaction_rate, 1) as satisfaction_rate,
    round(s.alley_score, 1) as alley_score,
    coalesce(ac.alleys, 0) as alleys,
    coalesce(ac.civilized_alleys, 0) as civilized_alleys,
    coalesce(r.red_list_open, 0) as red_list_open,
    coalesce(r.red_list_overdue, 0) as red_list_overdue,
    coalesce(v.villages_and_communities, 0) as villages_and_communities,
    coalesce(v.villages_with_rules, 0) as villages_with_rules,
    round(v.villages_with_rules * 100.0 / nullif(v.villages_and_communities, 0), 1) as rules_coverage,
    coalesce(v.history_rooms, 0) as history_rooms,
    coalesce(v.video_screens, 0) as video_screens,
    coalesce(p.volunteer_projects, 0) as volunteer_projects,
    round(coalesce(p.volunteer_projects, 0) * 10000.0 / d.population, 2) as projects_per_10k,
    coalesce(p.beneficiaries, 0) as beneficiaries,
    ls.survey_satisfaction,
    d.boundary_geojson, d.label_lon, d.label_lat
from districts as d
left join case_totals as c using (district_code)
left join latest_alley_scores as s using (district_code)
left join red_list as r using (district_code)
left join village_totals as v using (district_code)
left join project_totals as p using (district_code)
left join latest_survey as ls using (district_code)
left join alley_counts as ac using (district_code)
where len($districts::varchar[]) = 0 or list_contains($districts::varchar[], d.district_code)
order by d.district_code
