-- Survey satisfaction per year for the city: satisfied respondents over all respondents.
select year, sum(satisfied_count) as satisfied_count, sum(sample_size) as sample_size,
       round(sum(satisfied_count) * 100.0 / sum(sample_size), 2) as satisfaction_pct,
       count(*) as quarters
from satisfaction_surveys
where area_code = '110000'
group by year
order by year
