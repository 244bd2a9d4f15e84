"""The 预警 page's parts: the warnings with where each stands (access.warning_states), the one picked with
its reason, its link and the records behind it, and the buttons that move it on (待处理 → 已交办 →
已处理, or 误报), each move checked against the reader's remit and written with its audit event."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from access import warning_states
from access.scope import Scope
from data.warnings import collect, links, warning_key
from ui import draw, formats, gate, labels, text
from ui.data import named, query, stamp

_FLASH_KEY = "warnings_flash"
RECORD_KINDS = ("surge", "repeat", "caller")
RECORD_COLUMNS = [
    "case_id",
    "source_name",
    "subcategory",
    "street_name",
    "address",
    "reported_at",
    "due",
    "resolved_at",
    "rating",
]


def collected(as_of: date) -> pd.DataFrame:
    """Every warning as at `as_of` in the reader's remit (data.warnings.collect on the cached named
    queries), composed once per warehouse file, date and remit: wording and linking the list in Python
    took most of a warm rerun of 预警. The states are not part of it (`with_states` reads them each run)."""
    return _collected(stamp(), gate.scope(), as_of).copy(deep=False)


# The remit is in the key (Scope.key), as in every record query's: one reader's list is never another's.
# So is the warehouse file's stamp (no leading underscore: Streamlit leaves such arguments out of the key),
# so an import is seen at once.
@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Scope: Scope.key})
def _collected(warehouse: tuple[str, float], scope: Scope, as_of: date) -> pd.DataFrame:
    return collect(query, as_of)


def with_states(frame: pd.DataFrame) -> pd.DataFrame:
    """The warnings with their state from the access database (a warning nobody touched is 待处理)."""
    keys = [warning_key(i) for i in frame["id"]]
    states = warning_states.WarningStates().states(keys)
    found = [states[k] for k in keys]
    return frame.assign(
        key=keys,
        state=[s.state for s in found],
        state_label=[s.label for s in found],
        changed_by=[s.updated_by for s in found],
        changed_at=[(s.updated_at or "")[:16].replace("T", " ") for s in found],
    )


# The list's own columns: the reason is in the panel beside it (and in the download), too long for a cell.
LIST_COLUMNS = ["state_label", "kind_label", "where", "what", "figure", "since"]
LIST_HEADERS = {"where": "地方", "what": "问题", "figure": "数字", "since": "起始"}
# The list's widths on a 1366-px laptop: two thirds of the page, every column whole.
LIST_WIDTHS = {"处理状态": 62, "类型": 68, "地方": 126, "问题": 138, "数字": 112, "起始": 84}
MOVE_ICONS = {
    warning_states.ASSIGNED: ":material/send:",
    warning_states.DONE: ":material/task_alt:",
    warning_states.FALSE_ALARM: ":material/block:",
    warning_states.PENDING: ":material/undo:",
}
EXPORT_COLUMNS = [
    "state_label",
    "kind_label",
    "district_name",
    "street_name",
    "place",
    "subcategory",
    "count",
    "expected",
    "since",
    "reason",
    "link",
]


def listed(warnings: pd.DataFrame, with_district: bool) -> pd.DataFrame:
    """The warnings with the list's short columns: where (the street, and its district when the list spans
    several), what (the subcategory, the place, the measure) and the figure against what was expected."""
    return warnings.assign(
        where=[
            f"{d} {s}" if with_district else s for d, s in zip(warnings["district_name"], warnings["street_name"], strict=True)
        ],
        what=[_what(row) for row in warnings.to_dict("records")],
        figure=[_figure(row) for row in warnings.to_dict("records")],
    )


def _what(row: dict) -> str:
    parts = [row[c] for c in ("place", "subcategory") if isinstance(row[c], str) and row[c]]
    if row["kind"] == "lagging" and isinstance(row["measure"], str):
        parts.append(labels.measure_label(row["measure"], with_unit=False))
    if row["kind"] == "overdue" and not parts:
        parts.append("问题逾期未办结")
    if row["kind"] == "caller" and not parts:
        parts.append("多个子类")
    return " · ".join(parts)


def _figure(row: dict) -> str:
    kind, count = row["kind"], int(row["count"])
    if kind == "surge":
        # As the reason words it: "预期 0.0" would read as a misprint.
        expected = "不到 0.1" if row["expected"] < 0.05 else formats.number(row["expected"], "score")
        return f"{formats.count(count, '件')}（预期 {expected}）"
    if kind == "lagging":
        return f"连续 {count} 个月"
    if kind == "overdue" and row["id"].startswith("overdue|alley:"):
        return "挂牌逾期"
    return formats.count(count, "件" if kind == "overdue" else "次")


def _has_records(warning: dict) -> bool:
    return warning["kind"] in RECORD_KINDS or (warning["kind"] == "overdue" and not warning["id"].startswith("overdue|alley:"))


def flash() -> None:
    """What the last move did, once, after the rerun it caused."""
    message = st.session_state.pop(_FLASH_KEY, None)
    if message:
        st.success(text.md(message), icon=":material/check_circle:")


def detail(warning: dict, table_key: str) -> None:
    """One warning: what it says, where it stands, the moves it can take and the link to its records.
    `table_key` is the list's: a move starts it afresh, so the row picked is the linked warning again."""
    st.markdown(text.bold(warning["reason"]))
    if warning["changed_by"]:
        st.caption(
            text.md_format(
                labels.WARNINGS_CHANGED_BY, state=warning["state_label"], user=warning["changed_by"], at=warning["changed_at"]
            )
        )
    else:
        st.caption(text.md(f"当前状态：{warning['state_label']}"))
    _moves(warning, table_key)
    page, _params = links.target(warning)
    st.link_button(text.md(labels.WARNINGS_LINKS[page]), warning["link"], icon=":material/open_in_new:", key="warnings_link")


