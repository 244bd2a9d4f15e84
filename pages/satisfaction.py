"""满意度: survey satisfaction by quarter with a target line, the hotline's 满意率, small multiples."""

from datetime import date

import streamlit as st

from ui import cache, charts, components, labels, narrative, options, text
from ui.data import query
from ui.filters import current, district_names

filters = current()
names = district_names()
area = filters.area_label(names)
components.page_header(
    "满意度",
    "两个口径：群众对创建成效的满意度（季度调查）与 12345 热线满意率（逐件回访）",
    f"范围：{area}　时段：{filters.period_label}",
)

# The survey curve always starts in 2020, the brief's baseline year, up to the period's end.
survey = query("survey_satisfaction", start=date(2020, 1, 1), end=filters.end)
target = options.bound(
    st.columns([1, 4])[0].number_input,
    "目标线（%）",
    min_value=80.0,
    max_value=100.0,
    value=97.0,
    step=0.5,
    key="satisfaction_target",
    help="在图中画出的目标值，可按年度工作目标调整。",
)

st.subheader("群众对创建成效的满意度（季度调查）")
combined = query("survey_for_area", districts=filters.districts, end=filters.end)
if combined.empty:
    components.empty_state("所选时段内没有满意度调查数据（调查自 2020 年第一季度起按季度开展）。")
else:
    last = combined.iloc[-1]
    start, end = narrative.survey_span(combined)
    st.markdown(
        text.bold(narrative.survey_sentence(start, end, area))
        + text.md(f"　最新一季{'已达到' if last['satisfaction_pct'] >= target else '尚未达到'}目标 {target:.1f}%。")
    )
    campaigns = query("campaigns")
    yearly = query("survey_satisfaction_by_year").set_index("year")["satisfaction_pct"]

    def quarter_of(d) -> str:
        return f"{d.year}Q{(d.month - 1) // 3 + 1}"

    cache.chart(
        charts.survey_lines,
        survey,
        target,
        f"2020Q1—{last['period']}",
        filters.districts,
        campaign_quarters=(quarter_of(campaigns["started_on"].min()), quarter_of(campaigns["ended_on"].max())),
        year_2020=float(yearly.get(2020)) if 2020 in yearly.index and not filters.districts else None,
        key="satisfaction_survey",
    )
    st.caption(
        text.md(
            "调查口径：季度抽样调查“群众对创建成效的满意度”，满意人数 ÷ 样本量。"
            f"同期专项整治行动：{campaigns['started_on'].min():%Y年%-m月}—{campaigns['ended_on'].max():%Y年%-m月}"
            f"（{len(campaigns)} 项，见“接诉即办”页）。"
        )
    )
    components.data_table(
        survey,
        "satisfaction_survey",
        "满意度调查_按季度",
        columns=["period", "area_name", "sample_size", "satisfied_count", "satisfaction_pct"],
    )

st.subheader("12345 热线满意率（逐件回访，按月）")
st.caption(text.md(f"这是另一个口径：{labels.RATING_NOTE}它衡量的是每一件诉求的办理，与上面的调查满意度不能直接相比。"))
hotline = query("hotline_satisfaction_by_month", start=filters.start, end=filters.end)
if hotline.empty:
    components.empty_state()
else:
    chosen_hotline = filters.narrow(hotline)
    totals = chosen_hotline.groupby("month_start")[["rated", "satisfied"]].sum()
    rate = (totals["satisfied"] / totals["rated"] * 100).dropna()
    if rate.empty:
        st.markdown(text.bold(f"{area}在{filters.period_label}没有来电人参评的 12345 诉求，下图只显示全市。"))
    else:
        st.markdown(
            text.bold(
                f"{area} 12345 满意率由{rate.index[0]:%Y年%-m月}的 {rate.iat[0]:.1f}% "
                f"{narrative.direction(rate.iat[-1] - rate.iat[0], 0.05, '上升', '下降', '保持')}到{rate.index[-1]:%Y年%-m月}的 {rate.iat[-1]:.1f}%。"
            )
        )
    cache.chart(charts.hotline_satisfaction, hotline, filters.period_label, filters.districts, key="satisfaction_hotline")
    components.data_table(
        hotline,
        "satisfaction_hotline",
        "12345满意率_按月",
        columns=["month_start", "district_name", "rated", "satisfied", "satisfaction_rate"],
    )

st.subheader("16 个区的满意度曲线")
which = options.bound(
    st.segmented_control,
    "口径",
    ["survey", "hotline"],
    default="survey",
    required=True,
    key="satisfaction_multiples",
    format_func={"survey": "群众满意度（季度调查）", "hotline": "12345 满意率（按月）"}.get,
)
if which == "survey":
    multiples = (survey[survey["area_code"] != "110000"], "period", "satisfaction_pct", "area_name")
    title = "各区群众对创建成效的满意度（%，季度；灰线为全市）"
    options = {"city": survey[survey["area_code"] == "110000"], "x_is_category": True}
else:
    city = hotline.groupby("month_start", as_index=False)[["rated", "satisfied"]].sum()
    city["satisfaction_rate"] = city["satisfied"] / city["rated"] * 100
    multiples = (hotline, "month_start", "satisfaction_rate", "district_name")
    title = f"各区 12345 满意率（%，按月，{filters.period_label}；灰线为全市）"
    options = {"city": city}
if not (survey.empty if which == "survey" else hotline.empty):
    cache.chart(charts.small_multiples, *multiples, title, "%", key="satisfaction_small_multiples", **options)
    latest = survey[survey["area_code"] != "110000"].sort_values(["year", "quarter"]).groupby("area_code").tail(1)
    if len(latest):
        st.caption(
            text.md(
                narrative.rank_sentence(
                    latest.rename(columns={"area_name": "name"}).reset_index(drop=True),
                    "satisfaction_pct",
                    f"{latest['period'].iat[0]}群众满意度",
                    "%",
                    True,
                )
            )
        )
