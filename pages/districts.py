"""区域对比: the 16 districts side by side, rank movement by month, small multiples, the 涉农 /
core grouping, and a click from a district to its streets and the records behind them."""

import streamlit as st

from queries.settings import settings
from ui import charts, columns, components, draw, drilldown, formats, labels, narrative, options, text
from ui.data import named, query
from ui.filters import current, district_names, select_districts

RANK_MEASURES = ["satisfaction_rate", "resolution_rate", "response_rate", "cases_per_10k"]
GROUP_MEASURES = ["cases_per_10k", "satisfaction_rate", "grid_share", "projects_per_10k", "alley_score"]


def measure_picker(label: str, measures: list[str], default: str, key: str) -> str:
    return options.bound(
        st.segmented_control,
        label,
        measures,
        default=default,
        required=True,
        key=key,
        format_func=lambda k: labels.measure_label(k, with_unit=False),
    )


filters = current()
names = district_names()
components.page_header(
    "区域对比",
    "16 个区同台比较：按常住人口折算到每万人，排名逐月变化",
    f"时段：{filters.period_label}　（本页始终显示全部 16 个区，所选区高亮）",
)
all_districts = {**filters.with_as_of(), "districts": []}
league = query("district_measures", **all_districts)

st.subheader("各区指标一览")
st.caption(text.md(f"点击表格中的一行，查看该区各街乡镇。{columns.UNITS_NOTE}"))
# The drill-down is in the link (drill_district, drill_street, and the tab): a link sent to a colleague
# opens the same district's streets and the same street's records.
codes = league["district_code"].tolist()
linked_district = options.linked_choice("drill_district", codes, "区划代码")
selection = draw.table(
    league,
    columns.LEAGUE,
    key="districts_league",
    height=620,
    on_select="rerun",
    selection_default={"selection": {"rows": [codes.index(linked_district)]}} if linked_district else None,
    headers={**columns.COMPACT_HEADERS, "name": "区"},
    fit=True,
)
components.data_table(
    league, "districts_league", f"区域对比_{filters.start:%Y%m}-{filters.end:%Y%m}", columns=columns.LEAGUE, title="下载各区指标"
)

picked_rows = selection.selection.rows if selection else []
code = codes[picked_rows[0]] if picked_rows else (filters.districts[0] if filters.districts else None)
options.keep_in_link("drill_district", codes[picked_rows[0]] if picked_rows else None)
if code is None:
    options.keep_in_link("drill_street", None)
else:
    st.subheader(text.md(f"{names[code]}：各街乡镇"))
    streets = query("street_measures", districts=[code], start=filters.start, end=filters.end, as_of=filters.as_of)
    left, right = st.columns([3, 1])
    street_codes = streets["street_code"].tolist()
    # A street in the link belongs to the district in the link; another district clicked since has its own.
    linked_street = (
        options.linked_choice("drill_street", street_codes, f"{names[code]}的街乡镇代码") if code == linked_district else None
    )
    with left:
        picked_street = draw.table(
            streets,
            columns.STREETS,
            key=f"districts_streets_{code}",  # a new district's streets start with none picked
            headers={**columns.COMPACT_HEADERS, "name": "街乡镇"},
            fit=True,
            on_select="rerun",
            selection_default={"selection": {"rows": [street_codes.index(linked_street)]}} if linked_street else None,
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
    st.caption(text.md_format(labels.FEW_CASES_NOTE, minimum=settings().min_cases_for_rate))
    components.data_table(streets, "districts_streets", f"{names[code]}_各街乡镇")
    street_rows = picked_street.selection.rows if picked_street else []
    options.keep_in_link("drill_street", street_codes[street_rows[0]] if street_rows else None)
    if street_rows:
        street = streets.iloc[street_rows[0]]
        st.subheader(text.md(f"{names[code]} {street['name']}：数字背后的清单"))
        drilldown.street_records(filters, code, street["street_code"], street["name"])

st.subheader("各区目标进度")
st.caption(labels.TARGET_NOTE)
draw.chart(charts.target_grid, named("target_scores", **all_districts), filters.period_label, key="districts_targets")

st.subheader("排名变化（逐月）")
measure = measure_picker("排名指标", RANK_MEASURES, "satisfaction_rate", "districts_rank_measure")
period = {"start": filters.start, "end": filters.end, "measure": measure}
moves = query("district_rank_moves", **period)
if moves.empty:
    components.empty_state("排名变化需要至少两个月：请在侧栏把时段放宽。")
else:
    st.markdown(
        text.bold(
            narrative.rank_moves_sentence(
                moves, formats.month(moves["first_month"].iat[0]), formats.month(moves["last_month"].iat[0])
            )
        )
    )
    up, down = narrative.extremes(moves, "places_up", True)
    highlight = tuple(filters.districts) or tuple(dict.fromkeys([*up["district_code"], *down["district_code"]]))
    ranks = named("district_rank_by_month", **period)
    draw.chart(charts.bump_chart, ranks, measure, filters.period_label, highlight, key="districts_bump")
    components.data_table(
        ranks.frame(), "districts_ranks", "各区排名_按月", columns=["month_start", "short_name", "value", "rank"]
    )

st.subheader("同一指标，16 个区分开看")
multiple = measure_picker("指标", RANK_MEASURES, "cases_per_10k", "districts_multiple_measure")
spec = labels.MEASURES[multiple]
draw.chart(
    charts.area_small_multiples,
    named("district_rank_by_month", start=filters.start, end=filters.end, measure=multiple),
    "month_start",
    "value",
    "district_code",
    "short_name",
    f"各区{spec.label}（{spec.unit}，按月，{filters.period_label}；灰线为全市）",
    spec.unit,
    key="districts_multiples",
)

st.subheader("涉农区与非涉农区")
group_measure = measure_picker("比较指标", GROUP_MEASURES, "satisfaction_rate", "districts_group_measure")
groups = query(
    "district_groups", **{k: v for k, v in all_districts.items() if k != "districts"}, measure=group_measure
).set_index("is_agricultural")["mean_value"]
group_spec = labels.MEASURES[group_measure]
st.markdown(
    text.bold(
        f"{group_spec.label}：13 个涉农区平均 {formats.measure(group_measure, groups.get(True))}，"
        f"3 个非涉农区（东城、西城、石景山）平均 {formats.measure(group_measure, groups.get(False))}。"
        f"{narrative.rank_sentence(league, group_measure)}"
    )
)
draw.chart(
    charts.grouping_comparison,
    named("district_measures", **all_districts),
    group_measure,
    filters.period_label,
    key="districts_groups",
)
