-- The semantic layer: every notion more than one figure shares, defined once, as DuckDB macros
-- stored in the warehouse beside the summary tables (rebuilt with them, data/rollups.py).
-- The named queries in queries/ read these; nothing else defines a rate, a coverage, the red
-- list or the survey's baseline. Thresholds and targets are not here: they are configuration
-- (config/targets.toml), bound into the queries that need them by queries/settings.py.
--
-- A list of district codes `districts` means "these districts"; an empty list means the city.

-- A share in percent: part over whole, NULL when there is no whole (no cases, no villages).
create or replace macro share_pct(part, whole, digits) as round(part * 100.0 / nullif(whole, 0), digits);

-- A change in percent, from `before` to `now` (同比 or 环比 of a count): NULL when there was nothing before.
create or replace macro change_pct(now, before) as round((now - before) * 100.0 / nullif(before, 0), 1);

-- A count per 10,000 residents (2020 census), as every per-head figure is written.
create or replace macro per_10k(count, population, digits) as round(coalesce(count, 0) * 10000.0 / nullif(population, 0), digits);

-- Whether a district code is among the chosen ones (an empty list chooses the whole city).
create or replace macro chosen(districts, district_code) as len(districts) = 0 or list_contains(districts, district_code);

-- The three rates (三率) and volume of the cases reported in the months start_month..end_month
-- (first days, inclusive), from agg_cases_street_month, for the chosen districts and sources
-- (an empty list of sources = all), grouped by district, street and/or month as asked.
--   响应率 response_rate   = cases responded to within 24 hours / cases
--   解决率 resolution_rate = cases resolved / cases
--   满意率 satisfaction_rate = cases rated 满意 or 基本满意 / cases rated (only 12345 callers rate)
--   网格员主动发现占比 grid_share = cases found by grid staff / cases
-- Rates are rounded to one decimal, the precision the city publishes, so that a tie on screen is
-- a tie in every ranking and sentence.
create or replace macro case_rates(start_month, end_month, districts, sources, by_district, by_street, by_month) as table
select
    case when by_district then district_code end as district_code,
    case when by_street then street_code end as street_code,
    case when by_month then month_start end as month_start,
    sum(cases)::bigint as cases,
    (sum(cases) filter (where source = 'hotline'))::bigint as hotline_cases,
    (sum(cases) filter (where source = 'grid'))::bigint as grid_cases,
    sum(rated)::bigint as rated,
    sum(satisfied)::bigint as satisfied,
    share_pct(sum(cases) filter (where source = 'grid'), sum(cases), 1) as grid_share,
    share_pct(sum(responded_in_time), sum(cases), 1) as response_rate,
    share_pct(sum(resolved), sum(cases), 1) as resolution_rate,
    share_pct(sum(satisfied), sum(rated), 1) as satisfaction_rate
from agg_cases_street_month
where month_start between start_month and end_month
  and chosen(districts, district_code)
  and (len(sources) = 0 or list_contains(sources, source))
group by all;

