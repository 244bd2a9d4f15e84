"""The filters every page shares: districts and a period of months, kept in the URL.

They are drawn once by dashboard.py (the frame around every page), so they stay put when
the user moves between pages. The link carries them as `district` (repeatable district
code), `from` and `to` (YYYY-MM); a colleague opening it sees the same view. Values that
do not fit are ignored with a notice, never an error page.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import streamlit as st

from ui import compat, gate, labels, text
from ui.data import query

DISTRICTS_KEY = "filter_districts"
PERIOD_KEY = "filter_period"
_SEEDED_KEY = "filter_seeded_from_url"


@dataclass(frozen=True)
class Filters:
    districts: tuple[str, ...]  # empty = the whole city
    start: date  # first day of the first month
    end: date  # first day of the last month (inclusive)
    data_end: date

    @property
    def as_of(self) -> date:
        """Last day of the period, not past the data's end."""
        last = date(self.end.year, self.end.month, calendar.monthrange(self.end.year, self.end.month)[1])
        return min(last, self.data_end)

    def narrow(self, frame, column: str = "district_code"):
        """The rows of `frame` in the chosen districts (all rows when none is chosen)."""
        return frame[frame[column].isin(self.districts)] if self.districts else frame

    def params(self) -> dict:
        return {"districts": list(self.districts), "start": self.start, "end": self.end}

    def with_as_of(self) -> dict:
        return {**self.params(), "as_of": self.as_of}

    @property
    def period_label(self) -> str:
        if self.start == self.end:
            return month_label(self.start)
        return f"{month_label(self.start)}—{month_label(self.end)}"

    def area_label(self, names: dict[str, str]) -> str:
        if not self.districts:
            return labels.CITY
        if len(self.districts) > 4:
            return f"{len(self.districts)} 个区"
        return "、".join(names[c] for c in self.districts)


def month_label(d: date) -> str:
    return f"{d.year}年{d.month}月"


def _month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def district_names() -> dict[str, str]:
    frame = query("districts")
    return dict(zip(frame["district_code"], frame["name"], strict=True))


def _seed_from_url(months: list[date], codes: list[str], default_period: tuple[date, date]) -> list[str]:
    """On a session's first run, take districts and period from the link; return notices."""
    notices = []
    params = st.query_params
    by_key = {_month_key(m): m for m in months}
    wanted = params.get_all("district")[: 4 * len(codes)]  # a link repeating a value thousands of times is cut short
    good = [c for c in wanted if c in codes]
    bad = list(dict.fromkeys(c for c in wanted if c not in codes))
    if bad:
        shown = "、".join(text.clip(c) for c in bad[:3]) + (f" 等 {len(bad)} 个值" if len(bad) > 3 else "")
        notices.append(f"链接中的区划代码 {shown} 无效，已忽略。")
    # Cut to the reader's remit (issue 14): the link's districts outside it are dropped with a notice,
    # and with none in the link the filters open on the reader's own districts.
    st.session_state[DISTRICTS_KEY] = gate.link_districts(list(dict.fromkeys(good)), notices)
    start, end = default_period
    for name in ("from", "to"):
        value = params.get(name)
        if value is None:
            continue
        if value in by_key:
            if name == "from":
                start = by_key[value]
            else:
                end = by_key[value]
        else:
            notices.append(
                f"链接中的时段参数 {name}={text.clip(value)} 无效"
                f"（应为 {_month_key(months[0])} 至 {_month_key(months[-1])} 之间的年月，如 {_month_key(months[-1])}），已忽略。"
            )
    if start > end:
        notices.append("链接中的起始月份晚于结束月份，已对调。")
        start, end = end, start
    st.session_state[PERIOD_KEY] = (start, end)
    return notices


def _write_url(filters: Filters) -> None:
    """Keep the link in step with the filters. The period is always written, even when it is
    today's default: the default moves when next month's data is loaded, and a link sent today
    must show the same months when it is opened next month."""
    wanted: dict[str, str | list[str]] = {"from": _month_key(filters.start), "to": _month_key(filters.end)}
    if filters.districts:
        wanted["district"] = list(filters.districts)
    for name in ("district", "from", "to"):
        if name not in wanted and name in st.query_params:
            del st.query_params[name]
    for name, value in wanted.items():
        current = st.query_params.get_all(name)
        if current != (value if isinstance(value, list) else [value]):
            st.query_params[name] = value


def select_districts(codes: list[str]) -> None:
    """Narrow every page to these districts (used by map and table clicks)."""
    st.session_state[DISTRICTS_KEY] = list(codes)


def _apply_group() -> None:
    choice = st.session_state.get("filter_quick_group")
    frame = query("districts")
    if choice == "core":
        st.session_state[DISTRICTS_KEY] = frame.loc[~frame["is_agricultural"], "district_code"].tolist()
    elif choice == "agri":
        st.session_state[DISTRICTS_KEY] = frame.loc[frame["is_agricultural"], "district_code"].tolist()
    elif choice == "all":
        st.session_state[DISTRICTS_KEY] = []
    st.session_state["filter_quick_group"] = None


def sidebar_filters() -> Filters:
    """Draw the shared filters in the sidebar and return what they say."""
    months = list(query("months")["month_start"].dt.date)
    names = district_names()
    codes = list(names)
    data_end = date.fromisoformat(query("warehouse_info").set_index("key").at["data_end", "value"])
    default_period = (date(months[-1].year, 1, 1) if date(months[-1].year, 1, 1) in months else months[0], months[-1])

    notices = []
    if not st.session_state.get(_SEEDED_KEY):
        notices = _seed_from_url(months, codes, default_period)
        st.session_state[_SEEDED_KEY] = True

    with st.sidebar:
        st.multiselect(
            labels.FILTER_DISTRICTS,
            options=codes,
            format_func=names.get,
            key=DISTRICTS_KEY,
            placeholder=labels.FILTER_DISTRICTS_PLACEHOLDER,
            help=labels.FILTER_DISTRICTS_HELP,
        )
        st.pills(
            "快捷选择",
            options=list(labels.QUICK_GROUPS),
            format_func=labels.QUICK_GROUPS.get,
            key="filter_quick_group",
            on_change=_apply_group,
            label_visibility="collapsed",
        )
        start, end = st.select_slider(
            labels.FILTER_PERIOD,
            options=months,
            # A tuple default makes this a range slider on every run, not only the first.
            value=default_period,
            format_func=month_label,
            key=PERIOD_KEY,
            help=labels.FILTER_PERIOD_HELP,
        )
    st.session_state["filter_notices"] = notices

    filters = Filters(tuple(st.session_state[DISTRICTS_KEY]), start, end, data_end)
    _write_url(filters)
    return filters


def current() -> Filters:
    """The filters drawn by the frame for this run (pages call this)."""
    if "current_filters" not in st.session_state:
        compat.leave_pages_directory_mode()
        # Another session's first run switched the mode off while this one's began in it (a new process
        # opened by several tabs at once): run again, through the frame and its gate.
        st.rerun()
    return st.session_state["current_filters"]
