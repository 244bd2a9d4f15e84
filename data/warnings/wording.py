"""The reason each warning gives, in Chinese: what it is, where, the subcategory, the count against what
was expected, and since when. Pure functions of one query row, figures written by ui.formats, so the
command line, the 预警 page and the 简报 say the same thing the same way."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd

from ui import formats, labels

KIND_LABELS = {"surge": "异动", "repeat": "重复诉求", "caller": "一人多诉", "overdue": "逾期", "lagging": "连续靠后"}
# For a lagging street: which end of the ranking it is at.
LAGGING_MEASURES = ("response_rate", "resolution_rate", "satisfaction_rate", "cases_per_10k")


def _day(value) -> str:
    return formats.day(pd.Timestamp(value).date())


def _short_day(value) -> str:
    d = pd.Timestamp(value).date()
    return f"{d.month}月{d.day}日"


def _where(row) -> str:
    return f"{row['district_name']}{row['street_name']}"


def place_of_repeat(row) -> str:
    """An address without the district and street the reason already names, or the spot's coordinates."""
    address = row.get("address")
    if isinstance(address, str) and address:
        for prefix in (f"{row['district_name']}{row['street_name']}", row["district_name"], "北京市"):
            if address.startswith(prefix) and len(address) > len(prefix):
                address = address[len(prefix) :]
        return address
    return f"经度 {row['lon']:.5f}、纬度 {row['lat']:.5f} 附近约 100 米内"


def surge(row, as_of: date) -> str:
    this_week = pd.Timestamp(row["week_end"]).date() == as_of
    week = "本周" if this_week else "上周"
    span = f"{_short_day(row['week_start'])}至{_short_day(row['week_end'])}"
    basis = "往年同期水平" if row["seasonal_basis"] else "近期水平"
    adjusted = []
    if row["weekday_holidays"]:
        adjusted.append(f"{int(row['weekday_holidays'])} 天节假日")
    if row["weekend_workdays"]:
        adjusted.append(f"{int(row['weekend_workdays'])} 天调休上班")
    adjustment = f"，已按 {'、'.join(adjusted)}折算" if adjusted else ""
    weeks = int(row["weeks_running"])
    run = f"自 {_day(row['since'])}所在周起已连续 {weeks} 周偏高" if weeks > 1 else "为本轮首周偏高"
    return (
        f"{_where(row)}“{row['subcategory']}”类 12345 诉求异动：{week}（{span}）受理 {formats.count(row['cases'], '件')}，"
        f"{_expected(row['expected'])}（按{basis}{adjustment}）；{run}。"
    )


def _expected(value: float) -> str:
    if value < 0.05:  # "预期约 0.0 件" reads as a misprint
        return "预期不到 0.1 件"
    return f"预期约 {formats.number(value, 'score')} 件"


def repeat(row, days: int) -> str:
    sources = Counter(row["sources"].split(",")) if row.get("sources") else Counter()
    by_source = "、".join(labels.SOURCES.get(s, s) for s in sorted(sources))
    return (
        f"{_where(row)}{place_of_repeat(row)}：“{row['subcategory']}”问题近 {days} 天被反映 "
        f"{formats.count(row['cases'], '次')}（{by_source}），同一地点同一问题自 {_day(row['since'])}起反复出现。"
    )


def caller(row, days: int) -> str:
    subcategories = Counter(str(row["subcategories"]).split("、"))
    what = "、".join(f"{sub} {n} 次" for sub, n in subcategories.most_common())
    streets = f"，涉及 {int(row['streets'])} 个街乡镇" if int(row["streets"]) > 1 else ""
    return (
        f"同一来电人（标识 {row['caller_ref']}）近 {days} 天来电 {formats.count(row['cases'], '次')}（{what}{streets}），"
        f"最近一次反映的是{_where(row)}的问题；自 {_day(row['since'])}起持续来电。"
    )


def overdue_cases(row) -> str:
    top = (
        f"；其中“{row['top_subcategory']}” {formats.count(row['top_subcategory_cases'], '件')}"
        if int(row["cases"]) > 1
        else f"（“{row['top_subcategory']}”）"
    )
    spot = int(row.get("spot_checks") or 0)
    spot_checks = f"，其中创城抽查问题 {spot} 件超过整改期限" if spot else ""
    return (
        f"{_where(row)}：{formats.count(row['cases'], '件')}问题超过办理时限仍未办结{spot_checks}，"
        f"最早的一件 {_day(row['since'])}起逾期，已逾期 {int(row['most_days_overdue'])} 天{top}。"
    )


def overdue_alley(row) -> str:
    problem = f"，主要问题“{row['main_problem']}”" if isinstance(row.get("main_problem"), str) and row["main_problem"] else ""
    return (
        f"{_where(row)}{row['alley_name']}：挂牌督办（{_day(row['listed_on'])}挂牌{problem}）整改期限 "
        f"{_day(row['deadline'])}，已逾期 {int(row['days_overdue'])} 天仍未整改完成。"
    )


def lagging(row) -> str:
    measure = row["measure"]
    label = labels.measure_label(measure, with_unit=False)
    end = "最多" if measure == "cases_per_10k" else "最低"
    latest = formats.month(pd.Timestamp(row["latest_month"]).date())
    return (
        f"{_where(row)}：{label}连续 {int(row['months_running'])} 个月处于全市街乡镇{end}的 10%"
        f"（自 {formats.month(pd.Timestamp(row['since']).date())} 起）；{latest}为 {formats.measure(measure, row['value'])}，"
        f"全市{end} 10% 的分界为 {formats.measure(measure, row['line'])}。"
    )
