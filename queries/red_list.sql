-- The red list (挂牌督办) as at $as_of for the chosen districts: every listing that was open at
-- any time in the chosen months, with its status then, days open and whether it is overdue.
select
    s.supervision_id, s.alley_id, a.name as alley_name, d.name as district_name, st.name as street_name,
    a.district_code, s.trigger_score, s.main_problem, s.listed_on, s.deadline,
    case when s.rectified_on <= $as_of then s.rectified_on end as rectified_on,
    case when s.rechecked_on <= $as_of then s.rechecked_on end as rechecked_on,
    case when s.delisted_on <= $as_of then s.delisted_on end as delisted_on,
    case
        when s.delisted_on <= $as_of then 'delisted'
        when s.rechecked_on <= $as_of then 'rechecked'
        when s.rectified_on <= $as_of or $as_of - s.listed_on >= 3 then 'rectifying'
        else 'listed'
    end as status,
    (coalesce(case when s.delisted_on <= $as_of then s.delisted_on end, $as_of) - s.listed_on) as days_open,
    s.deadline < $as_of and (s.rectified_on is null or s.rectified_on > $as_of) as is_overdue,
    s.rectified_on is not null and s.rectified_on > s.deadline and s.rectified_on <= $as_of as rectified_late
from alley_supervisions as s
join alleys as a using (alley_id)
join districts as d on d.district_code = a.district_code
join streets as st on st.street_code = a.street_code
where s.listed_on <= $as_of
  and (s.delisted_on is null or s.delisted_on >= $start)
  and (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], a.district_code))
order by is_overdue desc, (s.delisted_on is null or s.delisted_on > $as_of) desc, s.deadline, s.supervision_id
