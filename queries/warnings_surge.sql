-- 异动 (surge) warnings as at $as_of: each street × subcategory whose 12345 intake in the week of
-- $as_of (Monday to $as_of) or in the week before was well above its own expectation.
--   expectation per working day = the higher of its intake per working day in the same weeks of the
--     three years before (the week and two either side: 52 weeks back keeps the weekday) and in the
--     recent weeks 5 to 13 before (a surge's own weeks, up to five, are not its baseline);
--   a day off (weekend or public holiday, from $days_off: chinese-calendar, with 调休 working days as
--     working days) counts as the city's own ratio of day-off to working-day intake in those weeks;
--   a week is a surge when its count is at least $surge_min_count, at least $surge_min_ratio times
--     its expectation, and so far above it that a Poisson count would reach it less than about once
--     in 10,000 weeks: z ≥ $surge_z, with z the Wilson–Hilferty transform of the Poisson tail.
-- One row per surge: the week shown (this week when it is a surge, else last week), its count and
-- expectation, and since = the Monday of the first week of the run of surge weeks (up to four weeks
-- before the one shown). A street × subcategory needs four weeks of history to be judged at all.
-- records: scope by c.district_code, c.street_code (the reader's remit, access.scope)
with info as (
    select coalesce(max(try_cast(value as date)) filter (where key = 'data_start'), date '1900-01-01') as data_start
    from warehouse_info
),
-- The weeks compared, counted back from the week of $as_of (0): 0-4 tested, 5-13 recent, and the same
-- weeks ±2 one, two and three years before.
compared_weeks as (
    select range as b from range(0, 14)
    union all
    select 52 * y.range + d.range from range(1, 4) as y, range(-2, 3) as d
),
days as (
    select
        g.day::date as day,
        date_diff('day', g.day::date - (isodow(g.day::date) - 1)::integer,
                  $as_of::date - (isodow($as_of::date) - 1)::integer) // 7 as b,
        list_contains($days_off::date[], g.day::date) as day_off,
        isodow(g.day::date) >= 6 as weekend
    from info, generate_series($as_of::date - (isodow($as_of::date) - 1)::integer - 7 * 158, $as_of::date, interval 1 day) as g(day)
    where g.day::date >= info.data_start
),
compared_days as (
    select * from days where b in (select b from compared_weeks)
),
-- 12345 cases of the compared weeks: four ranges of report time (this quarter, and the same weeks one,
-- two and three years before), so that the scan reads a seventh of the ledger, not three years of it.
intake as (
    select c.district_code, c.street_code, c.subcategory, c.reported_at::date as day
    from cases as c
    where c.source = 'hotline'
      and (
          (c.reported_at >= $as_of::date - (isodow($as_of::date) - 1)::integer - 7 * 13 and c.reported_at < $as_of::date + 1)
          or (c.reported_at >= $as_of::date - (isodow($as_of::date) - 1)::integer - 7 * 54
              and c.reported_at < $as_of::date - (isodow($as_of::date) - 1)::integer - 7 * 49)
          or (c.reported_at >= $as_of::date - (isodow($as_of::date) - 1)::integer - 7 * 106
              and c.reported_at < $as_of::date - (isodow($as_of::date) - 1)::integer - 7 * 101)
          or (c.reported_at >= $as_of::date - (isodow($as_of::date) - 1)::integer - 7 * 158
              and c.reported_at < $as_of::date - (isodow($as_of::date) - 1)::integer - 7 * 153)
      )
      and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), c.district_code) AND
          ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), c.street_code))), false)
),
weekly as (
    select i.district_code, i.street_code, i.subcategory, d.b, count(*) as n
    from intake as i
    join compared_days as d using (day)
    group by all
),
-- What a day off weighs against a working day in 12345 intake: the area's own ratio in the baseline weeks.
day_off_weight as (
    select coalesce(avg(n) filter (where day_off) / nullif(avg(n) filter (where not day_off), 0), 1.0) as weight
    from (
        select d.day, d.day_off, count(i.day) as n
        from compared_days as d
        left join intake as i using (day)
        where d.b >= 5
        group by all
    )
),
-- Each compared week in working-day equivalents; a week cut by $as_of or by the data's start is shorter.
week_size as (
    select
        d.b, min(d.day) as first_day, max(d.day) as last_day,
        sum(case when d.day_off then w.weight else 1 end) as size,
        count(*) filter (where d.day_off and not d.weekend) as weekday_holidays,
        count(*) filter (where not d.day_off and d.weekend) as weekend_workdays
    from compared_days as d, day_off_weight as w
    group by d.b
),
baseline_size as (
    select sum(size) filter (where b between 5 and 13) as recent_size, sum(size) filter (where b >= 50) as seasonal_size
    from week_size
),
-- Only a cell with enough cases this week or last can be a surge: the rest is not looked at further.
candidates as (
    select distinct district_code, street_code, subcategory from weekly where b <= 1 and n >= $surge_min_count
),
history as (
    select
        k.district_code, k.street_code, k.subcategory,
        coalesce(sum(w.n) filter (where w.b between 5 and 13), 0) as recent_n,
        coalesce(sum(w.n) filter (where w.b >= 50), 0) as seasonal_n
    from candidates as k
    join weekly as w using (district_code, street_code, subcategory)
    group by all
),
expectation as (
    select
        h.district_code, h.street_code, h.subcategory,
        h.recent_n / nullif(s.recent_size, 0) as recent_rate,
        h.seasonal_n / nullif(s.seasonal_size, 0) as seasonal_rate,
        s.recent_size, s.seasonal_size
    from history as h
    cross join baseline_size as s
),
judged as (
    select
        e.*,
        -- The higher of the two levels; a level resting on less than four weeks of history is not used.
        greatest(case when e.recent_size >= 20 then e.recent_rate end, case when e.seasonal_size >= 20 then e.seasonal_rate end)
            as rate
    from expectation as e
),
tested as (
    select
        j.*, ws.b, ws.first_day, ws.last_day, ws.weekday_holidays, ws.weekend_workdays,
        coalesce(w.n, 0) as n,
        j.rate * ws.size as expected
    from judged as j
    cross join week_size as ws
    left join weekly as w
        on w.street_code = j.street_code and w.subcategory = j.subcategory and w.b = ws.b
    where ws.b <= 4 and j.rate is not null
),
flagged as (
    select
        *,
        case
            when n >= $surge_min_count and n >= $surge_min_ratio * expected
                then 3 * sqrt(n) * (1 - 1 / (9 * n) - cbrt(expected / n)) >= $surge_z
            else false
        end as is_surge
    from tested
),
runs as (
    select
        district_code, street_code, subcategory, rate, recent_rate, seasonal_rate,
        coalesce(bool_or(is_surge) filter (where b = 0), false) as f0,
        coalesce(bool_or(is_surge) filter (where b = 1), false) as f1,
        coalesce(bool_or(is_surge) filter (where b = 2), false) as f2,
        coalesce(bool_or(is_surge) filter (where b = 3), false) as f3,
        coalesce(bool_or(is_surge) filter (where b = 4), false) as f4
    from flagged
    group by all
    having f0 or f1
),
shown as (
    select
        r.*,
        case when r.f0 then 0 else 1 end as shown_b,
        case
            when r.f0 and not r.f1 then 0
            when r.f1 and not r.f2 then 1
            when r.f2 and not r.f3 then 2
            when r.f3 and not r.f4 then 3
            else 4
        end as since_b
    from runs as r
)
select
    s.district_code, d.name as district_name, s.street_code, st.name as street_name, s.subcategory,
    f.first_day as week_start, f.last_day as week_end, f.n as cases, round(f.expected, 1) as expected,
    ($as_of::date - (isodow($as_of::date) - 1)::integer - 7 * s.since_b) as since,
    s.since_b - s.shown_b + 1 as weeks_running,
    s.seasonal_rate is not null and s.seasonal_rate >= coalesce(s.recent_rate, 0) as seasonal_basis,
    f.weekday_holidays, f.weekend_workdays
from shown as s
join flagged as f on f.street_code = s.street_code and f.subcategory = s.subcategory and f.b = s.shown_b
join districts as d on d.district_code = s.district_code
join streets as st on st.street_code = s.street_code
order by f.n / greatest(f.expected, 0.1) desc, s.street_code, s.subcategory
