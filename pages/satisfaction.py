"""满意度: survey satisfaction by quarter with a target line, the hotline's 满意率, small multiples."""

from datetime import date

import streamlit as st

from queries.settings import settings
from ui import charts, components, draw, events, formats, labels, narrative, options, text
from ui.data import named, query
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
survey = named("survey_satisfaction", start=date(2020, 1, 1), end=filters.end)
target = options.bound(
    st.columns([1, 4])[0].number_input,
    "目标线（%）",
    min_value=80.0,
    max_value=100.0,
    value=settings().targets["survey_satisfaction"].target,
    step=0.5,
    key="satisfaction_target",
    help="在图中画出的目标值，默认取工作目标（config/targets.toml），可按需调整。",
)

st.subheader("群众对创建成效的满意度（季度调查）")
figures = query("headline_figures", **filters.with_as_of()).iloc[0]
if formats.missing(figures["survey_latest"]):
    components.empty_state("所选时段内没有满意度调查数据（调查自 2020 年第一季度起按季度开展）。")
else:
    reached = "已达到" if figures["survey_latest"] >= target else "尚未达到"
    st.markdown(
        text.bold(narrative.survey_sentence(figures, area)) + text.md(f"　最新一季{reached}目标 {formats.survey(target)}。")
    )
    campaigns = query("campaigns")

    def quarter_of(d) -> str:
        return f"{d.year}Q{(d.month - 1) // 3 + 1}"

    draw.chart(
        charts.survey_lines,
        survey,
        target,
        f"2020年一季度—{formats.quarter(figures['survey_period'])}",
        filters.districts,
        campaign_quarters=(quarter_of(campaigns["started_on"].min()), quarter_of(campaigns["ended_on"].max())),
        year_2020=float(figures["survey_baseline"])
        if figures["survey_baseline_label"] == "2020年" and not filters.districts
        else None,
        key="satisfaction_survey",
    )
    st.caption(
        text.md(
            "调查口径：季度抽样调查“群众对创建成效的满意度”，满意人数 ÷ 样本量。"
            f"同期专项整治行动：{formats.month(campaigns['started_on'].min())}—{formats.month(campaigns['ended_on'].max())}"
            f"（{len(campaigns)} 项，见“接诉即办”页）。"
        )
    )
    components.data_table(
        survey.frame(),
        "satisfaction_survey",
        "满意度调查_按季度",
        columns=["period", "area_name", "sample_size", "satisfied_count", "satisfaction_pct"],
    )

st.subheader("12345 热线满意率（逐件回访，按月）")
st.caption(text.md(f"这是另一个口径：{labels.RATING_NOTE}它衡量的是每一件诉求的办理，与上面的调查满意度不能直接相比。"))
hotline = named("hotline_satisfaction_by_month", start=filters.start, end=filters.end)
monthly = query("rates_by_month", **filters.params())
chosen_months = monthly[(monthly["scope"] == "selection") & monthly["satisfaction_rate"].notna()]
if chosen_months.empty:
    st.markdown(text.bold(f"{area}在{filters.period_label}没有来电人参评的 12345 诉求。"))
else:
    first, last = chosen_months.iloc[0], chosen_months.iloc[-1]
    if len(chosen_months) == 1:
        st.markdown(
            text.bold(f"{area} {formats.month(last['month_start'])} 12345 满意率为 {formats.rate(last['satisfaction_rate'])}。")
        )
    else:
        moved = narrative.direction(last["satisfaction_rate"] - first["satisfaction_rate"], 0.05, "上升", "下降", "保持")
        st.markdown(
            text.bold(
                f"{area} 12345 满意率由{formats.month(first['month_start'])}的 {formats.rate(first['satisfaction_rate'])} "
                f"{moved}到{formats.month(last['month_start'])}的 {formats.rate(last['satisfaction_rate'])}。"
            )
        )
draw.chart(
    charts.hotline_satisfaction,
    hotline,
    filters.period_label,
    filters.districts,
    events.between(filters.start, filters.as_of, query("campaigns")),
    key="satisfaction_hotline",
)
components.data_table(
    hotline.frame(),
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
    draw.chart(
        charts.area_small_multiples,
        survey,
        "period",
        "satisfaction_pct",
        "area_code",
        "area_name",
        "各区群众对创建成效的满意度（%，季度；灰线为全市）",
        x_is_category=True,
        key="satisfaction_small_multiples",
    )
else:
    draw.chart(
        charts.area_small_multiples,
        hotline,
        "month_start",
        "satisfaction_rate",
        "district_code",
        "district_name",
        f"各区 12345 满意率（%，按月，{filters.period_label}；灰线为全市）",
        key="satisfaction_small_multiples",
    )
latest = query("district_measures", **{**filters.with_as_of(), "districts": []})
if not formats.missing(figures["survey_period"]):
    st.caption(
        text.md(narrative.rank_sentence(latest, "survey_satisfaction", f"{formats.quarter(figures['survey_period'])}群众满意度"))
    )
