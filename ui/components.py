"""Page furniture shared by every page: headers, the demo notice, the table behind a figure with
its downloads, and the empty state. Charts, tables and maps are drawn by ui.draw."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from ui import draw, formats, labels, text


def page_header(title: str, summary: str, scope: str) -> None:
    st.title(text.md(title))
    st.caption(text.md(f"{scope}　|　{summary}"))


def demo_notice() -> None:
    st.warning(labels.DEMO_NOTICE, icon=":material/science:")


def empty_state(message: str = labels.EMPTY_SELECTION) -> None:
    st.info(text.md(message), icon=":material/filter_alt_off:")


def _xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    # Cells from data stay inert text: xlsxwriter would otherwise turn "http://…" into a live
    # hyperlink and "=…" into a formula (imported text is already neutralised; this is the backstop).
    inert = {"options": {"strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False}}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=inert) as writer:
        out = frame.copy()
        for column in out.columns:
            if isinstance(out[column].dtype, pd.DatetimeTZDtype):
                out[column] = out[column].dt.tz_localize(None)
        out.to_excel(writer, index=False, sheet_name="数据")
        writer.sheets["数据"].freeze_panes(1, 0)
        writer.sheets["数据"].set_column(0, len(out.columns) - 1, 14)
    return buffer.getvalue()


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
) -> None:
    """The table behind a figure, in an expander, downloadable as CSV (UTF-8 with BOM) and XLSX."""

    def shown() -> pd.DataFrame:  # formatted only when shown or downloaded
        return draw.shown_columns(frame, columns, headers, value_labels)

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
        left, right = st.columns(2)
        left.download_button(
            labels.DOWNLOAD_CSV,
            data=lambda: shown().to_csv(index=False).encode("utf-8-sig"),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            icon=":material/download:",
            on_click="ignore",
        )
        right.download_button(
            labels.DOWNLOAD_XLSX,
            data=lambda: _xlsx(shown()),
            file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            icon=":material/table_view:",
            on_click="ignore",
        )
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
    no colour), e.g. "其中超期 14 条". `metric` passes on to st.metric (help, chart_data …)."""
    noted = {"delta": note, "delta_color": "off", "delta_arrow": "off"} if note else {}
    column.metric(text.md(label), value, border=True, **{**noted, **metric})
