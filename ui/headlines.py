"""The overview's headline cards: the brief's figures, each with its trend and change.

Grouped by the three "创城+" lines. Every figure is a column of `headline_figures` (the same row
the briefing's slides and the 简报 read), written by ui.formats; the sparklines are the series
the change is measured along.
"""

import streamlit as st

from ui import components, formats, labels, text
from ui.data import query
from ui.filters import Filters


def headline_cards(filters: Filters) -> None:
    # --- queries ---------------------------------------------------------------------------
    figures = query("headline_figures", **filters.with_as_of()).iloc[0]
    survey = query("survey_for_area", districts=filters.districts, end=filters.end)
    campaign_months = query("campaign_monthly", districts=filters.districts)
    monthly = query("rates_by_month", **filters.params())
    chosen_months = monthly[monthly["scope"] == "selection"]
    growth = query("facility_growth", districts=filters.districts, as_of=filters.as_of)
    scores = query("alley_score_trend", **filters.params())
    year_now = filters.as_of.year

    st.subheader("创城+热线+网格")
    cols = st.columns(4)
    if not formats.missing(figures["survey_latest"]):
        cols[0].metric(
            "群众对创建成效的满意度",
            formats.survey(figures["survey_latest"]),
            border=True,
            **components.delta(figures["survey_change"], "survey", f"较{figures['survey_baseline_label']}"),
            chart_data=survey["satisfaction_pct"].tolist(),
            help=text.md(
                f"季度抽样调查；最新为{formats.quarter(figures['survey_period'])}。"
                f"{figures['survey_baseline_label']}为 {formats.survey(figures['survey_baseline'])}。"
            ),
        )
    cols[1].metric(
        "专项整治问题热线受理量",
        formats.percent_change(figures["campaign_change_pct"]),
        border=True,
        delta=f"上年同期 {formats.count(figures['campaign_target_before'], '件')}",
        delta_color="off",
        delta_arrow="off",
        chart_data=campaign_months.loc[campaign_months["is_target"], "index_vs_year_before"].tolist(),
        help="专项整治目标问题的 12345 热线受理量，行动期间（各行动按自身窗口）对比上年相同月份。",
    )
    cols[2].metric(
        "12345 满意率",
        formats.rate(figures["satisfaction_rate"]),
        border=True,
        **components.delta(figures["satisfaction_rate_vs_year_before"], "rate", "同比"),
        chart_data=chosen_months["satisfaction_rate"].tolist(),
        help=labels.RATING_NOTE,
    )
    cols[3].metric(
        "网格员主动发现占比",
        formats.rate(figures["grid_share"]),
        border=True,
        **components.delta(figures["grid_share_vs_year_before"], "rate", "同比"),
        chart_data=chosen_months["grid_share"].tolist(),
    )

    st.subheader("创城+街巷治理")
    cols = st.columns(4)
    components.card(
        cols[0], "背街小巷", formats.count(figures["alleys"], "条"), help="按“十无五好四有”标准日巡、周查、月评、季点名"
    )
    components.card(
        cols[1],
        "首都文明街巷",
        formats.count(figures["civilized_alleys"], "条"),
        f"{year_now} 年新命名 {formats.count(figures['civilized_named_this_year'], '条')}",
        chart_data=growth["civilized_alleys_total"].tolist(),
        chart_type="bar",
    )
    cols[2].metric(
        "挂牌督办在办",
        formats.count(figures["red_list_open"], "条"),
        border=True,
        delta=f"其中逾期 {formats.count(figures['red_list_overdue'], '条')}",
        delta_color="inverse" if figures["red_list_overdue"] else "off",
        delta_arrow="off",
        help=text.md(f"截至 {formats.day(filters.as_of)}"),
    )
    if not formats.missing(figures["alley_score"]):
        cols[3].metric(
            "背街小巷月评均分",
            formats.measure("alley_score", figures["alley_score"]),
            border=True,
            **components.delta(figures["alley_score_change"], "score", "较时段首月", "分"),
            chart_data=scores["mean_score"].tolist(),
            help="每条街巷最近一次月评分的平均。",
        )

    st.subheader("创城+乡村振兴")
    cols = st.columns(4)
    components.card(
        cols[0],
        "建立村规民约、居民公约的村（社区）",
        formats.count(figures["villages_with_rules"], "个"),
        f"覆盖 {formats.rate(figures['rules_coverage'])}",
    )
    components.card(
        cols[1],
        "乡情村史陈列室",
        formats.count(figures["history_rooms"], "个"),
        f"{year_now} 年新建 {formats.count(figures['history_rooms_opened_this_year'], '个')}",
        chart_data=growth["history_rooms_total"].tolist(),
        chart_type="bar",
        help="2013 年起在农村地区建设",
    )
    components.card(cols[2], "精神文明宣传视屏", formats.count(figures["video_screens"], "块"), help="2013 年起在农村地区建设")
    components.card(
        cols[3],
        "志愿服务项目",
        formats.count(figures["volunteer_projects"], "个"),
        f"{year_now} 年新增 {formats.count(figures['projects_started_this_year'], '个')}",
        chart_data=growth["projects_total"].tolist(),
        chart_type="area",
    )
