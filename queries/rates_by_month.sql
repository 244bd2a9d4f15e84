-- The three rates and the grid staff's share per month for the chosen districts ('selection';
-- the city when none is chosen) and for the whole city ('city'), from the semantic layer.
select month_start, 'selection' as scope, cases, rated, grid_share, response_rate, resolution_rate, satisfaction_rate
from case_rates($start, $end, $districts::varchar[], []::varchar[], false, false, true)
union all
select month_start, 'city', cases, rated, grid_share, response_rate, resolution_rate, satisfaction_rate
from case_rates($start, $end, []::varchar[], []::varchar[], false, false, true)
order by scope, month_start
