-- 季点名: the latest quarterly naming up to $as_of — alleys praised (表扬) and named (通报).
-- records: scope by a.district_code, a.street_code (the reader's remit, access.scope)
with latest as (
    select max(inspected_on) as named_on from alley_inspections
    where kind = 'quarterly_naming' and inspected_on <= $as_of
)
select
    i.inspected_on as named_on, i.naming_result, i.score as quarter_score,
    a.alley_id, a.name as alley_name, d.name as district_name, st.name as street_name, a.district_code
from alley_inspections as i
join latest on i.inspected_on = latest.named_on
join alleys as a using (alley_id)
join districts as d on d.district_code = a.district_code
join streets as st on st.street_code = a.street_code
where i.kind = 'quarterly_naming'
  and chosen($districts::varchar[], a.district_code)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), a.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), a.street_code))), false)
order by i.naming_result, i.score desc
