"""预警: what needs attention this week in the reader's area (异动, 重复诉求, 一人多诉, 逾期, 连续靠后), each
saying what and where, against what was expected and since when, with the records behind it, and where
it stands (待处理 → 已交办 → 已处理, or 误报), kept in the app's own database and audited."""

import streamlit as st

from access import warning_states
from data.warnings import KINDS
from data.warnings.wording import KIND_LABELS
from queries.settings import settings
from ui import components, draw, formats, labels, options, text, warning_list
from ui.filters import current, district_names

filters = current()
names = district_names()
as_of = filters.as_of  # the last day of the chosen months, not past the data: "this week" is the week of it
components.page_header(
    labels.WARNINGS_TITLE, labels.WARNINGS_SUMMARY, f"范围：{filters.area_label(names)}　截至：{formats.day(as_of)}"
)

note = labels.WARNINGS_NOTE.format(**settings().warnings)
# Every warnings query is a record query: ui.data binds the reader's remit to each.
warnings = warning_list.with_states(filters.narrow(warning_list.collected(as_of)))
if warnings.empty:
    components.empty_state(labels.WARNINGS_EMPTY)
    st.caption(text.md(note))
    st.stop()

open_warnings = warnings[warnings["state"].isin([warning_states.PENDING, warning_states.ASSIGNED])]
for column, kind in zip(st.columns(len(KINDS)), KINDS, strict=True):
    column.metric(
        text.md(KIND_LABELS[kind]),
        formats.count(int((open_warnings["kind"] == kind).sum()), "条"),
        border=True,
        help=text.md(f"待处理和已交办的{KIND_LABELS[kind]}预警；共 {int((warnings['kind'] == kind).sum())} 条。"),
    )

left, right = st.columns([3, 2])  # five kinds beside four states, whole on an 1100-px iframe too
with left:
    kinds = options.bound(
        st.pills,
        labels.WARNINGS_KIND_FILTER,
        list(KINDS),
        format_func=KIND_LABELS.get,
        selection_mode="multi",
        default=list(KINDS),
        key="warnings_kinds",
    )
with right:
    states = options.bound(
        st.pills,
        labels.WARNINGS_STATE_FILTER,
        list(warning_states.LABELS),
        format_func=warning_states.LABELS.get,
        selection_mode="multi",
        default=[warning_states.PENDING, warning_states.ASSIGNED],
        key="warnings_states",
    )
kinds, states = kinds or list(KINDS), states or list(warning_states.LABELS)  # none picked: all
# The warning picked is in the link (`warning`: its key), so a link sent to a colleague opens it; it stays
# in the list whatever the filters, so that moving it to 已处理 does not make it vanish under the cursor.
options.linked_choice("warning", list(warnings["key"]), "预警编号")  # a notice, once, for a key not found
linked = st.query_params.get("warning")
shown = warnings[(warnings["kind"].isin(kinds) & warnings["state"].isin(states)) | (warnings["key"] == linked)].reset_index(
    drop=True
)
if shown.empty:
    components.empty_state(labels.WARNINGS_NONE_SHOWN)
    st.stop()

listed = warning_list.listed(shown, with_district=shown["district_code"].nunique() > 1)
keys = list(listed["key"])
# A new choice of kinds or states is a new list: the row picked in the old one means nothing in it.
table_key = f"warnings_table_{'-'.join(sorted(kinds))}_{'-'.join(sorted(states))}"
left, right = st.columns([2, 1])
with left:
    picked = draw.table(
        listed,
        warning_list.LIST_COLUMNS,
        key=table_key,
        headers=warning_list.LIST_HEADERS,
        on_select="rerun",
        selection_default={"selection": {"rows": [keys.index(linked)]}} if linked in keys else None,
        height=min(38 + 35 * len(listed), 460),
        column_config={header: {"width": width} for header, width in warning_list.LIST_WIDTHS.items()},
    )
rows = picked.selection.rows if picked else []
options.keep_in_link("warning", keys[rows[0]] if rows else None)
with right:
    warning_list.flash()
    if rows:
        warning_list.detail(listed.iloc[rows[0]].to_dict(), table_key)
    else:
        st.info(labels.WARNINGS_PICK, icon=":material/touch_app:")
if rows:
    warning_list.records(listed.iloc[rows[0]].to_dict(), as_of)

# The download carries every column, the reason and the link too: it is forwarded to whoever acts on it.
components.data_table(
    shown,
    "warnings_list",
    "预警清单",
    columns=warning_list.EXPORT_COLUMNS,
    headers={"street_name": "街乡镇", "link": "链接"},
    title="下载预警清单",
)
st.caption(text.md(note))
st.caption(labels.WARNINGS_STATE_NOTE)
