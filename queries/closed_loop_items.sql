-- The closed loop's open items as at $as_of (not yet 销号/摘牌) in the chosen districts: spot-check
-- problems and red-listed alleys with stage, responsible unit, deadline and days overdue, how often a
-- 复查 re-opened them and the latest 复查 result. Overdue first, longest overdue first, then by deadline.
-- records: scope by i.district_code, i.street_code (the reader's remit, access.scope)
select
    i.kind, i.item_id, d.name as district_name, st.name as street_name, i.subject, a.name as alley_name,
    i.responsible_unit, i.found_on, i.due_on, i.stage, i.is_overdue, i.days_overdue,
    i.reopen_count, i.recheck_result, i.rectified_on, i.rechecked_on, i.district_code
from closed_loop_as_of($as_of::date) as i
join districts as d on d.district_code = i.district_code
join streets as st on st.street_code = i.street_code
left join alleys as a on a.alley_id = i.alley_id
where i.is_open
  and chosen($districts::varchar[], i.district_code)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), i.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), i.street_code))), false)
order by i.is_overdue desc, i.days_overdue desc nulls last, i.due_on nulls last, i.kind, i.item_id
