-- Survey satisfaction by quarter for the chosen districts taken together (satisfied over
-- respondents, pooled), or for the city when none is chosen; from 2020 to the quarter of $end
-- (the semantic layer's survey_quarters).
select period, satisfied_count, sample_size, satisfaction_pct
from survey_quarters($districts::varchar[], $end)
order by year, quarter
