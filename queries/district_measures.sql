-- One row per district for the chosen months (stocks as at $as_of): the semantic layer's
-- district_figures, for the chosen districts (all when none is chosen).
select * from district_figures($start, $end, $as_of)
where chosen($districts::varchar[], district_code)
order by district_code
