-- The headline figures of the chosen area for the chosen months, one row: what 总览's cards, the
-- briefing's slides and the 简报 state, so that a figure reads the same in all three. Cases and
-- rates for the months (area_rates); stocks as at $as_of (area_stock); the survey's latest
-- quarter by $end against its baseline (survey_baseline); the campaigns' effect by $as_of
-- (campaign_effect_as_of); the alley score at the period's end against its first month.
with rates as (select * from area_rates($start, $end, $districts::varchar[])),
stock as (select * from area_stock($districts::varchar[], $as_of)),
survey_latest as (
    select period as survey_period, satisfaction_pct as survey_latest
    from survey_quarters($districts::varchar[], $end)
    order by year desc, quarter desc
    limit 1
),
survey_base as (
    select label as survey_baseline_label, satisfaction_pct as survey_baseline from survey_baseline($districts::varchar[], $end)
),
campaign as (
    select target_change_pct as campaign_change_pct, target_before as campaign_target_before,
           target_during as campaign_target_during, others_change_pct as campaign_others_change_pct,
           is_finished as campaigns_finished
    from campaign_effect_as_of($as_of::date, $districts::varchar[])
    where campaign_id = 'ALL'
),
alley_end as (select alley_score, alleys_scored from area_alley_score($districts::varchar[], $end)),
alley_first as (select alley_score as alley_score_first from area_alley_score($districts::varchar[], $start))
select
    rates.*,
    stock.*,
    survey_latest.*,
    survey_base.*,
    round(survey_latest.survey_latest - survey_base.survey_baseline, 2) as survey_change,
    campaign.*,
    alley_end.*,
    alley_first.alley_score_first,
    round(alley_end.alley_score - alley_first.alley_score_first, 1) as alley_score_change
from rates
cross join stock
left join survey_latest on true
left join survey_base on true
left join campaign on true
left join alley_end on true
left join alley_first on true
