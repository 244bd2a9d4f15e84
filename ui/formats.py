"""One formatter per kind of figure, so a figure reads the same on a page, a slide, a table, an
export and the 简报 (reports/ uses these too).

- counts: thousands separators, with the unit: "146,108 件";
- 12345 rates and shares: one decimal, the precision the city publishes: "95.5%";
- the survey figure: as the brief writes it, up to two decimals: "97.35%", "91.7%";
- scores: one decimal: "92.1 分"; per-10,000-resident figures: one or two decimals;
- changes: with a sign, rates in 个百分点 ("+2.1 个百分点"), counts in percent ("-30.6%"),
  "持平" when the change rounds to nothing;
- months "2023年9月", days "2023年9月30日", quarters "2023年三季度".

Pure functions, no Streamlit: plain pytest checks them, and reports/ imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ui import labels

DASH = "—"  # a figure that does not exist (no cases, nothing to compare with)
FLAT = "持平"


@dataclass(frozen=True)
class Kind:
    """How one kind of figure is written: decimals, and whether its changes are in points."""

    decimals: int
    strip_zeros: bool = False  # the survey: 91.70 is written 91.7, as the brief does
    percent: bool = False  # written with "%", and its changes in 个百分点


KINDS = {
    "count": Kind(0),
    "rate": Kind(1, percent=True),
    "survey": Kind(2, strip_zeros=True, percent=True),
    "score": Kind(1),
    "per_10k": Kind(1),
    "per_10k_fine": Kind(2),
    "change_pct": Kind(1, percent=True),
    "days": Kind(1, strip_zeros=True),  # a median of days: 8 天, 8.5 天
}


def missing(value: Any) -> bool:
    """None, NaN, pd.NA or NaT: a figure or a date that is not there."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _digits(value: float, kind: Kind) -> str:
    text = f"{value:,.{kind.decimals}f}"
    if kind.strip_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def number(value: Any, kind: str, unit: str = "") -> str:
    """`value` written as a figure of `kind`, with its unit ("%" for rates): "146,108 件", "97.35%"."""
    if missing(value):
        return DASH
    spec = KINDS[kind]
    text = _digits(float(value), spec)
    if spec.percent:
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def change(value: Any, kind: str, unit: str = "") -> str:
    """A change with its sign: "+2.1 个百分点" for rates, "+11.1%" for counts, "+0.4 分" for scores."""
    if missing(value):
        return DASH
    spec = KINDS[kind]
    text = _digits(abs(float(value)), spec)
    if float(text.replace(",", "")) == 0:
        return FLAT
    sign = "+" if value > 0 else "-"
    if spec.percent and kind != "change_pct":
        return f"{sign}{text} 个百分点"
    if kind in ("change_pct", "count"):
        return f"{sign}{text}%"
    return f"{sign}{text} {unit}".rstrip()


def measure(key: str, value: Any) -> str:
    """A value of one of the dashboard's measures (ui.labels.MEASURES), with its unit."""
    spec = labels.MEASURES[key]
    return number(value, spec.kind, spec.unit)


def measure_change(key: str, value: Any) -> str:
    spec = labels.MEASURES[key]
    return change(value, spec.kind, spec.unit)


def count(value: Any, unit: str) -> str:
    return number(value, "count", unit)


def ten_thousands(value: Any, unit: str) -> str:
    """A large total in 万, as Chinese reports write it: "357.9 万人次"."""
    if missing(value):
        return DASH
    return f"{float(value) / 10_000:,.1f} 万{unit}"


def rate(value: Any) -> str:
    return number(value, "rate")


def survey(value: Any) -> str:
    return number(value, "survey")


def percent_change(value: Any) -> str:
    return change(value, "change_pct")


def month(d: date) -> str:
    return f"{d.year}年{d.month}月"


def day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def quarter(period: str) -> str:
    """'2023Q3' → '2023年三季度'."""
    year, q = period.split("Q")
    return f"{year}年{'一二三四'[int(q) - 1]}季度"


# How each column of a table is written (tables and exports follow the same kinds as the cards).
COLUMN_KINDS = {
    **{key: spec.kind for key, spec in labels.MEASURES.items()},
    "population": "count",
    "hotline_cases": "count",
    "grid_cases": "count",
    "rated": "count",
    "satisfied": "count",
    "cases_year_before": "count",
    "change_pct": "change_pct",
    "target_change_pct": "change_pct",
    "others_change_pct": "change_pct",
    "net_change_pct": "change_pct",
    "net_low_pct": "change_pct",
    "net_high_pct": "change_pct",
    "target_change_so_far": "change_pct",
    "other_change_so_far": "change_pct",
    "satisfaction_pct": "survey",
    "score": "score",
    "latest_score": "score",
    "mean_score": "score",
    "p10_score": "score",
    "trigger_score": "score",
    "quarter_score": "score",
    "fail_pct": "rate",
    "history_room_coverage": "rate",
    "video_screen_coverage": "rate",
    "index_vs_year_before": "score",
    "length_m": "count",
    "median_days_spot_check": "days",
    "median_days_red_list": "days",
    "reopen_rate": "rate",
    "overdue_share": "rate",
}
