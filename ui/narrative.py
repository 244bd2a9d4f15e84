"""Sentences generated from the data: what a chart shows, in words that change with it.

Plain functions of query columns: they choose and word figures, they compute none (every number
is a column of a named query, written by ui.formats). Tests make data rise, fall, stay or tie
and read the words. Nothing here is hard-coded to the demo's values.
"""

from __future__ import annotations

import pandas as pd

from ui import formats, labels


def direction(change: float | None, threshold: float = 0.05, up: str = "上升", down: str = "下降", flat: str = "持平") -> str:
    if formats.missing(change) or abs(change) < threshold:
        return flat
    return up if change > 0 else down


def pct_change_phrase(change_pct: float | None) -> str:
    """'上升 3.2%' / '下降 30.6%' / '持平'."""
    word = direction(change_pct)
    return word if word == "持平" else f"{word} {formats.number(abs(change_pct), 'change_pct')}"


def points_phrase(change_pts: float | None, kind: str = "rate", up: str = "提高", down: str = "下降") -> str:
    """'提高 2.1 个百分点' (rates, one decimal) or '提高 5.65 个百分点' (the survey, as the brief writes it)."""
    threshold = 0.5 * 10 ** -formats.KINDS[kind].decimals
    word = direction(change_pts, threshold, up, down)
    if word == "持平":
        return word
    return f"{word} {formats.number(abs(change_pts), kind).rstrip('%')} 个百分点"


def names(values: pd.Series | list[str]) -> str:
    """'朝阳区' or '朝阳区、海淀区' (a tie names everyone in it)."""
    return "、".join(str(v) for v in values)


