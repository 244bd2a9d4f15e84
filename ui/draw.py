"""The one way to draw each kind of element: `chart`, `table`, `map`.

Each takes a builder (a plain function of ui.charts / ui.maps, frames in, figure out) or a
frame, and the named queries it draws from (`ui.data.named(...)`). An element that takes no
selection is cached as drawn: Streamlit records the element an `st` call makes inside a cached
function and replays it on a hit, so a warm rerun neither runs the builder nor serializes the
figure again (building and serializing a chart cost more than the page's queries). The cache key
is the builder, the named queries and their parameters (with the warehouse file's modification
time) and the other arguments: never the frames themselves. An element that takes a selection is
a widget, which cannot be replayed: it is built on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from ui import formats, labels, text, theme
from ui.data import Named

# The Plotly bundled with Streamlit has no Chinese locale, so its toolbar said "Download plot as a png",
# "Zoom", "Autoscale". Plotly takes a locale in the chart's config: this one is ours, for the buttons
# kept (zoom, pan, reset, save as PNG) and the few messages they show.
ZH_CN = {
    "dictionary": {
        "Download plot as a png": "下载图片（PNG）",
        "Download plot as a PNG": "下载图片（PNG）",
        "Download plot": "下载图片",
        "Zoom": "框选放大",
        "Pan": "拖动",
        "Zoom in": "放大",
        "Zoom out": "缩小",
        "Autoscale": "自动缩放",
        "Reset axes": "复原",
        "Reset view": "复原视图",
        "Reset": "复原",
        "Toggle Spike Lines": "显示或隐藏参考线",
        "Show closest data on hover": "悬停显示最近的数据",
        "Compare data on hover": "悬停比较数据",
        "Box Select": "框选",
        "Lasso Select": "套索选择",
        "Double-click to zoom back out": "双击复原",
        "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
        "Snapshot succeeded": "图片已生成",
        "Sorry, there was a problem downloading your snapshot!": "抱歉，图片生成失败",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": [f"{m}月" for m in range(1, 13)],
        "shortMonths": [f"{m}月" for m in range(1, 13)],
        "date": "%Y-%m-%d",
        "decimal": ".",
        "thousands": ",",
    },
}
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "zh-CN",
    "locales": {"zh-CN": ZH_CN},
    # The camera button saves the chart as PNG in the browser, with nothing sent anywhere.
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "图表"},
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"],
}
# The benchmark's pandas app draws every element afresh, as the common way of writing a dashboard
# does (benchmarks/pandas_app/app.py).
CACHE_ELEMENTS = True
_HASH = {Named: Named.key}


def _resolved(values: Sequence[Any]) -> list[Any]:
    return [v.frame() if isinstance(v, Named) else v for v in values]


def _builder_id(builder: Callable) -> str:
    return f"{builder.__module__}.{builder.__qualname__}"


# --- charts --------------------------------------------------------------------------------------


def _plotly(figure: go.Figure, key: str, sentence: str | None, projector: int | theme.Slide | None, **widget: Any):
    if sentence:
        st.markdown(text.bold(sentence))
    config = PLOTLY_CONFIG
    if projector:  # a slide: type scaled to the screen, the slide's height, nothing to click
        theme.projector(figure, projector)
        config = {"displayModeBar": False, "staticPlot": True}
    return st.plotly_chart(figure, key=key, theme=None, config=config, **widget)


# Bounded by count: a drawn chart is its JSON, 10-300 KB, so 256 stay under about 80 MB per process.
@st.cache_data(max_entries=256, show_spinner=False, hash_funcs=_HASH)
def _cached_chart(
    _builder: Callable,
    builder_id: str,
    args: tuple,
    kwargs: tuple,
    key: str,
    sentence: str | None,
    projector: int | theme.Slide | None,
) -> None:
    _plotly(_builder(*_resolved(args), **dict(kwargs)), key, sentence, projector)


def chart(
    builder: Callable[..., go.Figure],
    *args: Any,
    key: str,
    sentence: str | None = None,
    on_select=None,
    projector: int | theme.Slide | None = None,
    **kwargs: Any,
):
    """`builder(*args, **kwargs)` drawn with the sentence that says what it shows; named queries
    among the arguments are run first. With `on_select` it is a widget and returns the event;
    `projector=theme.Slide(height, width, scale)` (or just a height, at 1920×1080) draws it for a slide."""
    if on_select is not None:
        figure = builder(*_resolved(args), **kwargs)
        return _plotly(figure, key, sentence, projector, on_select=on_select, selection_mode="points")
    if not CACHE_ELEMENTS:
        return _plotly(builder(*_resolved(args), **kwargs), key, sentence, projector)
    _cached_chart(builder, _builder_id(builder), args, tuple(sorted(kwargs.items())), key, sentence, projector)
    return None


# --- maps ----------------------------------------------------------------------------------------


# A drawn map is up to 1.4 MB (5,393 alleys), so 32 stay under about 45 MB per process.
@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=_HASH)
def _cached_map(_builder: Callable, builder_id: str, args: tuple, kwargs: tuple, key: str, height: int) -> None:
    st.pydeck_chart(_builder(*_resolved(args), **dict(kwargs)), height=height, key=key)


def map(builder: Callable[..., pdk.Deck], *args: Any, key: str, height: int, on_select=None, **kwargs: Any):
    """`builder(*args, **kwargs)`, a pydeck map with no basemap; with `on_select` a widget."""
    if on_select is not None:
        deck = builder(*_resolved(args), **kwargs)
        return st.pydeck_chart(deck, height=height, key=key, on_select=on_select, selection_mode="single-object")
    if not CACHE_ELEMENTS:
        return st.pydeck_chart(builder(*_resolved(args), **kwargs), height=height, key=key)
    _cached_map(builder, _builder_id(builder), args, tuple(sorted(kwargs.items())), key, height)
    return None


# --- tables --------------------------------------------------------------------------------------


def shown_columns(
    frame: pd.DataFrame,
    columns: Sequence[str] | None = None,
    headers: dict[str, str] | None = None,
    value_labels: dict[str, dict] | None = None,
) -> pd.DataFrame:
    """The chosen columns under their Chinese headers, as a table shows them and an export writes
    them: dates without a midnight time, yes/no as 是/否, codes as their labels (`value_labels`:
    column -> {code: label}); numbers stay numbers (their format is the column's, see `column_formats`)."""
    shown = (frame[list(columns)] if columns else frame).copy()
    for column, names in (value_labels or {}).items():
        if column in shown.columns:
            shown[column] = shown[column].map(names)
    shown = shown.drop(columns=[c for c in ("boundary_geojson",) if c in shown.columns])
    for column in shown.columns:
        series = shown[column]
        if column == "month_start" and pd.api.types.is_datetime64_any_dtype(series):
            shown[column] = series.dt.strftime("%Y-%m").fillna("")  # a month, not its first day
        elif pd.api.types.is_datetime64_any_dtype(series):
            valid = series.dropna()
            if len(valid) == 0 or (valid.dt.normalize() == valid).all():
                shown[column] = series.dt.strftime("%Y-%m-%d").fillna("")
            else:
                shown[column] = series.dt.strftime("%Y-%m-%d %H:%M").fillna("")
        elif pd.api.types.is_bool_dtype(series):
            shown[column] = series.map({True: "是", False: "否"})
        elif column == "period":  # survey quarters as people say them: 2023年三季度, not 2023Q3
            shown[column] = series.map(lambda p: formats.quarter(p) if isinstance(p, str) and "Q" in p else p)
        elif column == "rating":
            shown[column] = series.fillna("未评价")
        elif not pd.api.types.is_numeric_dtype(series):
            shown[column] = series.astype(object).where(series.notna(), "")  # an empty cell, never "None"
    return shown.rename(columns=lambda c: header_of(c, headers))


def header_of(column: str, headers: dict[str, str] | None = None) -> str:
    return {**labels.COLUMNS, **(headers or {})}.get(column, column)


def column_formats(frame: pd.DataFrame, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Streamlit column formats for the numeric columns: counts with thousands separators, rates to
    one decimal, the survey to two: as the cards and the exports write them."""
    config = {}
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
            continue
        kind = formats.COLUMN_KINDS.get(column, "count" if pd.api.types.is_integer_dtype(frame[column]) else "score")
        spec = formats.KINDS[kind]
        # "localized" writes 146,108 in the browser's (Chinese) locale (printf formats have no
        # separators), and the survey as the brief does, trailing zeros dropped: 97.5, 97.35.
        number_format = "localized" if spec.decimals == 0 or spec.strip_zeros else f"%.{spec.decimals}f"
        config[header_of(column, headers)] = st.column_config.NumberColumn(format=number_format)
    return config


def _text_width(value: str) -> int:
    """Pixels a table cell's text takes at the table's type size: a Chinese character about 13.5, a
    digit or letter about 7.5, plus the cell's padding (measured in Chromium with Noto Sans CJK)."""
    return round(16 + sum(13.5 if ord(ch) > 0x2E80 else 7.5 for ch in value))


def fitted_widths(frame: pd.DataFrame, shown: pd.DataFrame) -> dict[str, Any]:
    """Each column as wide as its header or its widest value, and no wider (capped), the first one
    pinned: 区域对比's fourteen columns fit a 1366-px laptop instead of eight of them."""
    config: dict[str, Any] = {}
    for position, (column, header) in enumerate(zip(frame.columns, shown.columns, strict=True)):
        values = shown[header].head(400)
        if pd.api.types.is_numeric_dtype(values):
            decimals = formats.KINDS[formats.COLUMN_KINDS.get(column, "score")].decimals
            longest = max((len(f"{v:,.{decimals}f}") for v in values.dropna()), default=1)
            width = max(_text_width(header), round(16 + 7.5 * longest))
        else:
            width = max([_text_width(header), *(_text_width(str(v)) for v in values.dropna())])
        config[header] = {"width": min(width, 180), **({"pinned": True} if position == 0 else {})}
    return config


def _dataframe(frame: pd.DataFrame, columns, key: str, height, headers, value_labels, column_config, fit=False, **widget: Any):
    raw = frame[list(columns)] if columns else frame
    shown = shown_columns(frame, columns, headers, value_labels)
    config = column_formats(raw, headers)
    if fit:
        for header, extra in fitted_widths(raw, shown).items():
            config[header] = {**config.get(header, {}), **extra}
    config = {**config, **(column_config or {})}
    return st.dataframe(shown, hide_index=True, key=key, width="stretch", height=height, column_config=config, **widget)


# A drawn table on a page is a few hundred rows of Arrow, under 200 KB, so 128 stay under 25 MB.
@st.cache_data(max_entries=128, show_spinner=False, hash_funcs=_HASH)
def _cached_table(source, columns: tuple, key: str, height, headers, value_labels, fit: bool) -> None:
    frame = source.frame() if isinstance(source, Named) else source
    _dataframe(frame, columns, key, height, headers, value_labels, None, fit)


def table(
    source: Named | pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    key: str,
    height: int | str = "auto",
    headers: dict[str, str] | None = None,
    value_labels: dict[str, dict] | None = None,
    column_config: dict[str, Any] | None = None,
    on_select=None,
    selection_default: dict | None = None,
    fit: bool = False,
):
    """A table under Chinese headers, numbers written as everywhere else; with `on_select` it takes
    a row selection and returns it. A frame (rather than a named query) is for the few tables that
    show part of a query's rows, and is hashed as it is."""
    if on_select is not None or column_config is not None or not CACHE_ELEMENTS:
        frame = source.frame() if isinstance(source, Named) else source
        widget = {"on_select": on_select, "selection_mode": "single-row"} if on_select is not None else {}
        if selection_default is not None:
            widget["selection_default"] = selection_default
        return _dataframe(frame, columns, key, height, headers, value_labels, column_config, fit, **widget)
    _cached_table(source, tuple(columns or ()), key, height, headers, value_labels, fit)
    return None
