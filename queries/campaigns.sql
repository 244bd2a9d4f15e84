-- The campaigns with their windows and targets, for marking charts.
select c.campaign_id, c.name, c.focus_area, c.started_on, c.ended_on,
       string_agg(t.subcategory, '、' order by t.subcategory) as targets
from campaigns as c
join campaign_targets as t using (campaign_id)
group by all
order by c.started_on, c.campaign_id
