-- Every district's figures for the months $start..$end, stocks as at $as_of (the semantic layer's
-- district_figures), with its case volume in the same months a year before and the change in
-- percent (NULL when the data does not reach back a year): the 简报's table of all districts, its
-- district charts and its sentences on the best and the worst district.
select
    f.* exclude (boundary_geojson, label_lon, label_lat),
    y.cases as cases_year_before,
    change_pct(f.cases, y.cases) as cases_vs_year_before
from district_figures($start, $end, $as_of) as f
left join case_rates(
    ($start::date - interval 1 year)::date, ($end::date - interval 1 year)::date,
    []::varchar[], []::varchar[], true, false, false
) as y using (district_code)
order by f.district_code
