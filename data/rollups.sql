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
