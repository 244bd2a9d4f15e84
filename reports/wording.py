"""Phrases for the brief that change with the data: rose / fell / held, first / last, against target.

Pure functions of numbers, so tests can feed them figures made to rise, fall or hold. Every
phrase that compares returns an empty string when a side of the comparison is missing (a
quarter before the data began), so sentences built from them simply leave it out.
"""

from __future__ import annotations

from collections.abc import Iterable

UP, DOWN, FLAT = "上升", "下降", "持平"
MORE, FEWER = "增加", "减少"
ORDINALS = "一二三四五六七八九十"


def _missing(*values: float | None) -> bool:
    return any(v is None or v != v for v in values)


def count(value: float | None) -> str:
    """5393 → '5,393'."""
    return "—" if _missing(value) else f"{round(value):,}"


def percent(value: float | None, digits: int = 1) -> str:
    """A percentage with its digits: 95.1 → '95.1%'. With digits=2 a last zero is dropped
    (91.70 → '91.7%', 97.35 → '97.35%'), as the brief writes them."""
    if _missing(value):
        return "—"
    return f"{_fixed(value, digits)}%"


def number(value: float | None, digits: int = 1) -> str:
    return "—" if _missing(value) else f"{value:,.{digits}f}"


def direction(change: float | None, threshold: float, up: str = UP, down: str = DOWN, flat: str = FLAT) -> str:
    """上升 / 下降 / 持平: a change smaller than `threshold` (what rounding hides) is 持平."""
    if _missing(change) or abs(change) < threshold:
        return flat
    return up if change > 0 else down


def relative_change(current: float | None, before: float | None, label: str) -> str:
    """'同比上升 11.3%' / '环比下降 30.6%' / '同比持平'; '' when there is nothing to compare."""
    if _missing(current, before) or before == 0:
        return ""
    change = (current - before) * 100.0 / before
    word = direction(round(change, 1), 0.05)
    return f"{label}{word}" if word == FLAT else f"{label}{word} {abs(change):.1f}%"


def pct_phrase(change_pct: float | None) -> str:
    """A change already in percent: '下降 30.6%' / '上升 5.7%' / '持平'; '' when unknown."""
    if _missing(change_pct):
        return ""
    word = direction(round(change_pct, 1), 0.05)
    return word if word == FLAT else f"{word} {abs(change_pct):.1f}%"


def _fixed(value: float, digits: int) -> str:
    """Fixed digits, a last zero of two dropped: 1.30 → '1.3', 0.35 → '0.35', 0.8 → '0.8'."""
    text = f"{value:.{digits}f}"
    return text[:-1] if digits == 2 and text.endswith("0") else text


def points_change(current: float | None, before: float | None, label: str, digits: int = 1) -> str:
    """'同比上升 1.65 个百分点' / '环比下降 0.8 个百分点' / '环比持平'."""
    if _missing(current, before):
        return ""
    change = round(current - before, digits)
    word = direction(change, 0.5 * 10**-digits)
    return f"{label}{word}" if word == FLAT else f"{label}{word} {_fixed(abs(change), digits)} 个百分点"


def value_change(current: float | None, before: float | None, label: str, unit: str, digits: int = 1) -> str:
    """'环比上升 0.1 分'; for scores and other measured values."""
    if _missing(current, before):
        return ""
    change = round(current - before, digits)
    word = direction(change, 0.5 * 10**-digits)
    return f"{label}{word}" if word == FLAT else f"{label}{word} {abs(change):.{digits}f} {unit}"


def stock_change(current: float | None, before: float | None, label: str, unit: str) -> str:
    """'较上季度末增加 10 条' / '较上季度末减少 3 条' / '与上季度末持平'; for counts of things."""
    if _missing(current, before):
        return ""
    change = round(current - before)
    if change == 0:
        return f"与{label.removeprefix('较')}{FLAT}"
    return f"{label}{MORE if change > 0 else FEWER} {abs(change):,} {unit}"


def _place(position: int, of: int, tied: bool, last_is_worst: bool = True) -> str:
    tie = "并列" if tied else ""
    if position == 1:
        return f"{tie}第一"
    if position >= of:
        return f"{tie}最后（第 {of} 位）" if last_is_worst else f"{tie}最后"
    return f"{tie}第 {position} 位"


def rank(position: int | None, of: int, tied: bool = False) -> str:
    """'在 16 个区中排名第一' / '排名最后（第 16 位）' / '排名第 5 位'; '并列' when tied."""
    if position is None or of <= 0:
        return ""
    return f"在 {of} 个区中排名{_place(position, of, tied)}"


def rank_short(position: int | None, of: int, tied: bool = False) -> str:
    """For headlines and tables: '居全市第一' / '居全市最后' / '居全市第 5 位'."""
    if position is None or of <= 0:
        return ""
    return f"居全市{_place(position, of, tied, last_is_worst=False)}"


def rank_move(position: int | None, previous: int | None) -> str:
    """'较上季度上升 2 位' / '较上季度下降 1 位' / '与上季度持平'. A smaller number is a better place."""
    if position is None or previous is None:
        return ""
    move = previous - position
    if move == 0:
        return f"位次与上季度{FLAT}"
    return f"较上季度{UP if move > 0 else DOWN} {abs(move)} 位"


def goal(target: float) -> str:
    """A target as written: 97.0 → '97%', 95.5 → '95.5%'."""
    return f"{target:g}%"


def against_target(value: float | None, target: float, digits: int = 1) -> str:
    """'高于 97% 的目标 0.35 个百分点' / '低于 95% 的目标 0.8 个百分点' / '达到 97% 的目标'."""
    if _missing(value):
        return ""
    gap = round(value - target, digits)
    written = goal(target)
    if abs(gap) < 0.5 * 10**-digits:
        return f"达到 {written} 的目标"
    return f"{'高于' if gap > 0 else '低于'} {written} 的目标 {_fixed(abs(gap), digits)} 个百分点"


def against_city(value: float | None, city: float | None, digits: int = 1, unit: str = " 个百分点") -> str:
    """'高于全市 1.2 个百分点' / '低于全市 0.3 个百分点' / '与全市持平'."""
    if _missing(value, city):
        return ""
    gap = round(value - city, digits)
    if abs(gap) < 0.5 * 10**-digits:
        return f"与全市{FLAT}"
    return f"{'高于' if gap > 0 else '低于'}全市 {_fixed(abs(gap), digits)}{unit}"


def reached_to(before: float | None, after: float | None, digits: int = 2) -> str:
    """The verb between two levels: '上升到' / '下降到' / '保持在'."""
    if _missing(before, after):
        return "为"
    word = direction(round(after - before, digits), 0.5 * 10**-digits, "上升到", "下降到", "保持在")
    return word


def headline_level(before: float | None, after: float | None, digits: int = 2) -> str:
    """For headlines: '升至' / '降至' / '保持在' (against the quarter before)."""
    if _missing(before, after):
        return "为"
    return direction(round(after - before, digits), 0.5 * 10**-digits, "升至", "降至", "保持在")


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
