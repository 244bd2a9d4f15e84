"""Cached access to the warehouse for the app: one read-only connection, cached frames.

The cache key includes the warehouse file's modification time, so a rebuilt or imported
warehouse (replaced atomically on disk) is picked up without restarting the app.

A query that returns records (queries.is_record) is bound to the session's scope here, from the
visitor the frame's gate admitted (ui.gate): a page cannot forget it, nor pass another, and the scope
is part of every cache key, so one reader's records are never handed to another from a cache.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import queries
from access.scope import Scope
from data import rollups, warehouse_path
from ui import gate

_build_lock = threading.Lock()


def stamp() -> tuple[str, float]:
    """The warehouse file and its modification time: part of every cache key on its data."""
    path = warehouse_path()
    return str(path), path.stat().st_mtime


@st.cache_resource(show_spinner=False, max_entries=2)
def _warehouse(path: str, mtime: float) -> queries.CursorPool:
    return queries.CursorPool(path)


# Results are kept as they came from DuckDB and handed out as shallow copies. Under pandas'
# copy-on-write a copy shares the data until either side changes it, so a page may change its
# copy with pandas operations (assign, setitem, loc/iloc, rename, sort ...); `st.cache_data`
# would instead unpickle every result on every read (a tenth of a warm rerun). Copy-on-write
# does not cover writing through `.array[i] = ...` or into mutable objects held in a column:
# pages never do either. Keyed by the file's mtime, so no expiry is needed to see a new warehouse.
@st.cache_resource(show_spinner=False, max_entries=1024, hash_funcs={Scope: Scope.key})
def _query(path: str, mtime: float, name: str, params: dict[str, Any]) -> pd.DataFrame:
    return _warehouse(path, mtime).run(name, **params)


def fetch(stamp: tuple[str, float], name: str, params: dict[str, Any]) -> pd.DataFrame:
    """The result of a named query on one warehouse file (the benchmark's pandas app replaces this)."""
    return _query(*stamp, name, params).copy(deep=False)


@dataclass(frozen=True)
class Named:
    """A named query with its parameters, on one warehouse file: what pages hand to ui.draw, so a
    drawn chart, table or map is cached on the question asked, not on the frame that answers it.
    The file's modification time is part of it: a rebuilt or imported warehouse is a new key."""

    name: str
    params: tuple[tuple[str, Any], ...]
    stamp: tuple[str, float]

    def frame(self) -> pd.DataFrame:
        return fetch(self.stamp, self.name, {k: list(v) if isinstance(v, tuple) else v for k, v in self.params})

    def key(self) -> tuple:
        # A scope as its sorted codes: the same key for the same remit in every process.
        params = tuple((k, v.key() if isinstance(v, Scope) else v) for k, v in self.params)
        return (self.name, params, self.stamp)


def named(name: str, **params: Any) -> Named:
    """The named query `name` with these parameters, to run now (`.frame()`) or to draw from.
    A record query gets the session's scope (raises ui.gate.NoVisitor outside an admitted run)."""
    if "scope" in params:
        raise TypeError("the scope is the session's, bound here: a page does not pass one")
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in params.items()))
    if queries.is_record(name):
        frozen = tuple(sorted((*frozen, ("scope", gate.scope()))))
    return Named(name, frozen, stamp())


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run a named query against the current warehouse; results are cached per parameters."""
    return named(name, **params).frame()


def warehouse_info() -> dict[str, str]:
    frame = query("warehouse_info")
    return dict(zip(frame["key"], frame["value"], strict=True))


def is_demo() -> bool:
    return warehouse_info().get("is_demo") == "true"


def missing_rollups() -> tuple[str, ...]:
    """Summary tables the warehouse lacks (it was written by an older version); checked once per file."""
    return _missing_rollups(*stamp())


@st.cache_resource(show_spinner=False, max_entries=2)
def _missing_rollups(path: str, mtime: float) -> tuple[str, ...]:
    cursor = queries.warehouse_cursor(_warehouse(path, mtime).connection)
    try:
        return tuple(rollups.missing(cursor))
    finally:
        cursor.close()


def warehouse_exists() -> bool:
    return Path(warehouse_path()).exists()


def build_demo_warehouse_with_progress() -> None:
    """Build the demo warehouse on first start, showing progress; one build at a time."""
    from data.build import build_warehouse

    with _build_lock:
        if warehouse_exists():
            return
        with st.status("首次启动：正在生成示例数据仓库（约 1 分钟）……", expanded=True) as status:
            bar = st.progress(0.0)

            def report(fraction: float, message: str) -> None:
                bar.progress(min(max(fraction, 0.0), 1.0), text=message)

            build_warehouse(warehouse_path(), progress=report)
            status.update(label="示例数据仓库已生成", state="complete")
