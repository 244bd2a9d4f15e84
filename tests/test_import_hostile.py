"""The importer under hostile or careless input (issue 16): every row counted, every value fits, one answer always.

Each test states what a person importing sees: the exit code, the counts, the Chinese reason
with its file, row and column, and whether the warehouse changed. `run_import` reconciles
every run (read = loaded + updated + rejected, the run logged, no temporary copy left).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from test_import_helpers import (
    CASE_HEADER,
    copy_warehouse,
    csv_bytes,
    digest,
    file_identity,
    good_case,
    messages,
    query,
    run_import,
    write,
)

from data.__main__ import main as data_main
from data.importer import import_file, writer
from data.importer.columns import Field, fit_to_column
from data.importer.kinds import KINDS
from data.importer.reading import is_percent_format
from data.importer.validate import WHOLE_ROW

ROOT = Path(__file__).resolve().parent.parent
# Three English words in a row: an untranslated message (commands such as `python -m data build` aside).
ENGLISH = re.compile(r"[A-Za-z]{2,}[ :]+[A-Za-z]{2,}[ :]+[A-Za-z]{2,}")
EXCEPTION_NAME = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+|Error|Exception")  # BadZipFile, TransactionException


@pytest.fixture
def warehouse(warehouse_path: Path, tmp_path: Path) -> Path:
    return copy_warehouse(warehouse_path, tmp_path)


def assert_chinese(text: str, detail_for_maintainers: bool = False) -> None:
    """Chinese, without an English sentence; and without an exception's name unless it is there for a maintainer."""
    assert re.search("[\u4e00-\u9fff]", text), text
    assert not ENGLISH.search(re.sub(r"python -m data [a-z_ ]+", "", text)), text
    if not detail_for_maintainers:
        assert not EXCEPTION_NAME.search(text), text


# One good row of each kind, numbered so that a file can hold several (keys differ, all load).
# Alley JX00001 and the streets named are in the demo warehouse.
SATISFACTION_AREAS = ["东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区"]
TEMPLATES: dict[str, tuple[list[str], object]] = {
    "cases": (CASE_HEADER, lambda i: [good_case(f"HQ-{i}")[h] for h in CASE_HEADER]),
    "alleys": (
        ["街巷编号", "街巷名称", "所属区", "所属街乡", "长度（米）"],
        lambda i: [f"JXH{i}", f"示例巷{i}", "东城区", "景山街道", "320"],
    ),
    "alley_inspections": (
        ["检查编号", "街巷编号", "检查日期", "检查类型", "得分", "发现问题数"],
        lambda i: [str(990_000 + i), "JX00001", "2023-09-25", "周查", "94.5", "1"],
    ),
    "alley_supervisions": (
        ["督办编号", "街巷编号", "挂牌时月评分", "主要问题", "挂牌日期", "整改期限"],
        lambda i: [f"GPH{i}", "JX00001", "71", "无乱停车", "2023-08-05", "2023-09-04"],
    ),
    "villages": (
        ["村（社区）编号", "名称", "所属区", "所属街乡", "类型"],
        lambda i: [f"CSH{i}", f"示例社区{i}", "东城区", "东华门街道", "社区"],
    ),
    "volunteer_projects": (
        ["项目编号", "项目名称", "服务类别", "所属区", "所属街乡", "启动日期", "志愿者人数", "服务人次", "服务时长"],
        lambda i: [f"ZYH{i}", f"示例项目{i}", "文化艺术", "东城区", "东华门街道", "2021-01-01", "3", "10", "5"],
    ),
    "satisfaction": (
        ["季度", "地区", "样本量", "满意度"],
        lambda i: ["2023Q3", SATISFACTION_AREAS[i], "100", "97.5"],
    ),
    "streets": (
        ["街乡镇代码", "所属区", "名称", "类型", "常住人口"],
        lambda i: [f"110101{90 + i:03d}", "东城区", f"示例新街道{i}", "街道", "1000"],
    ),
    # A step must fit the loop the warehouse holds, so the rows restate stored 交办 (an update) with a note.
    "spot_check_stages": (
        ["问题编号", "环节", "环节日期", "责任单位", "整改期限", "说明"],
        lambda i: [*STORED_ASSIGNMENTS[i], "复核交办记录"],
    ),
}
# Filled from the demo warehouse (its spot-check case ids are the generator's): [case, 交办, date, unit, deadline].
STORED_ASSIGNMENTS: list[list[str]] = []


