-- Survey satisfaction by quarter for the chosen districts taken together (satisfied over
-- respondents, summed), or for the city when none is chosen; from 2020 to the quarter of $end.
select
    period,
    sum(satisfied_count)::bigint as satisfied_count,
    sum(sample_size)::bigint as sample_size,
    round(sum(satisfied_count) * 100.0 / sum(sample_size), 2) as satisfaction_pct
from satisfaction_surveys
where make_date(year, quarter * 3 - 2, 1) <= $end
  and (
      (len($districts::varchar[]) = 0 and area_code = '110000')
      or list_contains($districts::varchar[], area_code)
  )
group by period
order by period
