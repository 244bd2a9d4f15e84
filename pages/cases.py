"""接诉即办: cases by source, the three rates, category mix, campaign effect, density, hot streets."""

from datetime import date

import streamlit as st

from queries.settings import settings
from ui import charts, columns, components, draw, drilldown, events, formats, labels, maps, narrative, options, text, three_rates
from ui.data import named, query
from ui.filters import current, district_names

filters = current()
names = district_names()
area = filters.area_label(names)
components.page_header(
    "接诉即办 · 创城+热线+网格", "问题从哪里来、办得怎么样、专项整治的成效", f"范围：{area}　时段：{filters.period_label}"
)

rates = query("area_rates", **filters.params()).iloc[0]
if not rates["cases"]:
    components.empty_state()
    st.stop()

cols = st.columns(5)
cols[0].metric(
    "受理问题",
    formats.count(rates["cases"], "件"),
    border=True,
    # No cases a year before (the data starts in 2020): no 同比 rather than a misleading 持平.
    delta=narrative.pct_change_phrase(rates["cases_vs_year_before"])
    if not formats.missing(rates["cases_vs_year_before"])
    else None,
    delta_description="同比",
    delta_color="off",
)
for col, key in zip(cols[1:], ("response_rate", "resolution_rate", "satisfaction_rate", "grid_share"), strict=True):
    col.metric(
        labels.measure_label(key, with_unit=False),
        formats.measure(key, rates[key]),
        border=True,
        **components.delta(rates[f"{key}_vs_year_before"], "rate", "同比"),
    )
st.caption(text.md(f"{labels.RESPONSE_NOTE} {labels.RATING_NOTE}"))

# --- where cases come from ----------------------------------------------------------------------
st.subheader("问题来源：热线受理与网格主动发现")
monthly = query("rates_by_month", **filters.params())
chosen_months = monthly[monthly["scope"] == "selection"]
marks = events.between(filters.start, filters.as_of, query("campaigns"))  # what explains a bend
draw.chart(
    charts.cases_by_source,
    named("cases_by_month_source", **filters.params()),
    named("rates_by_month", **filters.params()),
    filters.period_label,
    marks,
    key="cases_sources",
    sentence=narrative.grid_share_sentence(chosen_months, filters.period_label),
)
components.data_table(
    query("cases_by_month_source", **filters.params()),
    "cases_sources",
    "问题来源_按月",
    columns=["month_start", "source_name", "cases"],
)

# --- the three rates ----------------------------------------------------------------------------
three_rates.three_rates_section(filters, names, area)

# --- categories ---------------------------------------------------------------------------------
st.subheader("问题构成与上升最快的问题")
picked_sources = options.bound(
    st.pills,
    "来源",
    list(labels.SOURCES),
    format_func=labels.SOURCES.get,
    selection_mode="multi",
    default=list(labels.SOURCES),
    key="cases_sources_filter",
)
mix_query = named("category_mix", **filters.params(), sources=picked_sources or list(labels.SOURCES))
mix = mix_query.frame()
left, right = st.columns(2)
with left:
    draw.chart(
        charts.category_totals,
        named("category_totals", **filters.params(), sources=picked_sources or list(labels.SOURCES)),
        filters.period_label,
        key="cases_category_totals",
    )
with right:
    rising = mix.dropna(subset=["change_pct"]).sort_values("change_pct", ascending=False).head(1)
    sentence = (
        f"同比上升最快的是“{rising['subcategory'].iat[0]}”（{narrative.pct_change_phrase(rising['change_pct'].iat[0])}）。"
        if len(rising) and rising["change_pct"].iat[0] > 0
        else "与上年同期相比，没有明显上升的问题子类。"
    )
    draw.chart(charts.category_change, mix_query, filters.period_label, key="cases_category_change", sentence=sentence)
components.data_table(
    mix, "cases_mix", "问题构成_同比", columns=["category", "subcategory", "cases", "cases_year_before", "change_pct"]
)

