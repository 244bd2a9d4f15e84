-- Which "十无五好四有" items lose points most, by district: the share of monthly scores in
-- the chosen months where the item fell short of full marks (from agg_alley_items_month).
with chosen as (
    select district_code, item_code, sum(scored)::bigint as scored, sum(short)::bigint as short
    from agg_alley_items_month
    where month_start between $start and $end
      and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], district_code))
    group by all
)
select
    c.district_code, d.name as district_name, c.item_code, it.standard_group, it.name as item_name, it.sort_order,
    c.scored,
    c.short,
    round(c.short * 100.0 / c.scored, 1) as fail_pct
from chosen as c
join alley_standard_items as it using (item_code)
join districts as d using (district_code)
order by c.district_code, it.sort_order
