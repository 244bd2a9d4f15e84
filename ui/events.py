"""What explains a bend in a trend line, marked on the trend charts (issue 15): the long public
holidays (春节 and 国庆, with 调休 the weeks people call least), the 专项整治 campaign windows, and the
events the office adds to a short list (config/events.toml). Annotations, not figures: they come
from the calendar and the configuration, not from a query."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pandas as pd

EVENTS_FILE = Path(__file__).resolve().parent.parent / "config" / "events.toml"
# The holidays long enough to move a month's or a week's volume.
LONG_HOLIDAYS = {"Spring Festival": "春节", "National Day": "国庆"}
COLUMNS = ["start", "end", "label", "kind"]


@cache
def _holidays(first_year: int, last_year: int) -> tuple[tuple[date, date, str], ...]:
    """Each long holiday's first and last day off, from chinese-calendar (offline, in the package)."""
    try:
        import chinese_calendar
    except ImportError:  # the dashboard still draws its charts, only without the holiday marks
        return ()
    found: list[tuple[date, date, str]] = []
    day, last = date(first_year, 1, 1), date(last_year, 12, 31)
    while day <= last:
        try:
            is_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:  # a year the package does not know yet
            break
        if is_holiday and name in LONG_HOLIDAYS:
            end = day
            # The days off only: a 调休 working day carries the holiday's name but is a working day.
            while chinese_calendar.get_holiday_detail(end + timedelta(days=1)) == (True, name):
                end += timedelta(days=1)
            found.append((day, end, LONG_HOLIDAYS[name]))
            day = end
        day += timedelta(days=1)
    return tuple(found)


@cache
def _office_events() -> tuple[tuple[date, date, str], ...]:
    if not EVENTS_FILE.exists():
        return ()
    data = tomllib.loads(EVENTS_FILE.read_text(encoding="utf-8"))
    return tuple((item["start"], item.get("end", item["start"]), str(item["label"])) for item in data.get("events", []))


def between(start: date, end: date, campaigns: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events that overlap start..end: holidays, the campaigns' windows (from the named query
    `campaigns`, when given) and the office's own."""
    rows = [(s, e, label, "holiday") for s, e, label in _holidays(start.year, end.year)]
    rows += [(s, e, label, "office") for s, e, label in _office_events()]
    if campaigns is not None and len(campaigns):
        first, last = campaigns["started_on"].min(), campaigns["ended_on"].max()
        rows.append((pd.Timestamp(first).date(), pd.Timestamp(last).date(), "专项整治行动期间", "campaign"))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["start"], frame["end"] = pd.to_datetime(frame["start"]), pd.to_datetime(frame["end"])
    return frame[(frame["end"] >= pd.Timestamp(start)) & (frame["start"] <= pd.Timestamp(end))].reset_index(drop=True)