@pytest.fixture(autouse=True)
def _stored_assignments(warehouse_path: Path) -> None:
    if not STORED_ASSIGNMENTS:
        found = query(
            warehouse_path,
            "select case_id, '交办' as stage, strftime(stage_on, '%Y-%m-%d') as stage_on, responsible_unit, "
            "strftime(due_on, '%Y-%m-%d') as due_on from spot_check_stages where stage = 'assigned' "
            "order by case_id limit 10",
        )
        STORED_ASSIGNMENTS.extend(found.astype(str).values.tolist())


def template(kind: str, n: int) -> tuple[list[str], list[list[str]]]:
    header, row = TEMPLATES[kind]
    return header, [row(i) for i in range(n)]


def test_every_kind_has_a_template_that_loads(warehouse, tmp_path):
    assert sorted(TEMPLATES) == sorted(KINDS)
    for kind in TEMPLATES:
        header, rows = template(kind, 5)
        result = run_import(kind, write(tmp_path / f"{kind}.csv", csv_bytes(header, rows)), warehouse)
        assert (result.exit_code, result.rows_loaded + result.rows_updated) == (0, 5), (kind, messages(result))


# --- 1. every row counts: a broken quote never merges rows --------------------------------------


def _raw_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """CSV written by hand, so a cell can carry a quote that a csv writer would have escaped."""
    return ("\r\n".join(",".join(row) for row in [header, *rows]) + "\r\n").encode("utf-8-sig")


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_an_unclosed_quote_rejects_its_row_and_every_other_row_is_read(warehouse, tmp_path, kind):
    """Issue 16, finding 3: `"门口堆放杂物` on row 3 of 5 used to swallow the rest of the file (rows_read 2)."""
    header, rows = template(kind, 5)
    rows[2][1] = '"' + rows[2][1]  # the third data row: file line 4
    before = query(warehouse, "select count(*) as n from import_runs").at[0, "n"]
    result = run_import(kind, write(tmp_path / f"{kind}.csv", _raw_csv(header, rows)), warehouse)
    assert (result.exit_code, result.rows_read, result.rows_rejected) == (1, 5, 1), result.summary()
    assert result.rows_loaded + result.rows_updated == 4
    [error] = result.errors
    assert (error["row"], error["column"]) == (4, header[1])
    assert "引号没有闭合" in error["reason"] and "文件第 4 行" in error["reason"], error["reason"]
    assert error["message"].startswith(f"{kind}.csv 第 4 行「{header[1]}」：")
    stored = query(warehouse, "select row_number, column_name from import_rejects where run_id = $id", {"id": result.run_id})
    assert stored.values.tolist() == [[4, header[1]]]
    assert query(warehouse, "select count(*) as n from import_runs").at[0, "n"] == before + 1


def test_rows_after_a_broken_quote_load_with_their_own_values(warehouse, tmp_path):
    rows = [[good_case(f"BQ-{i}", 诉求内容=f"第{i}件")[h] for h in CASE_HEADER] for i in range(5)]
    rows[2][-1] = '"门口堆放杂物'
    result = run_import("cases", write(tmp_path / "cases.csv", _raw_csv(CASE_HEADER, rows)), warehouse)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 4, 1)
    stored = query(warehouse, "select case_id, description from cases where case_id like 'BQ-%' order by 1")
    assert stored.values.tolist() == [["BQ-0", "第0件"], ["BQ-1", "第1件"], ["BQ-3", "第3件"], ["BQ-4", "第4件"]]