-- Each alley's own latest monthly score (月评) before `before`: real data is not scored on one
-- day, so an area's score is the mean of these, never the mean on the city's latest scoring date.
-- The latest is the greatest (day, inspection_id) as one number (ids have at most 15 digits, the
-- importer's limit), so arg_max picks the row a window ordered by both would: 4 ms, not 15, at 113,000.
create or replace macro alley_latest_score(before) as table
select
    alley_id,
    arg_max(score, date_diff('day', date '2000-01-01', inspected_on)::hugeint * 1000000000000000 + inspection_id) as score,
    max(inspected_on) as scored_on
from alley_inspections
where kind = 'monthly_score' and inspected_on < before
group by alley_id;

-- The red list (挂牌督办) as it stood at the end of `as_of`: every listing made by then, its stage
-- then, whether it is still open, and whether it is past its deadline without being rectified.
create or replace macro red_list_as_of(as_of) as table
select
    s.supervision_id, s.alley_id, a.district_code, a.street_code, s.trigger_score, s.main_problem,
    s.listed_on, s.deadline,
    case when s.rectified_on <= as_of then s.rectified_on end as rectified_on,
    case when s.rechecked_on <= as_of then s.rechecked_on end as rechecked_on,
    case when s.delisted_on <= as_of then s.delisted_on end as delisted_on,
    case
        when s.delisted_on <= as_of then 'delisted'
        when s.rechecked_on <= as_of then 'rechecked'
        when s.rectified_on <= as_of or as_of - s.listed_on >= 3 then 'rectifying'
        else 'listed'
    end as status,
    s.delisted_on is null or s.delisted_on > as_of as is_open,
    s.deadline < as_of and (s.rectified_on is null or s.rectified_on > as_of) as is_overdue,
    s.rectified_on is not null and s.rectified_on > s.deadline and s.rectified_on <= as_of as rectified_late,
    coalesce(case when s.delisted_on <= as_of then s.delisted_on end, as_of) - s.listed_on as days_open
from alley_supervisions as s
join alleys as a using (alley_id)
where s.listed_on <= as_of;

-- The office of a street or town (街道办事处, 镇/乡人民政府). Under 街巷长制 the street answers for its
-- alleys, so a red-listed alley's responsible unit is its street's office.
create or replace macro street_office(name, kind) as name || case when kind = '街道' then '办事处' else '人民政府' end;

-- 创城抽查 problems (cases from source spot_check) as they stood at the end of `as_of`, through
-- 发现 → 交办 → 整改 → 复查 → 销号 (spot_check_stages). `stage` is the last step reached: found (发现，
-- not yet handed to a unit), assigned (交办: the unit is rectifying), rectified (整改 reported, awaiting
-- 复查), rechecked (复查 passed, awaiting 销号), closed (销号). A failed 复查 (复查未通过) re-opens the
-- item: its stage is assigned again and reopen_count counts it. The unit is the latest 交办's; the
-- deadline in force is the latest one set (by a 交办, or by a failed 复查). Overdue (逾期): at assigned
-- and past that deadline; days_overdue = as_of − deadline. days_to_close = 销号 − 发现.
-- Read from the states each problem was in between its steps (agg_spot_check_states, rollups.sql).
create or replace macro spot_check_stage_as_of(as_of) as table
select
    case_id, district_code, street_code, subcategory, found_on,
    assigned_on, responsible_unit, due_on, rectified_on, rechecked_on, recheck_result, closed_on,
    stage,
    closed_on is null as is_open,
    coalesce(stage = 'assigned' and due_on < as_of, false) as is_overdue,
    case when stage = 'assigned' and due_on < as_of then as_of - due_on end as days_overdue,
    reopen_count,
    closed_on - found_on as days_to_close
from agg_spot_check_states
where found_on <= as_of and valid_from <= as_of and (valid_until is null or valid_until > as_of);

-- The 复查 of spot-check problems made between start_date and as_of, per item re-checked: how many,
-- how many failed, and whether any did (is_reopened: 复查未通过 sent it back to 整改). The re-open
-- rate (返工率) of an area is its re-opened items over its re-checked items.
create or replace macro spot_check_rechecks(start_date, as_of) as table
select
    s.case_id, s.district_code, s.street_code, s.responsible_unit,
    count(*) as rechecks,
    count(*) filter (where g.recheck_result = '未通过') as failed_rechecks,
    count(*) filter (where g.recheck_result = '未通过') > 0 as is_reopened
from spot_check_stages as g
join spot_check_stage_as_of(as_of) as s using (case_id)
where g.stage = 'rechecked' and g.stage_on between start_date and as_of
group by s.case_id, s.district_code, s.street_code, s.responsible_unit;

-- The closed loop (闭环台账) as at the end of `as_of`: spot-check problems (kind spot_check, 抽查问题)
-- and red-listed alleys (kind red_list, 挂牌街巷) as one list, each item with its stage on one scale
-- (挂牌 is 交办, 摘牌 is 销号), responsible unit, deadline and days overdue, as the two macros above
-- define them. A red-listed alley's unit is its street's office; the red list records no 复查 result,
-- so its items are never re-opened.
create or replace macro closed_loop_as_of(as_of) as table
select
    'spot_check' as kind, case_id as item_id, district_code, street_code, subcategory as subject,
    null::varchar as alley_id, responsible_unit, found_on, assigned_on, due_on, rectified_on, rechecked_on,
    recheck_result, closed_on, stage, is_open, is_overdue, days_overdue, reopen_count, days_to_close
from spot_check_stage_as_of(as_of)
union all
select
    'red_list', r.supervision_id, r.district_code, r.street_code, r.main_problem,
    r.alley_id, street_office(st.name, st.kind), r.listed_on, r.listed_on, r.deadline, r.rectified_on, r.rechecked_on,
    null::varchar, r.delisted_on,
    case
        when r.delisted_on is not null then 'closed'
        when r.rechecked_on is not null then 'rechecked'
        when r.rectified_on is not null then 'rectified'
        else 'assigned'
    end,
    r.is_open, r.is_overdue, case when r.is_overdue then as_of - r.deadline end, 0, r.delisted_on - r.listed_on
from red_list_as_of(as_of) as r
join streets as st using (street_code);

-- How long an overdue item has been overdue, in the bands the office pushes by: up to a week
-- (week), 8 to 30 days (month), more than 30 days (longer).
create or replace macro overdue_band(days_overdue) as case when days_overdue <= 7 then 'week' when days_overdue <= 30 then 'month' else 'longer' end;


-- Villages and communities with their facilities as at `as_of`: a history room counts once it
-- is open (the brief's 685 by 2023-09-30); rules and video screens carry no date.
create or replace macro village_facilities_as_of(as_of) as table
select
    v.village_id, v.name, v.kind, v.district_code, v.street_code, d.is_agricultural,
    v.has_rules,
    v.has_history_room and v.history_room_opened_on is not null and v.history_room_opened_on <= as_of as has_history_room,
    case when v.history_room_opened_on <= as_of then v.history_room_opened_on end as history_room_opened_on,
    v.has_video_screen,
    v.lon, v.lat
from villages as v
join districts as d using (district_code);

-- 群众对创建成效的满意度 (the quarterly survey) for an area, quarter by quarter up to the quarter
-- of `end_date`: the city's own sample when no district is chosen, else the chosen districts'
-- samples pooled (satisfied over respondents). Two decimals, as the brief writes 97.35%.
create or replace macro survey_quarters(districts, end_date) as table
select
    period, year, quarter,
    sum(satisfied_count)::bigint as satisfied_count,
    sum(sample_size)::bigint as sample_size,
    share_pct(sum(satisfied_count), sum(sample_size), 2) as satisfaction_pct
from satisfaction_surveys
where make_date(year, quarter * 3 - 2, 1) <= end_date
  and ((len(districts) = 0 and area_code = '110000') or list_contains(districts, area_code))
group by all;

-- The survey's baseline for an area, as the brief measures from it: 2020 as a whole year (its
-- four quarters pooled) when all four are there, else the first quarter there is.
create or replace macro survey_baseline(districts, end_date) as table
with quarters as (select * from survey_quarters(districts, end_date)),
year_2020 as (
    select '2020年' as label, share_pct(sum(satisfied_count), sum(sample_size), 2) as satisfaction_pct
    from quarters where year = 2020
    having count(*) = 4
),
first_quarter as (
    select year || '年' || ['一', '二', '三', '四'][quarter] || '季度' as label, satisfaction_pct
    from quarters
    order by year, quarter
    limit 1
)
select * from year_2020
union all
select * from first_quarter where not exists (select 1 from year_2020);

-- Each 专项整治 campaign begun by `as_of`, its effect on 12345 hotline intake so far: its target
-- subcategories from its start to its end or `as_of` (whichever is first) against the same months
-- a year before, beside the subcategories no campaign targeted (the brief's control). The last
-- row ('ALL') adds them up: the brief's "下降 30.6% 左右" once every campaign has ended.
create or replace macro campaign_effect_as_of(as_of, districts) as table
with hotline as (
    select month_start, subcategory, sum(cases) as cases
    from agg_cases_category_month
    where source = 'hotline' and chosen(districts, district_code)
    group by all
),
windows as (
    select campaign_id, name, started_on,
           least(ended_on, as_of::date) as ended_on,
           ended_on <= as_of::date as is_finished,
           (started_on - interval 1 year)::date as before_start,
           (least(ended_on, as_of::date) - interval 1 year)::date as before_end
    from campaigns
    where started_on <= as_of::date
),
-- Each hotline month and subcategory, for each campaign: one of its own targets, or a subcategory
-- no campaign targets (the control), or neither (another campaign's target: left out).
intake as (
    select
        w.campaign_id,
        sum(h.cases) filter (where own.subcategory is not null and h.month_start between w.started_on and w.ended_on) as target_during,
        sum(h.cases) filter (where own.subcategory is not null and h.month_start between w.before_start and w.before_end) as target_before,
        sum(h.cases) filter (where untargeted and h.month_start between w.started_on and w.ended_on) as others_during,
        sum(h.cases) filter (where untargeted and h.month_start between w.before_start and w.before_end) as others_before
    from windows as w
    cross join (
        select *, subcategory not in (select subcategory from campaign_targets) as untargeted from hotline
    ) as h
    left join campaign_targets as own on own.campaign_id = w.campaign_id and own.subcategory = h.subcategory
    group by w.campaign_id
),
target_names as (
    select campaign_id, string_agg(subcategory, '、' order by subcategory) as targets
    from campaign_targets
    group by campaign_id
),
per_campaign as (
    select
        w.campaign_id, w.name, n.targets, w.started_on, w.ended_on, w.is_finished, w.before_start, w.before_end,
        coalesce(i.target_before, 0) as target_before, coalesce(i.target_during, 0) as target_during,
        coalesce(i.others_before, 0) as others_before, coalesce(i.others_during, 0) as others_during
    from windows as w
    join target_names as n using (campaign_id)
    left join intake as i using (campaign_id)
),
with_total as (
    select *, 0 as sort_key from per_campaign
    union all
    select 'ALL', '全部专项行动合计', string_agg(targets, '、' order by campaign_id), min(started_on), max(ended_on),
           bool_and(is_finished), min(before_start), max(before_end), sum(target_before), sum(target_during),
           sum(others_before), sum(others_during), 1
    from per_campaign
    having count(*) > 0
),
-- The net effect against the control: the targets' ratio (during ÷ a year before) over the untargeted
-- subcategories' ratio, minus one; with a 95% interval from the counts (Poisson: the log of the ratio
-- of ratios has a standard error of sqrt(1/T1 + 1/T0 + 1/C1 + 1/C0)), so a page can say how sure it is.
with_net as (
    select *,
        ln(target_during / nullif(target_before, 0)) - ln(others_during / nullif(others_before, 0)) as log_net,
        sqrt(1.0 / nullif(target_during, 0) + 1.0 / nullif(target_before, 0)
             + 1.0 / nullif(others_during, 0) + 1.0 / nullif(others_before, 0)) as log_se
    from with_total
)
select
    campaign_id, name, targets, started_on, ended_on, is_finished, before_start, before_end,
    target_before::bigint as target_before, target_during::bigint as target_during,
    change_pct(target_during, target_before) as target_change_pct,
    others_before::bigint as others_before, others_during::bigint as others_during,
    change_pct(others_during, others_before) as others_change_pct,
    round((exp(log_net) - 1) * 100, 1) as net_change_pct,
    round((exp(log_net - 1.96 * log_se) - 1) * 100, 1) as net_low_pct,
    round((exp(log_net + 1.96 * log_se) - 1) * 100, 1) as net_high_pct,
    sort_key
from with_net;

-- Each district's rank per month on one measure (1 = best: the highest rate, or the fewest cases
-- per 10,000 residents); districts with the same value share the better rank. `measure` is one of
-- 'satisfaction_rate', 'resolution_rate', 'response_rate', 'cases_per_10k'.
create or replace macro district_month_rank(start_month, end_month, measure) as table
with monthly as (
    select r.*, d.short_name, d.is_agricultural, per_10k(r.cases, d.population, 2) as cases_per_10k
    from case_rates(start_month, end_month, []::varchar[], []::varchar[], true, false, true) as r
    join districts as d using (district_code)
),
chosen_measure as (
    select *,
        case measure
            when 'satisfaction_rate' then satisfaction_rate
            when 'resolution_rate' then resolution_rate
            when 'response_rate' then response_rate
            when 'cases_per_10k' then cases_per_10k
        end as value,
        measure = 'cases_per_10k' as lower_is_better
    from monthly
)
select month_start, district_code, short_name, is_agricultural, value,
       rank() over (partition by month_start order by case when lower_is_better then value else -value end) as rank
from chosen_measure;

-- Every district's figures for the months start_month..end_month, stocks as at `as_of`: case
-- volume and the three rates, alley scores, the open red list, village coverage, volunteer
-- projects and the latest survey figure, each from the definitions above. Per-10,000-resident
-- figures use the 2020 census. A district's alley score is the mean of each of its alleys' own
-- latest monthly score up to the end of the months, whatever day each was scored on.
create or replace macro district_figures(start_month, end_month, as_of) as table
with case_totals as (
    select * from case_rates(start_month, end_month, []::varchar[], []::varchar[], true, false, false)
),
alley_scores as (
    select a.district_code, round(avg(l.score), 1) as alley_score
    from alley_latest_score((end_month + interval 1 month)::date) as l
    join alleys as a using (alley_id)
    group by a.district_code
),
red_list as (
    select district_code,
           count(*) filter (where is_open) as red_list_open,
           count(*) filter (where is_overdue) as red_list_overdue
    from red_list_as_of(as_of::date)
    group by district_code
),
village_totals as (
    select district_code,
           count(*) as villages_and_communities,
           count(*) filter (where has_rules) as villages_with_rules,
           count(*) filter (where has_history_room) as history_rooms,
           count(*) filter (where has_video_screen) as video_screens
    from village_facilities_as_of(as_of::date)
    group by district_code
),
project_totals as (
    select district_code, count(*) as volunteer_projects, sum(beneficiaries)::bigint as beneficiaries
    from volunteer_projects
    where started_on <= as_of::date
    group by district_code
),
latest_survey as (
    select area_code as district_code, satisfaction_pct as survey_satisfaction
    from satisfaction_surveys
    where make_date(year, quarter * 3 - 2, 1) <= end_month
    qualify row_number() over (partition by area_code order by year desc, quarter desc) = 1
),
alley_counts as (
    select district_code, count(*) as alleys,
           count(*) filter (where is_civilized and civilized_since <= as_of::date) as civilized_alleys
    from alleys group by district_code
)
select
    d.district_code, d.name, d.short_name, d.is_agricultural, d.population, d.area_km2,
    coalesce(c.cases, 0) as cases,
    coalesce(c.hotline_cases, 0) as hotline_cases,
    coalesce(c.grid_cases, 0) as grid_cases,
    coalesce(c.rated, 0) as rated,
    per_10k(c.cases, d.population, 1) as cases_per_10k,
    c.grid_share,
    c.response_rate,
    c.resolution_rate,
    c.satisfaction_rate,
    s.alley_score,
    coalesce(ac.alleys, 0) as alleys,
    coalesce(ac.civilized_alleys, 0) as civilized_alleys,
    coalesce(r.red_list_open, 0) as red_list_open,
    coalesce(r.red_list_overdue, 0) as red_list_overdue,
    coalesce(v.villages_and_communities, 0) as villages_and_communities,
    coalesce(v.villages_with_rules, 0) as villages_with_rules,
    share_pct(v.villages_with_rules, v.villages_and_communities, 1) as rules_coverage,
    coalesce(v.history_rooms, 0) as history_rooms,
    coalesce(v.video_screens, 0) as video_screens,
    coalesce(p.volunteer_projects, 0) as volunteer_projects,
    per_10k(p.volunteer_projects, d.population, 2) as projects_per_10k,
    coalesce(p.beneficiaries, 0) as beneficiaries,
    ls.survey_satisfaction,
    d.boundary_geojson, d.label_lon, d.label_lat
from districts as d
left join case_totals as c using (district_code)
left join alley_scores as s using (district_code)
left join red_list as r using (district_code)
left join village_totals as v using (district_code)
left join project_totals as p using (district_code)
left join latest_survey as ls using (district_code)
left join alley_counts as ac using (district_code);

-- An area's case volume and three rates for the months start_month..end_month, beside the same
-- months a year before (同比) and the same number of months just before (环比: for a quarter,
-- the quarter before), with the changes: counts in percent, rates in percentage points. One row;
-- a comparison the data does not reach is NULL (there is no 同比 for 2020: the data starts then).
create or replace macro area_rates(start_month, end_month, districts) as table
with periods as (
    select
        start_month::date as start_month, end_month::date as end_month,
        date_diff('month', start_month::date, end_month::date) + 1 as months
),
current_period as (
    select r.* from periods, case_rates(start_month, end_month, districts, []::varchar[], false, false, false) as r
),
year_before as (
    select r.* from periods,
        case_rates((start_month - interval 1 year)::date, (end_month - interval 1 year)::date, districts, []::varchar[], false, false, false) as r
),
previous as (
    select r.* from periods,
        case_rates((start_month - to_months(months))::date, (start_month - interval 1 month)::date, districts, []::varchar[], false, false, false) as r
)
select
    coalesce(c.cases, 0) as cases, y.cases as cases_year_before, p.cases as cases_previous,
    change_pct(c.cases, y.cases) as cases_vs_year_before,
    change_pct(c.cases, p.cases) as cases_vs_previous,
    coalesce(c.grid_cases, 0) as grid_cases, coalesce(c.hotline_cases, 0) as hotline_cases, coalesce(c.rated, 0) as rated,
    c.grid_share, y.grid_share as grid_share_year_before, p.grid_share as grid_share_previous,
    round(c.grid_share - y.grid_share, 1) as grid_share_vs_year_before, round(c.grid_share - p.grid_share, 1) as grid_share_vs_previous,
    c.response_rate, y.response_rate as response_rate_year_before, p.response_rate as response_rate_previous,
    round(c.response_rate - y.response_rate, 1) as response_rate_vs_year_before, round(c.response_rate - p.response_rate, 1) as response_rate_vs_previous,
    c.resolution_rate, y.resolution_rate as resolution_rate_year_before, p.resolution_rate as resolution_rate_previous,
    round(c.resolution_rate - y.resolution_rate, 1) as resolution_rate_vs_year_before,
    round(c.resolution_rate - p.resolution_rate, 1) as resolution_rate_vs_previous,
    c.satisfaction_rate, y.satisfaction_rate as satisfaction_rate_year_before, p.satisfaction_rate as satisfaction_rate_previous,
    round(c.satisfaction_rate - y.satisfaction_rate, 1) as satisfaction_rate_vs_year_before,
    round(c.satisfaction_rate - p.satisfaction_rate, 1) as satisfaction_rate_vs_previous
from (select 1) as one
left join current_period as c on true
left join year_before as y on true
left join previous as p on true;

-- An area's stocks as at `as_of`: alleys and 首都文明街巷 (and how many were named in as_of's year),
-- the open red list and what of it is overdue, villages and communities with rules, history
-- rooms (and how many opened in as_of's year), video screens, volunteer projects (and how many
-- started in as_of's year) and their beneficiaries.
create or replace macro area_stock(districts, as_of) as table
with alley_counts as (
    select
        count(*) as alleys,
        count(*) filter (where is_civilized and civilized_since <= as_of::date) as civilized_alleys,
        count(*) filter (where is_civilized and civilized_since <= as_of::date and year(civilized_since) = year(as_of::date))
            as civilized_named_this_year
    from alleys where chosen(districts, district_code)
),
red_list as (
    select count(*) filter (where is_open) as red_list_open, count(*) filter (where is_overdue) as red_list_overdue
    from red_list_as_of(as_of::date) where chosen(districts, district_code)
),
village_counts as (
    select
        count(*) as villages_and_communities,
        count(*) filter (where has_rules) as villages_with_rules,
        share_pct(count(*) filter (where has_rules), count(*), 1) as rules_coverage,
        count(*) filter (where has_history_room) as history_rooms,
        count(*) filter (where has_history_room and year(history_room_opened_on) = year(as_of::date)) as history_rooms_opened_this_year,
        count(*) filter (where has_video_screen) as video_screens
    from village_facilities_as_of(as_of::date) where chosen(districts, district_code)
),
project_counts as (
    select
        count(*) as volunteer_projects,
        count(*) filter (where year(started_on) = year(as_of::date)) as projects_started_this_year,
        coalesce(sum(beneficiaries), 0)::bigint as beneficiaries
    from volunteer_projects
    where chosen(districts, district_code) and started_on <= as_of::date
)
select * from alley_counts, red_list, village_counts, project_counts;

-- An area's alley score as at the end of a month: the mean of each alley's own latest monthly
-- score up to then (alley_latest_score), and how many alleys have one.
create or replace macro area_alley_score(districts, month_start) as table
select round(avg(l.score), 1) as alley_score, count(*) as alleys_scored
from alley_latest_score((month_start + interval 1 month)::date) as l
join alleys as a using (alley_id)
where chosen(districts, a.district_code);

-- The red list kept to its deadlines (挂牌督办按期整改率): of the listings whose rectification deadline
-- fell between start_date and as_of, the share rectified on or before it; per district.
create or replace macro red_list_on_time(start_date, as_of) as table
select
    district_code,
    count(*) as due,
    count(*) filter (where rectified_on is not null and rectified_on <= deadline) as on_time,
    share_pct(count(*) filter (where rectified_on is not null and rectified_on <= deadline), count(*), 1) as on_time_pct
from red_list_as_of(as_of)
where deadline between start_date and as_of
group by district_code;

-- The cases of one street (or the chosen districts), the months start_month..end_month and one
-- subcategory ('' for all of either), with their source, district and street named: the rows behind
-- a number, which the case list shows and counts (the reader's scope is applied by those queries).
create or replace macro case_rows(start_month, end_month, districts, one_street, one_subcategory) as table
select
    c.case_id, s.name as source_name, c.category, c.subcategory,
    c.district_code, d.name as district_name, c.street_code, st.name as street_name,
    c.reported_at, c.responded_at, c.resolved_at, c.rating, c.campaign_id
from cases as c
join case_sources as s using (source)
join districts as d on d.district_code = c.district_code
join streets as st on st.street_code = c.street_code
where c.reported_at >= start_month and c.reported_at < end_month + interval 1 month
  and chosen(districts, c.district_code)
  and (one_street = '' or c.street_code = one_street)
  and (one_subcategory = '' or c.subcategory = one_subcategory);

-- 连续靠后 (治理类街乡镇 candidates): streets in the bottom tenth of the city's streets on a measure
-- month after month. For each street and measure (the lowest 响应率, 解决率 or 满意率, or the most
-- cases per 10,000 residents), the run of whole months up to the last month ended by `as_of` in
-- which the street was among the worst tenth of the streets ranked that month; kept when the run is
-- at least `months` long, with when it began (since), its length (months_running), the latest value
-- and the line of the worst tenth that month. A rate ranks only with at least `min_cases` cases behind
-- it (rated cases for 满意率), as on the pages. Read by the early warnings (`lagging`) and the targets.
create or replace macro lagging_streets(as_of, months, min_cases := 30) as table
with last_month as (
    select (date_trunc('month', as_of::date + interval 1 day) - interval 1 month)::date as month_start
),
monthly as (
    select r.month_start, r.district_code, r.street_code, r.cases, r.rated,
           r.response_rate, r.resolution_rate, r.satisfaction_rate,
           per_10k(r.cases, s.population, 2) as cases_per_10k
    from case_rates(date '1900-01-01', (date_trunc('month', as_of::date + interval 1 day) - interval 1 month)::date,
                    []::varchar[], []::varchar[], true, true, true) as r
    join streets as s using (street_code)
),
measured as (
    select month_start, district_code, street_code, m.measure,
           case m.measure
               when 'response_rate' then response_rate
               when 'resolution_rate' then resolution_rate
               when 'satisfaction_rate' then satisfaction_rate
               else cases_per_10k
           end as value,
           m.measure = 'cases_per_10k' as higher_is_worse,
           case m.measure when 'satisfaction_rate' then rated else cases end as basis
    from monthly
    cross join (values ('response_rate'), ('resolution_rate'), ('satisfaction_rate'), ('cases_per_10k')) as m(measure)
),
ranked as (
    select *,
           rank() over (partition by month_start, measure order by case when higher_is_worse then -value else value end) as worst_rank,
           count(*) over (partition by month_start, measure) as streets_ranked
    from measured
    where value is not null and (measure = 'cases_per_10k' or basis >= min_cases)
),
bottom as (
    select *,
           -- the line: the best value still inside the worst tenth that month
           case when higher_is_worse
                then min(value) filter (where worst_rank <= ceil(streets_ranked * 0.1)) over (partition by month_start, measure)
                else max(value) filter (where worst_rank <= ceil(streets_ranked * 0.1)) over (partition by month_start, measure)
           end as line
    from ranked
    qualify worst_rank <= ceil(streets_ranked * 0.1)
),
islands as (
    select *,
           year(month_start) * 12 + month(month_start)
               - row_number() over (partition by street_code, measure order by month_start) as island
    from bottom
),
runs as (
    select street_code, measure, island, min(month_start) as since, max(month_start) as last_month, count(*) as months_running
    from islands
    group by all
)
select i.district_code, i.street_code, i.measure, r.since, r.months_running, i.month_start as latest_month,
       i.value, i.line, i.worst_rank, i.streets_ranked
from runs as r
join islands as i on i.street_code = r.street_code and i.measure = r.measure and i.month_start = r.last_month
join last_month as l on r.last_month = l.month_start
where r.months_running >= months;

-- 重复诉求's place of a case: its address where it has one (as stored: the importer writes one address
-- one way), else the square of about 100 m it lies in (0.0009° of latitude by 0.00117° of longitude at
-- Beijing: grid staff report a point, not an address); NULL when it has neither. Two reports 30 m apart
-- across a square's edge are two places: the price of a key that is an equality, fast on any scale.
create or replace macro case_place(address, lat, lon) as case
    when nullif(trim(address), '') is not null then 'address:' || trim(address)
    when lat is not null and lon is not null then 'spot:' || round(lat / 0.0009)::bigint || ':' || round(lon / 0.00117)::bigint
end;

-- A 12345 or grid case's deadline (办理时限): its own where the source system gave one, else its report time
-- plus the days of its source (configuration: config/targets.toml, bound by the query that asks). A
-- spot-check problem's deadline is its 交办 deadline in the closed loop (spot_check_stage_as_of).
create or replace macro case_deadline(due_at, reported_at, source, hotline_days, grid_days) as coalesce(
    due_at,
    reported_at + to_seconds(cast(86400 * case source when 'hotline' then hotline_days when 'grid' then grid_days end as bigint))
);
