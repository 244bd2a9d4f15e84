-- The cases behind one warning (the 预警 page), newest first, at most 500: reported from $records_from to
-- the end of $as_of and, by $kind, those the warning counted:
--   surge   12345 cases of the street ($record_key) in the subcategory;
--   repeat  12345 cases at the place ($record_key: the semantic layer's case_place) in the subcategory;
--   caller  the caller's cases ($record_key: the caller's hash, never shown);
--   overdue the street's cases past their deadline and not closed by the end of $as_of (12345 and grid
--           cases by case_deadline; spot-check problems by the closed loop, as warnings_overdue_cases.sql).
-- $subcategory is '' where the kind has none; $record_key '' lists those of every place (as case_list's
-- street ''), for a district's list. Alleys and lagging streets have no cases behind them.
-- records: scope by c.district_code, c.street_code (the reader's remit, access.scope)
with chosen as (
    select
        c.*,
        case_place(c.address, c.lat, c.lon) as place_key,
        coalesce(case_deadline(c.due_at, c.reported_at, c.source, $deadline_days_hotline, $deadline_days_grid), l.due_on + 1)
            as due,
        coalesce(l.is_open and l.is_overdue, false) as spot_check_overdue
    from cases as c
    left join spot_check_stage_as_of($as_of::date) as l using (case_id)
    where c.reported_at >= $records_from::date and c.reported_at < $as_of::date + 1
      and coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), c.district_code) AND
          ($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), c.street_code))), false)
)
select
    k.case_id, s.name as source_name, k.subcategory, d.name as district_name, st.name as street_name, k.address,
    k.reported_at, k.due, k.resolved_at, k.rating
from chosen as k
join case_sources as s using (source)
join districts as d on d.district_code = k.district_code
join streets as st on st.street_code = k.street_code
where ($subcategory = '' or k.subcategory = $subcategory)
  and (
      $record_key = ''
      or case $kind when 'repeat' then k.place_key when 'caller' then k.caller_hash else k.street_code end = $record_key
  )
  and case $kind
      when 'surge' then k.source = 'hotline'
      when 'repeat' then k.source = 'hotline' and k.place_key is not null
      when 'caller' then k.caller_hash is not null
      when 'overdue' then k.spot_check_overdue
          or (k.source <> 'spot_check' and k.due < $as_of::date + 1 and (k.resolved_at is null or k.resolved_at >= $as_of::date + 1))
      else false
  end
order by k.reported_at desc, k.case_id
limit 500
