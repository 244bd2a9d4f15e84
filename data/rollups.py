"""The summary tables the pages read (`dictionary.ROLLUPS`), built from the detail tables by
rollups.sql: after a build, after an import into a table they read, and on request
(`python -m data rollups`) for a warehouse written by an older version that lacks some.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from data import dictionary

SQL = Path(__file__).with_name("rollups.sql")
SEMANTIC_SQL = Path(__file__).with_name("semantic.sql")
# The detail tables rollups.sql reads (tests/test_warehouse_schema.py checks this against the
# SQL): an import into any of them rebuilds the rollups in the same transaction.
SOURCES = frozenset({"cases", "alleys", "alley_inspections", "alley_standard_items", "spot_check_stages"})
TABLES = tuple(table.name for table in dictionary.ROLLUPS)


# The macros of the semantic layer (semantic.sql), checked like the tables: a warehouse from before
# they existed gets them from `python -m data rollups --if-missing`.
MACROS = tuple(re.findall(r"create or replace macro (\w+)\(", SEMANTIC_SQL.read_text(encoding="utf-8")))
# Which semantic.sql the warehouse's macros were made from. A macro whose definition changed (a new
# parameter, say) is present by name but fails to bind; the digest tells a stale layer from a current one.
SEMANTIC_VERSION = "semantic_layer_version"
SEMANTIC_STALE = "semantic.sql（语义层定义已更新）"


def semantic_digest() -> str:
    return hashlib.sha256(SEMANTIC_SQL.read_bytes()).hexdigest()[:16]


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every rollup from the detail tables, with its column comments, and the semantic layer."""
    _add_missing_columns(con)
    _add_missing_tables(con)  # before rollups.sql, which reads spot_check_stages
    con.execute(SQL.read_text(encoding="utf-8"))
    for statement in dictionary.comment_statements(dictionary.ROLLUPS):  # create-or-replace drops comments
        con.execute(statement)
    con.execute(SEMANTIC_SQL.read_text(encoding="utf-8"))
    # A literal, not a bound parameter: DDL takes none, and the value is our own file's hex digest.
    con.execute(f"create or replace macro {SEMANTIC_VERSION}() as '{semantic_digest()}'")


def _add_missing_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Detail tables added since a warehouse was written, created empty: DuckDB binds a macro's tables
    when it is created, so the semantic layer cannot be stored without them."""
    lacking = tuple(dictionary.TABLE_BY_NAME[name] for name in dictionary.ADDED_TABLES if name not in _tables(con))
    for statement in dictionary.create_statements(lacking, if_not_exists=True) + dictionary.comment_statements(lacking):
        con.execute(statement)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main'"
        ).fetchall()
    }


def missing(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The rollups, added detail tables and semantic macros the connection's current database lacks,
    in dictionary order."""
    present = _tables(con)
    macros = {
        row[0]
        for row in con.execute(
            "select function_name from duckdb_functions() where database_name = current_database() "
            "and function_type in ('macro', 'table_macro')"
        ).fetchall()
    }
    lacking_macros = [name for name in MACROS if name not in macros]
    return (
        [name for name in TABLES if name not in present]
        + [name for name in dictionary.ADDED_TABLES if name not in present]
        + lacking_macros
        + [f"{table}.{column}" for table, column in _lacking_columns(con)]
        + ([] if lacking_macros or _semantic_current(con) else [SEMANTIC_STALE])
    )


def _semantic_current(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "select macro_definition from duckdb_functions() where database_name = current_database() and function_name = ?",
        [SEMANTIC_VERSION],
    ).fetchone()
    return row is not None and semantic_digest() in row[0]


def _lacking_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Columns added to a detail table since the warehouse was written (dictionary.ADDED_COLUMNS)."""
    present = {
        (table, column)
        for table, column in con.execute(
            "select table_name, column_name from duckdb_columns() where database_name = current_database() "
            "and schema_name = 'main'"
        ).fetchall()
    }
    tables = {table for table, _ in present}
    return [(t, c) for t, c in dictionary.ADDED_COLUMNS if t in tables and (t, c) not in present]


def _add_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Add them, empty (NULL), with their comments: a warehouse from before the early warnings has no
    addresses or caller hashes, and its warnings simply find no repeats by address or callers."""
    for table, column in _lacking_columns(con):
        spec = next(c for c in dictionary.TABLE_BY_NAME[table].columns if c.name == column)
        # Names and types come from the data dictionary, never from input.
        con.execute(f"alter table {table} add column {column} {spec.sql_type}")
        for statement in dictionary.comment_statements((dictionary.TABLE_BY_NAME[table],)):
            if statement.startswith(f"COMMENT ON COLUMN {table}.{column} "):
                con.execute(statement)


def refresh(warehouse: Path, only_missing: bool = False) -> list[str]:
    """Rebuild the rollups of a warehouse file the way an import writes (a copy, replaced whole,
    under the import lock): all of them, or with `only_missing` only if some are missing.
    Returns the rollups that were missing before; the warehouse is unchanged if nothing ran.
    Copies left by imports that were killed are removed on the way (see the import's lock)."""
    from data.importer.writer import WarehouseCopy, check_warehouse_file, exclusive_lock

    with exclusive_lock(warehouse):
        check_warehouse_file(warehouse)
        with duckdb.connect(str(warehouse), read_only=True) as con:
            lacking = missing(con)
        if only_missing and not lacking:
            return []
        with WarehouseCopy(warehouse) as copy:
            copy.con.execute("begin transaction")
            rebuild(copy.con)
            copy.con.execute("commit")
            copy.commit()
    return lacking
