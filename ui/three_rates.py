"""The three rates (响应率、解决率、满意率) by district and by street, each against the city,
with the month-by-month line; clicking a district's dot offers to narrow the dashboard to it."""

import streamlit as st

from queries.settings import settings
from ui import charts, components, draw, events, labels, narrative, options, text
from ui.data import named, query
from ui.filters import Filters, select_districts


def three_rates_section(filters: Filters, names: dict[str, str], area: str) -> None:
    st.subheader("三率：响应率、解决率、满意率")
    rate = options.bound(
        st.segmented_control,
        "指标",
        ["satisfaction_rate", "resolution_rate", "response_rate"],
        default="satisfaction_rate",
        format_func=lambda k: labels.measure_label(k, with_unit=False),
        key="cases_rate",
        required=True,
    )
    all_districts = {**filters.with_as_of(), "districts": []}
    measures = query("district_measures", **all_districts)
    city_value = float(query("area_rates", **{**filters.params(), "districts": []}).at[0, rate])
    spec = labels.MEASURES[rate]
    left, right = st.columns(2)
    with left:
        event = draw.chart(
            charts.ranked_bars,
            measures.rename(columns={"name": "区"}),
            "区",
            rate,
            filters.period_label,
            reference=city_value,
            title=f"各区{spec.label}（{spec.unit}）：对比全市",
            key="cases_rate_bars",
            sentence=narrative.rank_sentence(measures, rate),
            on_select="rerun",
        )
        if event and event.selection.points:
            picked = event.selection.points[0]["y"]
            code = next((c for c, n in names.items() if text.plotly_label(n) == picked), None)
            if code:
                st.button(
                    text.md(f"只看{names[code]}"),
                    key="cases_pick_district",
                    icon=":material/filter_alt:",
                    on_click=select_districts,
                    args=([code],),
                )
    with right:
        draw.chart(
            charts.rates_over_time,
            named("rates_by_month", **filters.params()),
            rate,
            filters.period_label,
            area,
            events.between(filters.start, filters.as_of, query("campaigns")),
            key="cases_rate_trend",
        )
    if filters.districts:
        draw.chart(
            charts.ranked_bars,
            named("street_measures", **filters.with_as_of()),
            "name",
            rate,
            filters.period_label,
            reference=city_value,
            title=f"{area}各街乡镇{spec.label}（{spec.unit}）：对比全市",
            key="cases_rate_streets",
        )
        st.caption(text.md_format(labels.FEW_CASES_NOTE, minimum=settings().min_cases_for_rate))
    else:
        st.caption("在侧栏选择一个区，可查看该区各街乡镇的三率。")
    components.data_table(
        measures,
        "cases_rates",
        "各区三率",
        columns=["name", "cases", "response_rate", "resolution_rate", "satisfaction_rate", "grid_share"],
    )