def test_a_quote_closed_by_a_stray_quote_rows_later_does_not_merge_them(warehouse, tmp_path):
    rows = [[good_case(f"SQ-{i}")[h] for h in CASE_HEADER] for i in range(6)]
    rows[1][-1] = '"门口堆放杂物'  # opens on line 3 ...
    rows[3][-1] = '杂物已清"'  # ... and a stray quote at the end of line 5 would close it
    result = run_import("cases", write(tmp_path / "cases.csv", _raw_csv(CASE_HEADER, rows)), warehouse)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (6, 5, 1), result.summary()
    [error] = result.errors
    assert error["row"] == 3 and "文件第 3 行" in error["reason"] and "第 5 行" in error["reason"], error["reason"]
    kept = query(warehouse, "select description from cases where case_id = 'SQ-3'").at[0, "description"]
    assert kept == '杂物已清"'  # an ordinary cell with a quote inside keeps it, as Excel would


def test_text_after_a_closing_quote_is_reported_not_silently_dropped(warehouse, tmp_path):
    rows = [[good_case(f"AQ-{i}")[h] for h in CASE_HEADER] for i in range(3)]
    rows[1][-1] = '"门口"堆放杂物'  # a lenient reader would store 门口堆放杂物, losing the quotes
    result = run_import("cases", write(tmp_path / "cases.csv", _raw_csv(CASE_HEADER, rows)), warehouse)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    [error] = result.errors
    assert (error["row"], error["column"]) == (3, "诉求内容") and "引号结束后还有内容" in error["reason"]


def test_a_quote_left_open_on_the_last_line(warehouse, tmp_path):
    rows = [[good_case(f"LQ-{i}")[h] for h in CASE_HEADER] for i in range(3)]
    rows[2][0] = '"LQ-2'
    result = run_import("cases", write(tmp_path / "cases.csv", _raw_csv(CASE_HEADER, rows)), warehouse)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "工单编号")]


def test_a_broken_quote_in_the_header_refuses_the_file_naming_the_line(warehouse, tmp_path):
    header = [*CASE_HEADER]
    header[3] = '"问题子类'
    rows = [[good_case(f"HQ-{i}")[h] for h in CASE_HEADER] for i in range(2)]
    before = file_identity(warehouse)
    result = run_import("cases", write(tmp_path / "cases.csv", _raw_csv(header, rows)), warehouse)
    assert result.exit_code == 2 and "引号没有闭合" in result.refused and "文件第 1 行" in result.refused, result.refused
    assert file_identity(warehouse) == before


def test_multi_line_cells_written_by_excel_still_load(warehouse, tmp_path):
    """Quoted cells with line breaks (and commas, and doubled quotes) are one cell, as Excel writes them."""
    text = '第一行，门口堆放杂物\r\n第二行, 有"小广告",和纸箱\n第三行'
    rows = [good_case("ML-1", 诉求内容=text), good_case("ML-2")]
    result = run_import("cases", write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, rows)), warehouse)
    assert (result.exit_code, result.rows_read, result.rows_loaded) == (0, 2, 2), messages(result)
    assert query(warehouse, "select description from cases where case_id = 'ML-1'").at[0, "description"] == text
    assert [e for e in result.errors] == []


@pytest.mark.parametrize("seed", range(5))
def test_rows_read_equals_the_data_lines_whatever_stray_quotes_a_file_has(warehouse, tmp_path, seed):
    """Stray quotes anywhere: those opening a cell reject their own row only; the rest are literal text."""
    rng = random.Random(seed)
    n = 30
    rows = [[good_case(f"RQ{seed}-{i:02d}", 诉求内容=f"内容{i}")[h] for h in CASE_HEADER] for i in range(n)]
    opened = set()
    for i in rng.sample(range(n), 6):
        if rng.random() < 0.5:
            column = rng.choice([1, 3, 5, len(CASE_HEADER) - 1])  # a quote opening a cell, never closed
            rows[i][column] = '"' + rows[i][column]
            opened.add(i + 2)
        else:  # a quote inside or at the end of free text: ordinary text in an unquoted cell
            rows[i][-1] = rng.choice(['他说"好', '门口杂物"', '"'.join("ab")])
    result = run_import("cases", write(tmp_path / f"stray{seed}.csv", _raw_csv(CASE_HEADER, rows)), warehouse)
    assert result.rows_read == n, result.summary()
    assert {e["row"] for e in result.errors} == opened, messages(result)
    assert all("引号" in e["reason"] for e in result.errors)
    assert result.rows_loaded == n - len(opened)


