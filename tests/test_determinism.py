"""Same seed, same warehouse: two builds compared table by table; another seed differs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from data import dictionary

SCALE = 0.05
TABLES = [t.name for t in dictionary.TABLES + dictionary.ROLLUPS]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, build_demo) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory connection with three small builds attached read-only: a, b (same seed) and c."""
    paths: dict[str, Path] = {
        "a": build_demo(tmp_path_factory.mktemp("same-seed-a"), scale=SCALE, seed=2023),
        "b": build_demo(tmp_path_factory.mktemp("same-seed-b"), scale=SCALE, seed=2023),
        "c": build_demo(tmp_path_factory.mktemp("other-seed"), scale=SCALE, seed=7),
    }
    con = duckdb.connect()
    for alias, path in paths.items():
        con.execute(f"attach '{path}' as {alias} (read_only)")
    yield con
    con.close()


def _differences(con: duckdb.DuckDBPyConnection, table: str, left: str, right: str, exclude: str = "") -> tuple:
    """(rows in left, rows in right, rows of left not in right, rows of right not in left), as multisets."""
    columns = f"* exclude ({exclude})" if exclude else "*"
    return con.execute(
        f"""
        select
            (select count(*) from {left}.{table}),
            (select count(*) from {right}.{table}),
            (select count(*) from (select {columns} from {left}.{table} except all select {columns} from {right}.{table})),
            (select count(*) from (select {columns} from {right}.{table} except all select {columns} from {left}.{table}))
        """
    ).fetchall()[0]


@pytest.mark.parametrize("table", TABLES)
def test_same_seed_gives_identical_tables(builds, table):
    rows_a, rows_b, only_a, only_b = _differences(builds, table, "a", "b")
    assert rows_a > 0 or table in dictionary.IMPORT_LOG_TABLES  # the import log starts empty
    assert (rows_a, only_a, only_b) == (rows_b, 0, 0), f"{table}: builds with the same seed differ"


def test_same_seed_gives_identical_comments(builds):
    comments = builds.execute(
        """
        select count(*) from (
            select table_name, column_name, comment from duckdb_columns() where database_name = 'a'
            except all
            select table_name, column_name, comment from duckdb_columns() where database_name = 'b'
        )
        """
    ).fetchall()[0][0]
    assert comments == 0


def test_different_seed_gives_different_cases(builds):
    rows_a, rows_c, only_a, only_c = _differences(builds, "cases", "a", "c", exclude="case_id")
    assert rows_a > 0 and rows_c > 0
    # Not a handful of rows: nearly every case differs in its time, place or outcome.
    assert only_a > 0.9 * rows_a and only_c > 0.9 * rows_c, (rows_a, rows_c, only_a, only_c)


def test_different_seed_keeps_the_fixed_reference_tables(builds):
    # The seed drives the synthetic records, not the reference data the brief fixes.
    for table in ("districts", "case_categories", "campaigns", "campaign_targets", "alley_standard_items"):
        rows_a, rows_c, only_a, only_c = _differences(builds, table, "a", "c")
        assert (rows_a, only_a, only_c) == (rows_c, 0, 0), table
