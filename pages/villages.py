"""乡村振兴: rules, history rooms and video screens in the 13 agricultural districts, the village
map with those layers, and volunteer service projects by category, place and beneficiaries."""

import streamlit as st

from ui import charts, components, draw, formats, labels, maps, narrative, options, text
from ui.data import named, query
from ui.filters import current, district_names

VOLUNTEER_HEADERS = {"category": "服务类别", "name": "项目名称"}

filters = current()
names = district_names()
area = filters.area_label(names)
as_of_label = formats.day(filters.as_of)
components.page_header(
    "乡村振兴 · 创城+乡村振兴", "村规民约破陋习、文脉传承留乡愁、志愿服务育风尚", f"范围：{area}　截至：{as_of_label}"
)

facts = query("programme_facts").set_index("fact_key")["value"]
st.caption(
    text.md(
        f"工作机制：{int(facts['municipal_departments'])} 个市级部门和 {int(facts['agricultural_districts'])} 个涉农区组成乡村文化振兴工作专班，"
        f"出台 {int(facts['measure_areas'])} 个方面 {int(facts['measures'])} 条具体举措；连续举办 {int(facts['farmers_art_festivals'])} 届"
        "“北京农民艺术节”。（简报数字）"
    )
)
agricultural_only = options.bound(
    st.toggle,
    "只看 13 个涉农区",
    value=True,
    key="villages_agri_only",
    help="村规民约与居民公约覆盖全市；乡情村史陈列室和宣传视屏建在涉农区农村地区。",
)
coverage = named("village_coverage", districts=filters.districts, agricultural_only=agricultural_only, as_of=filters.as_of)
rows = coverage.frame()
total = rows[rows["district_code"].isna()]
if total.empty or not total["villages_and_communities"].iat[0]:
    # The volunteer projects below still show: 东城, 西城 and 石景山 have projects but no villages.
    components.empty_state("所选区域没有村（社区）记录。东城、西城、石景山不是涉农区：关闭“只看涉农区”可查看其社区的居民公约。")
else:
    total = total.iloc[0]
    # The brief's "7000多个" counts the whole city; say when the cards count the 13 districts only.
    scope_note = "（13 个涉农区）" if agricultural_only and not filters.districts else ""
    cols = st.columns(4)
    villages, communities = formats.count(total["villages"], "个"), formats.count(total["communities"], "个")
    components.card(
        cols[0],
        f"村（社区）{scope_note}",
        formats.count(total["villages_and_communities"], "个"),
        f"村 {villages}，社区 {communities}",
    )
    components.card(
        cols[1],
        f"建立村规民约、居民公约{scope_note}",
        formats.count(total["with_rules"], "个"),
        f"覆盖 {formats.rate(total['rules_coverage'])}",
    )
    components.card(
        cols[2],
        "乡情村史陈列室",
        formats.count(total["history_rooms"], "个"),
        f"{formats.rate(total['history_room_coverage'])} 的村已建",
    )
    components.card(cols[3], "精神文明宣传视屏", formats.count(total["video_screens"], "块"))

    st.subheader("各区村规民约与文化设施")
    left, right = st.columns(2)
    with left:
        draw.chart(charts.rules_coverage, coverage, key="villages_rules")
    with right:
        draw.chart(charts.village_coverage, coverage, key="villages_facilities")
    components.data_table(
        rows,
        "villages_coverage",
        "村规民约与设施_按区",
        columns=[
            "district_name",
            "villages",
            "communities",
            "with_rules",
            "rules_coverage",
            "history_rooms",
            "history_room_coverage",
            "video_screens",
            "video_screen_coverage",
        ],
    )

    st.subheader("村（社区）地图")
    layer_keys = options.bound(
        st.pills,
        "图层",
        list(maps.VILLAGE_LAYERS),
        selection_mode="multi",
        key="villages_layers",
        default=["has_history_room", "has_video_screen"],
        format_func=lambda k: maps.VILLAGE_LAYERS[k][0],
    )
    points = named("village_points", districts=filters.districts, agricultural_only=agricultural_only, as_of=filters.as_of)
    draw.map(
        maps.village_map, points, named("districts"), tuple(layer_keys or ()), filters.districts, key="villages_map", height=620
    )
    st.caption(
        text.md("图层颜色：" + "，".join(f"{name}（{colour}）" for name, colour in maps.VILLAGE_LAYER_COLOUR_NAMES) + "。")
    )
    village_rows = points.frame()
    missing = village_rows[(village_rows["kind"] == "village") & ~village_rows["has_history_room"]]
    # Drawn only when opened: sent on every rerun, this list cost more than the rest of the page.
    components.data_table(
        missing,
        "villages_missing",
        "未建陈列室的村",
        columns=["village_id", "name", "district_name", "street_name", "has_rules", "has_video_screen"],
        title="尚未建成乡情村史陈列室的村",
        count_unit="个",
    )
    components.data_table(
        village_rows,
        "villages_points",
        "村社区清单",
        columns=[
            "village_id",
            "name",
            "kind",
            "district_name",
            "street_name",
            "has_rules",
            "has_history_room",
            "history_room_opened_on",
            "has_video_screen",
        ],
        title="查看村（社区）清单",
        value_labels={"kind": labels.VILLAGE_KINDS},
    )

st.subheader("志愿服务项目")
summary = named("volunteer_summary", districts=filters.districts, as_of=filters.as_of)
categories = summary.frame()
if categories.empty:
    components.empty_state()
else:
    st.markdown(
        text.bold(
            f"{area}共有文明实践志愿服务项目 {formats.count(categories['total_projects'].iat[0], '个')}，"
            f"累计服务 {formats.ten_thousands(categories['total_beneficiaries'].iat[0], '人次')}；"
            f"{narrative.largest_categories(categories)}。"
        )
    )
    left, right = st.columns(2)
    with left:
        draw.chart(charts.volunteer_by_category, summary, as_of_label, key="villages_volunteer_category")
    with right:
        draw.chart(
            charts.volunteer_by_district,
            named("district_measures", **filters.with_as_of()),
            as_of_label,
            key="villages_volunteer_district",
        )
    components.data_table(
        query("volunteer_by_category", districts=filters.districts, as_of=filters.as_of),
        "villages_projects",
        "志愿服务项目_按类别和区",
        columns=["category", "district_name", "projects", "volunteers", "beneficiaries", "service_hours"],
        headers=VOLUNTEER_HEADERS,
    )

featured = named("featured_projects", districts=filters.districts)
st.markdown("**简报点名的志愿项目：“天使巡诊送关爱”“夕阳再晨”科技助老**")
if featured.frame().empty:
    st.caption("所选区域没有这两个项目的记录。")
else:
    draw.table(
        featured,
        ["name", "category", "district_name", "village_name", "started_on", "volunteers", "beneficiaries", "service_hours"],
        key="villages_featured",
        headers=VOLUNTEER_HEADERS,
    )
