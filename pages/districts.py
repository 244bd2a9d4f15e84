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
st.caption("点击表格中的一行，查看该区各街乡镇。每万人指标按 2020 年人口普查常住人口折算。")
selection = draw.table(
    league,
    columns.LEAGUE,
    key="districts_league",
    height=620,
    on_select="rerun",
    column_config={
        labels.COLUMNS["satisfaction_rate"]: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f"),
        labels.COLUMNS["rules_coverage"]: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f"),
    },
)
components.data_table(
    league, "districts_league", f"区域对比_{filters.start:%Y%m}-{filters.end:%Y%m}", columns=columns.LEAGUE, title="下载各区指标"
)

picked_rows = selection.selection.rows if selection else []
focus = [league["district_code"].iat[picked_rows[0]]] if picked_rows else list(filters.districts[:1])
if focus:
    code = focus[0]
    st.subheader(text.md(f"{names[code]}：各街乡镇"))
    streets = query("street_measures", districts=[code], start=filters.start, end=filters.end, as_of=filters.as_of)
    left, right = st.columns([3, 1])
    with left:
        picked_street = draw.table(
            streets, columns.STREETS, key="districts_streets", headers={"name": "街乡镇"}, on_select="rerun"
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
    if street_rows:
        street = streets.iloc[street_rows[0]]
        st.subheader(text.md(f"{names[code]} {street['name']}：数字背后的清单"))
        drilldown.street_records(filters, code, street["street_code"], street["name"])

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
