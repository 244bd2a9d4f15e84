-- 12345 hotline intake per month, 2022 onwards, for subcategories targeted by some campaign
-- and for the rest, each month beside the same month a year before (index: year before = 100).
with monthly as (
    select
        month_start,
        subcategory in (select subcategory from campaign_targets) as is_target,
        sum(cases) as cases
    from agg_cases_category_month
    where source = 'hotline'
      and chosen($districts::varchar[], district_code)
    group by all
)
select
    cur.month_start,
    cur.is_target,
    cur.cases::bigint as cases,
    prev.cases::bigint as cases_year_before,
    round(cur.cases * 100.0 / nullif(prev.cases, 0), 1) as index_vs_year_before
from monthly as cur
left join monthly as prev
    on prev.is_target = cur.is_target and prev.month_start = (cur.month_start - interval 1 year)::date
where cur.month_start >= date '2022-01-01'
order by cur.is_target desc, cur.month_start
