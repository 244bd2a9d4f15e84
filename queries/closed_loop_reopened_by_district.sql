-- Spot-check problems re-checked (复查) in $start..$as_of in each chosen district (every district when
-- none is chosen), how many of them a 复查 sent back to 整改 (复查未通过, re-opened), and the re-open
-- rate (返工率) in percent: the semantic layer's spot_check_rechecks. The red list records no 复查
-- result, so it is not in this figure. Highest rate first; districts with nothing re-checked last.
with rechecked as (
    select * from spot_check_rechecks($start::date, $as_of::date) where chosen($districts::varchar[], district_code)
)
select
    d.district_code, d.name as district_name,
    count(r.case_id) as rechecked_items,
    count(r.case_id) filter (where r.is_reopened) as reopened_items,
    share_pct(count(r.case_id) filter (where r.is_reopened), count(r.case_id), 1) as reopen_rate
from districts as d
left join rechecked as r using (district_code)
where chosen($districts::varchar[], d.district_code)
group by d.district_code, d.name
order by reopen_rate desc nulls last, d.district_code
