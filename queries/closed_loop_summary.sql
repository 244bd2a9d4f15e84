-- The closed loop's headline row for the chosen districts (闭环台账, the semantic layer's
-- closed_loop_as_of): as at $as_of, items not yet closed (销号/摘牌) and of them overdue, overdue by
-- more than 30 days, the longest overdue and the units with overdue items; over $start..$as_of, items
-- closed and the median days from 发现 (挂牌) to 销号 (摘牌) for each kind, and the spot-check
-- problems re-checked, re-opened (复查未通过) and the re-open rate (返工率) in percent.
with loop_items as (
    select * from closed_loop_as_of($as_of::date) where chosen($districts::varchar[], district_code)
),
open_items as (
    select
        count(*) filter (where is_open) as open_items,
        count(*) filter (where is_overdue) as overdue_items,
        count(*) filter (where is_overdue and kind = 'spot_check') as overdue_spot_check,
        count(*) filter (where is_overdue and kind = 'red_list') as overdue_red_list,
        count(*) filter (where is_overdue and overdue_band(days_overdue) = 'longer') as overdue_longer,
        max(days_overdue) as longest_overdue_days,
        count(distinct responsible_unit) filter (where is_overdue) as units_with_overdue
    from loop_items
),
closed_items as (
    select
        count(*) as closed_items,
        count(*) filter (where kind = 'spot_check') as closed_spot_check,
        count(*) filter (where kind = 'red_list') as closed_red_list,
        median(days_to_close) filter (where kind = 'spot_check') as median_days_spot_check,
        median(days_to_close) filter (where kind = 'red_list') as median_days_red_list
    from loop_items
    where closed_on >= $start
),
rechecks as (
    select
        count(*) as rechecked_items,
        count(*) filter (where is_reopened) as reopened_items,
        share_pct(count(*) filter (where is_reopened), count(*), 1) as reopen_rate
    from spot_check_rechecks($start::date, $as_of::date)
    where chosen($districts::varchar[], district_code)
)
select * from open_items, closed_items, rechecks
