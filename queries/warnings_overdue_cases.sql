-- 逾期 (overdue) warnings for cases as at $as_of, per street: the cases not closed by the end of $as_of
-- and past their deadline:
--   12345 and grid cases reported in the $overdue_lookback_days days up to $as_of, past the semantic
--     layer's case_deadline (the case's own, else the configured days of its source) with no 办结 time;
--     older ones still without one are taken as closed unresolved (the ledger records no other closing);
--   创城抽查 problems past their 交办 deadline and not yet rectified, as the closed loop defines it
--     (spot_check_stage_as_of: is_overdue), so that 预警 and 闭环台账 count the same items.
-- since = the earliest deadline missed among them.
-- records: scope by o.district_code, o.street_code (the reader's remit, access.scope)
with open_cases as (
    select
        c.district_code, c.street_code, c.subcategory, c.source,
        case_deadline(c.due_at, c.reported_at, c.source, $deadline_days_hotline, $deadline_days_grid) as due
    from cases as c
    where c.source in ('hotline', 'grid')
      and c.reported_at >= $as_of::date - ($overdue_lookback_days::integer - 1) and c.reported_at < $as_of::date + 1
      and (c.resolved_at is null or c.resolved_at >= $as_of::date + 1)
),
overdue as (
    select district_code, street_code, subcategory, source, due
    from open_cases
    where due < $as_of::date + 1
    union all
    select district_code, street_code, subcategory, 'spot_check', (due_on + 1)::timestamp
    from spot_check_stage_as_of($as_of::date)
    where is_open and is_overdue
),
per_subcategory as (
    select
        o.district_code, o.street_code, o.subcategory,
        count(*) as cases, count(*) filter (where o.source = 'spot_check') as spot_checks, min(o.due) as first_due
    from overdue as o
    where coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), o.district_code) AND
          ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), o.street_code))), false)
    group by all
),
per_street as (
    select
        district_code, street_code,
        sum(cases)::bigint as cases,
        sum(spot_checks)::bigint as spot_checks,
        min(first_due)::date as since,
        first(subcategory order by cases desc, subcategory) as top_subcategory,
        max(cases) as top_subcategory_cases
    from per_subcategory
    group by all
)
select
    p.district_code, d.name as district_name, p.street_code, st.name as street_name,
    p.cases, p.spot_checks, p.since, date_diff('day', p.since, $as_of::date) as most_days_overdue,
    p.top_subcategory, p.top_subcategory_cases
from per_street as p
join districts as d on d.district_code = p.district_code
join streets as st on st.street_code = p.street_code
order by p.cases desc, p.since, p.street_code
