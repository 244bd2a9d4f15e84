-- Cases per month by source (hotline, grid staff, spot check) for the chosen districts and months.
select
    a.month_start,
    a.source,
    s.name as source_name,
    sum(a.cases)::bigint as cases
from agg_cases_street_month as a
join case_sources as s using (source)
where a.month_start between $start and $end
  and chosen($districts::varchar[], a.district_code)
group by all
order by a.month_start, a.source