# --- 2. a value that does not fit its column rejects the row, in Chinese ------------------------

# (kind, column, value, what the reason says): the five, each a crash (exit 2, English) before.
MISFITS = [
    ("cases", "经度", "inf", "经度“inf”不是有限的数字"),
    ("streets", "常住人口", "3000000000", "“3000000000”超出范围，应在 0–1000000 之间"),
    ("volunteer_projects", "服务人次", "3e9", "“3e9”超出范围，应在 0–999999999 之间"),
    ("alley_inspections", "发现问题数", "40000", "“40000”超出范围，应在 0–1000 之间"),  # SMALLINT: 32767 at most
    ("alley_inspections", "检查编号", "12345678901234567890", "超出范围，最多 15 位数字"),  # BIGINT, exact in a float
]


@pytest.mark.parametrize("kind, column, value, reason", MISFITS, ids=[f"{m[0]}-{m[1]}" for m in MISFITS])
def test_a_value_that_does_not_fit_its_column_rejects_only_its_row(warehouse, tmp_path, capsys, kind, column, value, reason):
    header, rows = template(kind, 2)
    rows[1][header.index(column)] = value
    path = write(tmp_path / f"{kind}.csv", csv_bytes(header, rows))
    assert data_main(["import", kind, str(path), "--warehouse", str(warehouse), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert (summary["exit_code"], summary["rows_read"], summary["rows_rejected"]) == (1, 2, 1)
    assert summary["rows_loaded"] + summary["rows_updated"] == 1
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (3, column) and reason in error["reason"], error
    assert_chinese(error["message"])


def _hostile_numbers(f: Field) -> list[str]:
    over = f.maximum + 1 if f.type == "int" else f.maximum + 0.5
    under = f.minimum - 1 if f.type == "int" else f.minimum - 0.5
    return [f"{over:.15g}", f"{under:.15g}", "inf", "-Infinity", "1e400", "NaN", "1e19", "-1e19"]


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_every_number_and_every_text_is_checked_against_its_column(warehouse, tmp_path, kind):
    """Every number field: beyond its range, infinite or absurd; every text field: one character too long."""
    spec = KINDS[kind]
    header, (base,) = template(kind, 1)
    columns = {f.name: f for f in spec.fields}
    heading_of = {f.name: next(h for h in header if h in f.headings()) for f in spec.fields if set(f.headings()) & set(header)}
    header = [*header]
    cases: list[tuple[str, str]] = []  # (heading, value), one row each
    for f in spec.fields:
        if f.type in ("int", "float", "percent") or (f.type == "place" and f.name.endswith(("lon", "lat"))):
            if f.name not in heading_of:
                heading_of[f.name] = f.zh
                header.append(f.zh)
            limits = f if f.type != "place" else Field(f.name, f.zh, "float", "", minimum=-180, maximum=180)
            cases += [(heading_of[f.name], v) for v in _hostile_numbers(limits)]
        elif f.type == "text" and f.name in heading_of:
            cases.append((heading_of[f.name], "长" * (f.length_limit + 1)))
    assert cases, kind
    width = len(header)
    rows = []
    for heading, value in cases:
        row = (base + [""] * width)[:width]
        row[header.index(heading)] = value
        if heading in ("经度", "起点经度", "终点经度", "中心点经度") and header.index(heading) + 1 < width:
            row[header.index(heading) + 1] = "39.9130"  # the latitude beside it, so only the longitude is wrong
        if heading in ("纬度", "起点纬度", "终点纬度", "中心点纬度"):
            row[header.index(heading) - 1] = "116.3970"
        rows.append(row)
    before = query(warehouse, f"select count(*) as n from {spec.table}").at[0, "n"]
    result = run_import(kind, write(tmp_path / f"{kind}.csv", csv_bytes(header, rows)), warehouse)
    assert (result.exit_code, result.rows_read, result.rows_rejected) == (1, len(rows), len(rows)), messages(result)
    by_row = {}
    for e in result.errors:
        by_row.setdefault(e["row"], []).append(e)
        assert_chinese(e["message"])
    pairs = {"经度": "纬度", "起点经度": "起点纬度", "终点经度": "终点纬度", "中心点经度": "中心点纬度"}
    pairs |= {lat: lon for lon, lat in pairs.items()}  # a point outside Beijing is reported on either of its two columns
    for i, (heading, value) in enumerate(cases):
        reported = by_row.get(i + 2, [])
        assert any(e["column"] in (heading, pairs.get(heading)) for e in reported), (heading, value, reported)
    assert query(warehouse, f"select count(*) as n from {spec.table}").at[0, "n"] == before
    assert not [c for c in columns.values() if c.type in ("int", "float", "percent") and (c.minimum is None or c.maximum is None)]


def test_a_number_field_cannot_promise_more_than_its_column_holds():
    assert fit_to_column(Field("n", "数", "int", ""), "SMALLINT").maximum == 9999
    assert fit_to_column(Field("n", "数", "int", "", minimum=0), "BIGINT").maximum == 10**15 - 1
    with pytest.raises(ValueError, match="does not fit"):
        fit_to_column(Field("n", "数", "int", "", maximum=40_000), "SMALLINT")
    with pytest.raises(ValueError, match="needs its own minimum and maximum"):
        fit_to_column(Field("x", "数", "float", ""), "DOUBLE")


def test_a_cell_longer_than_the_csv_modules_limit_is_a_row_problem_in_chinese(warehouse, tmp_path):
    """Python's csv stops at 131,072 characters with an English error; now the row is rejected, the others load."""
    rows = [good_case("LONG-1", 诉求内容="长" * 200_000), good_case("LONG-2")]
    header = [*CASE_HEADER, "备注"]
    rows[1]["备注"] = "x" * 300_000  # an ignored column may be as long as it likes: it is never stored
    result = run_import("cases", write(tmp_path / "cases.csv", csv_bytes(header, rows)), warehouse)
    assert (result.exit_code, result.rows_read, result.rows_loaded) == (1, 2, 1), result.summary()
    [error] = result.errors
    assert (error["row"], error["column"]) == (2, "诉求内容")
    assert error["reason"] == "内容过长：单元格有 200000 个字符，此列最多 10000 个字符"
    assert len(error["value"]) <= 51  # the start of the cell, not 200,000 characters in every log


# --- 3. --json prints one object on every exit path ---------------------------------------------


def _json_refusal(capsys, argv: list[str], expected: str) -> dict:
    code = data_main(argv)
    out = capsys.readouterr().out
    summary = json.loads(out)  # exactly one object, nothing else on stdout
    assert code == summary["exit_code"] == 2
    assert summary["run_id"] is None and expected in summary["refused"], summary["refused"]
    assert summary["errors"][0]["row"] is None
    assert_chinese(summary["refused"], detail_for_maintainers="内部错误" in summary["refused"])
    return summary


def test_json_when_the_warehouse_folder_is_missing(tmp_path, capsys):
    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [good_case("J-1")]))
    missing = tmp_path / "nowhere" / "warehouse.duckdb"
    _json_refusal(capsys, ["import", "cases", str(path), "--warehouse", str(missing), "--json"], "仓库所在的文件夹不存在")
    assert not missing.parent.exists()


