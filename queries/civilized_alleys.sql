-- The 首都文明街巷 of the chosen districts, with when they were named and their next review.
select
    a.alley_id, a.name as alley_name, d.name as district_name, st.name as street_name, a.district_code,
    a.civilized_since, a.last_reviewed_on, a.next_review_on,
    (a.next_review_on - $as_of) as days_to_review,
    l.score as latest_score
from alleys as a
join districts as d using (district_code)
join streets as st using (street_code)
left join (
    select alley_id, score from alley_inspections
    where kind = 'monthly_score' and inspected_on <= $as_of
    qualify row_number() over (partition by alley_id order by inspected_on desc) = 1
) as l using (alley_id)
where a.is_civilized and a.civilized_since <= $as_of
  and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], a.district_code))
order by a.next_review_on, a.alley_id