def records(warning: dict, as_of: date) -> None:
    """The cases the warning counted (none for an alley or a lagging street: the link shows their figures)."""
    if not _has_records(warning):
        st.caption(labels.WARNINGS_NO_RECORDS if warning["kind"] == "lagging" else labels.WARNINGS_ALLEY_RECORD)
        return
    st.markdown(text.bold(labels.WARNINGS_RECORDS))
    params = {
        "as_of": as_of,
        "kind": warning["kind"],
        "record_key": warning["record_key"],
        "subcategory": warning["subcategory"] if isinstance(warning["subcategory"], str) else "",
        "records_from": warning["records_from"],
    }
    draw.table(
        named("warning_cases", **params),
        RECORD_COLUMNS,
        key="warnings_records",
        headers={"street_name": "街乡镇", "source_name": "来源"},
    )


def _moves(warning: dict, table_key: str) -> None:
    """The steps this warning can take, as buttons; a click moves it and reruns the page."""
    with st.container(horizontal=True, key="warnings_moves"):
        for to in warning_states.STEPS[warning["state"]]:
            if st.button(text.md(warning_states.ACTIONS[to]), key=f"warnings_to_{to}", icon=MOVE_ICONS[to]):
                _move(warning, to, table_key)


def _move(warning: dict, to: str, table_key: str) -> None:
    who = gate.visitor()
    target = warning_states.WarningRef(
        key=warning["key"],
        kind=warning["kind"],
        district_code=warning["district_code"],
        street_code=warning["street_code"],
        subcategory=warning["subcategory"] if isinstance(warning["subcategory"], str) else None,
        since=pd.Timestamp(warning["since"]).date().isoformat(),
    )
    try:
        done = warning_states.WarningStates().move(
            target, warning["state"], to, user=who.user, scope=who.scope, session=who.session
        )
    except warning_states.StateRefused as refused:
        st.error(text.md(str(refused)), icon=":material/block:")
        return
    st.session_state[_FLASH_KEY] = labels.WARNINGS_MOVED.format(state=done.label)
    # The row picked was a position in the list; after the move the list may order or filter otherwise,
    # so the pick starts afresh from the link, which names this warning.
    st.session_state.pop(table_key, None)
    st.rerun()
