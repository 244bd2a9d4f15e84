-- Mean monthly score per month for the chosen districts, with the share under the red-list line.
select
    date_trunc('month', i.inspected_on)::date as month_start,
    round(avg(i.score), 1) as mean_score,
    round(quantile_cont(i.score, 0.1), 1) as p10_score,
    count(*) as alleys_scored,
    count(*) filter (where i.score < $red_line) as below_line
from alley_inspections as i
join alleys as a using (alley_id)
where i.kind = 'monthly_score'
  and i.inspected_on between $start and $end + interval 1 month - interval 1 day
  and chosen($districts::varchar[], a.district_code)
group by all
order by month_start
