-- Each 专项整治 campaign begun by $as_of and its effect on 12345 hotline intake so far (the
-- semantic layer's campaign_effect_as_of): target subcategories against the same months a year
-- before, beside the untargeted ones. The last row ('ALL') is the brief's "下降 30.6% 左右" once
-- every campaign has ended; pages pass the data's last day, the 简报 its quarter's last day.
select * exclude (sort_key)
from campaign_effect_as_of($as_of::date, $districts::varchar[])
order by sort_key, campaign_id
