"""The query layer: one named `.sql` file per question, values bound by name.

`run(con, "district_measures", districts=[...], start=..., end=...)` reads
`queries/district_measures.sql`, binds `$districts`, `$start`, `$end`, and returns a
DataFrame. Values never enter SQL as text; only the file name varies, and it must be one
of the files in this folder. Thresholds such as `$red_line` are bound from the office's
configuration (queries/settings.py), never by the caller. The shared definitions the files
build on (the three rates, the red list as at a date, coverage, the survey's baseline) are
macros in the warehouse itself: data/semantic.sql.
"""

from __future__ import annotations

import queue
import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from queries import settings

QUERY_DIR = Path(__file__).parent
_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


class QueryError(ValueError):
    """A query name that does not exist, or parameters that do not fit it."""


@cache
def available() -> frozenset[str]:
    return frozenset(p.stem for p in QUERY_DIR.glob("*.sql"))


@cache
def sql_text(name: str) -> str:
    if name not in available():
        raise QueryError(f"unknown query {name!r}")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def parameters(name: str) -> frozenset[str]:
    """The `$names` a query binds (comments are stripped first)."""
    text = "\n".join(line.split("--", 1)[0] for line in sql_text(name).splitlines())
    return frozenset(_PARAMETER.findall(text))


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: the dashboard never writes to the warehouse.

    The file is attached to an in-memory database rather than opened directly: DuckDB keeps
    one instance per path while any connection to it is open, so after an import or a
    rebuild replaced the file, a plain `duckdb.connect(path)` would hand back the old data.
    """
    con = duckdb.connect()
    literal = str(Path(path)).replace("'", "''")  # a file path from our own config, not user input
    con.execute(f"attach '{literal}' as warehouse (read_only)")
    con.execute("use warehouse")
    return con


def warehouse_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A new cursor on a connection from `connect`, reading the attached warehouse."""
    cursor = con.cursor()
    cursor.execute("use warehouse")  # each cursor starts in the default (in-memory) database
    return cursor


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run query `name` with its named parameters bound; extra or missing names are an error."""
    # A cursor per query: DuckDB connections are not safe to share across threads, cursors are.
    cursor = warehouse_cursor(con)
    try:
        return run_on_cursor(cursor, name, **params)
    finally:
        cursor.close()


def run_on_cursor(cursor: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """`run` on a cursor from `warehouse_cursor` that only this thread is using now."""
    wanted = parameters(name)
    configured = {k: v for k, v in settings.bound_parameters().items() if k in wanted}
    missing = wanted - params.keys() - configured.keys()
    extra = params.keys() - (wanted - configured.keys())
    if missing or extra:
        raise QueryError(f"query {name!r}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    bound = {**{k: _bindable(v) for k, v in params.items()}, **configured}
    return cursor.execute(sql_text(name), bound).df()


class CursorPool:
    """A read-only warehouse connection that lends out cursors: one per query running at once,
    kept for the next query rather than opened and pointed at the warehouse every time (under
    twenty sessions the `use warehouse` of each new cursor cost a twentieth of the server's time)."""

    def __init__(self, path: str | Path) -> None:
        self.connection = connect(path)
        self._idle: queue.SimpleQueue[duckdb.DuckDBPyConnection] = queue.SimpleQueue()

    def run(self, name: str, **params: Any) -> pd.DataFrame:
        try:
            cursor = self._idle.get_nowait()
        except queue.Empty:
            cursor = warehouse_cursor(self.connection)
        try:
            frame = run_on_cursor(cursor, name, **params)
        except BaseException:
            cursor.close()  # its state after an error is not for the next query to inherit
            raise
        self._idle.put(cursor)
        return frame


def _bindable(value: Any) -> Any:
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    return value
