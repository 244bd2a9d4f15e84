-- 一人多诉 (caller) warnings as at $as_of: one caller (the keyed hash of the number: the number
-- itself is never stored) at least $caller_min_count times in the $caller_days days up to $as_of.
-- The place is the caller's latest report's street; the subcategories are all of theirs in the window
-- (one when they are all the same). since = the first call of the caller's current run (no gap longer
-- than $caller_days days, looking back at most a year). caller_ref is the hash's first 8 digits, enough
-- to tell callers apart on a page; the office's 12345 system can find the caller by hashing numbers
-- with the same key (the key is the office's, outside the warehouse).
-- records: scope by c.district_code, c.street_code (the reader's remit, access.scope)
with calls as (
    select c.caller_hash, c.district_code, c.street_code, c.subcategory, c.reported_at
    from cases as c
    where c.caller_hash is not null
      and c.reported_at >= $as_of::date - 365 and c.reported_at < $as_of::date + 1
      and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), c.district_code) AND
          ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), c.street_code))), false)
),
frequent as (
    select
        caller_hash,
        count(*) as cases,
        min(reported_at) as first_in_window, max(reported_at) as last_at,
        arg_max(district_code, reported_at) as district_code, arg_max(street_code, reported_at) as street_code,
        count(distinct street_code) as streets,
        string_agg(subcategory, '、' order by reported_at) as subcategories,
        count(distinct subcategory) as distinct_subcategories,
        any_value(subcategory) as any_subcategory
    from calls
    where reported_at >= $as_of::date - ($caller_days::integer - 1)
    group by caller_hash
    having count(*) >= $caller_min_count
),
history as (
    select k.caller_hash, k.reported_at,
           k.reported_at - lag(k.reported_at) over (partition by k.caller_hash order by k.reported_at)
               > to_days($caller_days::integer) as after_gap
    from calls as k
    semi join frequent as f on f.caller_hash = k.caller_hash
),
runs as (
    select caller_hash, max(reported_at) filter (where after_gap is null or after_gap) as run_start
    from history
    group by all
)
select
    f.district_code, d.name as district_name, f.street_code, st.name as street_name,
    case when f.distinct_subcategories = 1 then f.any_subcategory end as subcategory,
    f.caller_hash, left(f.caller_hash, 8) as caller_ref, f.cases, f.streets, f.subcategories,
    f.first_in_window::date as first_in_window, f.last_at::date as last_day, runs.run_start::date as since
from frequent as f
join runs using (caller_hash)
join districts as d on d.district_code = f.district_code
join streets as st on st.street_code = f.street_code
order by f.cases desc, since, f.caller_hash