def extremes(frame: pd.DataFrame, column: str, higher_is_better: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows at the best and at the worst value of `column` (several rows when they tie)."""
    data = frame.dropna(subset=[column])
    if data.empty:
        return data, data
    best_value, worst_value = (
        (data[column].max(), data[column].min()) if higher_is_better else (data[column].min(), data[column].max())
    )
    return data[data[column] == best_value], data[data[column] == worst_value]


def rank_sentence(frame: pd.DataFrame, measure: str, label: str | None = None, name_column: str = "name") -> str:
    """'满意率最高的是 X（97.1%），最低的是 Y、Z（94.0%）。' Ties name every district in them."""
    spec = labels.MEASURES[measure]
    label = label or spec.label
    best, worst = extremes(frame, measure, spec.higher_is_better)
    if best.empty:
        return "所选范围内没有可比较的数据。"
    good, bad = ("最高", "最低") if spec.higher_is_better else ("最低", "最高")
    best_value, worst_value = formats.measure(measure, best[measure].iat[0]), formats.measure(measure, worst[measure].iat[0])
    if best_value == worst_value:
        return (
            f"{names(best[name_column])}{label}均为 {best_value}。"
            if len(best) > 1
            else f"{best[name_column].iat[0]}{label}为 {best_value}。"
        )
    return f"{label}{good}的是{names(best[name_column])}（{best_value}），{bad}的是{names(worst[name_column])}（{worst_value}）。"


def rank_moves_sentence(moves: pd.DataFrame, first_label: str, last_label: str) -> str:
    """From district_rank_moves: who gained and who lost most places (ties named together)."""
    if moves.empty:
        return "排名变化需要至少两个月。"
    up, down = extremes(moves, "places_up", True)
    top, bottom = int(up["places_up"].iat[0]), int(down["places_up"].iat[0])
    if top <= 0 and bottom >= 0:
        return f"{first_label}到{last_label}，各区名次没有变化。"
    parts = []
    if top > 0:
        parts.append(f"名次上升最多的是{names(up['short_name'])}（上升 {top} 位）")
    if bottom < 0:
        parts.append(f"下降最多的是{names(down['short_name'])}（下降 {-bottom} 位）")
    return f"{first_label}到{last_label}，" + "，".join(parts) + "。"


def monthly_movers(movers: pd.DataFrame, month_label: str) -> str:
    """The districts that moved most in the last month, on volume and on satisfaction."""
    data = movers.dropna(subset=["cases_change_pct"])
    if data.empty:
        return f"{month_label}暂无可与上月比较的数据。"
    if len(data) == 1:
        row = data.iloc[0]
        return (
            f"{month_label}，{row['name']}问题数 {formats.count(row['cases'], '件')}，环比{pct_change_phrase(row['cases_change_pct'])}；"
            f"12345 满意率 {formats.rate(row['satisfaction_rate'])}，环比{points_phrase(row['satisfaction_change_pts'])}。"
        )
    largest = data["cases_change_pct"].abs().max()
    volume = data[data["cases_change_pct"].abs() == largest]
    sentence = (
        f"{month_label}，问题数环比变化最大的是{names(volume['name'])}（{pct_change_phrase(volume['cases_change_pct'].iat[0])}）"
    )
    sat = data.dropna(subset=["satisfaction_change_pts"])
    if not sat.empty:
        best, worst = extremes(sat, "satisfaction_change_pts", True)
        if best["satisfaction_change_pts"].iat[0] > 0:
            sentence += (
                f"；12345 满意率提高最多的是{names(best['name'])}（{points_phrase(best['satisfaction_change_pts'].iat[0])}）"
            )
        if worst["satisfaction_change_pts"].iat[0] < 0:
            sentence += f"，下降最多的是{names(worst['name'])}（{points_phrase(worst['satisfaction_change_pts'].iat[0])}）"
    return sentence + "。"


def grid_share_sentence(monthly: pd.DataFrame, period_label: str) -> str:
    """From rates_by_month's rows of the chosen area: how the grid staff's share (未诉先办) moved."""
    first, last = monthly["grid_share"].iat[0], monthly["grid_share"].iat[-1]
    if len(monthly) == 1 or formats.rate(first) == formats.rate(last):
        held = "保持在" if len(monthly) > 1 else "为"
        return f"{period_label}网格员主动发现的问题占比{held} {formats.rate(last)}。"
    moved = "上升" if last > first else "下降"
    trend = "未诉先办的比重在上升" if last > first else "未诉先办的比重没有上升"
    return f"网格员主动发现的问题占比由 {formats.rate(first)} {moved}到 {formats.rate(last)}，{trend}。"


def largest_categories(summary: pd.DataFrame, with_counts: bool = True) -> str:
    """From volunteer_summary: '数量最多的是文化艺术（3,210 个）和医疗健身（2,980 个）', or
    '全部属于“文化艺术”一类' when there is only one."""
    if summary.empty:
        return "没有项目"
    if len(summary) == 1:
        return f"全部属于“{summary['category'].iat[0]}”一类"
    top = summary[summary["category_rank"] <= 2]
    parts = [
        f"{c}（{formats.count(n, '个')}）" if with_counts else str(c)
        for c, n in zip(top["category"], top["projects"], strict=True)
    ]
    return f"数量最多的是{'和'.join(parts)}"


def campaign_sentence(total: pd.Series | None) -> str:
    """The brief's headline: targeted hotline intake against the same period a year before."""
    if total is None or formats.missing(total["target_before"]) or total["target_before"] == 0:
        return "所选区域在专项整治行动期间没有目标类问题的 12345 受理记录。"
    return (
        f"专项整治行动期间，目标问题的 12345 热线受理量为 {formats.count(total['target_during'], '件')}，"
        f"上年同期 {formats.count(total['target_before'], '件')}，{pct_change_phrase(total['target_change_pct'])}；"
        f"同期未列入行动的问题{pct_change_phrase(total['others_change_pct'])}。"
    )


def campaign_net_sentence(row: pd.Series, target_pct: float) -> str:
    """From a campaign_effect row: the net change against the control, how sure, and against the target."""
    if formats.missing(row["net_change_pct"]):
        return "行动期间或上年同期没有足够的受理记录，无法与对照比较。"
    reached = "已达到" if row["target_change_pct"] <= target_pct else "尚未达到"
    return (
        f"扣除同期对照（未列入行动的问题 {formats.percent_change(row['others_change_pct'])}）后，"
        f"目标问题的净变化为 {formats.percent_change(row['net_change_pct'])}"
        f"（95% 区间 {formats.percent_change(row['net_low_pct'])} 至 {formats.percent_change(row['net_high_pct'])}）；"
        f"目标问题同比 {formats.percent_change(row['target_change_pct'])}，{reached}目标 {formats.percent_change(target_pct)}。"
    )


def loop_overdue_sentence(summary: pd.Series, area: str, as_of_label: str) -> str:
    """From closed_loop_summary: what is overdue, how long, and how many units own it."""
    if not summary["open_items"]:
        return f"截至{as_of_label}，{area}没有在办的抽查问题和挂牌街巷。"
    if not summary["overdue_items"]:
        return f"截至{as_of_label}，{area}在办的 {formats.count(summary['open_items'], '项')}事项都在整改期限内。"
    kinds = [
        f"{labels.LOOP_KINDS[kind]} {formats.count(summary[column], unit)}"
        for kind, column, unit in (("spot_check", "overdue_spot_check", "件"), ("red_list", "overdue_red_list", "条"))
        if summary[column]
    ]
    sentence = (
        f"截至{as_of_label}，{area}在办的 {formats.count(summary['open_items'], '项')}事项中，"
        f"{formats.count(summary['overdue_items'], '项')}已过整改期限仍未整改（{'、'.join(kinds)}），"
        f"涉及 {formats.count(summary['units_with_overdue'], '个')}责任单位"
    )
    if summary["overdue_longer"]:
        sentence += f"；其中 {formats.count(summary['overdue_longer'], '项')}逾期 30 天以上"
    return sentence + f"，最久的已逾期 {formats.count(summary['longest_overdue_days'], '天')}。"


def loop_units_sentence(units: pd.DataFrame) -> str:
    """From closed_loop_overdue_by_unit (most overdue first): the units with most overdue items, every
    one of a tie named up to three."""
    overdue = units[units["overdue_items"] > 0]
    if overdue.empty:
        return "没有逾期事项。"
    most = overdue["overdue_items"].iat[0]
    top = overdue[overdue["overdue_items"] == most]
    if len(top) == len(overdue) > 1:
        return f"逾期事项分散在 {formats.count(len(overdue), '个')}责任单位，每个单位 {formats.count(most, '项')}。"
    if len(top) > 3:
        return f"逾期事项分散在 {formats.count(len(overdue), '个')}责任单位，最多的 {formats.count(len(top), '个')}单位各有 {formats.count(most, '项')}。"
    return f"逾期事项最多的是{names(top['responsible_unit'])}，{'各有' if len(top) > 1 else '有'} {formats.count(most, '项')}。"


def loop_stage_sentence(stages: pd.DataFrame) -> str:
    """From closed_loop_stages: how many items the months saw, how many are closed, and where the rest wait."""
    by_stage = stages.set_index("stage")
    total = by_stage["items"].sum()
    if not total:
        return "所选区域和时段内没有抽查问题和挂牌街巷。"
    waiting = []
    for stage in ("found", "assigned", "rectified", "rechecked"):
        items = by_stage.at[stage, "items"]
        if items:
            overdue = by_stage.at[stage, "overdue_items"]
            late = f"（其中逾期 {formats.count(overdue, '项')}）" if overdue else ""
            waiting.append(f"{labels.LOOP_STAGES[stage]} {formats.count(items, '项')}{late}")
    closed = formats.count(by_stage.at["closed", "items"], "项")
    sentence = f"时段内经手的 {formats.count(total, '项')}事项中，已销号（摘牌）{closed}"
    return sentence + (f"；尚未销号的，{'，'.join(waiting)}。" if waiting else "。")


def loop_reopen_sentence(summary: pd.Series, by_district: pd.DataFrame) -> str:
    """From closed_loop_summary and closed_loop_reopened_by_district: the re-opened problems, the re-open
    rate, and (for more than one district) where it is highest."""
    if not summary["rechecked_items"]:
        return "时段内没有复查过的抽查问题。"
    sentence = (
        f"时段内复查的 {formats.count(summary['rechecked_items'], '件')}抽查问题中，"
        f"{formats.count(summary['reopened_items'], '件')}复查未通过、退回重新整改，返工率 {formats.rate(summary['reopen_rate'])}"
    )
    rated = by_district[by_district["rechecked_items"] > 0]
    if len(rated) > 1:
        highest, lowest = extremes(rated, "reopen_rate", higher_is_better=True)
        if highest["reopen_rate"].iat[0] != lowest["reopen_rate"].iat[0]:
            sentence += (
                f"；最高的是{names(highest['district_name'])}（{formats.rate(highest['reopen_rate'].iat[0])}），"
                f"最低的是{names(lowest['district_name'])}（{formats.rate(lowest['reopen_rate'].iat[0])}）"
            )
    return sentence + "。"


def loop_days_sentence(summary: pd.Series, by_district: pd.DataFrame) -> str:
    """From closed_loop_summary and closed_loop_days_to_close: how long closing takes, and (for more
    than one district) where spot-check problems take longest."""
    parts = []
    if summary["closed_spot_check"]:
        parts.append(
            f"销号的 {formats.count(summary['closed_spot_check'], '件')}抽查问题，从发现到销号用时中位数 "
            f"{formats.number(summary['median_days_spot_check'], 'days', '天')}"
        )
    if summary["closed_red_list"]:
        parts.append(
            f"摘牌的 {formats.count(summary['closed_red_list'], '条')}挂牌街巷，从挂牌到摘牌中位数 "
            f"{formats.number(summary['median_days_red_list'], 'days', '天')}"
        )
    if not parts:
        return "时段内没有销号的抽查问题，也没有摘牌的街巷。"
    sentence = "时段内" + "；".join(parts)
    timed = by_district.dropna(subset=["median_days_spot_check"])
    if len(timed) > 1:
        slowest, fastest = extremes(timed, "median_days_spot_check", higher_is_better=True)
        if slowest["median_days_spot_check"].iat[0] != fastest["median_days_spot_check"].iat[0]:
            sentence += (
                f"。抽查问题销号最慢的是{names(slowest['district_name'])}"
                f"（{formats.number(slowest['median_days_spot_check'].iat[0], 'days', '天')}），"
                f"最快的是{names(fastest['district_name'])}（{formats.number(fastest['median_days_spot_check'].iat[0], 'days', '天')}）"
            )
    return sentence + "。"


def survey_sentence(figures: pd.Series, area: str) -> str:
    """From headline_figures: the survey's latest quarter against its baseline (2020 as a year)."""
    if formats.missing(figures["survey_latest"]):
        return f"{area}在所选时段没有满意度调查数据。"
    latest_label = formats.quarter(figures["survey_period"])
    if formats.missing(figures["survey_baseline"]) or figures["survey_baseline_label"] == latest_label:
        return f"{area}{latest_label}群众对创建成效的满意度为 {formats.survey(figures['survey_latest'])}。"
    return (
        f"{area}群众对创建成效的满意度由{figures['survey_baseline_label']}的 {formats.survey(figures['survey_baseline'])} "
        f"{direction(figures['survey_change'], 0.005, '上升', '下降', '保持')}到{latest_label}的 {formats.survey(figures['survey_latest'])}。"
    )


# --- a district's place among the sixteen (the briefing's slides) ----------------------------------

_PERIOD_BEFORE = {"month": "上月", "quarter": "上季度", "year": "上年"}


def period_before(before: pd.Series) -> str:
    """From period_before: what a rank is compared with, '上月' / '上季度' / '上年' / '前 9 个月'."""
    return _PERIOD_BEFORE.get(before["kind"], f"前 {int(before['months'])} 个月")


def place(rank: int, tied: bool) -> str:
    """'第 3 位', or '并列第 3 位' when another district has the same value (ties share the better place)."""
    return f"{'并列' if tied else ''}第 {int(rank)} 位"


def place_move(places_up: float | None, before: str) -> str:
    """From district_ranks' places_up: '较上季度上升 2 位' / '较前 9 个月下降 1 位' / '位次与上季度相同';
    '' when the data does not reach back to the period before."""
    if formats.missing(places_up):
        return ""
    if places_up == 0:
        return f"位次与{before}相同"
    return f"较{before}{'上升' if places_up > 0 else '下降'} {abs(int(places_up))} 位"


def _subject(name: str, label: str) -> str:
    # "朝阳区 12345 满意率", "朝阳区背街小巷月评均分": a space only between a Chinese word and a number.
    return f"{name}{' ' if label[:1].isascii() else ''}{label}"


def district_rank_sentence(row: pd.Series | None, name: str, label: str, before: str, order: str = "") -> str:
    """One district's row of district_ranks (or campaign_ranks) in words:
    '朝阳区 12345 满意率在 16 个区中居第 15 位，较上季度上升 1 位。' / '…并列第 3 位，位次与上季度相同。'.
    `order` says how the ranking runs when the fewest is best ('由少到多'). A district with no value
    is not ranked, and the sentence says so."""
    if row is None or formats.missing(row["rank"]):
        return f"{_subject(name, label)}没有可比较的数据，未参与各区排名。"
    placed = place(row["rank"], bool(row["tied"]))
    moved = place_move(row["places_up"], before) or f"{before}没有可比较的排名"
    return f"{_subject(name, label)}在 {int(row['districts'])} 个区中{order}{'' if row['tied'] else '居'}{placed}，{moved}。"


def districts_rank_sentence(rows: pd.DataFrame, label: str, before: str, order: str = "") -> str:
    """Several districts' rows at once, shorter: '12345 满意率在 16 个区中：朝阳区第 15 位（上升 1 位）、
    海淀区并列第 3 位（位次不变）。（与上季度相比）'."""
    if rows.empty:
        return f"所选各区没有可比较的{label}数据，未参与各区排名。"
    parts = []
    for row in rows.itertuples():
        move = place_move(row.places_up, before)
        short = move.removeprefix(f"较{before}").replace(f"位次与{before}相同", "位次不变")
        parts.append(f"{row.name}{place(row.rank, bool(row.tied))}" + (f"（{short}）" if short else ""))
    return f"{label}在 {int(rows['districts'].iat[0])} 个区中{order}：{'、'.join(parts)}（与{before}相比）。"
