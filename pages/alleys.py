"""背街小巷: the alley map by latest score, scores and their trend, failing items, the red list,
civilized alleys and their reviews, the quarter's named alleys."""

import streamlit as st

from queries.settings import settings
from ui import charts, components, draw, formats, labels, maps, options, text
from ui.data import named, query
from ui.filters import current, district_names

RED_LIST_COLUMNS = [
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
]

filters = current()
names = district_names()
area = filters.area_label(names)
as_of_label = formats.day(filters.as_of)
red_line = settings().red_line
components.page_header(
    "背街小巷 · 创城+街巷治理",
    "“十无五好四有”标准，日巡、周查、月评、季点名，低分挂牌督办",
    f"范围：{area}　时段：{filters.period_label}　状态截至：{as_of_label}",
)

summary = query("alley_summary", **filters.with_as_of()).iloc[0]
if not summary["alleys"]:
    components.empty_state()
    st.stop()
alleys = named("alley_latest_scores", districts=filters.districts, end=filters.end, as_of=filters.as_of)
red_list = named("red_list", districts=filters.districts, start=filters.start, as_of=filters.as_of)
trend = named("alley_score_trend", **filters.params())

cols = st.columns(5)
cols[0].metric("背街小巷", formats.count(summary["alleys"], "条"), border=True)
cols[1].metric("首都文明街巷", formats.count(summary["civilized_alleys"], "条"), border=True)
cols[2].metric(
    "最新月评均分",
    formats.measure("alley_score", summary["alley_score"]),
    border=True,
    **components.delta(summary["alley_score_change"], "score", "较时段首月", "分"),
    chart_data=trend.frame()["mean_score"].tolist(),
    help="每条街巷最近一次月评分的平均。",
)
cols[3].metric("挂牌督办在办", formats.count(summary["red_list_open"], "条"), border=True, help=text.md(f"截至 {as_of_label}"))
overdue = int(summary["red_list_overdue"])
cols[4].metric(
    "逾期未整改",
    formats.count(overdue, "条"),
    border=True,
    delta="需督促" if overdue else "无逾期",
    delta_arrow="off",
    delta_color="inverse" if overdue else "off",
)

# --- the map -------------------------------------------------------------------------------------
st.subheader("背街小巷地图：按最新月评分着色")
draw.map(maps.alley_map, alleys, named("districts"), red_line, filters.districts, key="alleys_map", height=600)
st.caption(
    text.md(
        f"线段为街巷走向。颜色由深蓝（{formats.number(red_line, 'count')} 分及以下）到黄色（100 分）。"
        f"{maps.RED_LIST_CAPTION}放大地图可看清核心区的胡同。"
    )
)

# --- scores --------------------------------------------------------------------------------------
st.subheader("月评分布与走势")
st.markdown(
    text.bold(
        f"最新一次月评，{area}有 {formats.count(summary['below_red_line'], '条')}街巷低于挂牌线 {formats.number(red_line, 'count')} 分，"
        f"占 {formats.rate(summary['below_red_line_share'])}。"
    )
)
left, right = st.columns(2)
with left:
    draw.chart(charts.score_histogram, alleys, red_line, f"截至 {as_of_label}", key="alleys_hist")
with right:
    if trend.frame().empty:
        components.empty_state("所选时段没有月评记录（月评自 2022 年 1 月起）。")
    else:
        draw.chart(charts.score_trend, trend, filters.period_label, key="alleys_trend")
components.data_table(
    alleys.frame(),
    "alleys_scores",
    "背街小巷_最新月评",
    columns=["alley_id", "name", "district_name", "street_name", "length_m", "score", "scored_on", "is_civilized", "on_red_list"],
)

st.subheader("“十无五好四有”：哪些条目失分最多")
items = named("alley_item_failures", **filters.params())
if items.frame().empty:
    components.empty_state("所选时段没有月评记录（月评自 2022 年 1 月起）。")
else:
    left, right = st.columns([2, 3])
    with left:
        draw.chart(charts.item_failures_bars, items, filters.period_label, key="alleys_items_top")
    with right:
        draw.chart(charts.item_failures_heatmap, items, filters.period_label, key="alleys_items_heatmap")
    components.data_table(
        items.frame(),
        "alleys_items",
        "十无五好四有_失分",
        columns=["district_name", "standard_group", "item_name", "scored", "short", "fail_pct"],
    )

# --- the red list --------------------------------------------------------------------------------
st.subheader("挂牌督办：挂牌 → 整改 → 复查 → 摘牌")
listings = red_list.frame()
if listings.empty:
    components.empty_state("所选区域和时段内没有挂牌督办的街巷。")
else:
    st.markdown(
        text.bold(
            f"时段内涉及挂牌督办 {formats.count(summary['red_list_listings'], '条次')}，目前在办 {formats.count(summary['red_list_open'], '条')}，"
            f"其中 {formats.count(overdue, '条')}已超过整改期限；已整改的有 {formats.count(summary['red_list_rectified_late'], '条')}逾期完成。"
        )
    )
    left, right = st.columns([1, 2])
    with left:
        draw.chart(
            charts.red_list_lifecycle,
            named("red_list_stages", districts=filters.districts, start=filters.start, as_of=filters.as_of),
            as_of_label,
            key="alleys_red_status",
        )
    with right:
        view = options.bound(
            st.segmented_control,
            "显示",
            ["open", "overdue", "all"],
            default="open",
            required=True,
            key="alleys_red_view",
            format_func={"open": "在办", "overdue": "逾期", "all": "全部"}.get,
        )
        still_open = listings[listings["status"] != "delisted"]
        subset = {"open": still_open, "overdue": still_open[still_open["is_overdue"]], "all": listings}[view]
        draw.table(
            subset,
            RED_LIST_COLUMNS,
            key="alleys_red_table",
            height=360,
            fit=True,
            value_labels={"status": labels.RED_LIST_STATUSES},
        )
    components.data_table(listings, "alleys_red", "挂牌督办清单", value_labels={"status": labels.RED_LIST_STATUSES})

# --- civilized alleys and quarterly naming -------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader("首都文明街巷：动态管理、定期复查")
    civilized = named("civilized_alleys", districts=filters.districts, as_of=filters.as_of)
    st.markdown(
        text.bold(
            f"{formats.count(summary['civilized_alleys'], '条')}首都文明街巷中，"
            f"{formats.count(summary['civilized_due_for_review'], '条')}将在 90 天内复查。"
        )
    )
    draw.table(
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
    components.data_table(civilized.frame(), "alleys_civilized", "首都文明街巷_复查")
with right:
    naming = named("quarterly_naming", districts=filters.districts, as_of=filters.as_of)
    st.subheader("季点名")
    if naming.frame().empty:
        components.empty_state("所选区域在最近一次季点名中没有被表扬或通报的街巷。")
    else:
        st.markdown(
            text.bold(
                f"{formats.day(summary['named_on'])}季点名：表扬 {formats.count(summary['naming_praised'], '条')}，"
                f"通报 {formats.count(summary['naming_named'], '条')}。"
            )
        )
        draw.table(
            naming,
            ["naming_result", "alley_name", "district_name", "street_name", "quarter_score"],
            key="alleys_naming_table",
            height=380,
        )
        components.data_table(naming.frame(), "alleys_naming", "季点名")
