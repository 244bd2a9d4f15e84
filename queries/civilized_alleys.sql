-- The 首都文明街巷 of the chosen districts by $as_of, with when they were named, their next
-- review and their own latest monthly score by then.
-- records: scope by a.district_code, a.street_code (the reader's remit, access.scope)
select
    a.alley_id, a.name as alley_name, d.name as district_name, st.name as street_name, a.district_code,
    a.civilized_since, a.last_reviewed_on, a.next_review_on,
    (a.next_review_on - $as_of) as days_to_review,
    l.score as latest_score
from alleys as a
join districts as d using (district_code)
join streets as st using (street_code)
left join alley_latest_score(($as_of + interval 1 day)::date) as l using (alley_id)
where a.is_civilized and a.civilized_since <= $as_of
  and chosen($districts::varchar[], a.district_code)
  and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), a.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), a.street_code))), false)
order by a.next_review_on, a.alley_id
