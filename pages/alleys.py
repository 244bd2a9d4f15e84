"""背街小巷: the alley map by latest score, scores and their trend, failing items, the red list,
civilized alleys and their reviews, the quarter's named alleys."""

import streamlit as st

from ui import cache, charts, components, labels, maps, options, text
from ui.data import query
from ui.filters import current, district_names

RED_LINE = 75.0  # monthly score under which an alley is red-listed (挂牌督办) the next month

filters = current()
names = district_names()
area = filters.area_label(names)
as_of_label = f"{filters.as_of:%Y年%-m月%-d日}"
components.page_header(
    "背街小巷 · 创城+街巷治理",
    "“十无五好四有”标准，日巡、周查、月评、季点名，低分挂牌督办",
    f"范围：{area}　时段：{filters.period_label}　状态截至：{as_of_label}",
)

alleys = query("alley_latest_scores", districts=filters.districts, end=filters.end, as_of=filters.as_of)
red_list = query("red_list", districts=filters.districts, start=filters.start, as_of=filters.as_of)
trend = query("alley_score_trend", **filters.params(), red_line=RED_LINE)
if alleys.empty:
    components.empty_state()
    st.stop()

open_list = red_list[red_list["status"] != "delisted"]
cols = st.columns(5)
cols[0].metric("背街小巷", f"{len(alleys):,} 条", border=True)
cols[1].metric("首都文明街巷", f"{int(alleys['is_civilized'].sum()):,} 条", border=True)
cols[2].metric(
    "最新月评均分",
    f"{alleys['score'].mean():.1f} 分" if alleys["score"].notna().any() else "—",
    border=True,
    delta=components.change_text(trend["mean_score"].iat[-1] - trend["mean_score"].iat[0], unit=" 分")
    if len(trend) > 1
    else None,
    delta_description="较时段首月",
    chart_data=trend["mean_score"].tolist(),
)
cols[3].metric("挂牌督办在办", f"{len(open_list):,} 条", border=True, help=text.md(f"截至 {as_of_label}"))
overdue = int(open_list["is_overdue"].sum())
cols[4].metric(
    "超期未整改",
    f"{overdue:,} 条",
    border=True,
    delta="需督促" if overdue else "无超期",
    delta_arrow="off",
    delta_color="inverse" if overdue else "off",
)

# --- the map -------------------------------------------------------------------------------------
st.subheader("背街小巷地图：按最新月评分着色")
districts = query("districts")
shown = filters.narrow(districts)
cache.map_chart("alley_map", alleys, shown, RED_LINE, maps.view_for(shown), key="alleys_map", height=600)
st.caption(
    text.md(
        f"线段为街巷走向。颜色由深蓝（{RED_LINE:.0f} 分及以下）到黄色（100 分）；朱红色为挂牌督办中的街巷。"
        "放大地图可看清核心区的胡同。"
    )
)

# --- scores --------------------------------------------------------------------------------------
st.subheader("月评分布与走势")
below = int((alleys["score"] < RED_LINE).sum())
st.markdown(
    text.bold(
        f"最新一次月评，{area}有 {below} 条街巷低于挂牌线 {RED_LINE:.0f} 分，"
        f"占 {below / max(alleys['score'].notna().sum(), 1) * 100:.1f}%。"
    )
)
left, right = st.columns(2)
with left:
    cache.chart(charts.score_histogram, alleys["score"].dropna(), RED_LINE, f"截至 {as_of_label}", key="alleys_hist")
with right:
    if trend.empty:
        components.empty_state("所选时段没有月评记录（月评自 2022 年 1 月起）。")
    else:
        cache.chart(charts.score_trend, trend, filters.period_label, key="alleys_trend")
components.data_table(
    alleys,
    "alleys_scores",
    "背街小巷_最新月评",
    columns=["alley_id", "name", "district_name", "street_name", "length_m", "score", "scored_on", "is_civilized", "on_red_list"],
)

st.subheader("“十无五好四有”：哪些条目失分最多")
items = query("alley_item_failures", **filters.params())
if items.empty:
    components.empty_state("所选时段没有月评记录（月评自 2022 年 1 月起）。")
else:
    left, right = st.columns([2, 3])
    with left:
        cache.chart(charts.item_failures_bars, items, filters.period_label, key="alleys_items_top")
    with right:
        cache.chart(charts.item_failures_heatmap, items, filters.period_label, key="alleys_items_heatmap")
    components.data_table(
        items,
        "alleys_items",
        "十无五好四有_失分",
        columns=["district_name", "standard_group", "item_name", "scored", "short", "fail_pct"],
    )

# --- the red list --------------------------------------------------------------------------------
st.subheader("挂牌督办：挂牌 → 整改 → 复查 → 摘牌")
if red_list.empty:
    components.empty_state("所选区域和时段内没有挂牌督办的街巷。")
else:
    late = int(red_list["rectified_late"].sum())
    st.markdown(
        text.bold(
            f"时段内涉及挂牌督办 {len(red_list)} 条次，目前在办 {len(open_list)} 条，其中 {overdue} 条已超过整改期限；"
            f"已整改的有 {late} 条逾期完成。"
        )
    )
    left, right = st.columns([1, 2])
    with left:
        cache.chart(charts.red_list_lifecycle, red_list, as_of_label, key="alleys_red_status")
    with right:
        view = options.bound(
            st.segmented_control,
            "显示",
            ["open", "overdue", "all"],
            default="open",
            required=True,
            key="alleys_red_view",
            format_func={"open": "在办", "overdue": "超期", "all": "全部"}.get,
        )
        subset = {"open": open_list, "overdue": open_list[open_list["is_overdue"]], "all": red_list}[view]
        cache.table(
            subset,
            [
                "alley_name",
                "district_name",
                "street_name",
                "trigger_score",
                "main_problem",
                "listed_on",
                "deadline",
                "days_open",
                "is_overdue",
                "status",
            ],
            key="alleys_red_table",
            height=360,
            value_labels={"status": labels.RED_LIST_STATUSES},
        )
    components.data_table(red_list, "alleys_red", "挂牌督办清单", value_labels={"status": labels.RED_LIST_STATUSES})

# --- civilized alleys and quarterly naming -----------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader("首都文明街巷：动态管理、定期复查")
    civilized = query("civilized_alleys", districts=filters.districts, as_of=filters.as_of)
    due = civilized[civilized["days_to_review"] <= 90]
    st.markdown(text.bold(f"{len(civilized)} 条首都文明街巷中，{len(due)} 条将在 90 天内复查。"))
    cache.table(
        civilized,
        [
            "alley_name",
            "district_name",
            "civilized_since",
            "last_reviewed_on",
            "next_review_on",
            "days_to_review",
            "latest_score",
        ],
        key="alleys_civilized_table",
        height=380,
    )
    components.data_table(civilized, "alleys_civilized", "首都文明街巷_复查")
with right:
    naming = query("quarterly_naming", districts=filters.districts, as_of=filters.as_of)
    st.subheader("季点名")
    if naming.empty:
        components.empty_state("所选区域在最近一次季点名中没有被表扬或通报的街巷。")
    else:
        st.markdown(
            text.bold(
                f"{naming['named_on'].iat[0]:%Y年%-m月%-d日}季点名：表扬 {int((naming['naming_result'] == '表扬').sum())} 条，"
                f"通报 {int((naming['naming_result'] == '通报').sum())} 条。"
            )
        )
        cache.table(
            naming,
            ["naming_result", "alley_name", "district_name", "street_name", "quarter_score"],
            key="alleys_naming_table",
            height=380,
        )
        components.data_table(naming, "alleys_naming", "季点名")