def test_json_when_the_warehouse_is_not_a_duckdb_file(tmp_path, capsys):
    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [good_case("J-1")]))
    fake = write(tmp_path / "warehouse.duckdb", "这不是数据库".encode() * 1000)
    before = file_identity(fake)
    _json_refusal(capsys, ["import", "cases", str(path), "--warehouse", str(fake), "--json"], "不是 DuckDB 数据库文件")
    assert file_identity(fake) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv", "warehouse.duckdb", "warehouse.duckdb.import.lock"]


def test_json_when_the_warehouse_is_a_duckdb_file_without_the_tables(tmp_path, capsys):
    import duckdb

    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [good_case("J-1")]))
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    _json_refusal(capsys, ["import", "cases", str(path), "--warehouse", str(other), "--json"], "不是看板的数据仓库")


def test_json_on_ctrl_c(warehouse, tmp_path, capsys, monkeypatch):
    import data.importer.pipeline as pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "validate", interrupted)
    before = digest(warehouse)
    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [good_case("J-1")]))
    _json_refusal(capsys, ["import", "cases", str(path), "--warehouse", str(warehouse), "--json"], "导入被中断（Ctrl-C）")
    assert digest(warehouse) == before
    assert not list(tmp_path.glob("*.tmp-*"))


def test_json_for_an_unknown_kind_and_for_bad_arguments(warehouse, tmp_path, capsys):
    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [good_case("J-1")]))
    _json_refusal(
        capsys, ["import", "complaints", str(path), "--warehouse", str(warehouse), "--json"], "未知的数据类型“complaints”"
    )
    with pytest.raises(SystemExit) as exit_:
        data_main(["import", "cases", "--json"])
    assert exit_.value.code == 2
    summary = json.loads(capsys.readouterr().out)
    assert summary["exit_code"] == 2 and "缺少参数：file" in summary["refused"]


