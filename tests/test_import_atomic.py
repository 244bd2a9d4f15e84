"""Imports are all or nothing: locked, written into a copy, swapped in whole; readers never see a half.

Also: the demo warehouse keeps its invariants after an import, and a 200,000-row export
loads in reasonable time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from test_import_helpers import CASE_HEADER, copy_warehouse, csv_bytes, digest, good_case, query, run_import, write

import queries
from data import dictionary
from data.importer import import_file, writer

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def warehouse(warehouse_path: Path, tmp_path: Path) -> Path:
    return copy_warehouse(warehouse_path, tmp_path)


def _cases_file(directory: Path, n: int, prefix: str = "A") -> Path:
    rows = [good_case(f"{prefix}-{i:05d}") for i in range(n)]
    return write(directory / f"{prefix}.csv", csv_bytes(CASE_HEADER, rows))


# --- one import at a time ---------------------------------------------------------------------


def test_a_second_import_is_refused_while_one_holds_the_lock(warehouse, tmp_path):
    path = _cases_file(tmp_path, 3)
    with writer.exclusive_lock(warehouse):
        result = run_import("cases", path, warehouse)
        assert result.exit_code == 2
        assert "另一个导入正在进行" in result.refused and "本次没有写入任何内容" in result.refused
    assert run_import("cases", path, warehouse).exit_code == 0  # the lock is released with its holder


def test_two_imports_started_together_never_interleave(warehouse, tmp_path):
    paths = [_cases_file(tmp_path, 2000, prefix) for prefix in ("P", "Q")]
    results = {}

    def go(path: Path) -> None:
        results[path.stem] = import_file("cases", path, warehouse)

    threads = [threading.Thread(target=go, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    loaded = {k: r.rows_loaded for k, r in results.items() if r.exit_code == 0}
    refused = [r for r in results.values() if r.exit_code == 2]
    assert loaded, "at least one import must go through"
    assert all("另一个导入正在进行" in r.refused for r in refused)
    stored = query(
        warehouse, "select left(case_id, 1) as prefix, count(*) as n from cases where case_id similar to '[PQ]-.*' group by 1"
    )
    assert dict(zip(stored["prefix"], stored["n"], strict=True)) == loaded
    runs = query(warehouse, "select file_name from import_runs")
    assert sorted(runs["file_name"]) == sorted(f"{k}.csv" for k in loaded)


# --- failure or interruption leaves the warehouse as it was -----------------------------------


@pytest.mark.parametrize("failure", [RuntimeError("disk full"), KeyboardInterrupt()], ids=["error", "ctrl-c"])
@pytest.mark.parametrize("step", ["_upsert", "_log", "_refresh_dependants"])
def test_a_failure_at_any_step_leaves_the_warehouse_untouched(warehouse, tmp_path, monkeypatch, step, failure):
    before = digest(warehouse)
    original = getattr(writer, step)

    def fail(*args, **kwargs):
        original(*args, **kwargs)  # the step has written into the copy when it fails
        raise failure

    monkeypatch.setattr(writer, step, fail)
    with pytest.raises(type(failure)):
        import_file("cases", _cases_file(tmp_path, 5), warehouse)
    assert digest(warehouse) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A.csv", "warehouse.duckdb", "warehouse.duckdb.import.lock"]
    monkeypatch.undo()
    assert run_import("cases", tmp_path / "A.csv", warehouse).exit_code == 0  # and the lock was released


def test_the_cli_reports_an_internal_failure_in_chinese(warehouse, tmp_path, monkeypatch, capsys):
    from data.__main__ import main

    def fail(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(writer, "_log", fail)
    before = digest(warehouse)
    assert main(["import", "cases", str(_cases_file(tmp_path, 2)), "--warehouse", str(warehouse)]) == 2
    assert "导入失败，仓库未作任何改动" in capsys.readouterr().err
    assert digest(warehouse) == before


def test_a_warehouse_built_before_imports_gets_the_log_tables(warehouse, tmp_path):
    con = duckdb.connect(str(warehouse))
    con.execute("drop table import_rejects")
    con.execute("drop table import_runs")
    con.close()
    result = run_import(
        "cases", write(tmp_path / "c.csv", csv_bytes(CASE_HEADER, [good_case("OLD-1", 受理时间="bad")])), warehouse
    )
    assert result.rows_rejected == 1
    comments = query(warehouse, "select comment from duckdb_tables() where table_name in ('import_runs', 'import_rejects')")
    assert len(comments) == 2 and comments["comment"].notna().all()


# --- readers during an import -----------------------------------------------------------------

_READER = """
import json, sys, time, duckdb
path, seconds = sys.argv[1], float(sys.argv[2])
seen, errors, end = [], [], time.time() + seconds
while time.time() < end:
    try:
        con = duckdb.connect(path, read_only=True)
        cases, rolled, imported = con.execute(
            "select (select count(*) from cases), (select sum(cases) from agg_cases_street_month),"
            " (select count(*) from import_runs)"
        ).fetchone()
        con.close()
        seen.append([cases, int(rolled), imported])
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
print(json.dumps({"seen": seen, "errors": errors}))
"""


def test_readers_see_the_old_or_the_new_warehouse_never_a_half(warehouse, tmp_path):
    """The app's query layer holds a connection while imports run, and other processes open new ones."""
    before = int(query(warehouse, "select count(*) as n from cases").at[0, "n"])
    reader = queries.connect(warehouse)
    held_errors: list[str] = []
    held_seen: set[int] = set()
    stop = threading.Event()

    def read_held() -> None:
        while not stop.is_set():
            try:
                held_seen.add(int(queries.run(reader, "warehouse_info").shape[0]))
                cursor = queries.warehouse_cursor(reader)
                held_seen.add(int(cursor.execute("select count(*) from cases").fetchone()[0]))
                cursor.close()
            except Exception as error:  # pragma: no cover - the assertion below reports it
                held_errors.append(repr(error))

    other = subprocess.Popen([sys.executable, "-c", _READER, str(warehouse), "6"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    thread = threading.Thread(target=read_held)
    thread.start()
    sizes = [500, 700, 900]
    try:
        for i, n in enumerate(sizes):
            assert run_import("cases", _cases_file(tmp_path, n, prefix=f"R{i}"), warehouse).exit_code == 0
            time.sleep(0.3)
    finally:
        stop.set()
        thread.join()
    outside = json.loads(other.communicate(timeout=60)[0])

    assert held_errors == []
    info_rows = queries.run(reader, "warehouse_info").shape[0]
    assert held_seen <= {before, info_rows}, "the held connection keeps reading the file it opened"
    reader.close()

    assert outside["errors"] == []
    states = {(cases, imported) for cases, _, imported in outside["seen"]}
    complete = {(before + sum(sizes[:k]), k) for k in range(len(sizes) + 1)}
    assert states <= complete, f"a reader saw a state between imports: {states - complete}"
    assert all(cases == rolled for cases, rolled, _ in outside["seen"]), "detail and rollups out of step"
    assert len(states) >= 2, "the outside reader should have seen at least one import land"

    fresh = queries.connect(warehouse)  # after the old connection is gone, a new one sees the new rows
    try:
        total = queries.warehouse_cursor(fresh).execute("select count(*) from cases").fetchone()[0]
        assert total == before + sum(sizes)
    finally:
        fresh.close()


def test_a_new_connection_sees_an_import_while_an_old_one_is_open(warehouse, tmp_path):
    old = queries.connect(warehouse)
    try:
        before = queries.warehouse_cursor(old).execute("select count(*) from cases").fetchone()[0]
        assert run_import("cases", _cases_file(tmp_path, 10), warehouse).exit_code == 0
        new = queries.connect(warehouse)
        assert queries.warehouse_cursor(new).execute("select count(*) from cases").fetchone()[0] == before + 10
    finally:
        old.close()


# --- the demo warehouse after an import -------------------------------------------------------

_MONTH = "date_trunc('month', reported_at)::date as month_start"
FRESH_ROLLUPS = [
    (
        f"""select {_MONTH}, district_code, street_code, source, count(*) as cases,
                   count(*) filter (where responded_at <= reported_at + interval 24 hour) as responded_in_time,
                   count(*) filter (where resolved_at is not null) as resolved,
                   count(*) filter (where rating is not null) as rated,
                   count(*) filter (where rating in ('满意', '基本满意')) as satisfied
            from cases group by all""",
        "select month_start, district_code, street_code, source, cases, responded_in_time, resolved, rated, satisfied "
        "from agg_cases_street_month",
    ),
    (
        f"""select {_MONTH}, district_code, source, category, subcategory, count(*) as cases,
                   count(*) filter (where resolved_at is not null) as resolved,
                   count(*) filter (where rating is not null) as rated,
                   count(*) filter (where rating in ('满意', '基本满意')) as satisfied
            from cases group by all""",
        "select month_start, district_code, source, category, subcategory, cases, resolved, rated, satisfied "
        "from agg_cases_category_month",
    ),
    (
        f"select {_MONTH}, district_code, h3_cell, count(*) as cases from cases where h3_cell is not null group by all",
        "select month_start, district_code, h3_cell, cases from agg_cases_hex_month",
    ),
    (
        # One select per item column (names from the dictionary), not the rollup's UNPIVOT.
        "select month_start, district_code, item_code, count(*) as scored, "
        "count(*) filter (where points < max_points) as short from ("
        + " union all ".join(
            f"select date_trunc('month', i.inspected_on)::date as month_start, a.district_code, "
            f"'{code}' as item_code, i.{code} as points, {points} as max_points "
            "from alley_inspections as i join alleys as a using (alley_id) "
            f"where i.kind = 'monthly_score' and i.{code} is not null"
            for code, _, _, points in dictionary.ALLEY_STANDARD_ITEMS
        )
        + ") group by all",
        "select month_start, district_code, item_code, scored, short from agg_alley_items_month",
    ),
]


def _assert_rollups_are_fresh(warehouse: Path) -> None:
    """Every rollup equals a fresh aggregation of the detail, both ways."""
    for fresh, stored in FRESH_ROLLUPS:
        difference = query(
            warehouse,
            f"with fresh as ({fresh}), stored as ({stored}) "
            "select 'missing from rollup' as side, * from (select * from fresh except all select * from stored) "
            "union all select 'extra in rollup', * from (select * from stored except all select * from fresh)",
        )
        assert difference.empty, difference


def test_demo_warehouse_keeps_its_invariants_after_the_sample_import(warehouse):
    before = int(query(warehouse, "select count(*) as n from cases").at[0, "n"])
    result = run_import("cases", SAMPLES / "cases.csv", warehouse)
    assert result.exit_code == 0 and result.rows_loaded == 8
    assert int(query(warehouse, "select count(*) as n from cases").at[0, "n"]) == before + 8

    _assert_rollups_are_fresh(warehouse)

    dangling = query(
        warehouse,
        """
        select count(*) filter (where street_code not in (select street_code from streets)) as streets,
               count(*) filter (where subcategory not in (select subcategory from case_categories)) as subcategories,
               count(*) filter (where s.district_code <> c.district_code) as street_in_other_district
        from cases as c join streets as s using (street_code)
        """,
    )
    assert dangling.to_dict("records") == [{"streets": 0, "subcategories": 0, "street_in_other_district": 0}]
    wrong_campaign = query(
        warehouse,
        """
        select count(*) as n from cases as c
        left join (campaign_targets join campaigns using (campaign_id)) as m
            on m.subcategory = c.subcategory and c.reported_at::date between m.started_on and m.ended_on
        where c.campaign_id is distinct from m.campaign_id
        """,
    )
    assert wrong_campaign.at[0, "n"] == 0
    comments = query(
        warehouse,
        "select count(*) filter (where comment is null or comment = '') as missing, count(*) as n "
        "from duckdb_columns() where schema_name = 'main' and not internal",
    )
    assert comments.at[0, "missing"] == 0
    assert comments.at[0, "n"] == sum(len(t.columns) for t in dictionary.TABLES + dictionary.ROLLUPS)
    info = query(warehouse, "select key, value from warehouse_info").set_index("key")["value"]
    assert info["is_demo"] == "true" and info["imported_rows"] == "8" and info["last_import_run"] == result.run_id


_SEPTEMBER_ITEMS = (
    "select coalesce(sum(scored), 0) as scored, coalesce(sum(short), 0) as short "
    "from agg_alley_items_month where month_start = '2023-09-01'"
)


def test_importing_alley_scores_rebuilds_the_alley_item_rollup(warehouse):
    before = query(warehouse, _SEPTEMBER_ITEMS).iloc[0]
    assert run_import("alleys", SAMPLES / "alleys.csv", warehouse).exit_code == 0
    assert run_import("alley_inspections", SAMPLES / "alley_inspections.csv", warehouse).exit_code == 0

    after = query(warehouse, _SEPTEMBER_ITEMS).iloc[0]
    # The sample's two September monthly scores, 19 items each; below full marks: 900001 on
    # 无乱停车 and 无堆物堆料, 900002 on 无乱停车, 无乱占道, 沿街立面好 and 有物业管理单位.
    assert int(after["scored"]) - int(before["scored"]) == 2 * 19
    assert int(after["short"]) - int(before["short"]) == 2 + 4
    _assert_rollups_are_fresh(warehouse)


def test_rollups_command_adds_what_an_older_warehouse_lacks(warehouse):
    con = duckdb.connect(str(warehouse))
    con.execute("drop table agg_alley_items_month")
    con.close()
    command = [sys.executable, "-m", "data", "rollups", "--warehouse", str(warehouse), "--if-missing"]

    added = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "新建：agg_alley_items_month" in added.stdout
    _assert_rollups_are_fresh(warehouse)
    comments = query(warehouse, "select comment from duckdb_columns() where table_name = 'agg_alley_items_month'")
    assert len(comments) == 5 and comments["comment"].str.len().gt(0).all()

    modified = warehouse.stat().st_mtime_ns
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "汇总表齐全，未改动仓库" in again.stdout
    assert warehouse.stat().st_mtime_ns == modified


# --- a huge export -----------------------------------------------------------------------------


def test_a_200000_row_export_loads_in_reasonable_time(warehouse, tmp_path):
    n = 200_000
    streets = query(
        warehouse,
        "select s.name, d.short_name, center_lon, center_lat from streets as s join districts as d using (district_code)",
    )
    categories = query(warehouse, "select subcategory, category from case_categories")
    rng = np.random.default_rng(7)
    s = rng.integers(0, len(streets), n)
    k = rng.integers(0, len(categories), n)
    reported = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 200 * 86400, n), unit="s")
    frame = pd.DataFrame(
        {
            "工单编号": [f"BIG{i:07d}" for i in range(n)],
            "来源": rng.choice(["12345热线", "网格员发现", "创城抽查"], n),
            "问题类别": categories["category"].to_numpy()[k],
            "问题子类": categories["subcategory"].to_numpy()[k],
            "所属区": streets["short_name"].to_numpy()[s],
            "所属街乡": streets["name"].to_numpy()[s],
            "受理时间": reported.strftime("%Y-%m-%d %H:%M:%S"),
            "响应时间": (reported + pd.Timedelta(hours=3)).strftime("%Y/%m/%d %H:%M"),
            "办结时间": "",
            "满意度": rng.choice(["满意", "基本满意", "不满意", ""], n),
            "经度": streets["center_lon"].to_numpy()[s],
            "纬度": streets["center_lat"].to_numpy()[s],
            "诉求内容": rng.choice(["路边堆物", "联系人李四反映噪音，电话13912345678", "井盖缺失"], n),
        }
    )
    bad = np.arange(0, n, 1000)
    frame.loc[bad, "受理时间"] = "2023-02-30 08:00"
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False, encoding="gb18030")

    started = time.perf_counter()
    result = run_import("cases", path, warehouse)
    elapsed = time.perf_counter() - started
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (n, n - len(bad), len(bad))
    assert [e["row"] for e in result.errors[:3]] == [2, 1002, 2002]
    assert elapsed < 60, f"{n} rows took {elapsed:.0f} s"
    masked = query(
        warehouse, "select count(*) as n from cases where description like '%13912345678%' or description like '%李四%'"
    )
    assert masked.at[0, "n"] == 0
