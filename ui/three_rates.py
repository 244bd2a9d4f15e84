"""The three rates (响应率、解决率、满意率) by district and by street, each against the city,
with the month-by-month line; clicking a district's bar offers to narrow the dashboard to it."""

import pandas as pd
import streamlit as st

from ui import cache, charts, components, labels, narrative, options, text
from ui.data import query
from ui.filters import Filters, select_districts


def three_rates_section(filters: Filters, names: dict[str, str], area: str, streets: pd.DataFrame) -> None:
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
    measures = query("district_measures", **{**filters.with_as_of(), "districts": []})
    city_value = float(query("city_rates", **{**filters.params(), "districts": []}).set_index("period").at["current", rate])
    left, right = st.columns(2)
    with left:
        label, unit, better, _ = labels.MEASURES[rate]
        event = components.chart(
            charts.ranked_bars(
                measures.rename(columns={"name": "区"}),
                "区",
                rate,
                filters.period_label,
                reference=city_value,
                title=f"各区{label}（{unit}）：对比全市",
            ),
            key="cases_rate_bars",
            sentence=narrative.rank_sentence(measures, rate, label, unit, better),
            on_select="rerun",
            selection_mode="points",
        )
        if event and event.selection.points:
            picked = event.selection.points[0]["y"]
            code = next(c for c, n in names.items() if n == picked)
            st.button(
                text.md(f"只看{picked}"),
                key="cases_pick_district",
                icon=":material/filter_alt:",
                on_click=select_districts,
                args=([code],),
            )
    with right:
        monthly = query("rates_by_month", **filters.params())
        cache.chart(charts.rates_over_time, monthly, rate, filters.period_label, area, key="cases_rate_trend")
    if filters.districts:
        street_city = city_value
        cache.chart(
            charts.ranked_bars,
            streets.rename(columns={"name": "街乡镇"}),
            "街乡镇",
            rate,
            filters.period_label,
            reference=street_city,
            title=f"{area}各街乡镇{label}（{unit}）：对比全市",
            key="cases_rate_streets",
        )
    else:
        st.caption("在侧栏选择一个区，可查看该区各街乡镇的三率。")
    components.data_table(
        measures,
        "cases_rates",
        "各区三率",
        columns=["name", "cases", "response_rate", "resolution_rate", "satisfaction_rate", "grid_share"],
    )
