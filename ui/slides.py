"""The briefing's slides: one message each — a headline sentence, the figure, one chart.

Each slide is a function of the filters that draws itself. Sentences are generated from
the data (ui.narrative), so a district's briefing says what is true of that district.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from ui import cache, charts, labels, narrative, text, theme
from ui.data import query
from ui.filters import Filters, district_names

Slide = Callable[[Filters], None]


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


def _chart(figure, key: str, height: int = 700) -> None:
    figure.update_layout(height=height)
    st.plotly_chart(theme.projector(figure), key=key, theme=None, config={"displayModeBar": False, "staticPlot": True})


def _figures_and_chart(items: list[tuple[str, str, str | None]], figure, key: str) -> None:
    """The slide body: the figures on the left, the chart on the right, filling 1920×1080."""
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        _figures(items)
    with right:
        if figure is not None:
            _chart(figure, key)


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
    frame = query("survey_satisfaction", start=date(2020, 1, 1), end=filters.end)
    by_quarter = query("survey_for_area", districts=filters.districts, end=filters.end)
    span = narrative.survey_span(by_quarter)
    if span is None:
        _headline(f"{_area(filters)}在所选时段没有满意度调查数据。")
        return
    (start_label, start_pct), (end_label, end_pct) = span
    _headline(narrative.survey_sentence((start_label, start_pct), (end_label, end_pct), _area(filters)))
    _figures_and_chart(
        [
            (
                "群众对创建成效的满意度",
                f"{end_pct:.2f}%",
                f"{end_label}，较{start_label}" + narrative.points_phrase(end_pct - start_pct),
            )
        ],
        charts.survey_lines(frame, 97.0, f"{by_quarter['period'].min()}—{by_quarter['period'].max()}", filters.districts),
        "brief_survey",
    )


def campaign(filters: Filters) -> None:
    effect = query("campaign_effect", districts=filters.districts)
    total = effect[effect["campaign_id"] == "ALL"].iloc[0]
    _headline(narrative.campaign_sentence(total))
    _figures_and_chart(
        [
            (
                "专项整治目标问题 12345 受理量，对比上年同期",
                f"{total['target_change_pct']:+.1f}%",
                f"未列入行动的问题 {total['others_change_pct']:+.1f}%",
            )
        ],
        charts.campaign_effect(effect),
        "brief_campaign",
    )


def three_rates(filters: Filters) -> None:
    rates = query("city_rates", **filters.params()).set_index("period")
    now, before = rates.loc["current"], rates.loc["year_before"]
    if not now["cases"]:
        _headline(f"{_area(filters)}在{filters.period_label}没有问题记录。")
        return
    _headline(
        f"{_area(filters)}{filters.period_label}受理问题 {int(now['cases']):,} 件，"
        f"解决率 {now['resolution_rate']:.1f}%，满意率 {now['satisfaction_rate']:.1f}%，"
        f"满意率同比{narrative.points_phrase(now['satisfaction_rate'] - before['satisfaction_rate'])}。"
    )
    _figures_and_chart(
        [
            (
                labels.measure_label(key, with_unit=False),
                f"{now[key]:.1f}%",
                "同比" + narrative.points_phrase(now[key] - before[key]),
            )
            for key in ("response_rate", "resolution_rate", "satisfaction_rate")
        ],
        charts.rates_over_time(
            query("rates_by_month", **filters.params()), "satisfaction_rate", filters.period_label, _area(filters)
        ),
        "brief_rates",
    )


def grid_share(filters: Filters) -> None:
    sources = query("cases_by_month_source", **filters.params())
    rates = query("city_rates", **filters.params()).set_index("period")
    now, before = rates.loc["current"], rates.loc["year_before"]
    if sources.empty:
        _headline(f"{_area(filters)}在{filters.period_label}没有问题记录。")
        return
    _headline(
        f"网格员主动发现的问题占 {now['grid_share']:.1f}%，同比{narrative.points_phrase(now['grid_share'] - before['grid_share'])}："
        "更多问题在群众来电之前就被发现和处置（未诉先办）。"
    )
    _figures_and_chart(
        [
            (
                "网格员主动发现占比",
                f"{now['grid_share']:.1f}%",
                "同比" + narrative.points_phrase(now["grid_share"] - before["grid_share"]),
            ),
            ("受理问题", f"{int(now['cases']):,} 件", None),
        ],
        charts.cases_by_source(sources, filters.period_label),
        "brief_sources",
    )


def district_map(filters: Filters) -> None:
    measures = query("district_measures", **{**filters.with_as_of(), "districts": []})
    label, unit, better, _ = labels.MEASURES["satisfaction_rate"]
    _headline(narrative.rank_sentence(measures, "satisfaction_rate", f"{filters.period_label} 12345 {label}", unit, better))
    left, right = st.columns([3, 2])
    with left:
        st.pydeck_chart(
            cache.deck("district_choropleth", measures, "satisfaction_rate", filters.districts, label_size=22),
            height=760,
            key="brief_map",
        )
    with right:
        _chart(
            charts.ranked_bars(
                measures.rename(columns={"name": "区"}), "区", "satisfaction_rate", filters.period_label, height=760
            ),
            "brief_map_bars",
            760,
        )


def alleys(filters: Filters) -> None:
    stock = query("headline_stock", districts=filters.districts, as_of=filters.as_of).iloc[0]
    trend = query("alley_score_trend", **filters.params(), red_line=75.0)
    _headline(
        f"{_area(filters)}按“十无五好四有”标准管理背街小巷 {int(stock['alleys']):,} 条，"
        f"累计命名首都文明街巷 {int(stock['civilized_alleys']):,} 条。"
    )
    change = trend["mean_score"].iat[-1] - trend["mean_score"].iat[0] if len(trend) > 1 else None
    _figures_and_chart(
        [
            ("背街小巷", f"{int(stock['alleys']):,} 条", None),
            ("首都文明街巷", f"{int(stock['civilized_alleys']):,} 条", None),
            (
                "月评平均分",
                f"{trend['mean_score'].iat[-1]:.1f} 分" if len(trend) else "—",
                f"较时段首月{narrative.direction(change, 0.05, '提高', '下降')} {abs(change):.1f} 分"
                if change is not None
                else None,
            ),
        ],
        charts.score_trend(trend, filters.period_label) if len(trend) else None,
        "brief_alleys",
    )


def red_list(filters: Filters) -> None:
    measures = query("district_measures", **{**filters.with_as_of(), "districts": []})
    shown = filters.narrow(measures)
    open_now, overdue = int(shown["red_list_open"].sum()), int(shown["red_list_overdue"].sum())
    _headline(
        f"截至 {filters.as_of:%Y年%-m月%-d日}，挂牌督办在办 {open_now} 条，"
        + (f"其中 {overdue} 条超过整改期限，需要督促。" if overdue else "没有超期未整改的街巷。")
    )
    _figures_and_chart(
        [("挂牌督办在办", f"{open_now} 条", None), ("超期未整改", f"{overdue} 条", None)],
        charts.ranked_bars(
            shown.rename(columns={"name": "区"}),
            "区",
            "red_list_open",
            f"截至 {filters.as_of:%Y年%-m月%-d日}",
            title="各区挂牌督办在办（条）",
        ),
        "brief_red",
    )


def villages(filters: Filters) -> None:
    stock = query("headline_stock", districts=filters.districts, as_of=filters.as_of).iloc[0]
    _headline(
        f"{_area(filters)} {int(stock['villages_with_rules']):,} 个村（社区）建立了村规民约和居民公约；"
        f"农村地区建成乡情村史陈列室 {int(stock['history_rooms']):,} 个、精神文明宣传视屏 {int(stock['video_screens']):,} 块。"
    )
    coverage = query("village_coverage", districts=filters.districts, agricultural_only=True, as_of=filters.as_of)
    _figures_and_chart(
        [
            ("建立村规民约的村（社区）", f"{int(stock['villages_with_rules']):,} 个", None),
            ("乡情村史陈列室", f"{int(stock['history_rooms']):,} 个", None),
            ("精神文明宣传视屏", f"{int(stock['video_screens']):,} 块", None),
        ],
        charts.village_coverage(coverage) if len(coverage) else None,
        "brief_villages",
    )


def volunteers(filters: Filters) -> None:
    projects = query("volunteer_by_category", districts=filters.districts, as_of=filters.as_of)
    if projects.empty:
        _headline(f"{_area(filters)}没有志愿服务项目记录。")
        return
    total = int(projects["projects"].sum())
    top = projects.groupby("category")["projects"].sum().sort_values(ascending=False)
    _headline(
        f"分类梳理文明实践志愿服务项目 {total:,} 个，{narrative.largest_categories(top, with_counts=False)}，"
        f"累计服务 {projects['beneficiaries'].sum() / 10_000:,.1f} 万人次。"
    )
    _figures_and_chart(
        [("志愿服务项目", f"{total:,} 个", None), ("累计服务", f"{projects['beneficiaries'].sum() / 10_000:,.1f} 万人次", None)],
        charts.volunteer_by_category(projects, f"{filters.as_of:%Y年%-m月%-d日}"),
        "brief_volunteers",
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
