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
