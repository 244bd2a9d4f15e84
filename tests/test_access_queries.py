"""Scope in the query layer (issue 14): every named query that returns record-level rows carries the
reader's scope in its SQL, and the runner refuses to run it without one.

Which queries return records is not taken on trust from their markers: each query is run, and one
whose rows are records (a case, alley, village, project or red-list id, or coordinates) must be marked
and scoped; one that is marked must return records. Aggregates (rates, counts, rankings of districts
and streets, H3 cells of 5 km²) take no scope: every signed-in user sees them.
"""

from __future__ import annotations

import pytest

import queries
from access.scope import Scope
from queries import settings
from queries.examples import examples

# Every record of the city: a limit no list reaches, and every district, agricultural or not.
DEFAULTS = examples(limit=10_000_000, agricultural_only=False)
# A column that identifies one record, or places one on a map.
RECORD_COLUMNS = {
    "case_id",
    "alley_id",
    "village_id",
    "project_id",
    "supervision_id",
    "item_id",  # a closed-loop item: a spot-check problem or a red-listed alley
    "lon",
    "lat",
    "start_lon",
    "start_lat",
}
ALL_QUERIES = sorted(queries.available())
# Counts of the records a reader may list ("显示最近 5,000 条，共 N 条" and the whole list offered):
# scoped like the records they count, or the page would promise rows the reader cannot have.
# Their own scope tests are in tests/test_exports.py.
RECORD_COUNTS = ["case_count"]
# The early warnings (issue 15): each names a place and the records behind it (an address, a caller, a
# street's overdue cases or its surge), so they are scoped like records even where a row is a street.
WARNING_LISTS = [name for name in ALL_QUERIES if name.startswith("warnings_")]
RECORD_QUERIES = [name for name in ALL_QUERIES if queries.is_record(name) and name not in RECORD_COUNTS]
CHAOYANG, DONGCHENG = "110105", "110101"


def _params(name: str, **overrides) -> dict:
    wanted = queries.parameters(name) - set(settings.bound_parameters())
    return {key: overrides.get(key, DEFAULTS.get(key)) for key in wanted}


def _scope(name: str, scope: Scope | None = None) -> dict:
    return {"scope": scope or Scope.city()} if queries.is_record(name) else {}


def test_the_record_queries_are_the_ones_expected():
    # Listed here so that a change to the list is a reviewed change (README, 内网部署: who sees what).
    assert [name for name in ALL_QUERIES if queries.is_record(name)] == [
        "alley_latest_scores",
        "case_count",
        "case_list",
        "civilized_alleys",
        "closed_loop_items",
        "closed_loop_reopened_items",
        "featured_projects",
        "quarterly_naming",
        "red_list",
        "village_points",
        "volunteer_project_list",
        "warning_cases",
        "warnings_caller",
        "warnings_lagging",
        "warnings_overdue_alleys",
        "warnings_overdue_cases",
        "warnings_repeat",
        "warnings_surge",
    ]


@pytest.mark.parametrize("name", ALL_QUERIES)
def test_a_query_returning_records_takes_the_scope_and_only_such_a_query(con, name):
    columns = set(queries.run(con, name, **_params(name), **_scope(name)).columns)
    returns_records = bool(columns & RECORD_COLUMNS) or name in RECORD_COUNTS or name in WARNING_LISTS
    assert queries.is_record(name) == returns_records, (
        f"{name} returns {sorted(columns & RECORD_COLUMNS) or 'no record columns'}: "
        "a query returning records needs the `-- records: scope by …` marker and Scope.sql() in its WHERE"
    )


@pytest.mark.parametrize("name", RECORD_QUERIES)
def test_a_record_query_is_refused_without_a_scope(con, name):
    with pytest.raises(queries.ScopeRequired):
        queries.run(con, name, **_params(name))
    # Nor do its parameters stand in for one: only a Scope says "every record", and only explicitly.
    with pytest.raises(queries.QueryError):
        queries.run(con, name, **_params(name), **Scope.city().bind())
    with pytest.raises(queries.ScopeRequired):
        queries.run(con, name, **_params(name), scope=Scope.city().bind())


