-- 涉农区 against the non-agricultural districts (东城、西城、石景山) on one district measure
-- ($measure, from a fixed list): the plain mean of the districts' values, and how many have one.
with chosen_measure as (
    select
        is_agricultural,
        case $measure
            when 'cases_per_10k' then cases_per_10k
            when 'satisfaction_rate' then satisfaction_rate
            when 'grid_share' then grid_share
            when 'projects_per_10k' then projects_per_10k
            when 'alley_score' then alley_score
        end as value
    from district_figures($start, $end, $as_of)
)
select is_agricultural, round(avg(value), 2) as mean_value, count(value) as districts
from chosen_measure
group by is_agricultural
order by is_agricultural desc
