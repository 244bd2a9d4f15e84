"""The early warnings as a list and as a command: `python -m data warnings --as-of … --json` gives one JSON
value, each warning says in Chinese what, where, the count against what was expected and since when, links
to its records, and keeps its id from one run to the next; overdue cases and alleys and lagging streets are
what the ledger, the red list and the semantic layer say; bad input is refused in Chinese with exit 2."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

import queries
from access.scope import Scope
from data import calibration, holidays
from data.warnings import COLUMNS, KINDS, cli, collect
from queries import settings

AS_OF = calibration.DATA_END
ROOT = Path(__file__).resolve().parents[1]
REQUIRED = {"kind", "district_code", "street_code", "subcategory", "count", "expected", "since", "reason"}


def _run_query(con):
    def run(name: str, **params):
        return queries.run(con, name, scope=Scope.city() if queries.is_record(name) else None, **params)

    return run


@pytest.fixture(scope="module")
def warnings(con) -> pd.DataFrame:
    return collect(_run_query(con), AS_OF)


@pytest.fixture(scope="module")
def as_json(warehouse_path: Path) -> list[dict]:
    out = subprocess.run(
        [sys.executable, "-m", "data", "warnings", "--as-of", AS_OF.isoformat(), "--warehouse", str(warehouse_path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


# --- the list ----------------------------------------------------------------------------------------


def test_the_command_prints_a_list_of_warnings_of_every_kind(as_json):
    assert isinstance(as_json, list) and as_json
    assert {w["kind"] for w in as_json} == set(KINDS)
    for warning in as_json:
        assert REQUIRED <= warning.keys()
        assert list(warning) == COLUMNS
        assert re.fullmatch(r"\d{6}", warning["district_code"]) and warning["street_code"].startswith(warning["district_code"])
        assert isinstance(warning["count"], int) and warning["count"] >= 1
        assert date.fromisoformat(warning["since"]) <= AS_OF
        assert warning["as_of"] == AS_OF.isoformat()


def test_subcategory_and_expected_are_null_where_they_do_not_apply(as_json):
    for warning in as_json:
        if warning["kind"] == "surge":
            assert isinstance(warning["expected"], float) and warning["count"] >= 2 * warning["expected"]
        else:
            assert warning["expected"] is None
        if warning["kind"] in ("surge", "repeat"):
            assert isinstance(warning["subcategory"], str) and warning["subcategory"]
        if warning["kind"] in ("overdue", "lagging"):
            assert warning["subcategory"] is None


def test_each_reason_says_in_chinese_what_where_how_many_and_since_when(as_json):
    for warning in as_json:
        reason = warning["reason"]
        assert warning["district_name"] in reason and warning["street_name"] in reason
        assert re.search(r"\d{4}年\d{1,2}月", reason), reason  # since when
        assert not re.search(r"[A-Za-z]{4,}", reason), reason  # no English, no code names
        if warning["subcategory"]:
            assert f"“{warning['subcategory']}”" in reason
        if warning["kind"] == "surge":
            assert f"受理 {warning['count']} 件" in reason and "预期" in reason and "周偏高" in reason
        if warning["kind"] == "repeat":
            assert f"{warning['count']} 次" in reason and warning["place"] in reason
        if warning["kind"] == "caller":
            assert "同一来电人" in reason and f"{warning['count']} 次" in reason


def test_no_caller_number_or_hash_is_printed_whole(as_json, con):
    text = json.dumps(as_json, ensure_ascii=False)
    assert not re.search(r"1[3-9]\d{9}", text)
    hashes = queries.warehouse_cursor(con).execute("select distinct caller_hash from cases where caller_hash is not null").df()
    assert not any(h in text for h in hashes["caller_hash"].head(5000))


def test_each_warning_links_to_its_records(as_json):
    for warning in as_json:
        parts = urlsplit(warning["link"])
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert params["district"] == warning["district_code"]
        assert params["to"] == f"{AS_OF:%Y-%m}"
        if warning["kind"] in ("surge", "repeat"):
            assert parts.path == "cases"
            assert params["cases_list_street"] == warning["street_code"]
            assert params["cases_list_sub"] == warning["subcategory"]
        elif warning["kind"] == "lagging":
            assert parts.path == "districts" and params["drill_street"] == warning["street_code"]
        elif warning["place"]:  # a red-listed alley
            assert parts.path == "alleys"
        else:
            assert parts.path == "cases" and params["cases_list_street"] == warning["street_code"]


def test_a_warning_keeps_its_id_as_the_days_pass(con):
    """The state of a warning is kept by its id: the same surge, repeat or caller found the next day is
    the same warning (kind, place, subcategory and since unchanged)."""
    run = _run_query(con)
    today, tomorrow = (
        collect(run, AS_OF - timedelta(days=1), ("surge", "repeat", "caller")),
        collect(run, AS_OF, ("surge", "repeat", "caller")),
    )
    kept = set(today["id"]) & set(tomorrow["id"])
    assert len(kept) >= 0.7 * len(today), (len(kept), len(today))
    assert tomorrow["id"].is_unique


def test_the_json_and_the_list_agree(as_json, warnings):
    assert [w["id"] for w in as_json] == list(warnings["id"])
    assert [w["count"] for w in as_json] == list(warnings["count"])


# --- overdue and lagging: what the ledger and the semantic layer say ------------------------------------


def test_overdue_cases_are_those_past_their_deadline_and_not_closed(warnings, sql):
    """12345 and grid cases by their deadline, spot-check problems as the closed loop (闭环台账) counts them."""
    config = settings.settings().warnings
    expected = sql(
        """
        select street_code, count(*) as cases, min(due)::date as since from (
            select street_code, reported_at + to_days(cast(case source when 'hotline' then $h else $g end as integer)) as due
            from cases
            where source <> 'spot_check'
              and reported_at >= $as_of::date - 89 and reported_at < $as_of::date + 1
              and (resolved_at is null or resolved_at >= $as_of::date + 1)
            union all
            select street_code, due_on + 1 from closed_loop_as_of($as_of::date)
            where kind = 'spot_check' and is_open and is_overdue
        ) where due < $as_of::date + 1
        group by street_code
        """,
        {"as_of": AS_OF, "h": config["deadline_days_hotline"], "g": config["deadline_days_grid"]},
    ).set_index("street_code")
    overdue = warnings[(warnings["kind"] == "overdue") & warnings["place"].isna()].set_index("street_code")
    assert len(overdue) == len(expected) > 10
    assert (overdue["count"] == expected.loc[overdue.index, "cases"]).all()
    assert (pd.to_datetime(overdue["since"]) == pd.to_datetime(expected.loc[overdue.index, "since"])).all()


def test_overdue_alleys_are_the_red_lists_open_and_overdue(warnings, con):
    red_list = queries.run(con, "red_list", scope=Scope.city(), districts=[], start=date(2020, 1, 1), as_of=AS_OF)
    overdue = red_list[red_list["is_overdue"] & red_list["delisted_on"].isna()]
    alleys = warnings[(warnings["kind"] == "overdue") & warnings["place"].notna()]
    assert len(overdue) > 0
    assert sorted(alleys["place"]) == sorted(overdue["alley_name"])
    for row in alleys.itertuples():
        assert "整改期限" in row.reason and "已逾期" in row.reason


def test_lagging_streets_read_the_shared_definition(warnings, sql):
    macro = sql("select * from lagging_streets($as_of, 3)", {"as_of": AS_OF})
    lagging = warnings[warnings["kind"] == "lagging"]
    assert len(lagging) == len(macro) > 0
    assert set(lagging["street_code"] + lagging["measure"]) == set(macro["street_code"] + macro["measure"])


def test_lagging_means_the_worst_tenth_three_months_running(sql):
    """Checked from the rollup directly: each lagging street's cases per 10,000 residents were among the
    city's highest tenth in each of the three months."""
    lagging = sql("select * from lagging_streets($as_of, 3) where measure = 'cases_per_10k'", {"as_of": AS_OF})
    monthly = sql(
        """
        select a.month_start, a.street_code, sum(a.cases) * 10000.0 / any_value(s.population) as per_10k
        from agg_cases_street_month as a join streets as s using (street_code)
        where a.month_start between date '2023-07-01' and date '2023-09-01'
        group by all
        """
    )
    for month, part in monthly.groupby("month_start"):
        cut = part["per_10k"].round(2).sort_values(ascending=False).iloc[int(-(-len(part) // 10)) - 1]
        worst = set(part.loc[part["per_10k"].round(2) >= cut, "street_code"])
        assert set(lagging["street_code"]) <= worst, month


def test_days_off_know_the_holidays_and_the_working_weekends():
    days = set(holidays.days_off(date(2023, 9, 25), date(2023, 10, 8)))
    assert date(2023, 9, 29) in days and date(2023, 10, 6) in days  # 中秋、国庆
    assert date(2023, 10, 7) not in days and date(2023, 10, 8) not in days  # 调休 working weekend
    assert date(2023, 9, 25) not in days
    assert holidays.is_day_off(date(2031, 1, 4))  # beyond the package's years: a Saturday is a day off


# --- the command's refusals ----------------------------------------------------------------------------


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv), today=date(2026, 1, 1))
    except SystemExit as stopped:
        code = stopped.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--as-of", "2023-13-01"], "不是有效日期"),
        (["--as-of", "昨天"], "不是有效日期"),
        (["--as-of", "2027-01-01"], "晚于今天"),
        (["--as-of", "2019-12-31"], "不在仓库的数据期内"),
        (["--as-of", "2024-01-01"], "不在仓库的数据期内"),
        ([], "缺少参数"),
        (["--as-of", "2023-09-30", "--nonsense"], "无法识别的参数"),
    ],
)
def test_bad_input_is_refused_in_chinese_with_exit_2_and_still_json(capsys, warehouse_path, argv, says):
    argv = [*argv, "--warehouse", str(warehouse_path)] if argv else argv
    code, out, err = _cli(capsys, *argv, "--json")
    assert code == 2
    answer = json.loads(out)
    assert answer["exit_code"] == 2 and says in answer["error"], answer
    code, out, err = _cli(capsys, *argv)
    assert code == 2 and says in err and not out


def test_a_missing_or_foreign_warehouse_is_refused(capsys, tmp_path):
    code, out, _ = _cli(capsys, "--as-of", "2023-09-30", "--warehouse", str(tmp_path / "none.duckdb"), "--json")
    assert code == 2 and "仓库文件不存在" in json.loads(out)["error"]
    foreign = tmp_path / "notes.duckdb"
    foreign.write_text("这不是数据库", encoding="utf-8")
    code, out, _ = _cli(capsys, "--as-of", "2023-09-30", "--warehouse", str(foreign), "--json")
    assert code == 2 and "不是 DuckDB" in json.loads(out)["error"]


def test_without_json_the_command_prints_what_a_person_reads(capsys, warehouse_path):
    code, out, _ = _cli(capsys, "--as-of", AS_OF.isoformat(), "--warehouse", str(warehouse_path))
    assert code == 0
    assert out.startswith(f"截至 {AS_OF.isoformat()}，共 ") and "【异动】" in out and "【逾期】" in out
