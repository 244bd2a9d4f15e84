-- The months just before $start..$end that district_ranks and campaign_ranks compare a rank with:
-- as many months, ending the month before $start (for a quarter, the quarter before). `kind` says
-- what the period is, so a slide can say 较上月 / 较上季度 / 较上年 rather than count months;
-- `reaches_back` is false when the data does not go back that far (the ranks then have no
-- previous_rank). One row.
with period as (
    select $start::date as start_month, $end::date as end_month,
           date_diff('month', $start::date, $end::date) + 1 as months
)
select
    months,
    (start_month - to_months(months))::date as previous_start,
    (start_month - interval 1 month)::date as previous_end,
    case
        when months = 1 then 'month'
        when months = 3 and month(start_month) in (1, 4, 7, 10) then 'quarter'
        when months = 12 and month(start_month) = 1 then 'year'
        else 'months'
    end as kind,
    (start_month - to_months(months))::date >= (select min(month_start) from agg_cases_street_month) as reaches_back
from period