def test_json_on_an_unexpected_fault(warehouse, tmp_path, capsys, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(writer, "_log", fail)
    before = digest(warehouse)
    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [good_case("J-1")]))
    summary = _json_refusal(capsys, ["import", "cases", str(path), "--warehouse", str(warehouse), "--json"], "导入程序内部错误")
    assert "仓库未作任何改动" in summary["refused"] and "RuntimeError: boom" in summary["refused"]
    assert digest(warehouse) == before


# --- 4. every message in Chinese, with its cause -----------------------------------------------


def test_refusals_from_the_operating_system_are_in_chinese(warehouse, tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)  # "Too many levels of symbolic links" in English before
    result = run_import("cases", loop, warehouse)
    assert "符号链接层数过多" in result.refused, result.refused
    assert_chinese(result.refused)
    folder = tmp_path / "导出"
    folder.mkdir()
    result = run_import("cases", folder, warehouse)
    assert "这是一个文件夹" in result.refused
    assert_chinese(result.refused)


def test_a_damaged_workbook_is_refused_in_chinese(warehouse, tmp_path):
    result = run_import("cases", write(tmp_path / "broken.xlsx", b"PK\x03\x04" + b"\0" * 200), warehouse)
    assert "无法作为 Excel 工作簿打开" in result.refused
    assert_chinese(result.refused)


# --- 5. XLSX number formats: a percentage cell is a percentage ---------------------------------


def test_a_percentage_cell_is_read_as_the_percentage_excel_shows(warehouse, tmp_path):
    """Issue 16, finding 4: 0.9735 formatted 0.00% (Excel shows 97.35%) was stored as 0.9735, over 怀柔 2023Q2."""
    book = Workbook()
    sheet = book.active
    sheet.append(["季度", "地区", "样本量", "满意度"])
    sheet.append(["2023Q2", "怀柔区", 757, 0.9735])
    sheet["D2"].number_format = "0.00%"
    sheet.append(["2023Q2", "密云区", 828, 0.9735])  # General: a share or 0.9735%? Not guessed.
    sheet.append(["2023Q2", "延庆区", 800, 0.9735])
    sheet["D4"].number_format = '0.00"%"'  # a literal % sign: Excel shows 0.97%, the value is not scaled
    sheet.append(["2023Q2", "平谷区", 800, 97.1])
    path = tmp_path / "满意度.xlsx"
    book.save(path)
    survey = "select area_code, satisfaction_pct from satisfaction_surveys where period = '2023Q2' and area_code in ('110116', '110117', '110118', '110119') order by 1"
    before = dict(query(warehouse, survey).values.tolist())
    result = run_import("satisfaction", path, warehouse)
    assert (result.exit_code, result.rows_read, result.rows_updated, result.rows_rejected) == (1, 4, 2, 2), messages(result)
    after = dict(query(warehouse, survey).values.tolist())
    assert after["110116"] == 97.35 and after["110117"] == 97.1
    assert (after["110118"], after["110119"]) == (before["110118"], before["110119"])  # the ambiguous rows: unchanged
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "满意度"), (4, "满意度")]
    assert "“0.9735”可以读作比例（即 97.35%），也可以读作 0.9735%" in result.errors[0]["reason"]


