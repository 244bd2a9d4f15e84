-- Each campaign begun by $as_of, its effect on 12345 hotline intake so far: its target
-- subcategories from its start to its end or $as_of (whichever is first), against the same
-- months a year before, beside the subcategories no campaign targeted. The last row
-- (campaign_id 'ALL') adds them up. Once every campaign has ended by $as_of the figures equal
-- campaign_effect's (the brief's "下降 30.6% 左右"); for a brief written during the campaigns
-- they cover only the months up to $as_of. Districts filter the cases.
with hotline as (
    select month_start, subcategory, sum(cases) as cases
    from agg_cases_category_month
    where source = 'hotline'
      and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code))
    group by all
),
windows as (
    select campaign_id, name, started_on,
           least(ended_on, $as_of::date) as ended_on,
           ended_on <= $as_of::date as is_finished,
           (started_on - interval 1 year)::date as before_start,
           (least(ended_on, $as_of::date) - interval 1 year)::date as before_end
    from campaigns
    where started_on <= $as_of::date
),
target_intake as (
    select
        w.campaign_id,
        sum(h.cases) filter (where h.month_start between w.started_on and w.ended_on) as target_during,
        sum(h.cases) filter (where h.month_start between w.before_start and w.before_end) as target_before
    from windows as w
    join campaign_targets as t using (campaign_id)
    join hotline as h on h.subcategory = t.subcategory
    group by w.campaign_id
),
other_intake as (
    select
        w.campaign_id,
        sum(h.cases) filter (where h.month_start between w.started_on and w.ended_on) as others_during,
        sum(h.cases) filter (where h.month_start between w.before_start and w.before_end) as others_before
    from windows as w
    cross join hotline as h
    where h.subcategory not in (select subcategory from campaign_targets)
    group by w.campaign_id
),
target_names as (
    select campaign_id, string_agg(subcategory, '、' order by subcategory) as targets
    from campaign_targets
    group by campaign_id
),
per_campaign as (
    select
        w.campaign_id, w.name, n.targets, w.started_on, w.ended_on, w.is_finished, w.before_start, w.before_end,
        coalesce(ti.target_before, 0) as target_before, coalesce(ti.target_during, 0) as target_during,
        coalesce(oi.others_before, 0) as others_before, coalesce(oi.others_during, 0) as others_during
    from windows as w
    join target_names as n using (campaign_id)
    left join target_intake as ti using (campaign_id)
    left join other_intake as oi using (campaign_id)
),
with_total as (
    select *, 0 as sort_key from per_campaign
    union all
    select 'ALL', '全部专项行动合计', string_agg(targets, '、' order by campaign_id), min(started_on), max(ended_on),
           bool_and(is_finished), min(before_start), max(before_end), sum(target_before), sum(target_during),
           sum(others_before), sum(others_during), 1
    from per_campaign
    having count(*) > 0
)
select
    campaign_id, name, targets, started_on, ended_on, is_finished, before_start, before_end,
    target_before, target_during,
    round((target_during - target_before) * 100.0 / nullif(target_before, 0), 1) as target_change_pct,
    others_before, others_during,
    round((others_during - others_before) * 100.0 / nullif(others_before, 0), 1) as others_change_pct
from with_total
order by sort_key, campaign_id
