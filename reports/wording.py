"""Phrases for the brief that change with the data: rose / fell / held, first / last, against the
target or the city.

Pure functions of query columns. Each takes a figure or a change a named query has already worked
out (同比 and 环比 changes, gaps to the city, ranks and places moved) and words it with ui.narrative's
phrases and ui.formats' numbers, so a figure reads in the 简报 exactly as on 总览 and the slides.
A missing change (a quarter before the data began) gives an empty string, so the sentences built
from these simply leave it out.
"""

from __future__ import annotations

from collections.abc import Iterable

from reports.figures import Rank
from ui import formats, narrative

FLAT = formats.FLAT
MORE, FEWER = "增加", "减少"
ORDINALS = "一二三四五六七八九十"


def _threshold(kind: str) -> float:
    """Half the last digit a kind is written to: a smaller change is written as 持平."""
    return 0.5 * 10 ** -formats.KINDS[kind].decimals


def pct_change(label: str, change_pct: float | None) -> str:
    """'同比上升 12.4%' / '环比下降 30.6%' / '同比持平'; '' when there is nothing to compare."""
    if formats.missing(change_pct):
        return ""
    return label + narrative.pct_change_phrase(change_pct)


def points_change(label: str, change: float | None, kind: str = "rate") -> str:
    """'同比提高 2.5 个百分点' / '环比提高 0.35 个百分点' (the survey) / '环比持平'."""
    if formats.missing(change):
        return ""
    return label + narrative.points_phrase(change, kind)


def score_change(label: str, change: float | None) -> str:
    """'环比提高 0.1 分' / '同比下降 0.4 分' / '环比持平', as the slides word the alley score."""
    if formats.missing(change):
        return ""
    word = narrative.direction(change, _threshold("score"), "提高", "下降")
    return label + word if word == FLAT else f"{label}{word} {formats.number(abs(change), 'score', '分')}"


def stock_change(label: str, change: float | None, unit: str, what: str = "") -> str:
    """'较上季度末增加 10 条' / '陈列室较上年同期减少 3 个' / '与上季度末持平'; for counts of things."""
    if formats.missing(change):
        return ""
    if change == 0:
        return f"{what}与{label.removeprefix('较')}{FLAT}"
    return f"{what}{label}{MORE if change > 0 else FEWER} {formats.count(abs(change), unit)}"


def against_city(gap: float | None, kind: str = "rate", unit: str = "") -> str:
    """'高于全市 1.2 个百分点' / '低于全市 0.4 分' / '与全市持平'; `gap` is the area less the city."""
    if formats.missing(gap):
        return ""
    if formats.KINDS[kind].percent:
        phrase = narrative.points_phrase(gap, kind, "高于全市", "低于全市")
    else:
        word = narrative.direction(gap, _threshold(kind), "高于全市", "低于全市")
        phrase = word if word == FLAT else f"{word} {formats.number(abs(gap), kind, unit)}"
    return f"与全市{FLAT}" if phrase == FLAT else phrase


def against_target(value: float | None, target: float, measure: str) -> str:
    """'高于 97% 的目标' / '低于 95.0% 的目标' / '达到 97% 的目标': the figure beside the office's target,
    both written as the measure is written everywhere."""
    if formats.missing(value):
        return ""
    written = formats.measure(measure, target)
    if formats.measure(measure, value) == written:
        return f"达到 {written} 的目标"
    return f"{'高于' if value > target else '低于'} {written} 的目标"


def _place(rank: Rank, last_is_worst: bool = True) -> str:
    tie = "并列" if rank.tied else ""
    if rank.rank == 1:
        return f"{tie}第一"
    if rank.rank >= rank.of:
        return f"{tie}最后（第 {rank.of} 位）" if last_is_worst else f"{tie}最后"
    return f"{tie}第 {rank.rank} 位"


def rank(rank: Rank | None) -> str:
    """'在 16 个区中排名第一' / '排名最后（第 16 位）' / '排名第 5 位'; '并列' when tied."""
    if rank is None:
        return ""
    return f"在 {rank.of} 个区中排名{_place(rank)}"


def rank_short(rank: Rank | None) -> str:
    """For headlines and tables: '居全市第一' / '居全市最后' / '居全市第 5 位'."""
    if rank is None:
        return ""
    return f"居全市{_place(rank, last_is_worst=False)}"


def rank_move(places_up: int | None) -> str:
    """'较上季度上升 2 位' / '较上季度下降 1 位' / '位次与上季度持平' (district_ranks' places_up)."""
    if places_up is None:
        return ""
    if places_up == 0:
        return f"位次与上季度{FLAT}"
    return f"较上季度{'上升' if places_up > 0 else '下降'} {abs(places_up)} 位"


def headline_level(change: float | None, kind: str = "survey") -> str:
    """For headlines: '升至' / '降至' / '保持在' (against the quarter before); '为' with nothing to compare."""
    if formats.missing(change):
        return "为"
    return narrative.direction(change, _threshold(kind), "升至", "降至", "保持在")


def ordinal_lead(index: int) -> str:
    """0 → '一是', 1 → '二是' …"""
    return f"{ORDINALS[index]}是"


def clauses(parts: Iterable[str], sep: str = "，") -> str:
    """Join the non-empty parts."""
    return sep.join(p for p in parts if p)


def sentence(*parts: str, sep: str = "，") -> str:
    """Non-empty parts joined, ending with '。'."""
    text = clauses(parts, sep)
    return f"{text}。" if text else ""
