"""总览: the brief's headline figures with their trend and change, a district map, and what moved."""

import streamlit as st

from ui import charts, components, draw, formats, headlines, labels, maps, narrative, options, targets, text
from ui.data import named, query
from ui.filters import current, district_names, select_districts

MAP_MEASURES = [
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

# --- targets first: which are missed, and where (CityScore: actual ÷ target) ---------------------
st.subheader("目标进度")
# Every district's scores, once per period (a district change then reruns nothing); the chosen ones picked here.
scores = query("target_scores", **{**filters.with_as_of(), "districts": []})
area_code = filters.districts[0] if len(filters.districts) == 1 else targets.CITY_CODE
area_name = names.get(area_code, labels.CITY) if area_code != targets.CITY_CODE else labels.CITY
st.markdown(text.bold(targets.sentence(scores, area_code, area_name)))
targets.tiles(scores, area_code)
district_scores = filters.narrow(scores[scores["area_code"] != targets.CITY_CODE], "area_code")
missed_districts = district_scores[district_scores["status"] == "missed"]
if len(missed_districts) and area_code == targets.CITY_CODE:
    st.caption(text.md(targets.missed_where(missed_districts)))
st.caption(labels.TARGET_NOTE)

headlines.headline_cards(filters)

# --- what moved most, and the map ----------------------------------------------------------------
movers = query("monthly_movers", districts=filters.districts, end=filters.end)
st.info(text.md(narrative.monthly_movers(movers, formats.month(filters.end))), icon=":material/trending_up:")

st.subheader("各区对比地图")
measure = options.bound(
    st.segmented_control,
    "地图着色指标",
    MAP_MEASURES,
    default="satisfaction_rate",
    format_func=labels.measure_label,
    key="overview_measure",
    required=True,
)
all_districts = named("district_measures", **{**filters.with_as_of(), "districts": []})
league = all_districts.frame()
left, right = st.columns([3, 2])
with left:
    draw.map(
        maps.district_choropleth,
        all_districts,
        measure,
        filters.districts,
        key="overview_map",
        height=620,
        on_select=_on_map_select,
    )
    low, high = league[measure].min(), league[measure].max()
    st.caption(
        text.md(
            f"颜色由深蓝（低，{formats.measure(measure, low)}）到黄色（高，{formats.measure(measure, high)}）。点击某区即筛选到该区。"
        )
    )
with right:
    st.markdown(text.bold(narrative.rank_sentence(league, measure)))
    draw.chart(charts.ranked_bars, all_districts, "name", measure, filters.period_label, height=600, key="overview_bars")

components.data_table(
    filters.narrow(league),
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