def test_a_share_without_a_percent_sign_is_ambiguous_in_csv_too(warehouse, tmp_path):
    rows = [["2023Q2", "怀柔区", "757", "0.9735"], ["2023Q2", "密云区", "828", "97.35%"], ["2023Q2", "延庆区", "800", "0.9735%"]]
    result = run_import(
        "satisfaction", write(tmp_path / "s.csv", csv_bytes(["季度", "地区", "样本量", "满意度"], rows)), warehouse
    )
    assert (result.rows_read, result.rows_updated, result.rows_rejected) == (3, 2, 1)
    assert [e["row"] for e in result.errors] == [2]
    stored = query(
        warehouse,
        "select area_code, satisfaction_pct from satisfaction_surveys where period = '2023Q2' and area_code in ('110118', '110119') order by 1",
    )
    assert stored.values.tolist() == [["110118", 97.35], ["110119", 0.9735]]  # a % sign settles it


@pytest.mark.parametrize(
    "number_format, percent",
    [
        ("0.00%", True),
        ("0%", True),
        ("#,##0.0%;[Red]-#,##0.0%", True),
        ('0.0"%"', False),
        ("0.0\\%", False),
        ("General", False),
        (None, False),
    ],
)
def test_percent_formats(number_format, percent):
    assert is_percent_format(number_format) is percent


# --- 6. stale temporary copies are removed, never a live import's --------------------------------

