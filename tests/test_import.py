"""Importing the office's files: a corpus of good and bad files, each with its outcome and message.

Every import goes into a private copy of the session's demo warehouse, and every run is
reconciled by `run_import`: read = loaded + updated + rejected, the run logged, refused
files leaving the warehouse byte for byte as it was.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from test_import_helpers import (
    CASE_HEADER,
    DONGCHENG,
    HAIDIAN,
    copy_warehouse,
    csv_bytes,
    digest,
    good_case,
    messages,
    query,
    run_import,
    write,
)

from data.__main__ import main as data_main
from data.importer import import_file
from data.importer.kinds import KINDS
from data.importer.values import today_in_beijing

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
FUTURE = f"{date.today().year + 3}-01-01 08:00"


@pytest.fixture
def warehouse(warehouse_path: Path, tmp_path: Path) -> Path:
    return copy_warehouse(warehouse_path, tmp_path)


# --- one file with every kind of row problem ---------------------------------------------------

# (label, overrides of a good row, expected outcome: None = loaded, else (column, part of the reason))
CORPUS: list[tuple[str, dict, tuple[str, str] | None]] = [
    ("iso dates", {}, None),
    ("slash dates", {"受理时间": "2023/1/5 8:00", "响应时间": "2023/1/5 9:00", "办结时间": ""}, None),
    ("chinese dates", {"受理时间": "2023年1月5日", "响应时间": "2023年1月5日 8时30分", "办结时间": "2023年1月6日"}, None),
    ("district short name", {"所属区": "东城"}, None),
    ("district code", {"所属区": "110101"}, None),
    ("district with city", {"所属区": "北京市东城区"}, None),
    ("district full-width code", {"所属区": "１１０１０１"}, None),
    ("district with spaces", {"所属区": " 东 城 区 "}, None),
    ("district from the point", {"所属区": ""}, None),
    ("street without suffix", {"所属街乡": "东华门"}, None),
    ("street by code", {"所属街乡": "110101001"}, None),
    ("score 95", {"满意度": "95"}, None),
    ("score 70", {"满意度": "70"}, None),
    ("two stars", {"满意度": "2星"}, None),
    ("not rated", {"满意度": "未评价"}, None),
    ("formula text", {"诉求内容": "=cmd|' /C calc'!A0"}, None),
    ("sql text", {"诉求内容": "'); drop table cases; --"}, None),
    ("personal data", {"诉求内容": "我叫张三，电话13812345678，身份证110105199001011234"}, None),
    ("in a campaign", {"受理时间": "2023-05-10 08:00", "响应时间": "2023-05-10 09:00", "办结时间": ""}, None),
    ("unknown district", {"所属区": "火星区"}, ("所属区", "未知的区“火星区”")),
    ("phone in district", {"所属区": "13812345678"}, ("所属区", "未知的区“【手机号已脱敏】”")),
    ("unknown street", {"所属街乡": "不存在街道"}, ("所属街乡", "东城区没有名为“不存在街道”的街乡镇")),
    ("street of another district", {"所属街乡": "110108001"}, ("所属街乡", "属于海淀区，与所属区“东城区”不符")),
    ("missing street", {"所属街乡": ""}, ("所属街乡", "必填，不能为空")),
    ("unreadable date", {"受理时间": "明天上午"}, ("受理时间", "无法识别的日期“明天上午”")),
    ("impossible date", {"受理时间": "2023-02-30 08:00"}, ("受理时间", "无法识别的日期“2023-02-30 08:00”")),
    ("future date", {"受理时间": FUTURE, "响应时间": "", "办结时间": ""}, ("受理时间", f"日期“{FUTURE}”晚于今天")),
    ("before 2000", {"受理时间": "1999-12-31 08:00"}, ("受理时间", "早于 2000 年")),
    ("missing report time", {"受理时间": ""}, ("受理时间", "必填，不能为空")),
    ("responded before reported", {"响应时间": "2023-01-05 07:00"}, ("响应时间", "响应时间“2023-01-05 07:00”早于受理时间")),
    ("resolved before responded", {"办结时间": "2023-01-05 08:30"}, ("办结时间", "办结时间“2023-01-05 08:30”早于响应时间")),
    ("point outside beijing", {"经度": "121.47", "纬度": "31.23"}, ("经度", "不在北京市范围内")),
    ("point in another district", {"经度": HAIDIAN[0], "纬度": HAIDIAN[1]}, ("经度", "不在东城区内，而在海淀区")),
    ("swapped coordinates", {"经度": DONGCHENG[1], "纬度": DONGCHENG[0]}, ("经度", "填反")),
    ("longitude only", {"纬度": ""}, ("纬度", "只填了经度，缺少纬度")),
    ("text longitude", {"经度": "东经116度"}, ("经度", "不是数字")),
    ("unknown subcategory", {"问题子类": "外星人入侵"}, ("问题子类", "未知的问题子类“外星人入侵”")),
    ("category does not fit", {"问题类别": "教育"}, ("问题类别", "该子类属于“城市管理”")),
    ("unknown source", {"来源": "微博"}, ("来源", "“微博”不是可用的值")),
    ("score above 100", {"满意度": "150"}, ("满意度", "超出范围")),
    ("unreadable rating", {"满意度": "还行吧"}, ("满意度", "无法识别的满意度“还行吧”")),
    ("formula as id", {"工单编号": "=1+1"}, ("工单编号", "含有不允许的字符")),
    ("missing id", {"工单编号": ""}, ("工单编号", "必填，不能为空")),
]
DUPLICATE_ROW = ("duplicate of row 2", "T-0000", ("工单编号", "与第 2 行的工单编号“T-0000”重复"))


@pytest.fixture(scope="module")
def corpus(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory):
    directory = tmp_path_factory.mktemp("corpus")
    warehouse = copy_warehouse(warehouse_path, directory)
    rows = [good_case(f"T-{i:04d}", **overrides) for i, (_, overrides, _) in enumerate(CORPUS)]
    rows.append(good_case(DUPLICATE_ROW[1], 诉求内容="第二次出现"))
    lines = [[row[h] for h in CASE_HEADER] for row in rows]
    lines.append([*lines[0][:-1], "多出的内容", "又一格"])  # a row longer than the header
    path = write(directory / "cases.csv", csv_bytes(CASE_HEADER, lines, encoding="gbk"))
    result = run_import("cases", path, warehouse)
    stored = query(warehouse, "select * from cases where case_id like 'T-%'").set_index("case_id")
    return result, stored, warehouse


def test_corpus_counts(corpus):
    result, stored, _ = corpus
    expected_loaded = sum(1 for *_, outcome in CORPUS if outcome is None)
    assert result.rows_read == len(CORPUS) + 2
    assert result.rows_loaded == expected_loaded == len(stored)
    assert result.rows_updated == 0
    assert result.rows_rejected == len(CORPUS) - expected_loaded + 2
    assert result.exit_code == 1


@pytest.mark.parametrize("index", range(len(CORPUS)), ids=[label for label, *_ in CORPUS])
def test_corpus_row_outcome(corpus, index):
    result, stored, _ = corpus
    _label, _overrides, outcome = CORPUS[index]
    row = index + 2  # the header is row 1
    found = [e for e in result.errors if e["row"] == row]
    if outcome is None:
        assert not found, found
        assert f"T-{index:04d}" in stored.index
    else:
        column, reason = outcome
        assert any(e["column"] == column and reason in e["reason"] for e in found), found
        assert any(e["message"].startswith(f"cases.csv 第 {row} 行「{column}」：") for e in found)
        assert f"T-{index:04d}" not in stored.index


def test_duplicate_within_the_file_keeps_the_first(corpus):
    result, stored, _ = corpus
    row = len(CORPUS) + 2
    column, reason = DUPLICATE_ROW[2]
    assert any(e["row"] == row and e["column"] == column and reason in e["reason"] for e in result.errors)
    assert stored.at["T-0000", "description"] == "胡同口堆放杂物"


def test_row_longer_than_the_header_is_rejected(corpus):
    result, *_ = corpus
    row = len(CORPUS) + 3
    assert [e["column"] for e in result.errors if e["row"] == row] == ["（整行）"]


def test_corpus_values_as_stored(corpus):
    _, stored, _ = corpus
    by_label = {label: stored.loc[f"T-{i:04d}"] for i, (label, _, outcome) in enumerate(CORPUS) if outcome is None}
    for label in (
        "district short name",
        "district code",
        "district with city",
        "district full-width code",
        "district with spaces",
    ):
        assert by_label[label]["district_code"] == "110101", label
    assert by_label["district from the point"]["district_code"] == "110101"
    assert by_label["street without suffix"]["street_code"] == by_label["street by code"]["street_code"] == "110101001"
    assert by_label["slash dates"]["reported_at"] == pd.Timestamp("2023-01-05 08:00")
    assert by_label["chinese dates"]["reported_at"] == pd.Timestamp("2023-01-05 00:00")
    assert by_label["chinese dates"]["responded_at"] == pd.Timestamp("2023-01-05 08:30")
    assert pd.isna(by_label["slash dates"]["resolved_at"])
    assert [by_label[k]["rating"] for k in ("score 95", "score 70", "two stars")] == ["满意", "基本满意", "不满意"]
    assert pd.isna(by_label["not rated"]["rating"])
    assert by_label["formula text"]["description"] == "'=cmd|' /C calc'!A0"
    assert by_label["sql text"]["description"] == "'); drop table cases; --"
    assert by_label["personal data"]["description"] == "我叫【姓名已脱敏】，电话【手机号已脱敏】，身份证【身份证号已脱敏】"
    assert by_label["in a campaign"]["campaign_id"] == "ZX2023-03"  # 堆物堆料, April to September 2023
    assert pd.isna(by_label["iso dates"]["campaign_id"])
    assert (stored["category"] == "城市管理").all() and (stored["source"] == "hotline").all()
    assert stored["h3_cell"].notna().all()


def test_rejected_values_are_kept_masked(corpus):
    result, _, warehouse = corpus
    rejects = query(warehouse, "select * from import_rejects where run_id = $id", {"id": result.run_id})
    assert len(rejects) == len(result.errors)
    assert rejects["file_name"].eq("cases.csv").all()
    phone = rejects[rejects["column_name"] == "所属区"]
    assert "【手机号已脱敏】" in set(phone["value"])
    assert "13812345678" not in rejects.to_string()


def test_the_warehouse_survives_the_corpus(corpus):
    _, _, warehouse = corpus
    tables = query(warehouse, "select count(*) as n from duckdb_tables() where table_name = 'cases'")
    assert tables.at[0, "n"] == 1
    stored = query(warehouse, "select * from cases where case_id like 'T-%'").to_string()
    for personal in ("13812345678", "110105199001011234", "张三"):
        assert personal not in stored


# --- encodings and formats --------------------------------------------------------------------

SMALL = [good_case("E-0001"), good_case("E-0002", 所属区="西城区", 所属街乡="金融街", 经度="116.3560", 纬度="39.9150")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_every_encoding_reads_the_same(warehouse, tmp_path, encoding):
    path = write(tmp_path / f"cases-{encoding}.csv", csv_bytes(CASE_HEADER, SMALL, encoding=encoding))
    result = run_import("cases", path, warehouse)
    assert (result.exit_code, result.rows_loaded) == (0, 2), result.summary()
    stored = query(
        warehouse, "select case_id, district_code, street_code, description from cases where case_id like 'E-%' order by 1"
    )
    assert list(stored["district_code"]) == ["110101", "110102"]
    assert list(stored["description"]) == ["胡同口堆放杂物"] * 2
    detected = {"gbk": "gb18030"}.get(encoding, encoding)  # GB18030 is read for GBK: it is a superset
    assert query(warehouse, "select file_format from import_runs").at[0, "file_format"] == f"csv/{detected}"


def test_english_headers_and_tab_separated(warehouse, tmp_path):
    header = ["case_id", "source", "subcategory", "district_code", "street_code", "reported_at", "lon", "lat"]
    rows = [["EN-1", "hotline", "停车秩序", "110101", "110101001", "2023-02-01 10:00", *DONGCHENG]]
    result = run_import("cases", write(tmp_path / "english.tsv", csv_bytes(header, rows, delimiter="\t")), warehouse)
    assert (result.exit_code, result.rows_loaded) == (0, 1)
    assert query(warehouse, "select category from cases where case_id = 'EN-1'").at[0, "category"] == "交通管理"


def test_xlsx_with_a_title_row_and_excel_cells(warehouse, tmp_path):
    book = Workbook()
    book.active.title = "说明"
    sheet = book.create_sheet("工单")
    sheet.append(["北京市12345工单导出（2023年1月）"])
    sheet.append(CASE_HEADER)
    row = good_case("X-0001")
    cells = [row[h] for h in CASE_HEADER]
    cells[CASE_HEADER.index("所属区")] = 110101  # a number cell, read back as 110101.0 by Excel
    cells[CASE_HEADER.index("受理时间")] = pd.Timestamp("2023-01-05 08:00").to_pydatetime()
    cells[CASE_HEADER.index("经度")] = 116.397
    sheet.append(cells)
    sheet.append([None] * len(CASE_HEADER))  # a blank row: not a row
    bad = [*cells]
    bad[0], bad[CASE_HEADER.index("受理时间")] = "X-0002", "2023-13-01"
    sheet.append(bad)
    path = tmp_path / "export.xlsx"
    book.save(path)
    refused = run_import("cases", path, warehouse)  # first sheet is the notes sheet
    assert refused.exit_code == 2
    result = run_import("cases", path, warehouse, sheet="工单")
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (2, 1, 1)
    assert [e["row"] for e in result.errors] == [5]  # title 1, header 2, data 3, blank 4, bad 5
    stored = query(warehouse, "select district_code, reported_at from cases where case_id = 'X-0001'")
    assert stored.at[0, "district_code"] == "110101" and stored.at[0, "reported_at"] == pd.Timestamp("2023-01-05 08:00")
    missing = run_import("cases", path, warehouse, sheet="不存在")
    assert missing.exit_code == 2 and "没有名为“不存在”的工作表" in missing.refused


# --- files refused as a whole -----------------------------------------------------------------


def _refused(kind: str, path: Path, warehouse: Path, fragment: str):
    result = run_import(kind, path, warehouse)
    assert result.exit_code == 2, result.summary()
    assert fragment in result.refused, result.refused
    assert path.name in result.refused or "另一个导入" in result.refused
    assert result.rows_loaded == 0
    return result


def test_empty_file(warehouse, tmp_path):
    _refused("cases", write(tmp_path / "empty.csv", b""), warehouse, "文件是空的")
    _refused("cases", write(tmp_path / "blank.csv", b"\r\n ,, \r\n"), warehouse, "文件是空的")


def test_header_only(warehouse, tmp_path):
    _refused("cases", write(tmp_path / "header.csv", csv_bytes(CASE_HEADER, [])), warehouse, "只有表头，没有数据行")


def test_undecodable_file(warehouse, tmp_path):
    data = csv_bytes(CASE_HEADER, SMALL, encoding="gbk") + b"\xff\xfe\xff\x80\x80"
    _refused("cases", write(tmp_path / "garbled.csv", data), warehouse, "无法识别文件编码")


def test_legacy_xls(warehouse, tmp_path):
    _refused("cases", write(tmp_path / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), warehouse, "另存为 .xlsx")


def test_missing_required_columns(warehouse, tmp_path):
    header = [h for h in CASE_HEADER if h not in ("受理时间", "问题子类")]
    result = _refused("cases", write(tmp_path / "cases.csv", csv_bytes(header, SMALL)), warehouse, "缺少必需的列")
    assert "「问题子类」" in result.refused and "「受理时间」" in result.refused
    assert result.rows_read == result.rows_rejected == 2


def test_no_district_and_no_coordinates_columns(warehouse, tmp_path):
    header = [h for h in CASE_HEADER if h not in ("所属区", "经度")]
    _refused(
        "cases", write(tmp_path / "cases.csv", csv_bytes(header, SMALL)), warehouse, "「所属区」或「经度」与「纬度」（至少其一）"
    )


def test_another_kinds_file(warehouse, tmp_path):
    path = write(tmp_path / "villages.csv", (SAMPLES / "villages.csv").read_bytes())
    _refused("cases", path, warehouse, "这看起来是「村（社区）」文件（villages），不是「问题台账」文件（cases）")


def test_two_columns_for_one_field(warehouse, tmp_path):
    header = [*CASE_HEADER, "district_code"]
    rows = [[*(r[h] for h in CASE_HEADER), "110101"] for r in SMALL]
    _refused(
        "cases",
        write(tmp_path / "cases.csv", csv_bytes(header, rows)),
        warehouse,
        "「所属区」和「district_code」两列都表示“所属区”",
    )


def test_missing_file_and_missing_warehouse(warehouse, tmp_path):
    _refused("cases", tmp_path / "nowhere.csv", warehouse, "文件不存在")
    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, SMALL))
    result = import_file("cases", path, tmp_path / "no-warehouse.duckdb")
    assert result.exit_code == 2 and "仓库文件不存在" in result.refused


# --- extra columns, duplicates across imports, updates ----------------------------------------


def test_extra_columns_are_ignored_and_never_stored(warehouse, tmp_path):
    header = [*CASE_HEADER, "来电人", "联系电话"]
    rows = [[*(r[h] for h in CASE_HEADER), "张三", "13912345678"] for r in SMALL]
    result = run_import("cases", write(tmp_path / "cases.csv", csv_bytes(header, rows)), warehouse)
    assert result.exit_code == 0
    assert result.notes == ["已忽略无法识别的列（其内容不会保存）：来电人、联系电话"]
    stored = query(warehouse, "select * from cases where case_id like 'E-%'").to_string()
    assert "13912345678" not in stored and "张三" not in stored


def _cases_fingerprint(warehouse: Path) -> pd.DataFrame:
    return query(
        warehouse,
        "select * from cases order by case_id",
    )


def test_importing_the_same_file_twice_changes_nothing(warehouse, tmp_path):
    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [*SMALL, good_case("E-0003", 受理时间="bad")]))
    first = run_import("cases", path, warehouse)
    assert (first.rows_loaded, first.rows_updated, first.rows_rejected) == (2, 0, 1)
    cases_after_first = _cases_fingerprint(warehouse)
    rollup_after_first = query(warehouse, "select * from agg_cases_street_month order by all")
    second = run_import("cases", path, warehouse)
    assert (second.rows_loaded, second.rows_updated, second.rows_rejected) == (0, 2, 1)
    pd.testing.assert_frame_equal(_cases_fingerprint(warehouse), cases_after_first)
    pd.testing.assert_frame_equal(query(warehouse, "select * from agg_cases_street_month order by all"), rollup_after_first)
    runs = query(warehouse, "select file_sha256 from import_runs")
    assert len(runs) == 2 and runs["file_sha256"].nunique() == 1


def test_a_fixed_file_loads_the_rejected_row(warehouse, tmp_path):
    bad = [*SMALL, good_case("E-0003", 受理时间="2023-13-40")]
    first = run_import("cases", write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, bad)), warehouse)
    assert first.exit_code == 1 and first.errors[0]["row"] == 4
    fixed = [*SMALL, good_case("E-0003", 受理时间="2023-01-04 08:00")]
    second = run_import("cases", write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, fixed)), warehouse)
    assert (second.exit_code, second.rows_loaded, second.rows_updated) == (0, 1, 2)


def test_update_changes_only_the_columns_in_the_file(warehouse, tmp_path):
    run_import("cases", write(tmp_path / "full.csv", csv_bytes(CASE_HEADER, SMALL)), warehouse)
    header = ["工单编号", "来源", "问题子类", "所属街乡", "受理时间", "所属区", "满意度"]
    rows = [["E-0001", "热线", "堆物堆料", "东华门街道", "2023-01-05 08:00", "东城区", "不满意"]]
    result = run_import("cases", write(tmp_path / "partial.csv", csv_bytes(header, rows)), warehouse)
    assert (result.rows_updated, result.exit_code) == (1, 0)
    row = query(warehouse, "select * from cases where case_id = 'E-0001'").iloc[0]
    assert row["rating"] == "不满意"
    assert row["description"] == "胡同口堆放杂物" and row["lon"] == pytest.approx(116.397)  # not in the file: kept
    assert row["resolved_at"] == pd.Timestamp("2023-01-06 17:00")


def test_an_existing_demo_case_is_updated_not_duplicated(warehouse, tmp_path):
    demo = query(warehouse, "select case_id from cases order by case_id limit 1").at[0, "case_id"]
    before = query(warehouse, "select count(*) as n from cases").at[0, "n"]
    result = run_import("cases", write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [good_case(demo)])), warehouse)
    assert (result.rows_loaded, result.rows_updated) == (0, 1)
    assert query(warehouse, "select count(*) as n from cases").at[0, "n"] == before
    assert query(warehouse, "select street_code from cases where case_id = $id", {"id": demo}).at[0, "street_code"] == "110101001"


def test_ratings_from_a_column_of_stars(warehouse, tmp_path):
    rows = [good_case(f"S-{i}", 满意度=str(stars)) for i, stars in enumerate([5, 4, 3, 2, 1])]
    result = run_import("cases", write(tmp_path / "stars.csv", csv_bytes(CASE_HEADER, rows)), warehouse)
    assert result.exit_code == 0 and any("按星级理解" in n for n in result.notes)
    ratings = query(warehouse, "select rating from cases where case_id like 'S-%' order by case_id")["rating"]
    assert list(ratings) == ["满意", "满意", "基本满意", "不满意", "不满意"]


def test_later_dates_widen_the_data_period(warehouse, tmp_path):
    recent = (date.today() - timedelta(days=3)).isoformat()
    rows = [good_case("R-1", 受理时间=f"{recent} 08:00", 响应时间="", 办结时间="")]
    run_import("cases", write(tmp_path / "recent.csv", csv_bytes(CASE_HEADER, rows)), warehouse)
    info = query(warehouse, "select key, value from warehouse_info").set_index("key")["value"]
    assert info["data_end"] == recent and info["is_demo"] == "true" and info["imported_rows"] == "1"
    months = query(warehouse, "select month_start from calendar_months order by 1")["month_start"]
    expected = pd.date_range("2020-01-01", recent, freq="MS")
    assert list(pd.to_datetime(months)) == list(expected)


# --- the other kinds: samples and their own rules ---------------------------------------------


def test_every_sample_loads_in_the_documented_order(warehouse):
    order = [
        "streets",
        "alleys",
        "alley_inspections",
        "alley_supervisions",
        "villages",
        "volunteer_projects",
        "satisfaction",
        "cases",
        "spot_check_stages",
    ]
    assert sorted(order) == sorted(KINDS) == sorted(p.stem for p in SAMPLES.glob("*.csv"))
    for kind in order:
        result = run_import(kind, SAMPLES / f"{kind}.csv", warehouse)
        assert result.exit_code == 0, (kind, messages(result))
    again = run_import("alleys", SAMPLES / "alleys.csv", warehouse)  # alleys with inspections can be updated
    assert (again.exit_code, again.rows_updated) == (0, 3)
    monthly = query(warehouse, "select score from alley_inspections where inspection_id = 900001").at[0, "score"]
    assert monthly == 97  # left blank in the file: the sum of the 19 sub-scores
    status = query(warehouse, "select status from alley_supervisions where supervision_id = 'GP90002'").at[0, "status"]
    assert status == "listed"  # left blank: from the dates
    survey = query(
        warehouse,
        "select satisfied_count, satisfaction_pct from satisfaction_surveys where period = '2023Q3' and area_code = '110101'",
    )
    assert (survey.at[0, "satisfied_count"], survey.at[0, "satisfaction_pct"]) == (878, 97.5)  # the stated figure is kept


KIND_RULES = [
    (
        "alleys",
        ["街巷编号", "街巷名称", "所属区", "所属街乡", "长度"],
        ["JX99", "巷", "东城区", "东华门街道", "0"],
        "长度",
        "超出范围，应在 1–20000 之间",
    ),
    (
        "alleys",
        ["街巷编号", "街巷名称", "所属区", "所属街乡", "长度", "是否首都文明街巷", "命名日期"],
        ["JX99", "巷", "东城区", "东华门街道", "100", "否", "2022-01-01"],
        "命名日期",
        "填写了命名日期，但“是否首都文明街巷”为否",
    ),
    (
        "alley_inspections",
        ["检查编号", "街巷编号", "检查日期", "检查类型"],
        ["1", "JX-NOPE", "2023-01-01", "周查"],
        "街巷编号",
        "街巷编号“JX-NOPE”不在仓库中，请先导入这条街巷（alleys）",
    ),
    (
        "alley_inspections",
        ["检查编号", "街巷编号", "检查日期", "检查类型", "无乱停车"],
        ["99000001", "JX00001", "2023-01-31", "月评", "3"],
        "（分项得分）",
        "月评须填写全部 19 项分项得分，缺少 18 项",
    ),
    (
        "alley_inspections",
        ["检查编号", "街巷编号", "检查日期", "检查类型", "点名结果"],
        ["99000002", "JX00001", "2023-01-31", "周查", "表扬"],
        "点名结果",
        "点名结果只用于季点名",
    ),
    (
        "alley_supervisions",
        ["督办编号", "街巷编号", "挂牌日期", "整改期限", "摘牌日期", "状态"],
        ["GP99", "JX00001", "2023-03-01", "2023-03-31", "2023-03-20", ""],
        "摘牌日期",
        "有摘牌日期却没有复查日期",
    ),
    (
        "alley_supervisions",
        ["督办编号", "街巷编号", "挂牌日期", "整改期限", "状态"],
        ["GP99", "JX00001", "2023-03-01", "2023-03-31", "已摘牌"],
        "状态",
        "状态“已摘牌”与所填日期不符（按日期应为“已挂牌”）",
    ),
    (
        "alley_supervisions",
        ["督办编号", "街巷编号", "挂牌日期", "整改期限"],
        ["GP99", "JX00001", "2023-03-01", "2023-02-01"],
        "整改期限",
        "整改期限“2023-02-01”早于挂牌日期“2023-03-01”",
    ),
    (
        "villages",
        ["村（社区）编号", "名称", "所属区", "所属街乡", "类型", "建有乡情村史陈列室", "陈列室建成日期"],
        ["CS99", "村", "东城区", "东华门街道", "村", "否", "2016-01-01"],
        "陈列室建成日期",
        "但“建有乡情村史陈列室”为否",
    ),
    (
        "villages",
        ["村（社区）编号", "名称", "所属区", "所属街乡", "类型"],
        ["CS99", "村", "东城区", "东华门街道", "农场"],
        "类型",
        "“农场”不是可用的值",
    ),
    (
        "volunteer_projects",
        [
            "项目编号",
            "项目名称",
            "服务类别",
            "所属区",
            "所属街乡",
            "服务村（社区）编号",
            "启动日期",
            "志愿者人数",
            "服务人次",
            "服务时长",
        ],
        ["ZY99", "项目", "文化艺术", "东城区", "东华门街道", "CS-NOPE", "2021-01-01", "3", "10", "5"],
        "服务村（社区）编号",
        "不在仓库中，请先导入该村（社区）（villages）",
    ),
    (
        "volunteer_projects",
        ["项目编号", "项目名称", "服务类别", "所属区", "所属街乡", "启动日期", "志愿者人数", "服务人次", "服务时长"],
        ["ZY99", "项目", "文化艺术", "东城区", "东华门街道", "2021-01-01", "-3", "10", "5"],
        "志愿者人数",
        "不能小于 0",
    ),
    (
        "satisfaction",
        ["季度", "地区", "样本量", "满意人数", "满意度"],
        ["2023Q3", "朝阳", "100", "120", ""],
        "满意人数",
        "满意人数“120”大于样本量“100”",
    ),
    (
        "satisfaction",
        ["季度", "地区", "样本量", "满意度"],
        ["2023Q3", "朝阳", "100", "101%"],
        "满意度",
        "超出范围，应在 0–100 之间",
    ),
    (
        "satisfaction",
        ["季度", "地区", "样本量", "满意度"],
        [f"{date.today().year + 2}Q1", "全市", "100", "90"],
        "季度",
        "尚未开始",
    ),
    (
        "streets",
        ["街乡镇代码", "所属区", "名称"],
        ["110108099", "东城区", "新街道"],
        "街乡镇代码",
        "的前 6 位与所属区“东城区”的代码不符",
    ),
    (
        "streets",
        ["街乡镇代码", "名称"],
        ["110101099", "景山街道"],
        "名称",
        "东城区已有名为“景山街道”的街乡镇（代码 110101002）",
    ),
]


@pytest.mark.parametrize("kind, header, row, column, reason", KIND_RULES, ids=[f"{r[0]}-{r[3]}" for r in KIND_RULES])
def test_kind_rules(warehouse, tmp_path, kind, header, row, column, reason):
    result = run_import(kind, write(tmp_path / f"{kind}.csv", csv_bytes(header, [row])), warehouse)
    assert result.exit_code == 1, result.summary()
    assert any(e["column"] == column and reason in e["reason"] for e in result.errors), messages(result)


def test_a_referenced_alley_cannot_move_street(warehouse, tmp_path):
    alley = query(warehouse, "select alley_id, district_code from alleys where district_code = '110101' limit 1").iloc[0]
    header = ["街巷编号", "街巷名称", "所属区", "所属街乡", "长度"]
    result = run_import(
        "alleys",
        write(tmp_path / "alleys.csv", csv_bytes(header, [[alley["alley_id"], "巷", "东城区", "天坛街道", "100"]])),
        warehouse,
    )
    assert any("已有记录引用它，不能改属“天坛街道”" in e["reason"] for e in result.errors), messages(result)


def test_a_new_alley_can_be_moved_by_a_later_import(warehouse, tmp_path):
    header = ["街巷编号", "街巷名称", "所属区", "所属街乡", "长度"]
    run_import("alleys", write(tmp_path / "a.csv", csv_bytes(header, [["JXNEW", "巷", "东城区", "景山街道", "100"]])), warehouse)
    result = run_import(
        "alleys", write(tmp_path / "b.csv", csv_bytes(header, [["JXNEW", "巷", "东城区", "天坛街道", "100"]])), warehouse
    )
    assert (result.exit_code, result.rows_updated) == (0, 1)
    assert query(warehouse, "select street_code from alleys where alley_id = 'JXNEW'").at[0, "street_code"] == "110101016"


def test_streets_import_recounts_districts(warehouse, tmp_path):
    rows = [["110101099", "东城区", "示例新街道", "", "1000", "", ""]]
    header = ["街乡镇代码", "所属区", "名称", "类型", "常住人口", "中心点经度", "中心点纬度"]
    result = run_import("streets", write(tmp_path / "streets.csv", csv_bytes(header, rows)), warehouse)
    assert result.exit_code == 0
    assert query(warehouse, "select street_count from districts where district_code = '110101'").at[0, "street_count"] == 18
    assert query(warehouse, "select kind from streets where street_code = '110101099'").at[0, "kind"] == "街道"


# --- the command line ---------------------------------------------------------------------------


def test_cli_json_summary_and_exit_codes(warehouse, tmp_path, capsys):
    path = write(tmp_path / "cases.csv", csv_bytes(CASE_HEADER, [*SMALL, good_case("E-9", 受理时间=FUTURE)]))
    code = data_main(["import", "cases", str(path), "--warehouse", str(warehouse), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 1 == summary["exit_code"]
    assert {k: summary[k] for k in ("rows_read", "rows_loaded", "rows_updated", "rows_rejected")} == {
        "rows_read": 3,
        "rows_loaded": 2,
        "rows_updated": 0,
        "rows_rejected": 1,
    }
    assert summary["run_id"] and summary["errors"][0] | {"value": None} == {
        "row": 4,
        "column": "受理时间",
        "value": None,
        "reason": f"日期“{FUTURE}”晚于今天（{today_in_beijing().isoformat()}）",
        "message": f"cases.csv 第 4 行「受理时间」：日期“{FUTURE}”晚于今天（{today_in_beijing().isoformat()}）",
    }
    assert data_main(["import", "cases", str(path), "--warehouse", str(warehouse)]) == 1
    out = capsys.readouterr().out
    assert "读取 3 行：新增 0 行，更新 2 行，拒收 1 行" in out and "cases.csv 第 4 行「受理时间」" in out
    ok = write(tmp_path / "ok.csv", csv_bytes(CASE_HEADER, SMALL))
    assert data_main(["import", "cases", str(ok), "--warehouse", str(warehouse), "--json"]) == 0
    capsys.readouterr()
    before = digest(warehouse)
    assert data_main(["import", "cases", str(tmp_path / "empty.csv"), "--warehouse", str(warehouse), "--json"]) == 2
    refused = json.loads(capsys.readouterr().out)
    assert refused["run_id"] is None and refused["refused"] and digest(warehouse) == before


def test_import_docs_are_generated_from_the_specs():
    from data.importer.docs import markdown

    text = (Path(__file__).resolve().parent.parent / "docs" / "IMPORT.md").read_text(encoding="utf-8")
    assert text == markdown(), "docs/IMPORT.md is stale: run python -m data dictionary"
    for header in CASE_HEADER:  # the 12345 export's headers the issue names
        assert f"| {header} |" in text


def test_fresh_build_has_empty_import_tables(sql):
    assert sql("select count(*) as n from import_runs").at[0, "n"] == 0
    assert sql("select count(*) as n from import_rejects").at[0, "n"] == 0


# --- cell parsers ---------------------------------------------------------------------------------

DATES = [
    ("2023-01-05 08:00", "2023-01-05 08:00:00"),
    ("2023-01-05 08:00:00", "2023-01-05 08:00:00"),
    ("2023-01-05T08:00:00.000", "2023-01-05 08:00:00"),
    ("2023/1/5 8:00", "2023-01-05 08:00:00"),
    ("2023/1/5", "2023-01-05 00:00:00"),
    ("2023.1.5", "2023-01-05 00:00:00"),
    ("20230105", "2023-01-05 00:00:00"),
    ("2023年1月5日", "2023-01-05 00:00:00"),
    ("2023年1月5日 8时30分", "2023-01-05 08:30:00"),
    ("２０２３－０１－０５　０８：００", "2023-01-05 08:00:00"),
    ("2023-02-30", None),
    ("2023-01-05 25:00", None),
    ("明天", None),
]


@pytest.mark.parametrize("text, expected", DATES)
def test_date_spellings(text, expected):
    from data.importer.values import parse_datetime

    parsed, bad = parse_datetime(pd.Series([text], dtype=object))
    if expected is None:
        assert bad[0] and pd.isna(parsed[0])
    else:
        assert not bad[0] and parsed[0] == pd.Timestamp(expected)
