-- The red list (挂牌督办) as at $as_of for the chosen districts (the semantic layer's
-- red_list_as_of): every listing open at any time in the chosen months, with its stage then,
-- days open and whether it is overdue.
-- records: scope by r.district_code, r.street_code (the reader's remit, access.scope)
select
    r.supervision_id, r.alley_id, a.name as alley_name, d.name as district_name, st.name as street_name,
    r.district_code, r.trigger_score, r.main_problem, r.listed_on, r.deadline,
    r.rectified_on, r.rechecked_on, r.delisted_on, r.status, r.days_open, r.is_overdue, r.rectified_late
from red_list_as_of($as_of::date) as r
join alleys as a using (alley_id)
join districts as d on d.district_code = r.district_code
join streets as st on st.street_code = r.street_code
where (r.delisted_on is null or r.delisted_on >= $start)
  and chosen($districts::varchar[], r.district_code)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), r.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), r.street_code))), false)
order by r.is_overdue desc, r.is_open desc, r.deadline, r.supervision_id
