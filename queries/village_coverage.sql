-- Villages and communities per district: rules, history rooms and video screens, and coverage.
-- History rooms count those open by $as_of (the brief's 685 by 2023-09-30), as headline_stock
-- does; rules and screens carry no date and count as they are.
select
    d.district_code, d.name as district_name, d.is_agricultural,
    count(*) filter (where v.kind = 'village') as villages,
    count(*) filter (where v.kind = 'community') as communities,
    count(*) filter (where v.has_rules) as with_rules,
    count(*) filter (where v.has_history_room and v.history_room_opened_on <= $as_of) as history_rooms,
    count(*) filter (where v.has_video_screen) as video_screens,
    round(count(*) filter (where v.has_rules) * 100.0 / nullif(count(*), 0), 1) as rules_coverage,
    round(
        count(*) filter (where v.has_history_room and v.history_room_opened_on <= $as_of) * 100.0
        / nullif(count(*) filter (where v.kind = 'village'), 0),
        1
    ) as history_room_coverage,
    round(count(*) filter (where v.has_video_screen) * 100.0 / nullif(count(*) filter (where v.kind = 'village'), 0), 1) as video_screen_coverage
from districts as d
left join villages as v using (district_code)
where (len($districts::varchar[]) = 0 or list_contains($districts::varchar[], d.district_code))
  and (not $agricultural_only or d.is_agricultural)
group by all
order by d.district_code
