-- The chosen districts' (or the city's) case volume and three rates for the chosen months, beside
-- the same months a year before (同比) and the months just before (环比), with the changes: the
-- semantic layer's area_rates. One row.
select * from area_rates($start, $end, $districts::varchar[])
