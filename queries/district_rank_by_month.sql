-- Each district's rank per month on $measure (the semantic layer's district_month_rank: one of
-- the three rates or cases per 10,000 residents; 1 = best, ties share the better rank), then the
-- whole city's value per month (district_code '110000', no rank) for the grey line behind them.
select month_start, district_code, short_name, is_agricultural, value, rank
from district_month_rank($start, $end, $measure)
union all
select
    r.month_start, '110000', '全市', null,
    case $measure
        when 'satisfaction_rate' then r.satisfaction_rate
        when 'resolution_rate' then r.resolution_rate
        when 'response_rate' then r.response_rate
        when 'cases_per_10k' then per_10k(r.cases, (select sum(population) from districts), 2)
    end,
    null
from case_rates($start, $end, []::varchar[], []::varchar[], false, false, true) as r
order by month_start, rank nulls last, district_code
