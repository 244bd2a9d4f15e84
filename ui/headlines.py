"""The overview's headline cards: the brief's figures, each with its trend and change.

Grouped by the three "创城+" lines; every figure is read from the warehouse for the chosen
districts and period, and sparklines show the series the change is measured along.
"""

import streamlit as st

from ui import components, labels, text
from ui.data import query
from ui.filters import Filters


def headline_cards(filters: Filters) -> None:
    # --- queries ---------------------------------------------------------------------------
    stock = query("headline_stock", districts=filters.districts, as_of=filters.as_of).iloc[0]
    survey = query("survey_for_area", districts=filters.districts, end=filters.end)
    campaign = query("campaign_effect", districts=filters.districts)
    campaign_total = campaign[campaign["campaign_id"] == "ALL"].iloc[0]
    campaign_months = query("campaign_monthly", districts=filters.districts)
    rates = query("city_rates", **filters.params()).set_index("period")
    monthly = query("rates_by_month", **filters.params())
    sources = query("cases_by_month_source", **filters.params())
    growth = query("facility_growth", districts=filters.districts, as_of=filters.as_of)

    # --- headline figures ------------------------------------------------------------------
    by_quarter = survey.assign(pct=survey["satisfied_count"] / survey["sample_size"] * 100)
    year_2020 = by_quarter[by_quarter["period"].str.startswith("2020")]
    base_2020 = year_2020["satisfied_count"].sum() / year_2020["sample_size"].sum() * 100 if len(year_2020) else None
    current_rates, before_rates = rates.loc["current"], rates.loc["year_before"]
    selection_months = monthly[monthly["scope"] == ("selection" if filters.districts else "city")]
    grid_share = sources.pivot_table(index="month_start", columns="source", values="cases", aggfunc="sum").fillna(0)
    grid_share = (grid_share.get("grid", 0) / grid_share.sum(axis=1) * 100).round(1)
    year_now = filters.as_of.year

    st.subheader("创城+热线+网格")
    cols = st.columns(4)
    if len(by_quarter):
        last = by_quarter.iloc[-1]
        cols[0].metric(
            "群众对创建成效的满意度",
            f"{last['pct']:.2f}%",
            border=True,
            delta=components.change_text(last["pct"] - base_2020, points=True) if base_2020 else None,
            delta_description="较 2020 年全年",
            chart_data=by_quarter["pct"].round(2).tolist(),
            help=text.md(f"季度抽样调查；最新为 {last['period']}。2020 年全年为 {base_2020:.2f}%。" if base_2020 else None),
        )
    cols[1].metric(
        "专项整治问题热线受理量",
        labels.pct(campaign_total["target_change_pct"], signed=True),
        border=True,
        delta=f"上年同期 {int(campaign_total['target_before']):,} 件",
        delta_color="off",
        delta_arrow="off",
        chart_data=campaign_months.loc[campaign_months["is_target"], "index_vs_year_before"].tolist(),
        help="行动期间（2023 年 3—9 月，各行动按自身窗口）对比 2022 年相同月份。",
    )
    cols[2].metric(
        "12345 满意率",
        labels.pct(current_rates["satisfaction_rate"]),
        border=True,
        delta=components.change_text(current_rates["satisfaction_rate"] - before_rates["satisfaction_rate"], points=True),
        delta_description="同比",
        chart_data=selection_months["satisfaction_rate"].tolist(),
        help=labels.RATING_NOTE,
    )
    cols[3].metric(
        "网格主动发现占比",
        labels.pct(current_rates["grid_share"]),
        border=True,
        delta=components.change_text(current_rates["grid_share"] - before_rates["grid_share"], points=True),
        delta_description="同比",
        chart_data=grid_share.tolist(),
    )

    st.subheader("创城+街巷治理")
    cols = st.columns(4)
    named_now = int(growth.loc[growth["year"] == year_now, "civilized_alleys_named"].sum())
    cols[0].metric("背街小巷", f"{int(stock['alleys']):,} 条", border=True, help="按“十无五好四有”标准日巡、周查、月评、季点名")
    cols[1].metric(
        "首都文明街巷",
        f"{int(stock['civilized_alleys']):,} 条",
        delta=f"{year_now} 年新命名 {named_now} 条",
        delta_color="off",
        border=True,
        chart_data=growth["civilized_alleys_total"].tolist(),
        chart_type="bar",
    )
    cols[2].metric(
        "挂牌督办在办",
        f"{int(stock['red_list_open']):,} 条",
        border=True,
        delta=f"其中超期 {int(stock['red_list_overdue'])} 条",
        delta_color="inverse" if stock["red_list_overdue"] else "off",
        delta_arrow="off",
        help=text.md(f"截至 {filters.as_of:%Y年%-m月%-d日}"),
    )
    mean_scores = query("alley_score_trend", districts=filters.districts, start=filters.start, end=filters.end, red_line=75.0)
    if len(mean_scores):
        cols[3].metric(
            "背街小巷月评均分",
            f"{mean_scores['mean_score'].iat[-1]:.1f} 分",
            border=True,
            delta=components.change_text(mean_scores["mean_score"].iat[-1] - mean_scores["mean_score"].iat[0], unit=" 分"),
            delta_description="较时段首月",
            chart_data=mean_scores["mean_score"].tolist(),
        )

    st.subheader("创城+乡村振兴")
    cols = st.columns(4)
    cols[0].metric(
        "建立村规民约、居民公约的村（社区）",
        f"{int(stock['villages_with_rules']):,} 个",
        border=True,
        delta=f"覆盖 {stock['villages_with_rules'] / max(stock['villages_and_communities'], 1) * 100:.1f}%",
        delta_color="off",
    )
    cols[1].metric(
        "乡情村史陈列室",
        f"{int(stock['history_rooms']):,} 个",
        border=True,
        chart_data=growth["history_rooms_total"].tolist(),
        chart_type="bar",
        delta=f"{year_now} 年新建 {int(growth.loc[growth['year'] == year_now, 'history_rooms_opened'].sum())} 个",
        delta_color="off",
        help="2013 年起在农村地区建设",
    )
    cols[2].metric("精神文明宣传视屏", f"{int(stock['video_screens']):,} 块", border=True, help="2013 年起在农村地区建设")
    cols[3].metric(
        "志愿服务项目",
        f"{int(stock['volunteer_projects']):,} 个",
        border=True,
        chart_data=growth["projects_total"].tolist(),
        chart_type="area",
        delta=f"{year_now} 年新增 {int(growth.loc[growth['year'] == year_now, 'projects_started'].sum()):,} 个",
        delta_color="off",
    )
