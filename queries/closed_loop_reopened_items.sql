-- The spot-check problems a 复查 sent back to 整改 (复查未通过) in $start..$as_of in the chosen
-- districts, with their unit, how many 复查 failed, their stage as at $as_of and whether they are
-- overdue now. Still open first, then the most recently re-checked.
-- records: scope by s.district_code, s.street_code (the reader's remit, access.scope)
select
    s.case_id as item_id, d.name as district_name, st.name as street_name, s.subcategory as subject,
    s.responsible_unit, s.found_on, r.failed_rechecks, s.reopen_count, s.rechecked_on, s.recheck_result,
    s.stage, s.due_on, s.is_overdue, s.days_overdue, s.closed_on, s.district_code
from spot_check_rechecks($start::date, $as_of::date) as r
join spot_check_stage_as_of($as_of::date) as s using (case_id)
join districts as d on d.district_code = s.district_code
join streets as st on st.street_code = s.street_code
where r.is_reopened
  and chosen($districts::varchar[], s.district_code)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), s.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), s.street_code))), false)
order by s.is_open desc, s.rechecked_on desc, s.case_id
