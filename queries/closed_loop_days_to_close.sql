-- How long the loop takes to close, by district: of the items closed in $start..$as_of in each chosen
-- district (every district when none is chosen), how many and the median days from 发现 to 销号 for
-- spot-check problems, and from 挂牌 to 摘牌 for red-listed alleys (closed_loop_as_of's days_to_close).
-- A district with nothing closed has a count of 0 and no median.
with closed as (
    select * from closed_loop_as_of($as_of::date)
    where closed_on >= $start and chosen($districts::varchar[], district_code)
)
select
    d.district_code, d.name as district_name,
    count(c.item_id) filter (where c.kind = 'spot_check') as closed_spot_check,
    median(c.days_to_close) filter (where c.kind = 'spot_check') as median_days_spot_check,
    count(c.item_id) filter (where c.kind = 'red_list') as closed_red_list,
    median(c.days_to_close) filter (where c.kind = 'red_list') as median_days_red_list
from districts as d
left join closed as c using (district_code)
where chosen($districts::varchar[], d.district_code)
group by d.district_code, d.name
order by median_days_spot_check desc nulls last, d.district_code
