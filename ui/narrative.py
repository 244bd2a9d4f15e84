"""Sentences generated from the data: what a chart shows, in words that change with it.

Plain functions of frames and numbers, so tests can make data rise or fall and check the
wording. Nothing here is hard-coded to the demo's values.
"""

from __future__ import annotations

import pandas as pd


def direction(change: float | None, threshold: float = 0.05, up: str = "上升", down: str = "下降", flat: str = "持平") -> str:
    if change is None or change != change or abs(change) < threshold:
        return flat
    return up if change > 0 else down


def pct_change_phrase(change_pct: float | None) -> str:
    """'上升 3.2%' / '下降 30.6%' / '持平'."""
    word = direction(change_pct)
    return word if word == "持平" else f"{word} {abs(change_pct):.1f}%"


def points_phrase(change_pts: float | None, up: str = "提高", down: str = "下降") -> str:
    word = direction(change_pts, 0.005, up, down)
    return word if word == "持平" else f"{word} {abs(change_pts):.2f} 个百分点"


def quarter_label(period: str) -> str:
    """'2023Q3' → '2023 年第三季度'."""
    year, quarter = period.split("Q")
    return f"{year} 年第{'一二三四'[int(quarter) - 1]}季度"


def survey_span(by_quarter: pd.DataFrame) -> tuple[tuple[str, float], tuple[str, float]] | None:
    """(start label, pct) and (end label, pct) for a survey sentence, from quarterly rows with
    period, satisfied_count and sample_size. Like the brief, the start is 2020 as a whole year
    when all four of its quarters are there, else the first quarter shown."""
    if by_quarter.empty:
        return None
    rows = by_quarter.sort_values("period")
    year_2020 = rows[rows["period"].str.startswith("2020")]
    if len(year_2020) == 4:
        start = ("2020 年", year_2020["satisfied_count"].sum() / year_2020["sample_size"].sum() * 100)
    else:
        first = rows.iloc[0]
        start = (quarter_label(first["period"]), first["satisfied_count"] / first["sample_size"] * 100)
    last = rows.iloc[-1]
    return start, (quarter_label(last["period"]), last["satisfied_count"] / last["sample_size"] * 100)


def monthly_movers(movers: pd.DataFrame, month_label: str) -> str:
    """The districts that moved most in the last month, on volume and on satisfaction."""
    data = movers.dropna(subset=["cases_change_pct"])
    if data.empty:
        return f"{month_label}暂无可与上月比较的数据。"
    if len(data) == 1:
        row = data.iloc[0]
        return (
            f"{month_label}，{row['name']}问题数 {row['cases']:,} 件，环比{pct_change_phrase(row['cases_change_pct'])}；"
            f"12345 满意率 {row['satisfaction_rate']:.1f}%，环比{points_phrase(row['satisfaction_change_pts'])}。"
        )
    volume = data.loc[data["cases_change_pct"].abs().idxmax()]
    sentence = f"{month_label}，问题数环比变化最大的是{volume['name']}（{pct_change_phrase(volume['cases_change_pct'])}）"
    sat = data.dropna(subset=["satisfaction_change_pts"])
    if not sat.empty:
        best = sat.loc[sat["satisfaction_change_pts"].idxmax()]
        worst = sat.loc[sat["satisfaction_change_pts"].idxmin()]
        if best["satisfaction_change_pts"] > 0:
            sentence += f"；12345 满意率提高最多的是{best['name']}（{points_phrase(best['satisfaction_change_pts'])}）"
        if worst["satisfaction_change_pts"] < 0:
            sentence += f"，下降最多的是{worst['name']}（{points_phrase(worst['satisfaction_change_pts'])}）"
    return sentence + "。"


def largest_categories(counts: pd.Series, unit: str = "个", with_counts: bool = True) -> str:
    """'数量最多的是文化艺术（3,210 个）和医疗健身（2,980 个）', or '全部属于“文化艺术”一类'."""
    top = counts.sort_values(ascending=False).head(2)
    if len(top) == 1:
        return f"全部属于“{top.index[0]}”一类"
    parts = [f"{name}（{count:,} {unit}）" if with_counts else str(name) for name, count in top.items()]
    return f"数量最多的是{'和'.join(parts)}" if parts else "没有项目"


def campaign_sentence(total: pd.Series) -> str:
    """The brief's headline: targeted hotline intake against the same period a year before."""
    if total is None or total["target_before"] == 0:
        return "所选区域在专项整治行动期间没有目标类问题的 12345 受理记录。"
    others = total["others_change_pct"]
    return (
        f"专项整治行动期间，目标问题的 12345 热线受理量为 {int(total['target_during']):,} 件，"
        f"上年同期 {int(total['target_before']):,} 件，{pct_change_phrase(total['target_change_pct'])}；"
        f"同期未列入行动的问题{pct_change_phrase(others)}。"
    )


def survey_sentence(first: tuple[str, float] | None, last: tuple[str, float] | None, area: str) -> str:
    if not first or not last:
        return f"{area}在所选时段没有满意度调查数据。"
    if first[0] == last[0]:
        return f"{area}{last[0]}群众对创建成效的满意度为 {last[1]:.2f}%。"
    return (
        f"{area}群众对创建成效的满意度由{first[0]}的 {first[1]:.2f}% "
        f"{direction(last[1] - first[1], 0.005, '上升', '下降', '保持')}到{last[0]}的 {last[1]:.2f}%。"
    )


def rank_sentence(frame: pd.DataFrame, measure: str, label: str, unit: str, higher_is_better: bool) -> str:
    """'满意率最高的是 X（97.1%），最低的是 Y（94.0%）。'"""
    data = frame.dropna(subset=[measure])
    if data.empty:
        return "所选范围内没有可比较的数据。"
    best = data.loc[data[measure].idxmax() if higher_is_better else data[measure].idxmin()]
    worst = data.loc[data[measure].idxmin() if higher_is_better else data[measure].idxmax()]
    good, bad = ("最高", "最低") if higher_is_better else ("最低", "最高")
    if best["name"] == worst["name"]:
        return f"{best['name']}{label}为 {best[measure]:,.1f}{unit}。"
    return f"{label}{good}的是{best['name']}（{best[measure]:,.1f}{unit}），{bad}的是{worst['name']}（{worst[measure]:,.1f}{unit}）。"
