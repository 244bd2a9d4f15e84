-- How each district's rank on $measure moved from the first to the last of the chosen months:
-- `places_up` is the places gained (negative: lost). Most gained first; ties share a line.
with ranks as (
    select * from district_month_rank($start, $end, $measure)
),
ends as (
    select min(month_start) as first_month, max(month_start) as last_month from ranks
)
select
    f.district_code, f.short_name, ends.first_month, ends.last_month,
    f.rank as first_rank, l.rank as last_rank, f.rank - l.rank as places_up
from ranks as f
join ranks as l on l.district_code = f.district_code
cross join ends
where f.month_start = ends.first_month and l.month_start = ends.last_month and ends.first_month < ends.last_month
order by places_up desc, f.district_code
