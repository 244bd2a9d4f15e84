"""The early warnings measured against the truth the demo planted (data/demo_plants.py): surges, repeats and
repeat callers, on the session warehouse (seed 2023) and a second one (seed 7), both at scale 0.1.

A warning is scored week by week, every Sunday of the planted stretch (2022-01 to the data's end) and on the
data's last day: for surges, the truth of a week is every planted surge running that week or the week
before (the warning looks at both); for repeats, every planted place with three of its reports in the 30
days. Precision = warnings that are planted / warnings; recall = planted that are warned / planted. Nothing
is planted in 2021, so every surge warning there is a false alarm of the method on ordinary data: the
queue of one week must stay short enough to read.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest
from conftest import SCALE

import queries
from access.scope import Scope
from data import calibration, demo_plants, holidays

LAST_DAY = calibration.DATA_END
DAYS_OFF = holidays.days_off(date(2019, 1, 1), LAST_DAY)


@pytest.fixture(scope="module", params=[("con", 2023), ("second_seed_con", 7)], ids=["seed2023", "seed7"])
def planted(request) -> tuple[duckdb.DuckDBPyConnection, demo_plants.Plants]:
    name, seed = request.param
    return request.getfixturevalue(name), demo_plants.planted(seed, SCALE)


def _run(con, name: str, as_of: date) -> pd.DataFrame:
    params = {"as_of": as_of, "days_off": DAYS_OFF} if name == "warnings_surge" else {"as_of": as_of}
    return queries.run(con, name, scope=Scope.city(), **params)


def _sundays(start: date, end: date, every: int = 1) -> list[date]:
    """Every (`every`th) Sunday from start to end, and the data's last day when `end` is it."""
    first = start + timedelta(days=(6 - start.weekday()) % 7)
    days = [first + timedelta(weeks=w) for w in range(0, (end - first).days // 7 + 1, every)]
    return [*days, LAST_DAY] if end == LAST_DAY and days[-1] != LAST_DAY else days


def _score(found: int, warned: int, truth: int) -> tuple[float, float]:
    return found / warned, found / truth


# --- surges ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def surge_score(planted) -> tuple[int, int, int]:
    con, plants = planted
    hits = warned = truth = 0
    for as_of in _sundays(demo_plants.PLANTED_FROM, LAST_DAY):
        monday = as_of - timedelta(days=as_of.weekday())
        expected = {
            (s.street_code, s.subcategory)
            for s in plants.surges
            if s.active_in_week(monday) or s.active_in_week(monday - timedelta(weeks=1))
        }
        got = set(zip(*(_run(con, "warnings_surge", as_of)[c] for c in ("street_code", "subcategory")), strict=True))
        hits, warned, truth = hits + len(got & expected), warned + len(got), truth + len(expected)
    return hits, warned, truth


def test_surge_warnings_find_the_planted_surges_and_little_else(surge_score):
    hits, warned, truth = surge_score
    precision, recall = _score(hits, warned, truth)
    assert truth >= 200, "the planted stretch holds some 66 surges, each seen for three to five weeks"
    assert precision >= 0.8, f"precision {precision:.3f}: {warned - hits} of {warned} surge warnings were not planted"
    assert recall >= 0.8, f"recall {recall:.3f}: {truth - hits} of {truth} planted surge-weeks were not warned"


def test_the_clean_stretch_gives_a_short_queue(planted):
    con, _plants = planted
    weekly = [len(_run(con, "warnings_surge", d)) for d in _sundays(*demo_plants.CLEAN_STRETCH)]
    assert len(weekly) == 51
    assert max(weekly) <= 100, f"a clean week gave {max(weekly)} surge warnings city-wide"
    assert sum(weekly) <= 10, f"{sum(weekly)} surge warnings in a year of ordinary data"


def test_a_surge_says_how_long_it_has_run(planted):
    con, plants = planted
    # The surges planted to end in the data's last week: warned on its last day, since their first Monday.
    final = [s for s in plants.surges if s.last_day == LAST_DAY]
    assert len(final) == demo_plants.FINAL_SURGES
    warnings = _run(con, "warnings_surge", LAST_DAY).set_index(["street_code", "subcategory"])
    exact = 0
    for surge in final:
        row = warnings.loc[(surge.street_code, surge.subcategory)]
        since = pd.Timestamp(row["since"]).date()
        # The run counted back from this week: its first week, or (a first week that did not stand out
        # enough) a later one; never before the plant, and its length agrees with its start.
        assert surge.first_week <= since <= demo_plants.LAST_MONDAY
        assert row["weeks_running"] == (demo_plants.LAST_MONDAY - since).days // 7 + 1
        assert row["cases"] >= 2 * row["expected"]
        exact += since == surge.first_week
    assert exact >= len(final) - 1


# --- repeats ----------------------------------------------------------------------------------------


def _metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    dx = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6_371_000 * math.hypot(dx, math.radians(lat2 - lat1))


def _is_plant(row, plant: demo_plants.Repeat) -> bool:
    if (row["street_code"], row["subcategory"]) != (plant.street_code, plant.subcategory):
        return False
    if plant.address is not None:
        return row["address"] == plant.address
    return not isinstance(row["address"], str) and _metres(row["lon"], row["lat"], plant.lon, plant.lat) <= 150


def test_a_repeat_is_of_12345_requests_only(planted):
    con, _plants = planted
    sources = set(_run(con, "warnings_repeat", LAST_DAY)["sources"])
    assert sources == {"hotline"}


@pytest.fixture(scope="module")
def repeat_score(planted) -> tuple[int, int, int]:
    con, plants = planted
    hits = warned = truth = 0
    for as_of in _sundays(demo_plants.PLANTED_FROM, LAST_DAY, every=2):
        window = (as_of - timedelta(days=29), as_of)
        active = [p for p in plants.repeats if p.cases_within(*window) >= 3]
        rows = _run(con, "warnings_repeat", as_of).to_dict("records")
        matched = [any(_is_plant(row, p) for p in active) for row in rows]
        hits, warned, truth = hits + sum(matched), warned + len(rows), truth + len(active)
        # One warning per planted place, never two for the same reports.
        assert all(sum(_is_plant(row, p) for row in rows) <= 1 for p in active)
    return hits, warned, truth


def test_repeat_warnings_find_the_planted_repeats_and_little_else(repeat_score):
    hits, warned, truth = repeat_score
    precision, recall = _score(hits, warned, truth)
    assert truth >= 20
    assert precision >= 0.8, f"precision {precision:.3f}: {warned - hits} of {warned} repeat warnings were not planted"
    assert recall >= 0.8, f"recall {recall:.3f}: {truth - hits} of {truth} planted repeats were not warned"


def test_a_repeat_without_an_address_is_found_within_about_100_m(planted):
    con, plants = planted
    spots = [p for p in plants.repeats if p.address is None]
    assert spots, "some repeats are planted as work orders with a point on the map only"
    for plant in spots[:8]:
        as_of = plant.days[-1]
        rows = _run(con, "warnings_repeat", as_of)
        found = rows[[_is_plant(r, plant) for r in rows.to_dict("records")]]
        assert len(found) == 1, plant
        assert found["place_key"].iat[0].startswith("spot:")
        assert found["cases"].iat[0] >= len(plant.days)
        assert pd.Timestamp(found["since"].iat[0]).date() <= plant.days[0]


# --- repeat callers: found from the hashes alone ----------------------------------------------------


def test_every_planted_caller_is_warned_on_the_day_of_their_last_call(planted):
    con, plants = planted
    for caller in plants.callers:
        warnings = _run(con, "warnings_caller", caller.days[-1]).set_index("caller_hash")
        assert caller.caller_hash in warnings.index, caller
        row = warnings.loc[caller.caller_hash]
        assert row["cases"] >= len(caller.days)
        assert pd.Timestamp(row["since"]).date() <= caller.days[0]
        assert row["caller_ref"] == caller.caller_hash[:8]


def test_most_demo_callers_call_once_and_a_few_call_a_few_times(con):
    calls = (
        queries.warehouse_cursor(con)
        .execute("select count(*) as calls from cases where caller_hash is not null group by caller_hash")
        .df()["calls"]
    )
    assert (calls == 1).mean() > 0.85
    assert 1 < calls.max() < 40
    hashes = queries.warehouse_cursor(con).execute("select distinct caller_hash from cases limit 1000").df()["caller_hash"]
    assert hashes.dropna().str.fullmatch(r"[0-9a-f]{32}").all()


def test_the_planted_truth_is_in_the_warehouse_and_in_no_table_of_it(planted):
    con, plants = planted
    cursor = queries.warehouse_cursor(con)
    for plant in plants.repeats[:10]:
        if plant.address is None:
            continue
        found = cursor.execute(
            "select count(*) from cases where address = ? and subcategory = ? and reported_at::date = any(?)",
            [plant.address, plant.subcategory, list(plant.days)],
        ).fetchone()[0]
        assert found >= len(plant.days)
    tables = {row[0] for row in cursor.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    assert not {name for name in tables if "plant" in name or "truth" in name}


def test_the_planted_truth_depends_on_the_seed_only():
    assert demo_plants.planted(2023, SCALE) == demo_plants.planted(2023, SCALE)
    first, second = demo_plants.planted(2023, SCALE), demo_plants.planted(7, SCALE)
    assert {s.street_code for s in first.surges} != {s.street_code for s in second.surges}
    targeted = {sub for campaign in calibration.CAMPAIGNS for sub in campaign[5]}
    every = [*first.surges, *first.repeats]
    assert not {p.subcategory for p in every} & targeted, "the campaigns' −30.6% stays exact"
    assert all(d >= demo_plants.PLANTED_FROM for p in [*first.repeats, *first.callers] for d in p.days)
