-- The chosen area's volunteer service projects started by $as_of, one row per service category,
-- largest first: projects, volunteers, beneficiaries and service hours, with each category's rank
-- and the area's totals beside them (so a sentence can name the largest and give the total).
with by_category as (
    select category, count(*) as projects, sum(volunteers)::bigint as volunteers,
           sum(beneficiaries)::bigint as beneficiaries, sum(service_hours)::bigint as service_hours
    from volunteer_projects
    where started_on <= $as_of and chosen($districts::varchar[], district_code)
    group by category
)
select
    category, projects, volunteers, beneficiaries, service_hours,
    rank() over (order by projects desc) as category_rank,
    sum(projects) over ()::bigint as total_projects,
    sum(beneficiaries) over ()::bigint as total_beneficiaries
from by_category
order by projects desc, category
