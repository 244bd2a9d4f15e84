-- Figures of the work itself that the brief states and no record table holds (34 municipal
-- departments in the rural work group, 17 measures in 5 areas, 34 Farmers' Art Festivals …).
select fact_key, line, name, value, unit, as_of, source
from programme_facts
order by line, fact_key
