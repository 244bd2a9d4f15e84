"""区域对比: the 16 districts side by side, rank movement by month, small multiples, the 涉农 /
core grouping, and a click from a district to its streets and the records behind them."""

import streamlit as st

from ui import cache, charts, components, drilldown, labels, narrative, options, text
from ui.data import query
from ui.filters import current, district_names, select_districts

LEAGUE_COLUMNS = [
    "name",
    "cases_per_10k",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "grid_share",
    "survey_satisfaction",
    "alley_score",
    "red_list_open",
    "red_list_overdue",
    "rules_coverage",
    "history_rooms",
    "video_screens",
    "projects_per_10k",
]
RANK_MEASURES = ["satisfaction_rate", "resolution_rate", "response_rate", "cases_per_10k"]

filters = current()
names = district_names()
components.page_header(
    "区域对比",
    "16 个区同台比较：按常住人口折算到每万人，排名逐月变化",
    f"时段：{filters.period_label}　（本页始终显示全部 16 个区，所选区高亮）",
)

league = query("district_measures", **{**filters.with_as_of(), "districts": []})

st.subheader("各区指标一览")
st.caption("点击表格中的一行，查看该区各街乡镇。每万人指标按 2020 年人口普查常住人口折算。")
selection = st.dataframe(
    league[LEAGUE_COLUMNS].rename(columns=labels.COLUMNS),
    hide_index=True,
    key="districts_league",
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    height=620,
    column_config={
        labels.COLUMNS["satisfaction_rate"]: st.column_config.ProgressColumn(min_value=80, max_value=100, format="%.1f"),
        labels.COLUMNS["rules_coverage"]: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f"),
    },
)
components.data_table(
    league, "districts_league", f"区域对比_{filters.start:%Y%m}-{filters.end:%Y%m}", columns=LEAGUE_COLUMNS, title="下载各区指标"
)

picked_rows = selection.selection.rows if selection else []
focus = [league["district_code"].iat[picked_rows[0]]] if picked_rows else list(filters.districts[:1])
if focus:
    code = focus[0]
    st.subheader(text.md(f"{names[code]}：各街乡镇"))
    streets = query("street_measures", districts=[code], start=filters.start, end=filters.end, as_of=filters.as_of)
    left, right = st.columns([3, 1])
    with left:
        picked_street = components.table(
            streets,
            [
                "name",
                "kind",
                "population",
                "cases",
                "cases_per_10k",
                "response_rate",
                "resolution_rate",
                "satisfaction_rate",
                "alleys",
                "red_list_open",
                "villages_and_communities",
                "history_rooms",
            ],
            key="districts_streets",
            headers={"name": "街乡镇"},
            on_select="rerun",
            selection_mode="single-row",
        )
    with right:
        st.button(
            text.md(f"全看板只看{names[code]}"),
            key="districts_focus",
            icon=":material/filter_alt:",
            type="primary",
            on_click=select_districts,
            args=([code],),
        )
        st.caption(
            "筛选后，其他各页（接诉即办、背街小巷、乡村振兴）都只显示该区。点击左表中的一个街乡镇，查看它的问题、街巷、村和志愿项目清单。"
        )
    components.data_table(streets, "districts_streets", f"{names[code]}_各街乡镇")
    street_rows = picked_street.selection.rows if picked_street else []
    if street_rows:
        street = streets.iloc[street_rows[0]]
        st.subheader(text.md(f"{names[code]} {street['name']}：数字背后的清单"))
        drilldown.street_records(filters, code, street["street_code"], street["name"])

st.subheader("排名变化（逐月）")
measure = options.bound(
    st.segmented_control,
    "排名指标",
    RANK_MEASURES,
    default="satisfaction_rate",
    required=True,
    key="districts_rank_measure",
    format_func=lambda k: labels.measure_label(k, with_unit=False),
)
ranks = query("district_rank_by_month", start=filters.start, end=filters.end, measure=measure)
if ranks["month_start"].nunique() < 2:
    components.empty_state("排名变化需要至少两个月：请在侧栏把时段放宽。")
else:
    first, last = ranks["month_start"].min(), ranks["month_start"].max()
    moves = (
        ranks[ranks["month_start"] == first].set_index("short_name")["rank"]
        - ranks[ranks["month_start"] == last].set_index("short_name")["rank"]
    )
    st.markdown(
        text.bold(
            f"{first:%Y年%-m月}到{last:%Y年%-m月}，名次上升最多的是{moves.idxmax()}（上升 {int(moves.max())} 位），"
            f"下降最多的是{moves.idxmin()}（下降 {int(-moves.min())} 位）。"
        )
    )
    cache.chart(charts.bump_chart, ranks, measure, filters.period_label, filters.districts, key="districts_bump")
    components.data_table(ranks, "districts_ranks", "各区排名_按月", columns=["month_start", "short_name", "value", "rank"])

st.subheader("同一指标，16 个区分开看")
multiple = options.bound(
    st.segmented_control,
    "指标",
    RANK_MEASURES,
    default="cases_per_10k",
    required=True,
    key="districts_multiple_measure",
    format_func=lambda k: labels.measure_label(k, with_unit=False),
)
values = query("district_rank_by_month", start=filters.start, end=filters.end, measure=multiple)
order = league.sort_values("district_code")["short_name"].tolist()
values["short_name"] = values["short_name"].astype("category").cat.set_categories(order)
values = values.sort_values(["short_name", "month_start"])
city = values.groupby("month_start", as_index=False)["value"].mean()
label, unit, better, _ = labels.MEASURES[multiple]
cache.chart(
    charts.small_multiples,
    values,
    "month_start",
    "value",
    "short_name",
    f"各区{label}（{unit}，按月，{filters.period_label}；灰线为 16 区平均）",
    unit,
    city=city,
    key="districts_multiples",
)

st.subheader("涉农区与非涉农区")
group_measure = options.bound(
    st.segmented_control,
    "比较指标",
    ["cases_per_10k", "satisfaction_rate", "grid_share", "projects_per_10k", "alley_score"],
    default="satisfaction_rate",
    required=True,
    key="districts_group_measure",
    format_func=lambda k: labels.measure_label(k, with_unit=False),
)
groups = league.groupby("is_agricultural")[group_measure].mean()
group_label, group_unit, *_ = labels.MEASURES[group_measure]
st.markdown(
    text.bold(
        f"{group_label}：13 个涉农区平均 {groups.get(True, float('nan')):,.1f}{group_unit}，"
        f"3 个非涉农区（东城、西城、石景山）平均 {groups.get(False, float('nan')):,.1f}{group_unit}。"
        f"{narrative.rank_sentence(league, group_measure, group_label, group_unit, labels.MEASURES[group_measure][2])}"
    )
)
cache.chart(charts.grouping_comparison, league, group_measure, filters.period_label, key="districts_groups")
