-- 连续靠后 (lagging) warnings as at $as_of: streets among the city's worst tenth on a measure for at
-- least $lagging_months whole months running (the semantic layer's lagging_streets, the same list the
-- targets' 治理类街乡镇 candidates read). A rate ranks only on at least $min_cases_for_rate cases.
-- records: scope by l.district_code, l.street_code (the reader's remit, access.scope)
select
    l.district_code, d.name as district_name, l.street_code, st.name as street_name,
    l.measure, l.since, l.months_running, l.latest_month, l.value, l.line, l.worst_rank, l.streets_ranked
from lagging_streets($as_of::date, $lagging_months::integer, $min_cases_for_rate::integer) as l
join districts as d on d.district_code = l.district_code
join streets as st on st.street_code = l.street_code
where coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), l.district_code) AND
      ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), l.street_code))), false)
order by l.months_running desc, l.measure, l.street_code
