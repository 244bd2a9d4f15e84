-- 逾期 (overdue) warnings for cases as at $as_of: per street, the cases reported in the
-- $overdue_lookback_days days up to $as_of that are past their deadline and not closed by the end of
-- $as_of. The deadline is the semantic layer's case_deadline: the case's own (due_at) where the source
-- gave one, else its report time plus the configured days of its source ($deadline_days_hotline, …). Older cases still
-- without a closing time are taken as closed unresolved (the ledger records no other closing), and are
-- not chased here. since = the earliest deadline missed among them.
-- records: scope by c.district_code, c.street_code (the reader's remit, access.scope)
with open_cases as (
    select
        c.case_id, c.district_code, c.street_code, c.source, c.subcategory, c.reported_at,
        case_deadline(c.due_at, c.reported_at, c.source, $deadline_days_hotline, $deadline_days_grid, $deadline_days_spot_check)
            as due
    from cases as c
    where c.reported_at >= $as_of::date - ($overdue_lookback_days::integer - 1) and c.reported_at < $as_of::date + 1
      and (c.resolved_at is null or c.resolved_at >= $as_of::date + 1)
      and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), c.district_code) AND
          ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), c.street_code))), false)
),
per_subcategory as (
    select district_code, street_code, subcategory, count(*) as cases, min(due) as first_due
    from open_cases
    where due < $as_of::date + 1
    group by all
),
per_street as (
    select
        district_code, street_code,
        sum(cases)::bigint as cases,
        min(first_due)::date as since,
        first(subcategory order by cases desc, subcategory) as top_subcategory,
        max(cases) as top_subcategory_cases
    from per_subcategory
    group by all
)
select
    p.district_code, d.name as district_name, p.street_code, st.name as street_name,
    p.cases, p.since, date_diff('day', p.since, $as_of::date) as most_days_overdue,
    p.top_subcategory, p.top_subcategory_cases
from per_street as p
join districts as d on d.district_code = p.district_code
join streets as st on st.street_code = p.street_code
order by p.cases desc, p.since, p.street_code
