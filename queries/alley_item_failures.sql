-- Which "十无五好四有" items lose points most: the share of monthly scores in the chosen months
-- where the item fell short of full marks (from agg_alley_items_month), per district and item,
-- then per item for all the chosen districts together (district_code NULL).
with chosen_months as (
    select district_code, item_code, scored, short
    from agg_alley_items_month
    where month_start between $start and $end
      and chosen($districts::varchar[], district_code)
)
select
    c.district_code, case when grouping(c.district_code) = 0 then any_value(d.name) end as district_name, c.item_code,
    any_value(it.standard_group) as standard_group, any_value(it.name) as item_name, any_value(it.sort_order) as sort_order,
    sum(c.scored)::bigint as scored,
    sum(c.short)::bigint as short,
    share_pct(sum(c.short), sum(c.scored), 1) as fail_pct
from chosen_months as c
join alley_standard_items as it using (item_code)
left join districts as d using (district_code)
group by grouping sets ((c.district_code, c.item_code), (c.item_code))
order by c.district_code nulls last, sort_order
