-- The 12345 per-case satisfaction rate (满意率: 满意 + 基本满意 over rated cases) per month,
-- per district, for the chosen months. A different measure from the survey.
select
    a.month_start,
    a.district_code,
    d.name as district_name,
    sum(a.rated)::bigint as rated,
    sum(a.satisfied)::bigint as satisfied,
    round(sum(a.satisfied) * 100.0 / nullif(sum(a.rated), 0), 2) as satisfaction_rate
from agg_cases_street_month as a
join districts as d using (district_code)
where a.source = 'hotline'
  and a.month_start between $start and $end
group by all
order by a.district_code, a.month_start
