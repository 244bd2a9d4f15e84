-- A campaign week by week ($campaign_id, or 'ALL' for all of them together, as campaign_effect's last
-- row), hotline intake only, for the chosen districts (the city when none is chosen): in each week
-- of the campaign's own window up to $as_of, its target subcategories' cases and the untargeted ones'
-- (the control), each beside the same days a year before, and the change so far (cumulative from the
-- start) in percent. Days are counted exactly as campaign_effect counts them, so the last week's
-- change so far is campaign_effect's figure (the brief's −30.6% for ALL once the campaigns are over).
with windows as (
    select campaign_id, started_on, least(ended_on, $as_of::date) as ended_on
    from campaigns
    where started_on <= $as_of::date and ($campaign_id = 'ALL' or campaign_id = $campaign_id)
),
targeted as (select distinct subcategory from campaign_targets),
hotline as (
    select h.day, h.subcategory, h.cases
    from agg_hotline_subcategory_day as h
    where chosen($districts::varchar[], h.district_code)
      and h.day >= (select min(started_on) - interval 1 year from windows)
      and h.day < (select max(ended_on) + interval 1 day from windows)
),
-- Each case counted for each campaign whose window (or the same days a year before) it falls in, as
-- its own target or as the control; a year-before case is placed in the week its date falls in now.
counted as (
    select
        date_trunc('week', case when h.day >= w.started_on then h.day else (h.day + interval 1 year)::date end)::date as week_start,
        h.day >= w.started_on as during,
        own.subcategory is not null as is_target,
        h.cases
    from windows as w
    join hotline as h
      on h.day between w.started_on and w.ended_on
      or h.day between (w.started_on - interval 1 year)::date and (w.ended_on - interval 1 year)::date
    left join campaign_targets as own on own.campaign_id = w.campaign_id and own.subcategory = h.subcategory
    where own.subcategory is not null or h.subcategory not in (select subcategory from targeted)
),
weekly as (
    select
        week_start,
        coalesce(sum(cases) filter (where is_target and during), 0)::bigint as target_cases,
        coalesce(sum(cases) filter (where is_target and not during), 0)::bigint as target_year_before,
        coalesce(sum(cases) filter (where not is_target and during), 0)::bigint as other_cases,
        coalesce(sum(cases) filter (where not is_target and not during), 0)::bigint as other_year_before
    from counted
    group by week_start
)
select
    week_start, target_cases, target_year_before, other_cases, other_year_before,
    change_pct(sum(target_cases) over (order by week_start), sum(target_year_before) over (order by week_start)) as target_change_so_far,
    change_pct(sum(other_cases) over (order by week_start), sum(other_year_before) over (order by week_start)) as other_change_so_far
from weekly
where week_start <= $as_of::date
order by week_start
