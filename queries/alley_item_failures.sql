-- Which "十无五好四有" items lose points most, by district: the share of monthly scores in
-- the chosen months where the item fell short of full marks.
with scores as (
    select a.district_code, i.*
    from alley_inspections as i
    join alleys as a using (alley_id)
    where i.kind = 'monthly_score'
      and i.inspected_on between $start and $end + interval 1 month - interval 1 day
      and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], a.district_code))
),
item_columns as (
    select district_code, columns(* exclude (district_code, inspection_id, alley_id, inspected_on, kind, score, issues_found, naming_result))
    from scores
),
long as (
    unpivot item_columns
    on columns(* exclude (district_code))
    into name item_code value points
)
select
    l.district_code, d.name as district_name, l.item_code, it.standard_group, it.name as item_name, it.sort_order,
    count(*) as scored,
    count(*) filter (where l.points < it.max_points) as short,
    round(count(*) filter (where l.points < it.max_points) * 100.0 / count(*), 1) as fail_pct
from long as l
join alley_standard_items as it using (item_code)
join districts as d using (district_code)
group by all
order by l.district_code, it.sort_order
