"""China's working days and days off: public holidays and 调休 from the `chinese-calendar` package.

Weekly volumes of the 12345 hotline follow working days, not weekdays: a week with three days of
National Day holiday hears fewer calls, and a 调休 Saturday as many as a Tuesday. The package ships
the State Council's schedule as data (no network at run time); it knows the years 2004–2026. For a
day outside them the plain rule applies (Saturday and Sunday off), so a warehouse reaching past the
package's last year still works, only without that year's holidays.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar


@cache
def is_day_off(day: date) -> bool:
    """Whether `day` is a day off in mainland China: a weekend not moved by 调休, or a public holiday."""
    try:
        return not chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not know
        return day.weekday() >= 5


def days_off(start: date, end: date) -> list[date]:
    """Every day off from `start` to `end`, inclusive."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1) if is_day_off(start + timedelta(days=i))]
