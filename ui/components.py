"""Page furniture shared by every page: headers, the demo notice, headline figures,
the table behind a figure with its downloads, and the empty state."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import labels, text

PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "zh-CN",
    # The camera button saves the chart as PNG in the browser, with nothing sent anywhere.
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def page_header(title: str, summary: str, scope: str) -> None:
    st.title(text.md(title))
    st.caption(text.md(f"{scope}　|　{summary}"))


def demo_notice() -> None:
    st.warning(labels.DEMO_NOTICE, icon=":material/science:")


def empty_state(message: str = labels.EMPTY_SELECTION) -> None:
    st.info(text.md(message), icon=":material/filter_alt_off:")


def chart(figure: go.Figure, key: str, sentence: str | None = None, **kwargs):
    """A chart with the one sentence that says what it shows."""
    if sentence:
        st.markdown(text.bold(sentence))
    return st.plotly_chart(figure, key=key, theme=None, config=PLOTLY_CONFIG, **kwargs)


def _display(
    frame: pd.DataFrame,
    columns: Sequence[str] | None,
    headers: dict[str, str] | None = None,
    value_labels: dict[str, dict] | None = None,
) -> pd.DataFrame:
    """Chosen columns with Chinese headers; dates without a midnight time, booleans as 是/否,
    codes as their labels (`value_labels`: column -> {code: label})."""
    shown = (frame[list(columns)] if columns else frame).copy()
    for column, names in (value_labels or {}).items():
        if column in shown.columns:
            shown[column] = shown[column].map(names)
    shown = shown.drop(columns=[c for c in ("boundary_geojson",) if c in shown.columns])
    for column in shown.columns:
        series = shown[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            valid = series.dropna()
            if len(valid) == 0 or (valid.dt.normalize() == valid).all():
                shown[column] = series.dt.strftime("%Y-%m-%d").fillna("")
            else:
                shown[column] = series.dt.strftime("%Y-%m-%d %H:%M").fillna("")
        elif pd.api.types.is_bool_dtype(series):
            shown[column] = series.map({True: "是", False: "否"})
    names = {**labels.COLUMNS, **(headers or {})}
    return shown.rename(columns=lambda c: names.get(c, c))


def table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    key: str,
    height: int | str = "auto",
    headers: dict[str, str] | None = None,
    value_labels: dict[str, dict] | None = None,
    **kwargs,
):
    """A table shown on the page, formatted like the downloads."""
    shown = _display(frame, columns, headers, value_labels)
    return st.dataframe(shown, hide_index=True, key=key, width="stretch", height=height, **kwargs)


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
        return _display(frame, columns, headers, value_labels)

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
            st.dataframe(shown(), hide_index=True, key=f"{key}_table", width="stretch")


def change_text(value: float | None, unit: str = "%", points: bool = False) -> str | None:
    """'+3.2%' or '+1.4 个百分点' for a metric delta; None when unknown."""
    if value is None or value != value:
        return None
    if points:
        return f"{value:+.2f} 个百分点" if abs(value) < 1 else f"{value:+.1f} 个百分点"
    return f"{value:+.1f}{unit}"
