-- What the 简报 says of an area beside headline_figures, one row, for the chosen districts (the
-- city when none is chosen) and the months $start..$end, stocks as at $as_of:
--   * its stocks at the end of the months just before (环比: as many months; for a quarter, the
--     quarter before) and a year before $as_of (同比), with the changes in units (NULL when the
--     data does not reach back that far);
--   * the survey figure of the quarter of $end against the quarter before and the same quarter a
--     year before, and the alley score (each alley's own latest) at the end of the months against
--     the end of the months before and a year before: the earlier figures and the changes (the
--     figures themselves are headline_figures' survey_latest and alley_score);
--   * how far its rates, survey, alley score and village-rules coverage are from the whole city's;
--   * the share of its alleys named 首都文明街巷, and its cases and volunteer projects per 10,000
--     residents (2020 census, rounded as district_figures rounds them).
with bounds as (
    select
        ($start::date - to_months(date_diff('month', $start::date, $end::date) + 1))::date
            >= (select min(month_start) from agg_cases_street_month) as reaches_previous,
        ($start::date - interval 1 year)::date >= (select min(month_start) from agg_cases_street_month) as reaches_year_before,
        year($end::date) || 'Q' || quarter($end::date) as survey_period,
        year($end::date - interval 3 month) || 'Q' || quarter($end::date - interval 3 month) as survey_period_previous,
        (year($end::date) - 1) || 'Q' || quarter($end::date) as survey_period_year_before
),
stock_now as (select * from area_stock($districts::varchar[], $as_of)),
stock_previous as (
    select s.* from area_stock($districts::varchar[], ($start::date - interval 1 day)::date) as s, bounds
    where bounds.reaches_previous
),
stock_year_before as (
    select s.* from area_stock($districts::varchar[], ($as_of::date - interval 1 year)::date) as s, bounds
    where bounds.reaches_year_before
),
stock_city as (select rules_coverage from area_stock([]::varchar[], $as_of)),
survey as (select period, satisfaction_pct from survey_quarters($districts::varchar[], $end)),
survey_city as (select period, satisfaction_pct from survey_quarters([]::varchar[], $end)),
surveys as (
    select
        (select satisfaction_pct from survey where period = bounds.survey_period) as survey,
        (select satisfaction_pct from survey where period = bounds.survey_period_previous) as survey_previous,
        (select satisfaction_pct from survey where period = bounds.survey_period_year_before) as survey_year_before,
        (select satisfaction_pct from survey_city where period = bounds.survey_period) as survey_city
    from bounds
),
scores as (
    select
        (select alley_score from area_alley_score($districts::varchar[], $end)) as alley_score,
        (select alley_score from area_alley_score($districts::varchar[], ($start::date - interval 1 month)::date))
            as alley_score_previous,
        (select alley_score from area_alley_score($districts::varchar[], ($end::date - interval 1 year)::date))
            as alley_score_year_before,
        (select alley_score from area_alley_score([]::varchar[], $end)) as alley_score_city
),
rates as (select * from case_rates($start, $end, $districts::varchar[], []::varchar[], false, false, false)),
rates_city as (select * from case_rates($start, $end, []::varchar[], []::varchar[], false, false, false)),
population as (
    select sum(population) as population from districts where chosen($districts::varchar[], district_code)
)
select
    p.red_list_open as red_list_open_previous,
    n.red_list_open - p.red_list_open as red_list_open_vs_previous,
    p.volunteer_projects as volunteer_projects_previous,
    n.volunteer_projects - p.volunteer_projects as volunteer_projects_vs_previous,
    y.civilized_alleys as civilized_alleys_year_before,
    n.civilized_alleys - y.civilized_alleys as civilized_alleys_vs_year_before,
    y.history_rooms as history_rooms_year_before,
    n.history_rooms - y.history_rooms as history_rooms_vs_year_before,
    surveys.survey_previous,
    round(surveys.survey - surveys.survey_previous, 2) as survey_vs_previous,
    surveys.survey_year_before,
    round(surveys.survey - surveys.survey_year_before, 2) as survey_vs_year_before,
    round(surveys.survey - surveys.survey_city, 2) as survey_vs_city,
    scores.alley_score_previous,
    round(scores.alley_score - scores.alley_score_previous, 1) as alley_score_vs_previous,
    scores.alley_score_year_before,
    round(scores.alley_score - scores.alley_score_year_before, 1) as alley_score_vs_year_before,
    round(scores.alley_score - scores.alley_score_city, 1) as alley_score_vs_city,
    round(rates.grid_share - rates_city.grid_share, 1) as grid_share_vs_city,
    round(rates.response_rate - rates_city.response_rate, 1) as response_rate_vs_city,
    round(rates.resolution_rate - rates_city.resolution_rate, 1) as resolution_rate_vs_city,
    round(rates.satisfaction_rate - rates_city.satisfaction_rate, 1) as satisfaction_rate_vs_city,
    round(n.rules_coverage - stock_city.rules_coverage, 1) as rules_coverage_vs_city,
    share_pct(n.civilized_alleys, n.alleys, 1) as civilized_share,
    per_10k(rates.cases, population.population, 1) as cases_per_10k,
    per_10k(n.volunteer_projects, population.population, 2) as projects_per_10k
from bounds
cross join stock_now as n
cross join stock_city
cross join surveys
cross join scores
cross join population
left join stock_previous as p on true
left join stock_year_before as y on true
left join rates on true
left join rates_city on true
