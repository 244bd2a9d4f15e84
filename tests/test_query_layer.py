"""The query layer: every named query runs, parameters are checked and bound, never spliced."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pandas as pd
import pytest

import queries
from access.scope import Scope
from queries import settings
from queries.examples import examples

DEFAULTS = examples()
PERIOD = dict(start=date(2023, 1, 1), end=date(2023, 9, 1), as_of=date(2023, 9, 30))
INJECTION = "'; drop table cases; --"
ALL_QUERIES = sorted(queries.available())


def _params(name: str, **overrides) -> dict:
    wanted = queries.parameters(name) - set(settings.bound_parameters())
    unknown = wanted - DEFAULTS.keys()
    assert not unknown, f"query {name!r} binds {sorted(unknown)}: add a default for it to DEFAULTS"
    params = {key: overrides.get(key, DEFAULTS[key]) for key in wanted}
    # Record queries run only with the reader's scope (issue 14); these tests read as the city.
    return {**params, "scope": Scope.city()} if queries.is_record(name) else params


def test_the_query_folder_is_not_empty():
    assert len(ALL_QUERIES) >= 30
    assert {"headline_figures", "district_measures", "campaign_effect", "survey_satisfaction"} <= set(ALL_QUERIES)


@pytest.mark.parametrize("name", ALL_QUERIES)
def test_every_query_runs_and_returns_rows(con, name):
    result = queries.run(con, name, **_params(name))
    assert len(result) >= 1, f"{name} returned no rows for 2023-01..2023-09, all districts"
    assert len(result.columns) >= 1


def test_unknown_query_name_is_rejected(con):
    with pytest.raises(queries.QueryError, match="unknown query"):
        queries.run(con, "no_such_query")
    with pytest.raises(queries.QueryError):
        queries.run(con, "../data/rollups")  # only files of the query folder, by stem


def test_missing_parameter_is_rejected(con):
    params = _params("district_measures")
    del params["start"]
    with pytest.raises(queries.QueryError, match="start"):
        queries.run(con, "district_measures", **params)


def test_extra_parameter_is_rejected(con):
    with pytest.raises(queries.QueryError, match="surplus"):
        queries.run(con, "district_measures", **_params("district_measures"), surplus=1)
    with pytest.raises(queries.QueryError):
        queries.run(con, "months", districts=[])


def test_parameters_are_the_names_a_query_binds():
    assert queries.parameters("headline_figures") == {"start", "end", "as_of", "districts"}
    # Thresholds are the office's configuration, bound by the query layer, never passed by a page.
    assert "red_line" in queries.parameters("alley_summary")
    assert queries.parameters("case_list") == {"start", "end", "districts", "street_code", "subcategory", "limit"}
    assert queries.parameters("months") == frozenset()
    # Every query's parameters are covered by DEFAULTS, so the run-everything test binds them all.
    configured = set(settings.bound_parameters())
    assert set().union(*(queries.parameters(name) for name in ALL_QUERIES)) - configured == DEFAULTS.keys()


def test_a_threshold_is_read_from_the_configuration_not_from_the_caller(con):
    with pytest.raises(queries.QueryError, match="red_line"):
        queries.run(con, "alley_summary", **_params("alley_summary"), red_line=60.0)
    summary = queries.run(con, "alley_summary", **_params("alley_summary")).iloc[0]
    assert summary["red_line"] == settings.settings().red_line == 75.0


def _assert_injection_is_inert(connection: duckdb.DuckDBPyConnection) -> None:
    cases_before = queries.run(connection, "area_rates", **_params("area_rates"))
    measures = queries.run(connection, "district_measures", **_params("district_measures", districts=[INJECTION]))
    assert measures.empty, "a district code that does not exist selects no district"
    stock = queries.run(connection, "headline_figures", **_params("headline_figures", districts=[INJECTION]))
    assert len(stock) == 1
    counts = stock.iloc[0][["cases", "alleys", "civilized_alleys", "red_list_open", "history_rooms", "volunteer_projects"]]
    assert (counts == 0).all(), f"counts for a non-existent district should all be zero:\n{counts}"
    cases_after = queries.run(connection, "area_rates", **_params("area_rates"))
    assert cases_after.equals(cases_before)
    assert queries.warehouse_cursor(connection).execute("select count(*) from cases").fetchall()[0][0] > 0


def test_injection_through_a_district_value_is_inert(con):
    _assert_injection_is_inert(con)


def test_injection_is_inert_even_on_a_writable_connection(warehouse_path, tmp_path):
    # The read-only connection would stop a DROP anyway; on a writable copy, binding must.
    copy = tmp_path / "writable.duckdb"
    shutil.copyfile(warehouse_path, copy)
    connection = duckdb.connect()
    connection.execute(f"attach '{copy}' as warehouse")  # writable, under the name queries.run uses
    try:
        _assert_injection_is_inert(connection)
        tables = connection.execute("select count(*) from duckdb_tables() where table_name = 'cases'").fetchall()
        assert tables[0][0] == 1
    finally:
        connection.close()


@pytest.mark.parametrize(
    "statement",
    [
        "insert into case_sources values ('fake', '伪造')",
        "create table scratch (x integer)",
        "delete from cases",
        "drop table cases",
    ],
)
def test_connection_is_read_only(con, statement):
    cursor = queries.warehouse_cursor(con)
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            cursor.execute(statement)
    finally:
        cursor.close()
    assert queries.run(con, "warehouse_info").set_index("key").at["is_demo", "value"] == "true"


def test_district_filter_narrows_results(con):
    everywhere = queries.run(con, "district_measures", **_params("district_measures")).set_index("district_code")
    assert len(everywhere) == 16
    chaoyang = queries.run(con, "district_measures", **_params("district_measures", districts=["110105"]))
    assert len(chaoyang) == 1
    row = chaoyang.iloc[0]
    assert row["district_code"] == "110105" and row["name"] == "朝阳区"
    assert 0 < row["cases"] == everywhere.at["110105", "cases"] < everywhere["cases"].sum()
    assert row["alleys"] == everywhere.at["110105", "alleys"]


def test_district_filter_narrows_headline_figures(con):
    city = queries.run(con, "headline_figures", **_params("headline_figures")).iloc[0]
    two = queries.run(con, "headline_figures", **_params("headline_figures", districts=["110101", "110102"])).iloc[0]
    measures = queries.run(con, "district_measures", **_params("district_measures")).set_index("district_code")
    assert 0 < two["alleys"] < city["alleys"]
    assert two["alleys"] == measures.loc[["110101", "110102"], "alleys"].sum()
    assert two["civilized_alleys"] == measures.loc[["110101", "110102"], "civilized_alleys"].sum()


def test_district_totals_add_up_to_the_city(con):
    measures = queries.run(con, "district_measures", **_params("district_measures"))
    city = queries.run(con, "area_rates", **_params("area_rates")).iloc[0]
    assert measures["cases"].sum() == city["cases"]
    assert measures["grid_cases"].sum() == city["grid_cases"]
    by_source = queries.run(con, "cases_by_month_source", **_params("cases_by_month_source"))
    assert by_source["cases"].sum() == city["cases"]
    hexes = queries.run(con, "case_density_hex", **_params("case_density_hex"))
    assert hexes["cases"].sum() == city["cases"]


def test_case_list_respects_its_limit_and_filters(con):
    newest = queries.run(con, "case_list", **_params("case_list", limit=25, districts=["110101"]))
    assert len(newest) == 25
    assert set(newest["district_name"]) == {"东城区"}
    assert newest["reported_at"].is_monotonic_decreasing

    # One street, the whole period: as many cases as the street's row of street_measures.
    streets = queries.run(con, "street_measures", **_params("street_measures", districts=["110101"]))
    busiest = streets.sort_values("cases", ascending=False).iloc[0]
    listed = queries.run(con, "case_list", **_params("case_list", limit=1_000_000, street_code=busiest["street_code"]))
    assert len(listed) == busiest["cases"] > 0
    assert set(listed["street_name"]) == {busiest["name"]}
    assert listed["reported_at"].min() >= pd.Timestamp(PERIOD["start"])
    assert listed["reported_at"].max() < pd.Timestamp(date(2023, 10, 1))  # end month included, not beyond
    one_kind = queries.run(
        con,
        "case_list",
        **_params("case_list", limit=1_000_000, street_code=busiest["street_code"], subcategory="停车秩序"),
    )
    assert 0 < len(one_kind) < len(listed)
    assert set(one_kind["subcategory"]) == {"停车秩序"}


@pytest.mark.parametrize(
    "start, end, as_of",
    [
        (date(2023, 1, 1), date(2023, 9, 1), date(2023, 9, 30)),
        # Before the 2023 civilized-alley batch and before the last history rooms opened.
        (date(2022, 1, 1), date(2022, 12, 1), date(2022, 12, 31)),
    ],
    ids=["2023-09-30", "2022-12-31"],
)
def test_headline_equals_the_sum_of_districts_and_streets(con, start, end, as_of):
    period = {"start": start, "end": end, "as_of": as_of}
    headline = queries.run(con, "headline_figures", **_params("headline_figures", **period)).iloc[0]
    districts = queries.run(con, "district_measures", **_params("district_measures", **period))
    streets = queries.run(con, "street_measures", **_params("street_measures", **period))
    for column in (
        "alleys",
        "civilized_alleys",
        "red_list_open",
        "red_list_overdue",
        "villages_with_rules",
        "history_rooms",
        "video_screens",
        "volunteer_projects",
        "beneficiaries",
    ):
        assert districts[column].sum() == headline[column], f"{column} as at {as_of}: districts vs headline"
    for column in ("alleys", "red_list_open", "history_rooms"):
        assert streets[column].sum() == headline[column], f"{column} as at {as_of}: streets vs headline"
    assert streets["cases"].sum() == districts["cases"].sum() > 0
