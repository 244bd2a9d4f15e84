-- Every measure the office has a target for ($targets, from config/targets.toml), for the city and for
-- each district, in the chosen months with stocks as at $as_of: the actual value, the target (a
-- district's own where it has one, else the city's) and the CityScore: actual ÷ target (target ÷
-- actual where lower is better), capped at 1.25, so 1 means on target; with a status: met (≥ 1),
-- near (≥ 0.98) or missed. Two decimals, as CityScore writes it.
with city as (
    select
        '110000' as area_code, '全市' as area_name, 0 as area_order,
        r.response_rate, r.resolution_rate, r.satisfaction_rate,
        (select satisfaction_pct from survey_quarters([]::varchar[], $end) order by year desc, quarter desc limit 1) as survey_satisfaction,
        (select share_pct(sum(on_time), sum(due), 1) from red_list_on_time($start, $as_of)) as red_list_on_time,
        (select alley_score from area_alley_score([]::varchar[], $end)) as alley_score
    from area_rates($start, $end, []::varchar[]) as r
),
districts as (
    select
        f.district_code, f.name, 1,
        f.response_rate, f.resolution_rate, f.satisfaction_rate, f.survey_satisfaction,
        o.on_time_pct, f.alley_score
    from district_figures($start, $end, $as_of) as f
    left join red_list_on_time($start, $as_of) as o using (district_code)
),
areas as (
    select * from city
    union all
    select * from districts
),
actuals as (
    unpivot areas
    on response_rate, resolution_rate, satisfaction_rate, survey_satisfaction, red_list_on_time, alley_score
    into name measure value actual
),
targets as (
    select unnest($targets::struct(measure varchar, label varchar, district_code varchar, target double, higher_is_better boolean)[], recursive := true)
),
scored as (
    select
        a.area_code, a.area_name, a.area_order, a.measure, city_target.label,
        a.actual, coalesce(own.target, city_target.target) as target, city_target.higher_is_better
    from actuals as a
    join targets as city_target on city_target.measure = a.measure and city_target.district_code is null
    left join targets as own on own.measure = a.measure and own.district_code = a.area_code
),
with_score as (
    select *,
        round(least(1.25, case when higher_is_better then actual / nullif(target, 0) else target / nullif(actual, 0) end), 2) as score
    from scored
)
select
    area_code, area_name, measure, label, actual, target, higher_is_better, score,
    case when score is null then null when score >= 1 then 'met' when score >= 0.98 then 'near' else 'missed' end as status
from with_score
where chosen($districts::varchar[], area_code) or area_code = '110000'
order by area_order, area_code, measure
