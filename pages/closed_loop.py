"""闭环台账: spot-check problems (发现 → 交办 → 整改 → 复查 → 销号) and red-listed alleys (挂牌 → 整改 → 复查 →
摘牌) as one loop: what is overdue and who owns it first, then the stages, re-opened problems, days to
close, and the list of open items."""

import streamlit as st

from ui import charts, components, draw, formats, labels, narrative, options, text
from ui.data import named, query
from ui.filters import current, district_names

# Who owns it and how late first: the columns a 1366-px laptop shows without scrolling.
ITEM_COLUMNS = [
    "responsible_unit",
    "days_overdue",
    "due_on",
    "stage",
    "subject",
    "district_name",
    "street_name",
    "alley_name",
    "kind",
    "item_id",
    "found_on",
    "reopen_count",
]
UNIT_COLUMNS = [
    "district_name",
    "responsible_unit",
    "open_items",
    "overdue_items",
    "overdue_spot_check",
    "overdue_red_list",
    "overdue_longer",
    "longest_overdue_days",
]
REOPENED_COLUMNS = [
    "item_id",
    "district_name",
    "street_name",
    "subject",
    "responsible_unit",
    "found_on",
    "failed_rechecks",
    "stage",
    "due_on",
    "days_overdue",
    "closed_on",
]
STREET_COLUMNS = [
    "district_name",
    "street_name",
    "closed_spot_check",
    "median_days_spot_check",
    "closed_red_list",
    "median_days_red_list",
]
CODES = {"kind": labels.LOOP_KINDS, "stage": labels.LOOP_STAGES}

filters = current()
names = district_names()
area = filters.area_label(names)
as_of_label = formats.day(filters.as_of)
window = {"districts": filters.districts, "start": filters.start, "as_of": filters.as_of}
now = {"districts": filters.districts, "as_of": filters.as_of}
components.page_header(
    "闭环台账 · 创城抽查与挂牌督办",
    "抽查问题：发现 → 交办 → 整改 → 复查 → 销号；挂牌街巷：挂牌 → 整改 → 复查 → 摘牌",
    f"范围：{area}　时段：{filters.period_label}　状态截至：{as_of_label}",
)
summary = query("closed_loop_summary", **window).iloc[0]
stages = named("closed_loop_stages", **window)
if not stages.frame()["items"].sum():
    components.empty_state("所选区域和时段内没有创城抽查问题和挂牌街巷。")
    st.stop()

cols = st.columns(5)
components.card(
    cols[0], "在办事项", formats.count(summary["open_items"], "项"), help=text.md(f"尚未销号（摘牌），截至 {as_of_label}")
)
components.card(
    cols[1],
    "已逾期",
    formats.count(summary["overdue_items"], "项"),
    f"30 天以上 {formats.count(summary['overdue_longer'], '项')}",
)
components.card(cols[2], "有逾期事项的责任单位", formats.count(summary["units_with_overdue"], "个"))
components.card(
    cols[3],
    "返工率",
    formats.rate(summary["reopen_rate"]),
    f"复查未通过 {formats.count(summary['reopened_items'], '件')}",
    help="时段内复查过的抽查问题中，复查未通过、退回重新整改的比例。",
)
components.card(
    cols[4],
    "抽查问题销号用时",
    formats.number(summary["median_days_spot_check"], "days", "天"),
    f"街巷摘牌 {formats.number(summary['median_days_red_list'], 'days', '天')}",
    help="从发现（挂牌）到销号（摘牌）的天数，时段内销号的事项取中位数。",
)

# --- what is overdue, and who owns it ------------------------------------------------------------
st.subheader("逾期事项：谁负责")
st.markdown(text.bold(narrative.loop_overdue_sentence(summary, area, as_of_label)))
units = named("closed_loop_overdue_by_unit", **now)
if summary["overdue_items"]:
    st.markdown(text.md(narrative.loop_units_sentence(units.frame())))
    left, right = st.columns([3, 2])
    with left:
        draw.chart(charts.loop_overdue_by_unit, units, as_of_label, key="loop_units")
    with right:
        draw.chart(charts.loop_overdue_by_age, named("closed_loop_overdue_by_age", **now), as_of_label, key="loop_age")
    if len(filters.districts) != 1:
        draw.chart(
            charts.loop_overdue_by_district, named("closed_loop_overdue_by_district", **now), as_of_label, key="loop_districts"
        )
components.data_table(
    units.frame(),
    "loop_units",
    "闭环台账_责任单位",
    columns=UNIT_COLUMNS,
    headers=labels.LOOP_COLUMNS,
    title="各责任单位在办与逾期",
)

# --- the stages ----------------------------------------------------------------------------------
st.subheader("闭环各环节")
st.markdown(text.bold(narrative.loop_stage_sentence(stages.frame())))
draw.chart(charts.loop_stages, stages, as_of_label, key="loop_stages")

# --- re-opened problems, and days to close -------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader("复查未通过（返工）")
    reopen = named("closed_loop_reopened_by_district", **window)
    st.markdown(text.bold(narrative.loop_reopen_sentence(summary, reopen.frame())))
    if len(filters.districts) != 1 and summary["rechecked_items"]:
        draw.chart(charts.loop_reopen_by_district, reopen, filters.period_label, key="loop_reopen")
    reopened = named("closed_loop_reopened_items", **window).frame()
    components.data_table(
        reopened,
        "loop_reopened",
        "闭环台账_复查未通过",
        columns=REOPENED_COLUMNS,
        headers=labels.LOOP_COLUMNS,
        value_labels=CODES,
        title="复查未通过的抽查问题",
        count_unit="件",
    )
with right:
    st.subheader("销号用时")
    days = named("closed_loop_days_to_close", **window)
    st.markdown(text.bold(narrative.loop_days_sentence(summary, days.frame())))
    if len(filters.districts) != 1:
        draw.chart(charts.loop_days_to_close, days, filters.period_label, key="loop_days")
    components.data_table(
        query("closed_loop_days_to_close_by_street", **window),
        "loop_days_streets",
        "闭环台账_街乡镇销号用时",
        columns=STREET_COLUMNS,
        headers=labels.LOOP_COLUMNS,
        title="各街乡镇销号用时",
        count_unit="个街乡镇",
    )

# --- the list ------------------------------------------------------------------------------------
st.subheader("事项清单")
st.caption(labels.LOOP_NOTE)
view = options.bound(
    st.segmented_control,
    "显示",
    list(labels.LOOP_VIEWS),
    default="overdue",
    required=True,
    key="loop_view",
    format_func=labels.LOOP_VIEWS.get,
)
items = named("closed_loop_items", **now).frame()
shown = items[items["is_overdue"]] if view == "overdue" else items
if shown.empty:
    components.empty_state(f"截至{as_of_label}，{area}没有{labels.LOOP_VIEWS[view]}。")
else:
    draw.table(
        shown,
        ITEM_COLUMNS,
        key="loop_items_table",
        height=420 if len(shown) > 10 else "auto",
        fit=True,
        headers=labels.LOOP_COLUMNS,
        value_labels=CODES,
    )
context = components.export_context(
    f"闭环台账_{labels.LOOP_VIEWS[view]}", shown, columns=ITEM_COLUMNS, headers=labels.LOOP_COLUMNS, value_labels=CODES
)
components.download_buttons(shown, context, "loop_items", rows=len(shown))
