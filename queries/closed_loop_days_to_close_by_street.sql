-- How long the loop takes to close, by street: for each street of the chosen districts with an item
-- closed in $start..$as_of, how many were closed and the median days from 发现 to 销号 (spot-check
-- problems) and from 挂牌 to 摘牌 (red-listed alleys), as closed_loop_days_to_close counts them by
-- district. Slowest spot-check closing first.
select
    d.name as district_name, st.name as street_name, c.street_code,
    count(*) filter (where c.kind = 'spot_check') as closed_spot_check,
    median(c.days_to_close) filter (where c.kind = 'spot_check') as median_days_spot_check,
    count(*) filter (where c.kind = 'red_list') as closed_red_list,
    median(c.days_to_close) filter (where c.kind = 'red_list') as median_days_red_list
from closed_loop_as_of($as_of::date) as c
join streets as st using (street_code)
join districts as d on d.district_code = c.district_code
where c.closed_on >= $start and chosen($districts::varchar[], c.district_code)
group by d.name, st.name, c.street_code
order by median_days_spot_check desc nulls last, c.street_code
