"""The briefing's slides: one message each — a headline sentence, the figure, one chart.

Each slide is a function of the filters that draws itself. Sentences are generated from
the data (ui.narrative), so a district's briefing says what is true of that district.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from queries.settings import settings
from ui import charts, draw, formats, labels, maps, narrative, text
from ui.data import named, query
from ui.filters import Filters, district_names

Slide = Callable[[Filters], None]
CHART_HEIGHT = 700  # px of a slide's chart at 1920×1080
MAP_HEIGHT = 760


def _headline(sentence: str) -> None:
    text.render_html(text.html("<div class='brief-headline'>{sentence}</div>", sentence=sentence))


def _figures(items: list[tuple[str, str, str | None]]) -> None:
    """Big numbers with their label and change, one under the other."""
    for label, value, change in items:
        text.render_html(
            text.html(
                "<div class='brief-figure'><div class='brief-value'>{value}</div>"
                "<div class='brief-label'>{label}</div><div class='brief-change'>{change}</div></div>",
                value=value,
                label=label,
                change=change or "",
            )
        )


def _figures_and_chart(items: list[tuple[str, str, str | None]], builder, *args, key: str, **kwargs) -> None:
    """The slide body: the figures on the left, the chart (`builder(*args)`, drawn by ui.draw) on the right."""
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        _figures(items)
    with right:
        if builder is not None:
            draw.chart(builder, *args, key=key, projector=CHART_HEIGHT, **kwargs)


def _headline_figures(filters: Filters):
    return query("headline_figures", **filters.with_as_of()).iloc[0]


def _area(filters: Filters) -> str:
    return filters.area_label(district_names())


def cover(filters: Filters) -> None:
    text.render_html(
        text.html(
            "<div class='brief-cover'><div class='brief-cover-title'>{title}</div>"
            "<div class='brief-cover-sub'>{area} · {period}</div>"
            "<div class='brief-cover-lines'>{lines}</div></div>",
            title=labels.APP_TITLE,
            area=_area(filters),
            period=filters.period_label,
            lines=labels.APP_SUBTITLE,
        )
    )


def survey(filters: Filters) -> None:
    figures = _headline_figures(filters)
    _headline(narrative.survey_sentence(figures, _area(filters)))
    if formats.missing(figures["survey_latest"]):
        return
    _figures_and_chart(
        [
            (
                "群众对创建成效的满意度",
                formats.survey(figures["survey_latest"]),
                f"{formats.quarter(figures['survey_period'])}，较{figures['survey_baseline_label']}"
                + narrative.points_phrase(figures["survey_change"], "survey"),
            )
        ],
        charts.survey_lines,
        named("survey_satisfaction", start=date(2020, 1, 1), end=filters.end),
        settings().targets["survey_satisfaction"].target,
        f"2020年一季度—{formats.quarter(figures['survey_period'])}",
        filters.districts,
        key="brief_survey",
    )


def campaign(filters: Filters) -> None:
    figures = _headline_figures(filters)
    # As at the period's end, like the headline figure beside it (for a period before the campaigns
    # ended, their effect so far; the 简报 does the same for its quarter).
    effect = named("campaign_effect", districts=filters.districts, as_of=filters.as_of)
    total = effect.frame()
    total = total[total["campaign_id"] == "ALL"]
    _headline(narrative.campaign_sentence(total.iloc[0] if len(total) else None))
    _figures_and_chart(
        [
            (
                "专项整治目标问题 12345 受理量，对比上年同期",
                formats.percent_change(figures["campaign_change_pct"]),
                f"未列入行动的问题 {formats.percent_change(figures['campaign_others_change_pct'])}",
            )
        ],
        charts.campaign_effect,
        effect,
        key="brief_campaign",
    )


def three_rates(filters: Filters) -> None:
    figures = _headline_figures(filters)
    if not figures["cases"]:
        _headline(f"{_area(filters)}在{filters.period_label}没有问题记录。")
        return
    _headline(
        f"{_area(filters)}{filters.period_label}受理问题 {formats.count(figures['cases'], '件')}，"
        f"解决率 {formats.rate(figures['resolution_rate'])}，满意率 {formats.rate(figures['satisfaction_rate'])}，"
        f"满意率同比{narrative.points_phrase(figures['satisfaction_rate_vs_year_before'])}。"
    )
    _figures_and_chart(
        [
            (
                labels.measure_label(key, with_unit=False),
                formats.rate(figures[key]),
                "同比" + narrative.points_phrase(figures[f"{key}_vs_year_before"]),
            )
            for key in ("response_rate", "resolution_rate", "satisfaction_rate")
        ],
        charts.rates_over_time,
        named("rates_by_month", **filters.params()),
        "satisfaction_rate",
        filters.period_label,
        _area(filters),
        key="brief_rates",
    )


def grid_share(filters: Filters) -> None:
    figures = _headline_figures(filters)
    if not figures["cases"]:
        _headline(f"{_area(filters)}在{filters.period_label}没有问题记录。")
        return
    _headline(
        f"网格员主动发现的问题占 {formats.rate(figures['grid_share'])}，同比{narrative.points_phrase(figures['grid_share_vs_year_before'])}："
        "更多问题在群众来电之前就被发现和处置（未诉先办）。"
    )
    _figures_and_chart(
        [
            (
                "网格员主动发现占比",
                formats.rate(figures["grid_share"]),
                "同比" + narrative.points_phrase(figures["grid_share_vs_year_before"]),
            ),
            ("受理问题", formats.count(figures["cases"], "件"), None),
        ],
        charts.cases_by_source,
        named("cases_by_month_source", **filters.params()),
        named("rates_by_month", **filters.params()),
        filters.period_label,
        key="brief_sources",
    )


def district_map(filters: Filters) -> None:
    measures = named("district_measures", **{**filters.with_as_of(), "districts": []})
    label = f"{filters.period_label} 12345 满意率"
    _headline(narrative.rank_sentence(measures.frame(), "satisfaction_rate", label))
    left, right = st.columns([3, 2])
    with left:
        draw.map(
            maps.district_choropleth,
            measures,
            "satisfaction_rate",
            filters.districts,
            label_size=22,
            key="brief_map",
            height=MAP_HEIGHT,
        )
    with right:
        draw.chart(
            charts.ranked_bars,
            measures,
            "short_name",
            "satisfaction_rate",
            filters.period_label,
            key="brief_map_bars",
            projector=MAP_HEIGHT,
        )


def alleys(filters: Filters) -> None:
    figures = _headline_figures(filters)
    _headline(
        f"{_area(filters)}按“十无五好四有”标准管理背街小巷 {formats.count(figures['alleys'], '条')}，"
        f"累计命名首都文明街巷 {formats.count(figures['civilized_alleys'], '条')}。"
    )
    _figures_and_chart(
        [
            ("背街小巷", formats.count(figures["alleys"], "条"), None),
            ("首都文明街巷", formats.count(figures["civilized_alleys"], "条"), None),
            (
                "月评均分",
                formats.measure("alley_score", figures["alley_score"]),
                f"较时段首月{narrative.direction(figures['alley_score_change'], 0.05, '提高', '下降')}"
                f" {formats.number(abs(figures['alley_score_change']), 'score', '分')}"
                if not formats.missing(figures["alley_score_change"])
                else None,
            ),
        ],
        charts.score_trend,
        named("alley_score_trend", **filters.params()),
        filters.period_label,
        key="brief_alleys",
    )


def red_list(filters: Filters) -> None:
    figures = _headline_figures(filters)
    open_now, overdue = figures["red_list_open"], figures["red_list_overdue"]
    _headline(
        f"截至 {formats.day(filters.as_of)}，挂牌督办在办 {formats.count(open_now, '条')}，"
        + (f"其中 {formats.count(overdue, '条')}超过整改期限，需要督促。" if overdue else "没有超期未整改的街巷。")
    )
    _figures_and_chart(
        [("挂牌督办在办", formats.count(open_now, "条"), None), ("超期未整改", formats.count(overdue, "条"), None)],
        charts.ranked_bars,
        named("district_measures", **{**filters.with_as_of(), "districts": list(filters.districts)}),
        "short_name",
        "red_list_open",
        f"截至 {formats.day(filters.as_of)}",
        title="各区挂牌督办在办（条）",
        key="brief_red",
    )


def villages(filters: Filters) -> None:
    figures = _headline_figures(filters)
    _headline(
        f"{_area(filters)} {formats.count(figures['villages_with_rules'], '个')}村（社区）建立了村规民约和居民公约；"
        f"农村地区建成乡情村史陈列室 {formats.count(figures['history_rooms'], '个')}、精神文明宣传视屏 {formats.count(figures['video_screens'], '块')}。"
    )
    coverage = named("village_coverage", districts=filters.districts, agricultural_only=True, as_of=filters.as_of)
    _figures_and_chart(
        [
            ("建立村规民约的村（社区）", formats.count(figures["villages_with_rules"], "个"), None),
            ("乡情村史陈列室", formats.count(figures["history_rooms"], "个"), None),
            ("精神文明宣传视屏", formats.count(figures["video_screens"], "块"), None),
        ],
        charts.village_coverage if len(coverage.frame()) > 1 else None,
        coverage,
        key="brief_villages",
    )


def volunteers(filters: Filters) -> None:
    summary = named("volunteer_summary", districts=filters.districts, as_of=filters.as_of)
    categories = summary.frame()
    if categories.empty:
        _headline(f"{_area(filters)}没有志愿服务项目记录。")
        return
    total, people = categories["total_projects"].iat[0], categories["total_beneficiaries"].iat[0]
    _headline(
        f"分类梳理文明实践志愿服务项目 {formats.count(total, '个')}，{narrative.largest_categories(categories, with_counts=False)}，"
        f"累计服务 {formats.ten_thousands(people, '人次')}。"
    )
    _figures_and_chart(
        [("志愿服务项目", formats.count(total, "个"), None), ("累计服务", formats.ten_thousands(people, "人次"), None)],
        charts.volunteer_by_category,
        summary,
        f"截至 {formats.day(filters.as_of)}",
        key="brief_volunteers",
    )


SLIDES: list[tuple[str, Slide]] = [
    ("封面", cover),
    ("群众满意度", survey),
    ("专项整治成效", campaign),
    ("三率", three_rates),
    ("未诉先办", grid_share),
    ("各区满意率", district_map),
    ("背街小巷", alleys),
    ("挂牌督办", red_list),
    ("乡村振兴", villages),
    ("志愿服务", volunteers),
]
