-- 逾期 (overdue) warnings for red-listed alleys as at $as_of: every listing still open and past its
-- rectification deadline without being rectified (the semantic layer's red_list_as_of: is_overdue).
-- since = the first day past the deadline.
-- records: scope by r.district_code, r.street_code (the reader's remit, access.scope)
select
    r.district_code, d.name as district_name, r.street_code, st.name as street_name,
    r.supervision_id, r.alley_id, a.name as alley_name, r.main_problem, r.trigger_score,
    r.listed_on, r.deadline, (r.deadline + 1) as since, date_diff('day', r.deadline, $as_of::date) as days_overdue,
    r.status
from red_list_as_of($as_of::date) as r
join alleys as a using (alley_id)
join districts as d on d.district_code = r.district_code
join streets as st on st.street_code = r.street_code
where r.is_open and r.is_overdue
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), r.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), r.street_code))), false)
order by days_overdue desc, r.supervision_id
