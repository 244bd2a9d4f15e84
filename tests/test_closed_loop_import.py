"""Progress of the closed loop by import (`python -m data import spot_check_stages FILE`): a 复查 result
file or a file of any steps, checked against the cases and the steps the warehouse already holds,
idempotent, bad rows kept aside with their reasons in Chinese, personal data masked."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from test_import_helpers import copy_warehouse, csv_bytes, messages, query, run_import, write

from data import rollups

HEADER = ["问题编号", "环节", "环节日期", "责任单位", "整改期限", "复查结果", "说明"]
UNIT = "东华门街道办事处"


@pytest.fixture
def warehouse(warehouse_path: Path, tmp_path: Path) -> Path:
    return copy_warehouse(warehouse_path, tmp_path)


def _spot_cases(warehouse: Path, count: int) -> list[tuple[str, str]]:
    """Spot-check cases found in May 2023, as (case id, day found), their stored steps removed."""
    cases = query(
        warehouse,
        "select case_id, strftime(reported_at, '%Y-%m-%d') as found from cases "
        "where source = 'spot_check' and reported_at >= '2023-05-01' order by case_id limit $n",
        {"n": count},
    )
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("delete from spot_check_stages where list_contains($ids, case_id)", {"ids": cases["case_id"].tolist()})
    finally:
        con.close()
    return list(cases.itertuples(index=False, name=None))


def _steps(warehouse: Path, case_id: str):
    return query(
        warehouse,
        "select stage, strftime(stage_on, '%Y-%m-%d') as stage_on, responsible_unit, strftime(due_on, '%Y-%m-%d') as due_on, "
        "recheck_result, note from spot_check_stages where case_id = $id order by stage_on, stage",
        {"id": case_id},
    )


def _stage_as_of(warehouse: Path, case_id: str, day: str) -> dict:
    return query(
        warehouse, "select * from spot_check_stage_as_of($day::date) where case_id = $id", {"day": day, "id": case_id}
    ).iloc[0]


def _full_path(case_id: str, found: str) -> list[list[str]]:
    """交办 on the day found (2023-05-0x), 整改, a failed 复查 with a new deadline, 整改 again, 复查 passed, 销号."""
    return [
        [case_id, "交办", found, UNIT, "2023-05-20", "", ""],
        [case_id, "整改", "2023-05-18", "", "", "", "已清理"],
        [case_id, "复查", "2023-05-19", "", "2023-05-26", "未通过", "仍有小广告"],
        [case_id, "整改完成", "2023-05-24", "", "", "", ""],
        [case_id, "复查", "2023-05-25", "", "", "合格", ""],
        [case_id, "销号", "2023-05-26", "", "", "", ""],
    ]


def test_a_file_of_steps_loads_and_a_second_import_changes_nothing(warehouse, tmp_path):
    (case_id, found), (other, other_found) = _spot_cases(warehouse, 2)
    path = write(tmp_path / "督办环节.csv", csv_bytes(HEADER, _full_path(case_id, found) + _full_path(other, other_found)))
    first = run_import("spot_check_stages", path, warehouse)
    assert (first.exit_code, first.rows_loaded, first.rows_updated) == (0, 12, 0), messages(first)
    stored = _steps(warehouse, case_id)
    assert stored["stage"].tolist() == ["assigned", "rectified", "rechecked", "rectified", "rechecked", "closed"]
    assert stored["recheck_result"].tolist()[2::2][:2] == ["未通过", "通过"]  # 合格 is stored as 通过
    closed = _stage_as_of(warehouse, case_id, "2023-09-30")
    assert (closed["stage"], closed["reopen_count"], closed["responsible_unit"]) == ("closed", 1, UNIT)
    reopened = _stage_as_of(warehouse, case_id, "2023-05-21")
    assert (reopened["stage"], str(reopened["due_on"])[:10]) == ("assigned", "2023-05-26")

    table_before = query(warehouse, "select * from spot_check_stages order by all")
    again = run_import("spot_check_stages", path, warehouse)
    assert (again.exit_code, again.rows_loaded, again.rows_updated, again.rows_rejected) == (0, 0, 12, 0), messages(again)
    assert query(warehouse, "select * from spot_check_stages order by all").equals(table_before)


def test_a_recheck_result_file_follows_the_steps_already_stored(warehouse, tmp_path):
    ((case_id, found),) = _spot_cases(warehouse, 1)
    steps = write(tmp_path / "交办整改.csv", csv_bytes(HEADER, _full_path(case_id, found)[:2]))
    assert run_import("spot_check_stages", steps, warehouse).exit_code == 0
    # The office's 复查 file: no 环节 column, every row a 复查; the note names a person and a number.
    results = write(
        tmp_path / "复查结果.csv",
        csv_bytes(
            ["问题编号", "复查日期", "复查结果", "说明"],
            [[case_id, "2023-05-19", "不合格", "复查发现仍有小广告，联系人王先生13812345678"]],
        ),
    )
    result = run_import("spot_check_stages", results, warehouse)
    assert (result.exit_code, result.rows_loaded) == (0, 1), messages(result)
    recheck = _steps(warehouse, case_id).iloc[-1]
    assert (recheck["stage"], recheck["recheck_result"]) == ("rechecked", "未通过")
    assert "13812345678" not in recheck["note"] and "王先生" not in recheck["note"]
    assert "【手机号已脱敏】" in recheck["note"]
    now = _stage_as_of(warehouse, case_id, "2023-05-21")
    # Back to 整改 without a new deadline: the first one (5-20) still holds, so it is overdue.
    assert (now["stage"], now["reopen_count"], now["is_overdue"], now["days_overdue"]) == ("assigned", 1, True, 1)


BAD_ROWS = [
    # (row, the reason's column, part of the reason)
    (["NOPE-1", "交办", "2023-05-10", UNIT, "2023-05-15", "", ""], "问题编号", "问题编号“NOPE-1”不在仓库中"),
    (["{hotline}", "交办", "2023-05-10", UNIT, "2023-05-15", "", ""], "问题编号", "的来源是“12345热线”"),
    (["{case}", "复查", "2023-05-20", "", "", "通过", ""], "环节日期", "复查须在整改之后；该问题此前的最近环节是"),
    (["{case}", "交办", "{found}", "", "2023-05-15", "", ""], "责任单位", "交办须填写责任单位"),
    (["{case}", "交办", "{found}", UNIT, "", "", ""], "整改期限", "交办须填写整改期限"),
    (["{case}", "复查", "2023-05-21", "", "", "待定", ""], "复查结果", "“待定”不是可用的值"),
    (["{case}", "复查", "2023-05-21", "", "", "", ""], "复查结果", "复查须填写复查结果"),
    (["{case}", "整改", "2023-05-22", "", "", "通过", ""], "复查结果", "复查结果只在复查时填写"),
    (["{case}", "整改", "2023-05-22", UNIT, "", "", ""], "责任单位", "责任单位只在交办时填写"),
    (["{case}", "销号", "2023-05-23", "", "2023-05-30", "", ""], "整改期限", "整改期限只在交办或复查未通过"),
    (["{case}", "交办", "{found}", UNIT, "2023-04-01", "", ""], "整改期限", "早于环节日期"),
    (["{case}", "整改", "2023-01-02", "", "", "", ""], "环节日期", "早于该问题的发现日期"),
    (["{case}", "整改", "2099-01-01", "", "", "", ""], "环节日期", "晚于今天"),
    (["{case}", "撤销", "2023-05-22", "", "", "", ""], "环节", "“撤销”不是可用的值"),
    (["{case}", "", "2023-05-22", "", "", "", ""], "环节", "必填，不能为空"),
    (["{case}", "销号", "2023-05-24", "", "", "", ""], "环节日期", "销号须在复查通过之后"),
]


def test_bad_rows_are_kept_aside_with_their_reasons_and_the_good_ones_load(warehouse, tmp_path):
    ((case_id, found),) = _spot_cases(warehouse, 1)
    hotline = query(warehouse, "select case_id from cases where source = 'hotline' order by case_id limit 1").at[0, "case_id"]
    good = [[case_id, "交办", found, UNIT, "2023-05-20", "", ""]]
    bad = [[cell.format(case=case_id, found=found, hotline=hotline) for cell in row] for row, _, _ in BAD_ROWS]
    result = run_import("spot_check_stages", write(tmp_path / "混合.csv", csv_bytes(HEADER, good + bad)), warehouse)
    assert (result.exit_code, result.rows_loaded, result.rows_rejected) == (1, 1, len(BAD_ROWS)), messages(result)
    by_row = {e["row"]: e for e in result.errors}
    for offset, (_, column, reason) in enumerate(BAD_ROWS):
        error = by_row[3 + offset]  # the header is row 1, the good row row 2
        assert (error["column"], reason in error["reason"]) == (column, True), (offset, error)
    assert _steps(warehouse, case_id)["stage"].tolist() == ["assigned"]
    rejects = query(warehouse, "select * from import_rejects where run_id = $id", {"id": result.run_id})
    assert len(rejects) == len(BAD_ROWS)


def test_a_correction_that_would_break_the_stored_loop_is_refused(warehouse, tmp_path):
    ((case_id, found),) = _spot_cases(warehouse, 1)
    first = run_import("spot_check_stages", write(tmp_path / "a.csv", csv_bytes(HEADER, _full_path(case_id, found))), warehouse)
    assert first.exit_code == 0, messages(first)
    # The passed 复查 of 5-25 corrected to a failure: the stored 销号 of 5-26 would then follow a failed 复查.
    correction = [[case_id, "复查", "2023-05-25", "", "", "未通过", ""]]
    result = run_import("spot_check_stages", write(tmp_path / "b.csv", csv_bytes(HEADER, correction)), warehouse)
    assert (result.exit_code, result.rows_rejected) == (1, 1)
    assert "插入后环节顺序不成立" in result.errors[0]["reason"] and "2023-05-26 销号" in result.errors[0]["reason"]
    assert _steps(warehouse, case_id)["recheck_result"].dropna().tolist() == ["未通过", "通过"]  # unchanged


def test_a_warehouse_from_before_the_loop_gets_its_table_on_the_first_import(warehouse, tmp_path):
    ((case_id, found),) = _spot_cases(warehouse, 1)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("drop table spot_check_stages")
        assert "spot_check_stages" in rollups.missing(con)
    finally:
        con.close()
    path = write(tmp_path / "a.csv", csv_bytes(HEADER, _full_path(case_id, found)[:1]))
    result = run_import("spot_check_stages", path, warehouse)
    assert (result.exit_code, result.rows_loaded) == (0, 1), messages(result)
    assert _stage_as_of(warehouse, case_id, "2023-09-30")["stage"] == "assigned"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert rollups.missing(con) == []
