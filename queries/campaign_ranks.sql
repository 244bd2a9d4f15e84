-- Each district's rank among all districts on the 专项整治 campaigns' effect (the semantic layer's
-- campaign_effect_as_of, every campaign together: the 'ALL' row's target_change_pct, 12345 intake of
-- the targeted problems against the same months a year before), as at $as_of, and its rank as at
-- the day before $start (the period before, as district_ranks compares stocks). The same columns as
-- district_ranks, so a slide words both alike. 1 = best: the largest fall (the most negative
-- change). Districts with the same value share the better rank and are `tied`; a district with no
-- value (no targeted intake the year before) is not ranked. `previous_rank` is NULL before the
-- first campaign began; `places_up` is the places gained since then (negative: lost).
with measured as (
    select 'current' as period, d.district_code, d.name, d.short_name, e.target_change_pct::double as value
    from districts as d,
         lateral (select * from campaign_effect_as_of($as_of::date, [d.district_code]) where campaign_id = 'ALL') as e
    union all
    select 'previous' as period, d.district_code, d.name, d.short_name, e.target_change_pct::double as value
    from districts as d,
         lateral (
             select * from campaign_effect_as_of(($start::date - interval 1 day)::date, [d.district_code])
             where campaign_id = 'ALL'
         ) as e
),
ranked as (
    select
        *,
        rank() over (partition by period order by value) as rank,
        count(*) over (partition by period) as districts,
        count(*) over (partition by period, value) > 1 as tied
    from measured
    where value is not null
)
select
    c.district_code, c.name, c.short_name, 'campaign_change_pct' as measure, c.value, c.rank, c.districts, c.tied,
    p.rank as previous_rank,
    p.rank - c.rank as places_up
from ranked as c
left join ranked as p on p.period = 'previous' and p.district_code = c.district_code
where c.period = 'current'
order by c.rank, c.district_code
