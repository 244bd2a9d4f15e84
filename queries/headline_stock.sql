-- Headline counts as at the end of the chosen period ($as_of = last day), for chosen districts.
-- Alleys, civilized alleys, the open red list and what of it is overdue, villages with
-- rules, history rooms, video screens and volunteer projects.
with chosen as (
    select district_code from districts
    where len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code)
),
alley_counts as (
    select
        count(*) as alleys,
        count(*) filter (where is_civilized and civilized_since <= $as_of) as civilized_alleys
    from alleys where district_code in (select district_code from chosen)
),
red_list as (
    select
        count(*) filter (where s.listed_on <= $as_of and (s.delisted_on is null or s.delisted_on > $as_of)) as red_list_open,
        count(*) filter (
            where s.listed_on <= $as_of and s.deadline < $as_of
              and (s.rectified_on is null or s.rectified_on > $as_of)
        ) as red_list_overdue
    from alley_supervisions as s
    join alleys as a using (alley_id)
    where a.district_code in (select district_code from chosen)
),
village_counts as (
    select
        count(*) filter (where has_rules) as villages_with_rules,
        count(*) as villages_and_communities,
        count(*) filter (where has_history_room and history_room_opened_on <= $as_of) as history_rooms,
        count(*) filter (where has_video_screen) as video_screens
    from villages where district_code in (select district_code from chosen)
),
project_counts as (
    select count(*) as volunteer_projects, coalesce(sum(beneficiaries), 0) as beneficiaries
    from volunteer_projects
    where district_code in (select district_code from chosen) and started_on <= $as_of
)
select * from alley_counts, red_list, village_counts, project_counts
