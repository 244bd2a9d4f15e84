"""Caches for what pages draw: map decks, and charts and maps as drawn elements, keyed by their inputs.

Building a Plotly figure, copying it to a dict, serializing it to JSON and hashing that JSON
took more of a warm rerun than the page's queries; a deck of 5,393 alleys takes a few hundred
milliseconds to build. The same inputs give the same element, so it is built once and shared:
`chart`, `map_chart` and `table` cache the drawn element itself (Streamlit records the protobuf an `st`
call makes inside a cached function and replays it on a hit). Selectable charts and maps are
widgets, which cannot be replayed: draw those with `components.chart` / `st.pydeck_chart`
(decks from `deck`). Nothing cached here is modified after it is built (ui.maps, ui.charts),
which is what makes sharing it across sessions safe.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pydeck as pdk
import streamlit as st

from ui import charts, components, maps

# Bounded by count: a drawn chart is its JSON, 10-300 KB, so 256 stay under about 80 MB; a
# drawn map is up to 1.4 MB (5,393 alleys), so 32 stay under about 45 MB; a drawn table on a
# page is a few hundred rows of Arrow, under 200 KB, so 128 stay under about 25 MB; per process.
_MAX_CHARTS = 256
_MAX_MAPS = 32
_MAX_TABLES = 128


def _update_arrow(digest: Any, chunk: pa.Array) -> None:
    digest.update(f"{chunk.type}|{chunk.offset}|{len(chunk)}|{chunk.null_count};".encode())  # a slice shares buffers
    for buffer in chunk.buffers():
        if buffer is None:
            digest.update(b"-;")
        else:
            digest.update(b"%d:" % buffer.size)
            digest.update(buffer)
    if pa.types.is_dictionary(chunk.type):
        _update_arrow(digest, chunk.dictionary)


def _update_digest(digest: Any, values: Any) -> None:
    """Feed one column's values to the digest: by their bytes where they have plain buffers,
    exactly but slower (pickled) where they do not."""
    digest.update(f"{values.dtype}|{len(values)};".encode())
    if isinstance(values, pd.arrays.ArrowExtensionArray):  # the warehouse's strings
        for chunk in pa.chunked_array(values.__arrow_array__()).chunks:
            _update_arrow(digest, chunk)
    elif isinstance(values, pd.Categorical):
        _update_digest(digest, values.categories.array)
        digest.update(b"ordered" if values.ordered else b"unordered")
        _update_digest(digest, values.codes)
    elif isinstance(values, np.ndarray | pd.arrays.NumpyExtensionArray | pd.arrays.DatetimeArray) and (
        np.asarray(values).dtype != object
    ):
        digest.update(np.ascontiguousarray(np.asarray(values)).view(np.uint8))
    else:  # nullable integers, objects, lists: rare here
        digest.update(pickle.dumps(np.asarray(values, dtype=object).tolist(), protocol=5))


def frame_digest(frame: pd.DataFrame | pd.Series) -> bytes:
    """A digest of a frame's labels, types and values, for cache keys.

    Streamlit's own hashing of a frame goes through `hash_pandas_object`, which cost 3-4 ms for
    the 7,000 village points on every rerun; reading the column buffers takes under 1 ms.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(name=("series", frame.name))
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((frame.shape, list(frame.columns), list(frame.columns.names), list(frame.index.names))).encode())
    index = frame.index
    if isinstance(index, pd.RangeIndex):
        digest.update(repr((index.start, index.stop, index.step)).encode())
    elif isinstance(index, pd.MultiIndex):
        for level in range(index.nlevels):
            _update_digest(digest, index.get_level_values(level).array)
    else:
        _update_digest(digest, index.array)
    for _, column in frame.items():
        _update_digest(digest, column.array)
    return digest.digest()


_FRAMES = {pd.DataFrame: frame_digest, pd.Series: frame_digest}


def _frozen(kwargs: dict[str, Any]) -> tuple:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(kwargs.items()))


def _thawed(args: tuple) -> tuple:
    return tuple(tuple(a) if isinstance(a, list) else a for a in args)


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=_FRAMES)
def _deck(builder: str, args: tuple, kwargs: tuple) -> pdk.Deck:
    return getattr(maps, builder)(*args, **dict(kwargs))


def deck(builder: str, *args: Any, **kwargs: Any) -> pdk.Deck:
    """`maps.<builder>(*args, **kwargs)`, built once per distinct input."""
    return _deck(builder, _thawed(args), _frozen(kwargs))


def draw_chart(builder: Callable, *args: Any, key: str, sentence: str | None = None, **kwargs: Any) -> None:
    """`components.chart(builder(*args, **kwargs))`, built now (the uncached way)."""
    components.chart(builder(*args, **kwargs), key=key, sentence=sentence)


@st.cache_resource(max_entries=_MAX_CHARTS, show_spinner=False, hash_funcs=_FRAMES)
def _drawn_chart(builder: str, args: tuple, kwargs: tuple, key: str, sentence: str | None) -> None:
    draw_chart(getattr(charts, builder), *args, key=key, sentence=sentence, **dict(kwargs))


def chart(builder: Callable, *args: Any, key: str, sentence: str | None = None, **kwargs: Any) -> None:
    """Draw `charts.<builder>(*args, **kwargs)` with its sentence; built and serialized once per
    distinct input and replayed after that. Not for charts that take selections."""
    _drawn_chart(builder.__name__, _thawed(args), _frozen(kwargs), key, sentence)


@st.cache_resource(max_entries=_MAX_MAPS, show_spinner=False, hash_funcs=_FRAMES)
def _drawn_map(builder: str, args: tuple, kwargs: tuple, key: str, height: int) -> None:
    st.pydeck_chart(getattr(maps, builder)(*args, **dict(kwargs)), height=height, key=key)


def map_chart(builder: str, *args: Any, key: str, height: int, **kwargs: Any) -> None:
    """Draw `maps.<builder>(*args, **kwargs)`; built and serialized once per distinct input and
    replayed after that. Not for maps that take selections."""
    _drawn_map(builder, _thawed(args), _frozen(kwargs), key, height)


@st.cache_resource(max_entries=_MAX_TABLES, show_spinner=False, hash_funcs=_FRAMES)
def _drawn_table(
    frame: pd.DataFrame,
    columns: tuple[str, ...],
    key: str,
    height: int | str,
    headers: dict[str, str] | None,
    value_labels: dict[str, dict] | None,
) -> None:
    components.table(frame, list(columns), key=key, height=height, headers=headers, value_labels=value_labels)


def table(
    frame: pd.DataFrame,
    columns: list[str],
    *,
    key: str,
    height: int | str = "auto",
    headers: dict[str, str] | None = None,
    value_labels: dict[str, dict] | None = None,
) -> None:
    """Draw `components.table(...)`; formatted and serialized once per distinct input and replayed
    after that. Not for tables that take selections."""
    _drawn_table(frame, tuple(columns), key, height, headers, value_labels)
