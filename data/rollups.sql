-- Summary tables the pages read, rebuilt from the detail tables after every build or import.
-- "Responded in time" means within 24 hours of the report; "satisfied" means 满意 or 基本满意.

create or replace table agg_cases_street_month as
with cases_with_month as (
    select
        date_trunc('month', reported_at)::date as month_start,
        district_code,
        street_code,
        source,
        responded_at is not null and responded_at <= reported_at + interval 24 hour as responded_in_time,
        resolved_at is not null as resolved,
        rating is not null as rated,
        rating in ('满意', '基本满意') as satisfied
    from cases
)
select
    month_start,
    district_code,
    street_code,
    source,
    count(*) as cases,
    count(*) filter (where responded_in_time) as responded_in_time,
    count(*) filter (where resolved) as resolved,
    count(*) filter (where rated) as rated,
    count(*) filter (where satisfied) as satisfied
from cases_with_month
group by all
order by month_start, district_code, street_code, source;

create or replace table agg_cases_category_month as
select
    date_trunc('month', reported_at)::date as month_start,
    district_code,
    source,
    category,
    subcategory,
    count(*) as cases,
    count(*) filter (where resolved_at is not null) as resolved,
    count(*) filter (where rating is not null) as rated,
    count(*) filter (where rating in ('满意', '基本满意')) as satisfied
from cases
group by all
order by month_start, district_code, source, category, subcategory;

create or replace table agg_cases_hex_month as
select
    date_trunc('month', reported_at)::date as month_start,
    district_code,
    h3_cell,
    count(*) as cases
from cases
where h3_cell is not null
group by all
order by month_start, district_code, h3_cell;

-- 12345 requests per day, district and subcategory: what the campaigns are tracked on week by week
-- (campaign_progress) without reading each request again (13 million at scale 20, 0.6 million rows here).
create or replace table agg_hotline_subcategory_day as
select reported_at::date as day, district_code, subcategory, count(*) as cases
from cases
where source = 'hotline'
group by all
order by day, district_code, subcategory;

-- The monthly scores' 19 "十无五好四有" sub-scores, unpivoted once: per month, district and item,
-- how many alleys were scored and how many fell short of full marks. A sub-score left empty is
-- not counted as scored.
create or replace table agg_alley_items_month as
with monthly_scores as (
    select date_trunc('month', i.inspected_on)::date as month_start, a.district_code, i.*
    from alley_inspections as i
    join alleys as a using (alley_id)
    where i.kind = 'monthly_score'
),
item_columns as (
    select
        month_start,
        district_code,
        columns(* exclude (month_start, district_code, inspection_id, alley_id, inspected_on, kind, score, issues_found, naming_result))
    from monthly_scores
),
long as (
    unpivot item_columns
    on columns(* exclude (month_start, district_code))
    into name item_code value points
)
select
    l.month_start,
    l.district_code,
    l.item_code,
    count(*) as scored,
    count(*) filter (where l.points < it.max_points) as short
from long as l
join alley_standard_items as it using (item_code)
group by all
order by l.month_start, l.district_code, l.item_code;

-- The order of a spot-check problem's steps on one day: 交办, 整改, 复查, 销号.
create or replace macro spot_check_step_rank(stage) as case stage when 'assigned' then 1 when 'rectified' then 2 when 'rechecked' then 3 when 'closed' then 4 end;

-- Each 创城抽查 problem's state from each day it moved (spot_check_stages) until the next: 发现 from the day
-- it was found, then after the last step of each day, with what spot_check_stage_as_of says of it (the
-- unit of the latest 交办, the deadline in force, the re-opens so far ...). A state at a date is then one
-- row read, instead of 3.3 million steps aggregated for each question (0.33 s at scale 20).
create or replace table agg_spot_check_states as
with found as (
    select case_id, district_code, street_code, subcategory, reported_at::date as found_on
    from cases
    where source = 'spot_check'
),
steps as (
    select *, (stage_on - date '2000-01-01') * 10 + spot_check_step_rank(stage) as step_order
    from spot_check_stages
),
running as (
    select
        case_id,
        stage_on,
        step_order,
        min(stage_on) filter (where stage = 'assigned') over so_far as assigned_on,
        arg_max(responsible_unit, step_order) filter (where stage = 'assigned') over so_far as responsible_unit,
        arg_max(due_on, step_order) filter (where due_on is not null) over so_far as due_on,
        max(stage_on) filter (where stage = 'rectified') over so_far as rectified_on,
        max(stage_on) filter (where stage = 'rechecked') over so_far as rechecked_on,
        arg_max(recheck_result, step_order) filter (where stage = 'rechecked') over so_far as recheck_result,
        max(stage_on) filter (where stage = 'closed') over so_far as closed_on,
        count(*) filter (where recheck_result = '未通过') over so_far as reopen_count,
        case when recheck_result = '未通过' then 'assigned' else stage end as stage
    from steps
    window so_far as (partition by case_id order by step_order rows between unbounded preceding and current row)
),
moved as (
    select
        * exclude (step_order),
        lead(stage_on) over (partition by case_id order by step_order) as valid_until
    from running
    qualify row_number() over (partition by case_id, stage_on order by step_order desc) = 1
),
first_moves as (
    select case_id, min(stage_on) as first_move from moved group by case_id
)
select
    f.case_id, f.district_code, f.street_code, f.subcategory, f.found_on,
    f.found_on as valid_from, m.first_move as valid_until,
    null::date as assigned_on, null::varchar as responsible_unit, null::date as due_on, null::date as rectified_on,
    null::date as rechecked_on, null::varchar as recheck_result, null::date as closed_on, 0::bigint as reopen_count,
    'found' as stage
from found as f
left join first_moves as m using (case_id)
union all
select
    f.case_id, f.district_code, f.street_code, f.subcategory, f.found_on,
    m.stage_on as valid_from, m.valid_until,
    m.assigned_on, m.responsible_unit, m.due_on, m.rectified_on, m.rechecked_on, m.recheck_result, m.closed_on,
    m.reopen_count, m.stage
from moved as m
join found as f using (case_id)
order by case_id, valid_from;
