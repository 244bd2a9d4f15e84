-- Villages and communities per district, then one row for all of them together (district_code
-- NULL, 合计): rules, history rooms (open by $as_of) and video screens, and their coverage.
-- Rules count over villages and communities; rooms and screens over villages (they are built
-- in the countryside).
select
    v.district_code,
    case when grouping(v.district_code) = 0 then any_value(d.name) else '合计' end as district_name,
    bool_and(v.is_agricultural) as is_agricultural,
    count(*) filter (where v.kind = 'village') as villages,
    count(*) filter (where v.kind = 'community') as communities,
    count(*) as villages_and_communities,
    count(*) filter (where v.has_rules) as with_rules,
    count(*) filter (where v.has_history_room) as history_rooms,
    count(*) filter (where v.has_video_screen) as video_screens,
    share_pct(count(*) filter (where v.has_rules), count(*), 1) as rules_coverage,
    share_pct(count(*) filter (where v.has_history_room), count(*) filter (where v.kind = 'village'), 1) as history_room_coverage,
    share_pct(count(*) filter (where v.has_video_screen), count(*) filter (where v.kind = 'village'), 1) as video_screen_coverage
from village_facilities_as_of($as_of::date) as v
left join districts as d using (district_code)
where chosen($districts::varchar[], v.district_code)
  and (not $agricultural_only or v.is_agricultural)
group by grouping sets ((v.district_code), ())
order by v.district_code nulls last
