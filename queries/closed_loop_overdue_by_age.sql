-- Overdue items of the closed loop as at $as_of for the chosen districts, by how long they have been
-- overdue (overdue_band: up to 7 days, 8–30 days, more than 30), spot-check problems and red-listed
-- alleys apart and together. Every band has its row, with zeros when nothing is in it.
with bands as (
    select * from (values ('week', 1), ('month', 2), ('longer', 3)) as b(band, band_order)
),
overdue as (
    select overdue_band(days_overdue) as band, kind
    from closed_loop_as_of($as_of::date)
    where is_overdue and chosen($districts::varchar[], district_code)
)
select
    b.band,
    count(o.kind) filter (where o.kind = 'spot_check') as overdue_spot_check,
    count(o.kind) filter (where o.kind = 'red_list') as overdue_red_list,
    count(o.kind) as overdue_items
from bands as b
left join overdue as o using (band)
group by b.band, b.band_order
order by b.band_order