# The import, slowed down inside the copy so that it can be stopped there from outside.
_SLOW_IMPORT = """
import sys, time
import data.importer.pipeline as pipeline
def slow(*args, **kwargs):
    print("copy ready", file=sys.stderr, flush=True)
    time.sleep(60)
pipeline.write_import = slow
from data.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def _start_slow_import(warehouse: Path, path: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_IMPORT, "import", "cases", str(path), "--warehouse", str(warehouse), "--json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr.readline().strip() == "copy ready"
    return process


def _copies(warehouse: Path) -> list[str]:
    return sorted(p.name for p in warehouse.parent.glob(f"{warehouse.name}.tmp-*"))


def test_sigterm_during_an_import_removes_its_copy_and_answers(warehouse, tmp_path):
    before = digest(warehouse)
    process = _start_slow_import(warehouse, write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [good_case("T-1")])))
    assert _copies(warehouse) == [f"warehouse.duckdb.tmp-import-{process.pid}"]
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    summary = json.loads(out)
    assert summary["exit_code"] == 2 and "导入被终止（收到 SIGTERM 信号），仓库未作任何改动" == summary["refused"]
    assert _copies(warehouse) == [] and digest(warehouse) == before


def test_a_copy_left_by_kill_9_is_removed_by_the_next_import(warehouse, tmp_path):
    before = digest(warehouse)
    process = _start_slow_import(warehouse, write(tmp_path / "a.csv", csv_bytes(CASE_HEADER, [good_case("K-1")])))
    process.kill()  # SIGKILL: nothing runs in the process, its copy stays
    process.communicate(timeout=30)
    left = f"warehouse.duckdb.tmp-import-{process.pid}"
    assert _copies(warehouse) == [left] and digest(warehouse) == before
    result = run_import("cases", write(tmp_path / "b.csv", csv_bytes(CASE_HEADER, [good_case("K-2")])), warehouse)
    assert result.exit_code == 0 and _copies(warehouse) == []
    assert any(left in note and "已删除" in note for note in result.notes), result.notes


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_the_rollups_command_removes_stale_copies(warehouse, capsys):
    stale = [warehouse.with_name(f"warehouse.duckdb.tmp-import-{_dead_pid()}{suffix}") for suffix in ("", ".wal")]
    for path in stale:
        path.write_bytes(b"half a warehouse")
    assert data_main(["rollups", "--warehouse", str(warehouse), "--if-missing"]) == 0
    assert _copies(warehouse) == []


def test_a_live_imports_copy_is_never_removed(warehouse, tmp_path):
    live = subprocess.Popen(["sleep", "60"])
    try:
        time.sleep(0.05)
        copy = write(warehouse.with_name(f"warehouse.duckdb.tmp-import-{live.pid}"), b"a copy being written")
        result = import_file("cases", write(tmp_path / "a.csv", csv_bytes(CASE_HEADER, [good_case("L-1")])), warehouse)
        assert result.exit_code == 0 and copy.read_bytes() == b"a copy being written"
        assert not any("已删除" in note for note in result.notes)
        # The same PID on a copy written before that process started: the PID was reused, the copy is stale.
        os.utime(copy, (time.time() - 3600, time.time() - 3600))
        assert writer.remove_stale_copies(warehouse) == [copy.name] and not copy.exists()
    finally:
        live.kill()
        live.wait()


def test_a_copy_of_another_warehouse_or_file_is_left_alone(warehouse):
    others = [
        write(warehouse.with_name(f"other.duckdb.tmp-import-{_dead_pid()}"), b"x"),
        write(warehouse.with_name("warehouse.duckdb.tmp-import-notapid"), b"x"),
        write(warehouse.with_name(f"warehouse.duckdb.tmp-{_dead_pid()}"), b"x"),  # the build's: not ours to judge
    ]
    assert writer.remove_stale_copies(warehouse) == []
    assert all(p.exists() for p in others)


# --- 7. the file's own name is masked in the run log --------------------------------------------


def test_the_files_name_is_masked_wherever_it_is_shown_or_stored(warehouse, tmp_path, capsys):
    path = write(
        tmp_path / "王先生投诉_13812345678.csv",
        csv_bytes(CASE_HEADER, [good_case("N-1"), good_case("N-2", 受理时间="明天")]),
    )
    assert data_main(["import", "cases", str(path), "--warehouse", str(warehouse), "--json"]) == 1
    printed = capsys.readouterr().out
    summary = json.loads(printed)
    stored = query(warehouse, "select file_name from import_runs where run_id = $id", {"id": summary["run_id"]})
    rejected = query(warehouse, "select file_name from import_rejects where run_id = $id", {"id": summary["run_id"]})
    for text in (printed, *stored["file_name"], *rejected["file_name"]):
        assert "13812345678" not in text and "王先生" not in text, text
    assert summary["file"].endswith(".csv") and summary["errors"][0]["message"].startswith(summary["file"] + " 第 3 行")
    refused = run_import("cases", write(tmp_path / "李女士_13912345678.csv", csv_bytes(CASE_HEADER, [])), warehouse)
    assert refused.exit_code == 2 and "13912345678" not in refused.refused and "李女士" not in refused.refused


def test_whole_row_label_is_used_for_a_quote_beyond_the_header(warehouse, tmp_path):
    rows = [[good_case(f"WR-{i}")[h] for h in CASE_HEADER] for i in range(2)]
    rows[0].append('"多出的一格')
    result = run_import("cases", write(tmp_path / "cases.csv", _raw_csv(CASE_HEADER, rows)), warehouse)
    assert (result.rows_read, result.rows_rejected) == (2, 1)
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, WHOLE_ROW)]
