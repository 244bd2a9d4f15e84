-- Each district's rank among all districts on each measure the 简报 ranks it by, for the months
-- $start..$end with stocks as at $as_of (the semantic layer's district_figures), and its rank on
-- the same measure in the months just before (环比: as many months, stocks as at the day before
-- $start; for a quarter, the quarter before). One row per district and measure. 1 = best: the
-- highest value, except cases per 10,000 residents and the open red list, where the fewest is best
-- (as ui.labels.MEASURES says; tests/test_brief.py holds them to it). Districts with the same value
-- share the better rank and are `tied`; a district with no value is not ranked, and `districts`
-- counts those that are. `previous_rank` is NULL when the data does not reach back to the months
-- before; `places_up` is the places gained since then (negative: lost).
with measured as (
    select 'current' as period, *
    from district_figures($start, $end, $as_of)
    union all by name
    select 'previous' as period, *
    from district_figures(
        ($start::date - to_months(date_diff('month', $start::date, $end::date) + 1))::date,
        ($start::date - interval 1 month)::date,
        ($start::date - interval 1 day)::date
    )
    where ($start::date - to_months(date_diff('month', $start::date, $end::date) + 1))::date
          >= (select min(month_start) from agg_cases_street_month)
),
long as (
    select *
    from (
        select
            period, district_code, name, short_name,
            cases_per_10k::double as cases_per_10k,
            grid_share::double as grid_share,
            resolution_rate::double as resolution_rate,
            satisfaction_rate::double as satisfaction_rate,
            survey_satisfaction::double as survey_satisfaction,
            alley_score::double as alley_score,
            red_list_open::double as red_list_open,
            rules_coverage::double as rules_coverage,
            projects_per_10k::double as projects_per_10k
        from measured
    ) unpivot (
        value for measure in (
            cases_per_10k, grid_share, resolution_rate, satisfaction_rate, survey_satisfaction, alley_score,
            red_list_open, rules_coverage, projects_per_10k
        )
    )
),
ranked as (
    select
        *,
        rank() over (
            partition by period, measure
            order by case when measure in ('cases_per_10k', 'red_list_open') then value else -value end
        ) as rank,
        count(*) over (partition by period, measure) as districts,
        count(*) over (partition by period, measure, value) > 1 as tied
    from long
)
select
    c.district_code, c.name, c.short_name, c.measure, c.value, c.rank, c.districts, c.tied,
    p.rank as previous_rank,
    p.rank - c.rank as places_up
from ranked as c
left join ranked as p on p.period = 'previous' and p.district_code = c.district_code and p.measure = c.measure
where c.period = 'current'
order by c.measure, c.rank, c.district_code
