-- The 12345 per-case satisfaction rate (满意率: 满意 + 基本满意 over rated cases; only hotline
-- callers rate) per month for each district and for the city ('110000', 全市), for the chosen
-- months. A different measure from the survey.
select r.month_start, r.district_code, d.name as district_name, r.rated, r.satisfied, r.satisfaction_rate
from case_rates($start, $end, []::varchar[], ['hotline'], true, false, true) as r
join districts as d using (district_code)
union all
select month_start, '110000', '全市', rated, satisfied, satisfaction_rate
from case_rates($start, $end, []::varchar[], ['hotline'], false, false, true)
order by district_code, month_start
