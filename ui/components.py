"""Page furniture shared by every page: headers, the demo notice, the table behind a figure with
its downloads, and the empty state. Charts, tables and maps are drawn by ui.draw; the files the
downloads give are written by ui.exports."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from ui import draw, exports, formats, gate, labels, text
from ui.data import Named, warehouse_info
from ui.filters import current, district_names


def page_header(title: str, summary: str, scope: str) -> None:
    st.title(text.md(title))
    st.caption(text.md(f"{scope}　|　{summary}"))


def demo_notice() -> None:
    st.warning(labels.DEMO_NOTICE, icon=":material/science:")


def empty_state(message: str = labels.EMPTY_SELECTION) -> None:
    st.info(text.md(message), icon=":material/filter_alt_off:")


def _xlsx(frame: pd.DataFrame, context: exports.Context | None = None) -> bytes:
    """A frame as an XLSX download writes it (tests call this without a page around it)."""
    return exports.build(exports.XLSX, frame, context or exports.Context("数据", labels.CITY, "", "", demo=False))


def export_context(
    table: str,
    frame: pd.DataFrame | None = None,
    *,
    area: str | None = None,
    period: tuple[str, str] | None = None,
    total: int | None = None,
    note: str = "",
    columns: Sequence[str] | None = None,
    headers: dict[str, str] | None = None,
    value_labels: dict[str, dict] | None = None,
) -> exports.Context:
    """What a download from this page says about itself: the area and period from the shared
    filters (unless the table's own rows cover other districts or months, or the caller says),
    demo or real data, and how its columns are chosen and named. Taken while the page is drawn:
    the file is made later, on a thread where the session's filters are not at hand."""
    filters = current()
    names = district_names()
    chosen = filters.area_label(names)
    if area is None:
        area = exports.area_of(frame, filters.districts, names, chosen) if frame is not None else chosen
    if period is None:
        period = (exports.period_of(frame) if frame is not None else None) or exports.months(filters.start, filters.end)
    info = warehouse_info()
    demo = info.get("is_demo") == "true"
    source = exports.DEMO_SOURCE if demo else (info.get("description") or exports.REAL_SOURCE)
    if info.get("data_end"):
        source += f"；数据截至 {info['data_end']}"
    return exports.Context(
        table=exports.table_name(table),
        area=area,
        period=period[0],
        period_key=period[1],
        demo=demo,
        source=source,
        total=total,
        note=note,
        columns=tuple(columns) if columns else None,
        headers=dict(headers or {}),
        value_labels=dict(value_labels or {}),
        filters={"districts": list(filters.districts), "start": filters.start.isoformat(), "end": filters.end.isoformat()},
    )


def download_buttons(
    source: pd.DataFrame | Named,
    context: exports.Context,
    key: str,
    *,
    rows: int | None = None,
    csv_label: str = labels.DOWNLOAD_CSV,
    xlsx_label: str = labels.DOWNLOAD_XLSX,
) -> None:
    """A CSV and an XLSX button side by side. Each file is made by exports.build only when its
    button is clicked (a callable, and no rerun on the click); its name is known now. Each file made
    is recorded in the audit trail with the reader of this run (ui.gate), whatever the context says."""
    context = replace(context, audit=gate.export_recorder())
    left, right = st.columns(2)
    left.download_button(
        text.md(csv_label),
        data=functools.partial(exports.build, exports.CSV, source, context),
        file_name=exports.file_name(context, exports.CSV, rows),
        mime=exports.MIME[exports.CSV],
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        text.md(xlsx_label),
        data=functools.partial(exports.build, exports.XLSX, source, context),
        file_name=exports.file_name(context, exports.XLSX, rows),
        mime=exports.MIME[exports.XLSX],
        key=f"{key}_xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )


def data_table(
    frame: pd.DataFrame,
    key: str,
    file_stem: str,
    columns: Sequence[str] | None = None,
    title: str = labels.TABLE_EXPANDER,
    expanded: bool = False,
    in_expander: bool = True,
    headers: dict[str, str] | None = None,
    value_labels: dict[str, dict] | None = None,
    count_unit: str = "行",
    *,
    area: str | None = None,
    period: tuple[str, str] | None = None,
    total: int | None = None,
    note: str = "",
    csv_label: str = labels.DOWNLOAD_CSV,
    xlsx_label: str = labels.DOWNLOAD_XLSX,
) -> None:
    """The table behind a figure, in an expander, downloadable as CSV and XLSX (ui.exports): each
    file named and titled with the table (`file_stem`), its area and period (see export_context;
    `area` and `period`, as exports.months() gives it, override), and marked 示例数据 for demo data.
    `total` is the whole list's length when `frame` holds only its newest rows."""
    context = export_context(
        file_stem,
        frame,
        area=area,
        period=period,
        total=total,
        note=note,
        columns=columns,
        headers=headers,
        value_labels=value_labels,
    )
    # The expander draws its table only once opened: sending every table behind every chart
    # to the browser on each rerun cost more than the charts themselves at city scale.
    holder = (
        st.expander(
            text.md(f"{title}（{len(frame):,} {count_unit}）"), expanded=expanded, key=f"{key}_expander", on_change="rerun"
        )
        if in_expander
        else st.container()
    )
    with holder:
        download_buttons(frame, context, key, rows=len(frame), csv_label=csv_label, xlsx_label=xlsx_label)
        if not in_expander or holder.open:
            draw.table(frame, columns, key=f"{key}_table", headers=headers, value_labels=value_labels)


def delta(value, kind: str, description: str, unit: str = "") -> dict:
    """A metric card's change, written by ui.formats: nothing when there is nothing to compare with
    (no 同比 for 2020), no arrow when it rounds to 持平 (Streamlit would draw a green one)."""
    if formats.missing(value):
        return {}
    written = formats.change(value, kind, unit)
    flat = written == formats.FLAT
    return {"delta": written, "delta_description": description, **({"delta_arrow": "off", "delta_color": "off"} if flat else {})}


def card(column, label: str, value: str, note: str | None = None, **metric) -> None:
    """A headline card: a figure and its label, and under it a plain note (not a change: no arrow,
    no colour), e.g. "其中逾期 14 条". `metric` passes on to st.metric (help, chart_data …)."""
    noted = {"delta": note, "delta_color": "off", "delta_arrow": "off"} if note else {}
    column.metric(text.md(label), value, border=True, **{**noted, **metric})