def test_an_aggregate_takes_no_scope(con):
    with pytest.raises(queries.QueryError, match="takes no scope"):
        queries.run(con, "district_measures", **_params("district_measures"), scope=Scope.of_districts([CHAOYANG]))


def _row_districts(frame, names: dict[str, str]) -> list[str]:
    """The district code of each row (record tables give the code or the district's name)."""
    if "district_code" in frame.columns:
        return list(frame["district_code"])
    codes = {name: code for code, name in names.items()}
    return [codes[name] for name in frame["district_name"]]


@pytest.fixture(scope="module")
def district_names(con) -> dict[str, str]:
    frame = queries.run(con, "districts")
    return dict(zip(frame["district_code"], frame["name"], strict=True))


@pytest.mark.parametrize("name", RECORD_QUERIES)
def test_a_district_scope_reads_its_district_whatever_the_filter_asks(con, name, district_names):
    everything = _row_districts(queries.run(con, name, **_params(name), scope=Scope.city()), district_names)
    assert len(set(everything)) > 1, f"{name}: the test needs records of several districts"
    chaoyang = Scope.of_districts([CHAOYANG])
    mine = _row_districts(queries.run(con, name, **_params(name), scope=chaoyang), district_names)
    assert mine == [code for code in everything if code == CHAOYANG]  # all of 朝阳's, nothing else
    # A filter outside the scope brings nothing into view: 东城 asked, no record given.
    if "districts" in queries.parameters(name):
        assert queries.run(con, name, **_params(name, districts=[DONGCHENG]), scope=chaoyang).empty


@pytest.mark.parametrize("name", RECORD_QUERIES)
def test_a_street_scope_reads_its_street_only(con, name):
    everything = queries.run(con, name, **_params(name), scope=Scope.city())
    street_name = everything["street_name"].mode().iat[0]
    streets = queries.run(con, "streets", districts=[])
    (street_code,) = streets.loc[streets["name"] == street_name, "street_code"].head(1)
    mine = queries.run(con, name, **_params(name), scope=Scope.of_street(street_code))
    assert not mine.empty and set(mine["street_name"]) == {street_name}


# --- the runner's checks of the files themselves ------------------------------------------------------


@pytest.fixture
def query_dir(tmp_path, monkeypatch):
    """A query folder of our own, the runner's caches cleared before and after."""

    def clear() -> None:
        for function in (queries.available, queries.sql_text, queries._bound_names, queries.parameters, queries.record_columns):
            function.cache_clear()

    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    clear()
    yield tmp_path
    monkeypatch.undo()
    clear()


def test_a_marked_query_without_the_condition_is_refused(query_dir):
    (query_dir / "forgot.sql").write_text(
        "-- records: scope by c.district_code, c.street_code\nselect * from cases as c where $scope_all\n", encoding="utf-8"
    )
    with pytest.raises(queries.QueryError, match="lacks the scope condition"):
        queries.is_record("forgot")


def test_a_query_binding_the_scope_without_the_marker_is_refused(query_dir):
    condition = Scope.sql("c.district_code", "c.street_code")
    (query_dir / "unmarked.sql").write_text(f"select * from cases as c where {condition}\n", encoding="utf-8")
    with pytest.raises(queries.QueryError, match="without a"):
        queries.is_record("unmarked")


def test_the_condition_may_be_wrapped_but_not_changed(query_dir):
    condition = Scope.sql("c.district_code", "c.street_code")
    wrapped = condition.replace(" AND ", " AND\n      ")
    (query_dir / "wrapped.sql").write_text(
        f"-- records: scope by c.district_code, c.street_code (why)\nselect * from cases as c\nwhere {wrapped}\n",
        encoding="utf-8",
    )
    assert queries.record_columns("wrapped") == ("c.district_code", "c.street_code")
    weakened = condition.replace("$scope_all OR", "true OR $scope_all OR")
    (query_dir / "weakened.sql").write_text(
        f"-- records: scope by c.district_code, c.street_code\nselect * from cases as c where {weakened}\n", encoding="utf-8"
    )
    with pytest.raises(queries.QueryError):
        queries.is_record("weakened")
