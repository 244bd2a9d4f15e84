"""The query layer: one named `.sql` file per question, values bound by name.

`run(con, "district_measures", districts=[...], start=..., end=...)` reads
`queries/district_measures.sql`, binds `$districts`, `$start`, `$end`, and returns a
DataFrame. Values never enter SQL as text; only the file name varies, and it must be one
of the files in this folder. Thresholds such as `$red_line` are bound from the office's
configuration (queries/settings.py), never by the caller. The shared definitions the files
build on (the three rates, the red list as at a date, coverage, the survey's baseline) are
macros in the warehouse itself: data/semantic.sql.

Queries that return records (case rows, 诉求内容, coordinates, the drill-down lists, anything a record
export writes) say so in a marker line, `-- records: scope by c.district_code, c.street_code`, and
carry `access.scope.Scope.sql()` for those columns in their WHERE. Such a query runs only with a
`scope=Scope(...)`, bound as `$scope_all`, `$scope_districts`, … (`Scope.bind()`); without one it is
refused. The marker, the condition and the parameters are checked against each other when the file
is first read, so a record query cannot drop its condition and an aggregate cannot half-carry one.
Aggregates (rates, counts, rankings) take no scope: every signed-in user sees the city's rankings.
"""

from __future__ import annotations

import queue
import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from access.scope import Scope
from queries import settings

QUERY_DIR = Path(__file__).parent
_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
# `-- records: scope by <district column>[, <street column>]`: this query returns records.
_RECORDS_MARKER = re.compile(
    r"^--\s*records:\s*scope by\s+([A-Za-z_][\w.]*)(?:\s*,\s*([A-Za-z_][\w.]*))?(?:\s+\(.*\))?\s*$", re.M
)
SCOPE_PARAMETERS = frozenset(Scope.city().bind())


class QueryError(ValueError):
    """A query name that does not exist, or parameters that do not fit it."""


class ScopeRequired(QueryError):
    """A query that returns records was asked to run without the reader's scope."""


@cache
def available() -> frozenset[str]:
    return frozenset(p.stem for p in QUERY_DIR.glob("*.sql"))


@cache
def sql_text(name: str) -> str:
    if name not in available():
        raise QueryError(f"unknown query {name!r}")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _code(name: str) -> str:
    """The query's SQL without comments."""
    return "\n".join(line.split("--", 1)[0] for line in sql_text(name).splitlines())


@cache
def _bound_names(name: str) -> frozenset[str]:
    return frozenset(_PARAMETER.findall(_code(name)))


@cache
def parameters(name: str) -> frozenset[str]:
    """The `$names` a caller (or the configuration) binds; the scope's are bound from `scope=` instead."""
    return _bound_names(name) - SCOPE_PARAMETERS


@cache
def record_columns(name: str) -> tuple[str, str | None] | None:
    """For a query that returns records, the district and street columns its scope condition tests;
    None for an aggregate. Raises QueryError when the marker, the condition and the parameters disagree."""
    found = _RECORDS_MARKER.findall(sql_text(name))
    uses_scope = _bound_names(name) & SCOPE_PARAMETERS
    if not found:
        if uses_scope:
            raise QueryError(f"query {name!r} binds {sorted(uses_scope)} without a `-- records: scope by …` marker")
        return None
    if len(found) > 1:
        raise QueryError(f"query {name!r} has more than one records marker")
    district, street = found[0][0], found[0][1] or None
    condition = " ".join(Scope.sql(district, street).split())
    if condition not in " ".join(_code(name).split()):
        raise QueryError(f"query {name!r} is marked as records but lacks the scope condition Scope.sql({district!r}, {street!r})")
    return district, street


def is_record(name: str) -> bool:
    """Whether query `name` returns records, and so runs only with a scope."""
    return record_columns(name) is not None


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


def run(con: duckdb.DuckDBPyConnection, name: str, *, scope: Scope | None = None, **params: Any) -> pd.DataFrame:
    """Run query `name` with its named parameters bound; extra or missing names are an error.
    A query that returns records needs the reader's `scope` (see the module's docstring)."""
    # A cursor per query: DuckDB connections are not safe to share across threads, cursors are.
    cursor = warehouse_cursor(con)
    try:
        return run_on_cursor(cursor, name, scope=scope, **params)
    finally:
        cursor.close()


def run_on_cursor(cursor: duckdb.DuckDBPyConnection, name: str, *, scope: Scope | None = None, **params: Any) -> pd.DataFrame:
    """`run` on a cursor from `warehouse_cursor` that only this thread is using now."""
    return cursor.execute(sql_text(name), bind(name, scope=scope, **params)).df()


def bind(name: str, *, scope: Scope | None = None, **params: Any) -> dict[str, Any]:
    """The values query `name` executes with: the caller's, the configured thresholds, and for a record
    query the scope's. Whatever runs a named query's text (here, or a streamed export) binds through this."""
    wanted = parameters(name)
    configured = {k: v for k, v in settings.bound_parameters().items() if k in wanted}
    missing = wanted - params.keys() - configured.keys()
    extra = params.keys() - (wanted - configured.keys())
    if missing or extra:
        raise QueryError(f"query {name!r}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    bound = {**{k: _bindable(v) for k, v in params.items()}, **configured}
    if is_record(name):
        # A Scope, not its parameters: only the type's constructors make "every record", and only explicitly.
        if not isinstance(scope, Scope):
            raise ScopeRequired(f"query {name!r} returns records: it runs only with the reader's scope")
        bound.update(scope.bind())
    elif scope is not None:
        raise QueryError(f"query {name!r} returns no records and takes no scope")
    return bound


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
