"""Shared fixtures: one small demo warehouse per test session, opened read-only.

Building takes a few seconds at scale 0.1, so every test that reads the warehouse shares
the same file; only the calibration and determinism tests build extra warehouses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import queries
from data.build import build_warehouse

SCALE = 0.1
SEED = 2023


def build(directory: Path, scale: float = SCALE, seed: int = SEED) -> Path:
    """Build a demo warehouse into `directory` and return its path."""
    path = directory / f"demo-{seed}-{scale}.duckdb"
    build_warehouse(path, scale=scale, seed=seed)
    return path


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Ad-hoc SQL for invariant checks, on its own cursor like `queries.run`."""
    cursor = queries.warehouse_cursor(con)
    try:
        return cursor.execute(sql, params or {}).df()
    finally:
        cursor.close()


@pytest.fixture(scope="session")
def build_demo() -> Callable[..., Path]:
    """`build_demo(directory, scale=..., seed=...)`: build a demo warehouse, return its path."""
    return build


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("warehouse"))


@pytest.fixture(scope="session")
def con(warehouse_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = queries.connect(warehouse_path)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def sql(con: duckdb.DuckDBPyConnection) -> Callable[..., pd.DataFrame]:
    """`sql("select ...", {"name": value})` against the session warehouse, as a DataFrame."""

    def run(text: str, params: dict | None = None) -> pd.DataFrame:
        return frame(con, text, params)

    return run


@pytest.fixture(scope="session")
def scalar(sql: Callable[..., pd.DataFrame]) -> Callable[..., object]:
    """The single value of a one-row, one-column query."""

    def run(text: str, params: dict | None = None) -> object:
        result = sql(text, params)
        assert result.shape == (1, 1), f"expected one value, got shape {result.shape} from {text!r}"
        return result.iat[0, 0]

    return run


@pytest.fixture(scope="session")
def second_seed_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A second warehouse (seed 7, scale 0.1), built once per session only if a test asks for it."""
    connection = queries.connect(build(tmp_path_factory.mktemp("warehouse-seed7"), seed=7))
    yield connection
    connection.close()
