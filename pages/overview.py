"""总览: the brief's headline figures with their trend and change, a district map, and what moved."""

import streamlit as st

from ui import cache, charts, components, headlines, labels, maps, narrative, options, text
from ui.data import query
from ui.filters import current, district_names, month_label, select_districts


def _on_map_select() -> None:
    """A district clicked on the map narrows every page to it."""
    selection = st.session_state["overview_map"].selection
    objects = selection.get("objects", {}).get(maps.DISTRICT_LAYER_ID, [])
    if objects:
        select_districts([objects[0]["properties"]["district_code"]])


filters = current()
names = district_names()
area = filters.area_label(names)
components.page_header("总览", "简报核心数字：每个数字旁是它的走势和变化", f"范围：{area}　时段：{filters.period_label}")

headlines.headline_cards(filters)
measures = query("district_measures", **filters.with_as_of())

# --- what moved most, and the map --------------------------------------------------------
movers = query("monthly_movers", districts=filters.districts, end=filters.end)
st.info(text.md(narrative.monthly_movers(movers, month_label(filters.end))), icon=":material/trending_up:")

st.subheader("各区对比地图")
map_measures = [
    "satisfaction_rate",
    "cases_per_10k",
    "resolution_rate",
    "grid_share",
    "survey_satisfaction",
    "alley_score",
    "red_list_open",
    "rules_coverage",
    "projects_per_10k",
]
measure = options.bound(
    st.segmented_control,
    "地图着色指标",
    map_measures,
    default="satisfaction_rate",
    format_func=labels.measure_label,
    key="overview_measure",
    required=True,
)
all_districts = query("district_measures", **{**filters.with_as_of(), "districts": []})
left, right = st.columns([3, 2])
with left:
    st.pydeck_chart(
        cache.deck("district_choropleth", all_districts, measure, filters.districts),
        height=620,
        key="overview_map",
        on_select=_on_map_select,
        selection_mode="single-object",
    )
    low, high = all_districts[measure].min(), all_districts[measure].max()
    st.caption(
        text.md(f"颜色由深蓝（低，{labels.fmt(measure, low)}）到黄色（高，{labels.fmt(measure, high)}）。点击某区即筛选到该区。")
    )
with right:
    label, unit, better, _ = labels.MEASURES[measure]
    st.markdown(text.bold(f"{narrative.rank_sentence(all_districts, measure, label, unit, better)}"))
    cache.chart(
        charts.ranked_bars,
        all_districts.rename(columns={"name": "区"}),
        "区",
        measure,
        filters.period_label,
        height=600,
        key="overview_bars",
    )


components.data_table(
    measures,
    "overview_measures",
    f"各区指标_{filters.start:%Y%m}-{filters.end:%Y%m}",
    columns=[
        "name",
        "cases",
        "cases_per_10k",
        "grid_share",
        "response_rate",
        "resolution_rate",
        "satisfaction_rate",
        "survey_satisfaction",
        "alleys",
        "civilized_alleys",
        "alley_score",
        "red_list_open",
        "red_list_overdue",
        "villages_with_rules",
        "rules_coverage",
        "history_rooms",
        "video_screens",
        "volunteer_projects",
    ],
)
