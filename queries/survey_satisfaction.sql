-- Survey satisfaction with creation results by quarter, for the city (110000) and each district.
-- Quarters overlapping the chosen months only; the 2020 yearly figure is the sample-weighted
-- mean of its quarters (see survey_satisfaction_by_year).
select
    s.period, s.year, s.quarter, s.area_code,
    coalesce(d.name, '全市') as area_name,
    s.sample_size, s.satisfied_count, s.satisfaction_pct,
    make_date(s.year, s.quarter * 3 - 2, 1) as quarter_start
from satisfaction_surveys as s
left join districts as d on d.district_code = s.area_code
where make_date(s.year, s.quarter * 3 - 2, 1) <= $end
  and make_date(s.year, s.quarter * 3, 1) >= $start
order by s.area_code, s.year, s.quarter
