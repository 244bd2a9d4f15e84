-- The figures 背街小巷 states for the chosen districts, one row: alleys and 首都文明街巷 as at
-- $as_of; the alley score (each alley's own latest monthly score up to the end of the chosen
-- months, averaged) and its change since the first month; how many scored under the red line
-- (configured); the red list as at $as_of — open, overdue, listings open at any time in the
-- months, rectified late; civilized alleys due for review within 90 days; the latest 季点名.
with stock as (select * from area_stock($districts::varchar[], $as_of)),
latest as (
    select l.score
    from alley_latest_score(($end + interval 1 month)::date) as l
    join alleys as a using (alley_id)
    where chosen($districts::varchar[], a.district_code)
),
scores as (
    select
        round(avg(score), 1) as alley_score,
        count(score) as alleys_scored,
        count(*) filter (where score < $red_line) as below_red_line,
        share_pct(count(*) filter (where score < $red_line), count(score), 1) as below_red_line_share
    from latest
),
first_month as (select alley_score as alley_score_first from area_alley_score($districts::varchar[], $start)),
listings as (
    select count(*) as red_list_listings, count(*) filter (where rectified_late) as red_list_rectified_late
    from red_list_as_of($as_of::date)
    where (delisted_on is null or delisted_on >= $start) and chosen($districts::varchar[], district_code)
),
reviews as (
    select count(*) as civilized_due_for_review
    from alleys
    where is_civilized and civilized_since <= $as_of and next_review_on - $as_of <= 90
      and chosen($districts::varchar[], district_code)
),
naming as (
    select max(inspected_on) as named_on from alley_inspections where kind = 'quarterly_naming' and inspected_on <= $as_of
),
named as (
    select
        count(*) filter (where i.naming_result = '表扬') as naming_praised,
        count(*) filter (where i.naming_result = '通报') as naming_named
    from alley_inspections as i
    join naming on i.inspected_on = naming.named_on
    join alleys as a using (alley_id)
    where i.kind = 'quarterly_naming' and chosen($districts::varchar[], a.district_code)
)
select
    stock.alleys, stock.civilized_alleys, stock.red_list_open, stock.red_list_overdue,
    scores.*, first_month.alley_score_first,
    round(scores.alley_score - first_month.alley_score_first, 1) as alley_score_change,
    $red_line as red_line,
    listings.*, reviews.*, naming.named_on, named.*
from stock, scores, first_month, listings, reviews, naming, named