# --- campaigns ----------------------------------------------------------------------------------
st.subheader("专项整治成效：行动期间对比上年同期")
campaign_query = named("campaign_effect", districts=filters.districts, as_of=filters.data_end)
campaign = campaign_query.frame()
total = campaign[campaign["campaign_id"] == "ALL"]
st.markdown(text.bold(narrative.campaign_sentence(total.iloc[0] if len(total) else None)))
left, right = st.columns(2)
with left:
    draw.chart(charts.campaign_effect, campaign_query, key="cases_campaign_effect")
with right:
    draw.chart(
        charts.campaign_index,
        named("campaign_monthly", districts=filters.districts),
        named("campaigns"),
        key="cases_campaign_index",
    )
# Each campaign tracked against its target week by week, with the untargeted control and how sure the
# comparison is (issue 15).
campaign_names = dict(zip(campaign["campaign_id"], campaign["name"], strict=True))
tracked = options.bound(
    st.selectbox,
    "逐周跟踪的行动",
    list(campaign_names),
    format_func=lambda c: campaign_names.get(c, c),
    index=len(campaign_names) - 1 if campaign_names else None,
    key="cases_campaign_tracked",
)
if tracked:
    row = campaign[campaign["campaign_id"] == tracked].iloc[0]
    target_pct = settings().campaign_target_change_pct
    st.markdown(text.bold(narrative.campaign_net_sentence(row, target_pct)))
    draw.chart(
        charts.campaign_progress,
        named("campaign_progress", districts=filters.districts, as_of=filters.data_end, campaign_id=tracked),
        target_pct,
        f"{campaign_names[tracked]}：目标问题受理量逐周累计同比",
        events.between(date(2022, 1, 1), filters.data_end)[lambda e: e["kind"] != "campaign"],
        key="cases_campaign_progress",
    )
st.caption(
    "口径：仅统计 12345 热线受理量；每项行动以其自身起止日期为窗口，对比上一年相同日期；“未列入行动的问题”为所有行动都未针对的子类，"
    "作为对照。净变化 = 目标问题的同比倍数 ÷ 对照的同比倍数 − 1；95% 区间按受理件数的泊松波动估计。"
)
components.data_table(
    campaign,
    "cases_campaigns",
    "专项整治成效",
    columns=[
        "campaign_id",
        "name",
        "targets",
        "started_on",
        "ended_on",
        "before_start",
        "before_end",
        "target_before",
        "target_during",
        "target_change_pct",
        "others_before",
        "others_during",
        "others_change_pct",
        "net_change_pct",
        "net_low_pct",
        "net_high_pct",
    ],
)

# --- where: density and hot streets -------------------------------------------------------------
st.subheader("问题密度与高发街乡镇")
left, right = st.columns([3, 2])
districts = named("districts")
with left:
    st.markdown("**问题密度（H3 六边形格网，每格约 5 平方千米）**")
    draw.map(
        maps.case_hexagons,
        named("case_density_hex", **filters.params()),
        districts,
        filters.districts,
        key="cases_hex_map",
        height=560,
    )
    st.caption("颜色由深蓝（少）到黄色（多）；颜色上限为各格问题数的第 98 百分位。")
streets = named("street_measures", **filters.with_as_of())
with right:
    st.markdown("**每万人问题数最多的 15 个街乡镇（治理类街乡镇候选）**")
    top = streets.frame()
    draw.table(
        top[top["population"] > 0].head(15),
        ["name", "district_name", "cases", "cases_per_10k", "satisfaction_rate"],
        key="cases_top_streets",
        height=560,
        headers={**columns.COMPACT_HEADERS, "name": "街乡镇", "district_name": "区"},
        fit=True,
    )
components.data_table(
    streets.frame(), "cases_streets", "各街乡镇问题数", columns=["district_name", *columns.STREETS], headers={"name": "街乡镇"}
)

# --- the list behind the numbers ----------------------------------------------------------------
drilldown.case_list(filters, streets.frame(), sorted(mix["subcategory"]))
