"""The closed loop (闭环台账): spot-check problems through 发现 → 交办 → 整改 → 复查 → 销号 and the red list
through 挂牌 → 整改 → 复查 → 摘牌, as one list; each figure of the page checked against a small warehouse
built by hand, where every answer can be worked out on paper; and the demo's loop checked for realism."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pandas as pd
import pytest

import queries
from access.scope import Scope
from data import calibration, dictionary, rollups

AS_OF = date(2023, 9, 30)
WINDOW = {"districts": [], "start": date(2023, 1, 1), "as_of": AS_OF}
DONGCHENG, CHAOYANG = "110101", "110105"
S1, S2, S3 = "110101001", "110101002", "110105001"
U1, U2 = "东华门街道办事处", "东华门街道综合行政执法队"  # U1 is also the red-listed alley's street office
U3, U4, U5 = "朝阳区城市管理委员会", "朝阳乡01综合行政执法队", "朝阳交通支队"

# Spot-check cases: (case id, district, street, found on).
CASES = [
    ("A", DONGCHENG, S1, "2023-09-01"),  # on time: 交办, 整改, 复查通过, 销号 in five days
    ("B", DONGCHENG, S2, "2023-09-10"),  # handed over, never rectified: 17 days overdue on 9-30
    ("C", CHAOYANG, S3, "2023-08-01"),  # re-opened by a failed 复查, then rectified and closed
    ("D", CHAOYANG, S3, "2023-09-25"),  # two days overdue
    ("E", CHAOYANG, S3, "2023-06-01"),  # failed 复查 without a new deadline: overdue since June
    ("F", DONGCHENG, S1, "2023-09-29"),  # found, not yet handed over
    ("G", CHAOYANG, S3, "2023-09-20"),  # rectified, awaiting 复查
]
# Steps: (case id, stage, on, unit, deadline, 复查 result).
STEPS = [
    ("A", "assigned", "2023-09-01", U1, "2023-09-04", None),
    ("A", "rectified", "2023-09-03", None, None, None),
    ("A", "rechecked", "2023-09-05", None, None, "通过"),
    ("A", "closed", "2023-09-06", None, None, None),
    ("B", "assigned", "2023-09-10", U2, "2023-09-13", None),
    ("C", "assigned", "2023-08-01", U3, "2023-08-04", None),
    ("C", "rectified", "2023-08-03", None, None, None),
    ("C", "rechecked", "2023-08-05", None, "2023-08-10", "未通过"),
    ("C", "rectified", "2023-08-09", None, None, None),
    ("C", "rechecked", "2023-08-11", None, None, "通过"),
    ("C", "closed", "2023-08-12", None, None, None),
    ("D", "assigned", "2023-09-26", U3, "2023-09-28", None),
    ("E", "assigned", "2023-06-01", U5, "2023-06-08", None),
    ("E", "rectified", "2023-06-05", None, None, None),
    ("E", "rechecked", "2023-06-07", None, None, "未通过"),
    ("G", "assigned", "2023-09-20", U4, "2023-10-05", None),
    ("G", "rectified", "2023-09-28", None, None, None),
]
# The red list: R1 in 东华门 (street office U1), overdue since 8-31; R2 in 朝阳乡01, closed in 32 days.
SUPERVISIONS = [
    ("R1", "JX1", "2023-08-01", "2023-08-31", None, None, None, "rectifying"),
    ("R2", "JX2", "2023-05-01", "2023-05-31", "2023-05-20", "2023-05-28", "2023-06-02", "delisted"),
]


@pytest.fixture(scope="module")
def loop(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """A warehouse with nothing but the items above, its semantic layer stored as a build stores it."""
    path = tmp_path_factory.mktemp("loop") / "loop.duckdb"
    con = duckdb.connect(str(path))
    for statement in dictionary.create_statements():
        con.execute(statement)
    con.executemany(
        "insert into districts (district_code, name, short_name, is_agricultural) values (?, ?, ?, ?)",
        [(DONGCHENG, "东城区", "东城", False), (CHAOYANG, "朝阳区", "朝阳", True)],
    )
    con.executemany(
        "insert into streets (street_code, district_code, name, kind) values (?, ?, ?, ?)",
        [(S1, DONGCHENG, "东华门街道", "街道"), (S2, DONGCHENG, "景山街道", "街道"), (S3, CHAOYANG, "朝阳乡01", "乡")],
    )
    con.executemany("insert into case_sources values (?, ?)", dictionary.CASE_SOURCES)
    con.execute("insert into case_categories values ('非法小广告', '城市管理')")
    con.executemany(
        "insert into cases (case_id, source, category, subcategory, district_code, street_code, reported_at) "
        "values (?, 'spot_check', '城市管理', '非法小广告', ?, ?, ?::timestamp + interval 9 hour)",
        CASES,
    )
    con.execute(
        "insert into cases (case_id, source, category, subcategory, district_code, street_code, reported_at) "
        "values ('H', 'hotline', '城市管理', '非法小广告', ?, ?, '2023-09-01 10:00')",
        [DONGCHENG, S1],
    )
    con.executemany("insert into spot_check_stages values (?, ?, ?, ?, ?, ?, null)", STEPS)
    con.executemany(
        "insert into alleys (alley_id, name, district_code, street_code, length_m, is_civilized) values (?, ?, ?, ?, 300, false)",
        [("JX1", "东华门一巷", DONGCHENG, S1), ("JX2", "朝阳二巷", CHAOYANG, S3)],
    )
    con.executemany(
        "insert into alley_supervisions (supervision_id, alley_id, listed_on, deadline, rectified_on, rechecked_on, "
        "delisted_on, status) values (?, ?, ?, ?, ?, ?, ?, ?)",
        SUPERVISIONS,
    )
    rollups.rebuild(con)
    con.close()
    connection = queries.connect(path)
    yield connection
    connection.close()


def run(con, name: str, **params) -> pd.DataFrame:
    scope = {"scope": Scope.city()} if queries.is_record(name) else {}
    return queries.run(con, name, **{k: v for k, v in {**WINDOW, **params}.items() if k in queries.parameters(name)}, **scope)


def stage_on(con, case_id: str, day: str) -> dict:
    cursor = queries.warehouse_cursor(con)
    try:
        found = cursor.execute(
            "select * from spot_check_stage_as_of($day::date) where case_id = $id", {"day": day, "id": case_id}
        )
        rows = found.df().to_dict("records")
    finally:
        cursor.close()
    assert len(rows) == 1, rows
    return rows[0]


# --- the stage of an item as at a date, for each path ----------------------------------------------


def test_an_item_closed_on_time_goes_through_every_stage(loop):
    path = [(day, stage_on(loop, "A", day)["stage"]) for day in ("2023-09-01", "2023-09-03", "2023-09-05", "2023-09-06")]
    assert path == [
        ("2023-09-01", "assigned"),
        ("2023-09-03", "rectified"),
        ("2023-09-05", "rechecked"),
        ("2023-09-06", "closed"),
    ]
    closed = stage_on(loop, "A", "2023-09-30")
    assert (closed["is_open"], closed["is_overdue"], closed["days_to_close"], closed["reopen_count"]) == (False, False, 5, 0)
    assert closed["responsible_unit"] == U1
    assert not any(stage_on(loop, "A", day)["is_overdue"] for day in ("2023-09-02", "2023-09-04", "2023-09-10"))


def test_an_item_becomes_overdue_the_day_after_its_deadline(loop):
    on_the_day = stage_on(loop, "B", "2023-09-13")
    assert (on_the_day["stage"], on_the_day["is_overdue"], on_the_day["days_overdue"]) == ("assigned", False, None)
    after = stage_on(loop, "B", "2023-09-14")
    assert (after["is_overdue"], after["days_overdue"]) == (True, 1)
    assert stage_on(loop, "B", "2023-09-30")["days_overdue"] == 17


def test_a_failed_recheck_reopens_the_item_with_its_new_deadline_and_it_closes_later(loop):
    assert stage_on(loop, "C", "2023-08-04")["stage"] == "rectified"
    reopened = stage_on(loop, "C", "2023-08-05")
    assert (reopened["stage"], reopened["reopen_count"], str(reopened["due_on"])[:10]) == ("assigned", 1, "2023-08-10")
    assert reopened["recheck_result"] == "未通过" and not reopened["is_overdue"]
    assert stage_on(loop, "C", "2023-08-09")["stage"] == "rectified"
    assert stage_on(loop, "C", "2023-08-11")["stage"] == "rechecked"
    closed = stage_on(loop, "C", "2023-09-30")
    assert (closed["stage"], closed["reopen_count"], closed["days_to_close"], closed["is_overdue"]) == ("closed", 1, 11, False)


def test_a_failed_recheck_without_a_new_deadline_keeps_the_old_one(loop):
    assert not stage_on(loop, "E", "2023-06-07")["is_overdue"]  # back to 整改, its deadline not yet passed
    late = stage_on(loop, "E", "2023-06-09")
    assert (late["stage"], late["is_overdue"], late["days_overdue"]) == ("assigned", True, 1)
    assert stage_on(loop, "E", "2023-09-30")["days_overdue"] == 114


def test_an_item_not_yet_handed_over_is_found_without_unit_or_deadline(loop):
    found = stage_on(loop, "F", "2023-09-30")
    assert (found["stage"], found["responsible_unit"], found["is_overdue"], found["is_open"]) == ("found", None, False, True)


def test_only_spot_checks_found_by_the_date_are_in_the_loop(loop):
    cursor = queries.warehouse_cursor(loop)
    try:
        ids = cursor.execute("select item_id from closed_loop_as_of(date '2023-09-20') order by 1").df()["item_id"].tolist()
    finally:
        cursor.close()
    assert ids == ["A", "B", "C", "E", "G", "R1", "R2"]  # no hotline case H; D and F found later


# --- the figures ------------------------------------------------------------------------------------


def test_overdue_items_by_age_band(loop):
    bands = run(loop, "closed_loop_overdue_by_age").set_index("band")
    assert list(bands.index) == ["week", "month", "longer"]
    assert bands["overdue_items"].tolist() == [1, 2, 1]  # D 2 days; B 17 and R1 30; E 114
    assert bands["overdue_spot_check"].tolist() == [1, 1, 1]
    assert bands["overdue_red_list"].tolist() == [0, 1, 0]


def test_overdue_items_by_district(loop):
    districts = run(loop, "closed_loop_overdue_by_district").set_index("district_code")
    assert districts.loc[DONGCHENG, ["open_items", "overdue_items", "overdue_spot_check", "overdue_red_list"]].tolist() == [
        3,
        2,
        1,
        1,
    ]
    assert districts.loc[CHAOYANG, ["open_items", "overdue_items", "overdue_longer", "longest_overdue_days"]].tolist() == [
        3,
        2,
        1,
        114,
    ]
    assert districts.loc[DONGCHENG, "overdue_share"] == pytest.approx(66.7)
    only_chaoyang = run(loop, "closed_loop_overdue_by_district", districts=[CHAOYANG])
    assert only_chaoyang["district_code"].tolist() == [CHAOYANG]


def test_overdue_items_by_responsible_unit(loop):
    units = run(loop, "closed_loop_overdue_by_unit").set_index("responsible_unit")
    # The red-listed alley's unit is its street's office, the same office a spot check was handed to.
    assert units.loc[U1, ["open_items", "overdue_items", "overdue_red_list"]].tolist() == [1, 1, 1]
    assert units.loc[U5, ["overdue_items", "overdue_longer", "longest_overdue_days"]].tolist() == [1, 1, 114]
    assert units.loc[U4, ["open_items", "overdue_items"]].tolist() == [1, 0]
    assert units["overdue_items"].tolist() == sorted(units["overdue_items"], reverse=True)  # most overdue first
    assert set(units.index) == {U1, U2, U3, U4, U5}  # F has no unit yet; R2 (朝阳乡01人民政府) is closed


def test_the_stage_funnel(loop):
    stages = run(loop, "closed_loop_stages").set_index("stage")
    assert list(stages.index) == ["found", "assigned", "rectified", "rechecked", "closed"]
    assert stages["items"].tolist() == [1, 4, 1, 0, 3]
    assert stages["red_list_items"].tolist() == [0, 1, 0, 0, 1]
    assert stages.loc["assigned", "overdue_items"] == 4
    since_september = run(loop, "closed_loop_stages", start=date(2023, 9, 1)).set_index("stage")
    assert since_september.loc["closed", "items"] == 1  # only A was closed in September


def test_reopened_items_and_the_reopen_rate(loop):
    summary = run(loop, "closed_loop_summary").iloc[0]
    assert (summary["rechecked_items"], summary["reopened_items"], summary["reopen_rate"]) == (3, 2, pytest.approx(66.7))
    by_district = run(loop, "closed_loop_reopened_by_district").set_index("district_code")
    assert by_district.loc[CHAOYANG, ["rechecked_items", "reopened_items", "reopen_rate"]].tolist() == [2, 2, 100.0]
    assert by_district.loc[DONGCHENG, ["rechecked_items", "reopened_items", "reopen_rate"]].tolist() == [1, 0, 0.0]
    listed = run(loop, "closed_loop_reopened_items")
    assert listed["item_id"].tolist() == ["E", "C"]  # still open first
    assert listed.set_index("item_id").loc["C", "stage"] == "closed"
    august = run(loop, "closed_loop_summary", start=date(2023, 8, 6)).iloc[0]
    assert (august["rechecked_items"], august["reopened_items"]) == (2, 0)  # C's failed 复查 was on 8-05


def test_median_days_to_close_by_district_and_street(loop):
    districts = run(loop, "closed_loop_days_to_close").set_index("district_code")
    assert districts.loc[DONGCHENG, ["closed_spot_check", "median_days_spot_check", "closed_red_list"]].tolist() == [1, 5, 0]
    assert pd.isna(districts.loc[DONGCHENG, "median_days_red_list"])
    assert districts.loc[CHAOYANG, ["median_days_spot_check", "median_days_red_list"]].tolist() == [11, 32]
    streets = run(loop, "closed_loop_days_to_close_by_street").set_index("street_code")
    assert set(streets.index) == {S1, S3}
    assert streets.loc[S3, ["street_name", "median_days_spot_check", "median_days_red_list"]].tolist() == ["朝阳乡01", 11, 32]
    summary = run(loop, "closed_loop_summary").iloc[0]
    assert (summary["closed_items"], summary["median_days_spot_check"], summary["median_days_red_list"]) == (3, 8, 32)


def test_the_headline_row(loop):
    summary = run(loop, "closed_loop_summary").iloc[0]
    assert summary[["open_items", "overdue_items", "overdue_spot_check", "overdue_red_list"]].tolist() == [6, 4, 3, 1]
    assert summary[["overdue_longer", "longest_overdue_days", "units_with_overdue"]].tolist() == [1, 114, 4]


def test_the_item_list_is_the_open_items_overdue_first(loop):
    items = run(loop, "closed_loop_items")
    assert items["item_id"].tolist()[:4] == ["E", "R1", "B", "D"]  # longest overdue first
    assert set(items["item_id"]) == {"B", "D", "E", "F", "G", "R1"}
    r1 = items.set_index("item_id").loc["R1"]
    assert (r1["kind"], r1["alley_name"], r1["responsible_unit"], r1["days_overdue"]) == ("red_list", "东华门一巷", U1, 30)
    scoped = queries.run(loop, "closed_loop_items", districts=[], as_of=AS_OF, scope=Scope.of_districts([CHAOYANG]))
    assert set(scoped["item_id"]) == {"D", "E", "G"}


# --- the demo's loop -------------------------------------------------------------------------------


def test_every_spot_check_case_and_only_those_has_steps(scalar):
    assert scalar("select count(*) from spot_check_stages where case_id not in (select case_id from cases)") == 0
    assert scalar("select count(*) from spot_check_stages join cases using (case_id) where cases.source <> 'spot_check'") == 0
    found_only = scalar(
        "select count(*) from cases where source = 'spot_check' and case_id not in (select case_id from spot_check_stages)"
    )
    assert found_only < 0.01 * scalar("select count(*) from cases where source = 'spot_check'")


def test_demo_steps_follow_the_loop_and_end_by_the_data_end(sql):
    # Walked by the semantic layer itself: at the data's end every item sits at one stage, and an
    # item closed never has a step after its 销号.
    steps = sql(
        """
        select g.case_id, g.stage, g.stage_on, c.reported_at::date as found_on,
               max(g.stage_on) filter (where g.stage = 'closed') over (partition by g.case_id) as closed_on
        from spot_check_stages as g join cases as c using (case_id)
        """
    )
    assert (steps["stage_on"] >= steps["found_on"]).all()
    assert (steps["stage_on"] <= pd.Timestamp(calibration.DATA_END)).all()
    assert not (steps["closed_on"].notna() & (steps["stage_on"] > steps["closed_on"])).any()


def test_the_demo_has_overdue_and_reopened_items_and_realistic_units(sql):
    loop = sql("select * from closed_loop_as_of(date '2023-09-30')")
    overdue = loop[loop["is_overdue"]]
    assert len(overdue[overdue["kind"] == "spot_check"]) >= 3
    assert set(overdue["days_overdue"].map(lambda d: "week" if d <= 7 else "month" if d <= 30 else "longer")) == {
        "week",
        "month",
        "longer",
    }
    spot = loop[loop["kind"] == "spot_check"]
    assert 0.04 < (spot["reopen_count"] > 0).mean() < 0.15
    units = spot["responsible_unit"].dropna()
    suffixes = ("办事处", "人民政府", "综合行政执法队", "交通支队", "城市管理委员会", "市场监督管理局", "园林绿化局")
    assert units.map(lambda u: u.endswith(suffixes) or u.endswith(("住房和城乡建设委员会", "卫生健康委员会"))).all()
    assert units.nunique() > 100
    closed = spot[spot["stage"] == "closed"]
    assert 3 <= closed["days_to_close"].median() <= 20


def test_a_warehouse_from_before_the_loop_gets_it_from_the_rollups_command(warehouse_path, tmp_path):
    old = tmp_path / "older.duckdb"
    shutil.copyfile(warehouse_path, old)
    with duckdb.connect(str(old)) as con:
        con.execute("drop macro table closed_loop_as_of")
        con.execute("drop macro table spot_check_rechecks")
        con.execute("drop macro table spot_check_stage_as_of")
        con.execute("drop table spot_check_stages")
    assert {"spot_check_stages", "closed_loop_as_of"} <= set(rollups.refresh(old, only_missing=True))
    with duckdb.connect(str(old), read_only=True) as con:
        assert rollups.missing(con) == []
        assert (
            con.execute("select count(*) from closed_loop_as_of(date '2023-09-30') where kind = 'spot_check'").fetchone()[0] > 0
        )
        assert con.execute("select count(*) from spot_check_stages").fetchone()[0] == 0  # created empty, to import into


def test_a_warehouse_whose_semantic_layer_is_older_is_told_and_brought_up_to_date(warehouse_path, tmp_path):
    """A macro whose definition changed since the warehouse was written is there by name but binds no
    more (the early warnings' case_deadline gained a parameter); the stored digest tells it apart."""
    old = tmp_path / "older.duckdb"
    shutil.copyfile(warehouse_path, old)
    with duckdb.connect(str(old)) as con:
        con.execute("create or replace macro semantic_layer_version() as 'an older semantic.sql'")
        assert rollups.missing(con) == [rollups.SEMANTIC_STALE]
    assert rollups.refresh(old, only_missing=True) == [rollups.SEMANTIC_STALE]
    with duckdb.connect(str(old), read_only=True) as con:
        assert rollups.missing(con) == []
