"""Every file a download gives, read as the person it is forwarded to reads it: the XLSX opened
with openpyxl (what Excel shows), the CSV with pandas and csv. Issue 13's findings on exports:
demo data marked in the name and the content, the area and period named, ids as text, real
date-times, blanks and 未评价 rather than "None", number formats as the pages write them, and a list
cut at 5,000 rows that says so and offers the whole list (counted by a named query).

The page tests open the app as test_pages.py does and catch each download button as it is drawn
(`downloads`), then call its deferred data as Streamlit would on a click."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from shown import shown
from streamlit.delta_generator import DeltaGenerator
from test_pages import _demo_warehouse, _navigation_as_on_a_running_server, open_page  # noqa: F401 - fixtures

import queries
from access.scope import Scope
from ui import components, drilldown, exports, labels
from ui.data import Named

START, END = date(2023, 1, 1), date(2023, 9, 1)
CHAOYANG = "110105"
EXPORTED_AT = datetime(2026, 12, 3, 10, 20, tzinfo=exports.BEIJING)
PERIOD = exports.months(START, END)
WINDOWS_FORBIDDEN = set('\\/:*?"<>|')
NOT_VALUES = {"None", "nan", "NaN", "NaT", "<NA>", "null"}


@pytest.fixture(scope="module")
def q(warehouse_path: Path) -> Iterator[Callable[..., pd.DataFrame]]:
    """`q(name, **params)`: a named query as the pages run it, records with the city's scope."""
    con = queries.connect(warehouse_path)

    def run(name: str, **params) -> pd.DataFrame:
        scope = {"scope": Scope.city()} if queries.is_record(name) else {}
        return queries.run(con, name, **scope, **params)

    yield run
    con.close()


def case_params(**more) -> dict:
    return {"districts": [CHAOYANG], "start": START, "end": END, "street_code": "", "subcategory": "", **more}


def context(table: str = "问题明细", demo: bool = True, **more) -> exports.Context:
    return exports.Context(table, "朝阳区", *PERIOD, demo=demo, **more)


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def table_rows(sheet) -> tuple[list[str], list[tuple]]:
    """The header (row 2) and the data rows (from row 3) of the 数据 sheet."""
    rows = list(sheet.iter_rows(min_row=2))
    return [c.value for c in rows[0]], rows[1:]


def column(sheet, header: str) -> list:
    """The cells of one column, by its header."""
    headers, rows = table_rows(sheet)
    index = headers.index(header)
    return [row[index] for row in rows]


def every_value(book: openpyxl.Workbook) -> list:
    return [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]


def csv_lines(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads the Chinese"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def whole_list(warehouse_path: Path, limit: int, **params) -> Named:
    """The named query a whole-list button hands to exports.build, as ui.data.named makes it."""
    values = {**case_params(**params), "limit": limit, "scope": Scope.city()}
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
    return Named("case_list", frozen, (str(warehouse_path), os.path.getmtime(warehouse_path)))


# --- the XLSX of a case list ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def cases(q) -> pd.DataFrame:
    return q("case_list", **case_params(limit=drilldown.CASE_LIMIT))


@pytest.fixture(scope="module")
def cases_xlsx(cases) -> openpyxl.Workbook:
    return workbook(exports.build(exports.XLSX, cases, context(total=len(cases) + 1), EXPORTED_AT))


def test_demo_xlsx_opens_with_a_title_line_naming_demo_area_period_and_time(cases_xlsx, cases):
    sheet = cases_xlsx[exports.SHEET_DATA]
    title = sheet["A1"].value
    assert title.startswith("示例数据（合成，非真实记录）｜问题明细｜")
    assert "范围：朝阳区" in title and "时段：2023年1月—2023年9月" in title and "导出：2026-12-03 10:20" in title
    assert f"本表仅含最近 {len(cases):,} 条，全部共 {len(cases) + 1:,} 条" in title
    assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{openpyxl.utils.get_column_letter(len(cases.columns))}1"]
    assert table_rows(sheet)[0][:3] == ["工单编号", "来源", "问题类别"]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == f"A2:K{len(cases) + 2}"


def test_demo_xlsx_has_a_notes_sheet_with_source_and_caveats(cases_xlsx, cases):
    notes = dict(
        (item, text) for item, text in cases_xlsx[exports.SHEET_NOTES].iter_rows(min_row=3, values_only=True) if item != "口径"
    )
    caveats = [text for item, text in cases_xlsx[exports.SHEET_NOTES].iter_rows(min_row=3, values_only=True) if item == "口径"]
    assert notes["数据性质"].startswith("示例数据") and "不是真实记录" in notes["数据性质"]
    assert "简报 2023 年第 16 期" in notes["数据来源"]
    assert notes["范围"] == "朝阳区" and notes["时段"] == "2023年1月—2023年9月"
    assert notes["行数"].startswith(f"{len(cases):,} 行")
    assert any("未评价" in c for c in caveats) and labels.RATING_NOTE in caveats and labels.RESPONSE_NOTE not in caveats


def test_case_ids_are_text_cells_equal_to_the_id(cases_xlsx, cases):
    cells = column(cases_xlsx[exports.SHEET_DATA], "工单编号")
    assert len(cells) == len(cases)
    assert all(len(c.value) == 13 and c.value.isdigit() for c in cells)  # would show as 2.02309E+12 if a number
    assert [c.value for c in cells] == cases["case_id"].tolist()
    assert all(c.data_type == "s" and c.number_format == "@" for c in cells)


def test_times_are_excel_date_times_with_a_date_format(cases_xlsx, cases):
    sheet = cases_xlsx[exports.SHEET_DATA]
    reported = column(sheet, "受理时间")
    assert all(c.is_date and isinstance(c.value, datetime) for c in reported)
    assert all(c.number_format == "yyyy-mm-dd hh:mm" for c in reported)
    expected = cases["reported_at"].dt.round("s").tolist()
    assert [pd.Timestamp(c.value).round("s") for c in reported] == expected
    resolved = column(sheet, "办结时间")
    missing = cases["resolved_at"].isna().to_numpy()
    assert missing.any() and not missing.all()
    assert all((c.value is None) == gone for c, gone in zip(resolved, missing, strict=True))  # blank, not "NaT"


def test_an_unrated_case_reads_weipingjia_and_nothing_reads_none(cases_xlsx, cases):
    ratings = [c.value for c in column(cases_xlsx[exports.SHEET_DATA], "评价")]
    unrated = cases["rating"].isna().to_numpy()
    assert unrated.any()
    assert {r for r, u in zip(ratings, unrated, strict=True) if u} == {exports.UNRATED}
    assert {r for r, u in zip(ratings, unrated, strict=True) if not u} <= {"满意", "基本满意", "不满意"}
    campaigns = [c.value for c in column(cases_xlsx[exports.SHEET_DATA], "行动编号")]
    assert None in campaigns  # an empty campaign is a blank cell
    assert not NOT_VALUES & {str(v) for v in every_value(cases_xlsx)}


def test_counts_rates_and_the_survey_keep_the_pages_number_formats(q):
    measures = q("district_measures", districts=[], start=START, end=END, as_of=date(2023, 9, 30))
    book = workbook(exports.build(exports.XLSX, measures, context("各区指标", columns=("name", "cases", "satisfaction_rate"))))
    sheet = book[exports.SHEET_DATA]
    cases_cells, rate_cells = column(sheet, labels.COLUMNS["cases"]), column(sheet, labels.COLUMNS["satisfaction_rate"])
    assert all(isinstance(c.value, int) and c.number_format == "#,##0" for c in cases_cells)
    assert [c.value for c in cases_cells] == measures["cases"].tolist()
    assert all(isinstance(c.value, int | float) and c.number_format == "0.0" for c in rate_cells)
    assert [c.value for c in rate_cells] == pytest.approx(measures["satisfaction_rate"].tolist())
    survey = q("survey_satisfaction", start=date(2020, 1, 1), end=END)
    cells = column(workbook(exports.build(exports.XLSX, survey, context("满意度调查")))[exports.SHEET_DATA], "满意度（%）")
    assert cells and all(c.number_format == "0.00" and isinstance(c.value, int | float) for c in cells)


def test_dates_and_yes_no_columns(q):
    alleys = q("alley_latest_scores", districts=[CHAOYANG], end=END, as_of=date(2023, 9, 30))
    chosen = ("alley_id", "name", "scored_on", "is_civilized", "on_red_list", "length_m")
    sheet = workbook(exports.build(exports.XLSX, alleys, context("背街小巷", columns=chosen)))[exports.SHEET_DATA]
    scored = [c for c in column(sheet, "评分日期") if c.value is not None]
    assert scored and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in scored)
    assert {c.value for c in column(sheet, "首都文明街巷")} <= {"是", "否"}
    assert {c.value for c in column(sheet, "挂牌督办中")} == {"是", "否"}
    assert all(c.number_format == "#,##0" for c in column(sheet, "长度（米）"))


# --- the CSV ----------------------------------------------------------------------------------------


def test_demo_csv_has_the_note_line_then_the_header_and_reads_back(cases):
    data = exports.build(exports.CSV, cases, context(total=len(cases) + 1), EXPORTED_AT)
    lines = csv_lines(data)
    assert len(lines[0]) == 1 and lines[0][0].startswith("示例数据（合成，非真实记录）｜问题明细｜范围：朝阳区｜")
    assert lines[1][:3] == ["工单编号", "来源", "问题类别"]
    frame = pd.read_csv(io.BytesIO(data), skiprows=1, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(frame) == len(cases)
    # Excel would show 2.02309E+12 for a bare 13-digit number: a tab before it keeps it text.
    assert frame["工单编号"].str.startswith("\t").all()
    assert frame["工单编号"].str.strip().tolist() == cases["case_id"].tolist()
    assert set(frame.loc[cases["rating"].isna().to_numpy(), "评价"]) == {exports.UNRATED}
    assert frame["受理时间"].iloc[0] == cases["reported_at"].iloc[0].strftime("%Y-%m-%d %H:%M:%S")
    assert (frame.loc[cases["resolved_at"].isna().to_numpy(), "办结时间"] == "").all()
    text = data.decode("utf-8-sig")
    assert not [word for word in NOT_VALUES if re.search(rf"(^|,){word}(,|$)", text, re.M)]


def test_csv_numbers_are_numbers_and_yes_no_is_shi_fou(q):
    measures = q("district_measures", districts=[], start=START, end=END, as_of=date(2023, 9, 30))
    data = exports.build(
        exports.CSV, measures, context("各区指标", columns=("name", "is_agricultural", "cases", "response_rate"))
    )
    frame = pd.read_csv(io.BytesIO(data), skiprows=1, encoding="utf-8-sig")
    assert frame[labels.COLUMNS["cases"]].tolist() == measures["cases"].tolist()
    assert frame[labels.COLUMNS["response_rate"]].tolist() == measures["response_rate"].round(1).tolist()
    assert set(frame[labels.COLUMNS["is_agricultural"]]) == {"是", "否"}


def test_csv_keeps_formulas_inert_and_xlsx_keeps_odd_text_whole():
    frame = pd.DataFrame(
        {"name": ['=HYPERLINK("http://evil.example")', "+1", "普通文字", "012345", "a_x0041_b", "bell\x07ring", "<b>&</b>"]}
    )
    lines = csv_lines(exports.build(exports.CSV, frame, context("名称")))
    assert [row[0] for row in lines[2:]] == [
        '\'=HYPERLINK("http://evil.example")',
        "'+1",
        "普通文字",
        "\t012345",  # Excel would drop the leading 0 of a bare number
        "a_x0041_b",
        "bell\x07ring",
        "<b>&</b>",
    ]
    sheet = workbook(exports.build(exports.XLSX, frame, context("名称")))[exports.SHEET_DATA]
    cells = column(sheet, "名称")
    assert [c.value for c in cells[:4]] == frame["name"].tolist()[:4]
    # Excel's own escapes, as xlsxwriter writes them: Excel shows "a_x0041_b" and the bell character.
    assert cells[4].value == "a_x005F_x0041_b" and cells[5].value == "bell_x0007_ring"
    assert cells[6].value == "<b>&</b>"
    assert all(c.data_type == "s" and c.hyperlink is None for c in cells)


def test_the_xlsx_helper_the_hostile_input_tests_use_still_writes_inert_text():
    frame = pd.DataFrame({"名称": ["http://evil.example/login", '=HYPERLINK("http://evil.example")']})
    cells = column(workbook(components._xlsx(frame))[exports.SHEET_DATA], "名称")
    assert [c.value for c in cells] == frame["名称"].tolist() and all(c.data_type == "s" for c in cells)


# --- real data, names -----------------------------------------------------------------------------


def test_real_data_is_not_marked_demo_but_still_names_area_period_and_time(cases):
    real = context(demo=False)
    name = exports.file_name(real, exports.XLSX)
    assert name == "朝阳区_问题明细_2023-01至2023-09.xlsx"
    book = workbook(exports.build(exports.XLSX, cases.head(20), real, EXPORTED_AT))
    title = book[exports.SHEET_DATA]["A1"].value
    assert title == "问题明细｜范围：朝阳区｜时段：2023年1月—2023年9月｜导出：2026-12-03 10:20"
    assert not [v for v in every_value(book) if isinstance(v, str) and "示例数据" in v]
    line = csv_lines(exports.build(exports.CSV, cases.head(20), real, EXPORTED_AT))[0][0]
    assert line == title


def test_file_names_carry_demo_area_table_and_period():
    assert exports.file_name(context(), exports.XLSX) == "示例数据_朝阳区_问题明细_2023-01至2023-09.xlsx"
    assert exports.file_name(context(total=40_863), exports.CSV, rows=5_000) == (
        "示例数据_朝阳区_问题明细_2023-01至2023-09_最近5000条.csv"
    )
    one_month = exports.Context("各区指标", "全市", *exports.months(END, END), demo=True)
    assert exports.file_name(one_month, exports.CSV) == "示例数据_全市_各区指标_2023-09.csv"
    quarters = exports.Context("满意度调查_按季度", "全市", *exports.quarters("2020Q1", "2023Q3"), demo=True)
    assert exports.file_name(quarters, exports.XLSX) == "示例数据_全市_满意度调查_按季度_2020Q1至2023Q3.xlsx"
    # A table named after its district does not name it twice; a period a page put in the stem is dropped.
    assert exports.file_name(context(exports.table_name("朝阳区_各街乡镇")), exports.CSV).startswith("示例数据_朝阳区_各街乡镇_")
    assert exports.table_name("区域对比_202301-202309") == "区域对比"


@pytest.mark.parametrize(
    "area",
    ['朝阳区 "a/b\\c:d*e?f<g>h|i"', "x" * 10_000, "..", "  ", "CON", "\t换行\n区", "朝阳区 " + "十" * 300 + "街道"],
)
def test_file_names_are_safe_on_windows_and_short(area):
    name = exports.file_name(exports.Context("问题明细（停车秩序）", area, *PERIOD, demo=True), exports.XLSX)
    assert not WINDOWS_FORBIDDEN & set(name) and not any(ord(ch) < 32 for ch in name)
    assert len(name) <= exports.NAME_CHARS and name.endswith(".xlsx") and not name.startswith((".", " "))
    assert (name.startswith("示例数据_") and "2023-01至2023-09" in name) or len(area) > exports.NAME_PART_CHARS


def test_area_and_period_follow_the_rows_when_they_reach_beyond_the_filters(q):
    names = dict(zip(q("districts")["district_code"], q("districts")["name"], strict=True))
    league = q("district_measures", districts=[], start=START, end=END, as_of=date(2023, 9, 30))
    assert exports.area_of(league, [CHAOYANG], names, "朝阳区") == labels.CITY  # 区域对比 lists all sixteen
    assert exports.area_of(league[league["district_code"] == CHAOYANG], [CHAOYANG], names, "朝阳区") == "朝阳区"
    assert exports.area_of(pd.DataFrame({"x": [1]}), [CHAOYANG], names, "朝阳区") == "朝阳区"
    monthly = pd.DataFrame({"month_start": pd.to_datetime(["2020-01-01", "2023-09-01"])})
    assert exports.period_of(monthly) == ("2020年1月—2023年9月", "2020-01至2023-09")
    assert exports.period_of(pd.DataFrame({"period": ["2020Q1", "2023Q3"]})) == ("2020年一季度—2023年三季度", "2020Q1至2023Q3")


# --- the whole list, from one query ------------------------------------------------------------------


def test_the_whole_list_has_every_row_the_count_query_counts(q, warehouse_path, monkeypatch):
    total = int(q("case_count", **case_params(districts=[]))["cases"].iat[0])
    assert total > drilldown.CASE_LIMIT  # the city at the test scale: a list the page cuts
    monkeypatch.setattr(exports, "BATCH_ROWS", 7_000)  # several batches, one not full
    source = whole_list(warehouse_path, total, districts=[])
    whole = exports.Context("问题明细", labels.CITY, *PERIOD, demo=True)
    sheet = workbook(exports.build(exports.XLSX, source, whole))[exports.SHEET_DATA]
    ids = [c.value for c in column(sheet, "工单编号")]
    expected = q("case_list", **case_params(districts=[], limit=total))["case_id"].tolist()
    assert len(ids) == total and ids == expected
    assert sheet.max_row == total + 2 and sheet.auto_filter.ref == f"A2:K{total + 2}"
    lines = csv_lines(exports.build(exports.CSV, source, whole))
    assert len(lines) == total + 2 and [row[0].strip() for row in lines[2:]] == expected


def test_the_case_count_query_counts_what_the_case_list_lists(q):
    for params in (case_params(), case_params(districts=[]), case_params(subcategory="停车秩序")):
        listed = q("case_list", **params, limit=10_000_000)
        assert int(q("case_count", **params)["cases"].iat[0]) == len(listed) > 0


# --- on the pages: what is drawn and what a click gives -----------------------------------------------


@dataclass
class Download:
    label: str
    file_name: str
    data: Callable[[], bytes]
    key: str


@pytest.fixture
def downloads(monkeypatch) -> list[Download]:
    """Every download button drawn while the test runs, with the callable a click would run."""
    drawn: list[Download] = []
    original = DeltaGenerator.download_button

    def spy(self, label, data, file_name=None, *args, **kwargs):
        drawn.append(Download(shown(label), file_name, data, kwargs.get("key")))
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    return drawn


def test_every_download_on_a_page_is_named_and_marked(downloads):
    at = open_page("cases", district=CHAOYANG, **{"from": "2023-01", "to": "2023-09"})
    assert not at.exception, [e.value for e in at.exception]
    assert downloads and all(callable(d.data) for d in downloads)  # built only when clicked
    by_key = {d.key: d for d in downloads}
    for download in downloads:
        # Tables of 朝阳's rows name 朝阳; the three rates of all sixteen districts name the city.
        area = "全市" if download.key.startswith("cases_rates") else "朝阳区"
        assert download.file_name.startswith(f"示例数据_{area}_"), download.file_name
        assert download.file_name.endswith(("_2023-01至2023-09.csv", "_2023-01至2023-09.xlsx")), download.file_name
    assert {"cases_sources_csv", "cases_rates_xlsx", "cases_mix_xlsx"} <= set(by_key)
    sources = by_key["cases_sources_xlsx"]
    book = workbook(sources.data())
    assert book[exports.SHEET_DATA]["A1"].value.startswith("示例数据（合成，非真实记录）｜问题来源_按月｜范围：朝阳区｜时段：")
    assert csv_lines(by_key["cases_sources_csv"].data())[0][0].startswith(
        "示例数据（合成，非真实记录）｜问题来源_按月｜范围：朝阳区"
    )


def test_the_case_list_says_how_many_it_shows_and_offers_the_whole_list(q, downloads):
    total = int(q("case_count", **case_params(districts=[]))["cases"].iat[0])
    at = open_page("cases", **{"from": "2023-01", "to": "2023-09"})
    at.session_state["cases_list_open"] = True  # as a click on the expander does
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [shown(c.value) for c in at.caption]
    assert f"显示最近 {drilldown.CASE_LIMIT:,} 条，共 {total:,} 条。" in captions, captions
    by_key = {d.key: d for d in downloads}
    whole = by_key["cases_detail_whole_xlsx"]
    assert whole.label == f"下载全部 {total:,} 条（Excel）"
    assert whole.file_name == "示例数据_全市_问题明细_2023-01至2023-09.xlsx"
    assert by_key["cases_detail_xlsx"].file_name == f"示例数据_全市_问题明细_2023-01至2023-09_最近{drilldown.CASE_LIMIT}条.xlsx"
    assert by_key["cases_detail_csv"].label == f"下载显示的 {drilldown.CASE_LIMIT:,} 条（CSV）"
    sheet = workbook(whole.data())[exports.SHEET_DATA]
    assert sheet.max_row - 2 == total
    assert "本表仅含" not in sheet["A1"].value
    lines = csv_lines(by_key["cases_detail_whole_csv"].data())
    assert len(lines) - 2 == total
    shown_part = workbook(by_key["cases_detail_xlsx"].data())[exports.SHEET_DATA]
    assert shown_part.max_row - 2 == drilldown.CASE_LIMIT
    assert f"本表仅含最近 {drilldown.CASE_LIMIT:,} 条，全部共 {total:,} 条" in shown_part["A1"].value


def test_the_drill_down_case_list_says_it_is_cut_and_names_its_street(q, downloads, monkeypatch):
    monkeypatch.setattr(drilldown, "CASE_LIMIT", 100)
    streets = q("street_measures", districts=[CHAOYANG], start=START, end=END, as_of=date(2023, 9, 30))
    street = streets.sort_values("cases", ascending=False).iloc[0]
    at = open_page("districts", drill_district=CHAOYANG, drill_street=street["street_code"], drill_tabs="问题")
    assert not at.exception, [e.value for e in at.exception]
    total = int(q("case_count", **case_params(street_code=street["street_code"]))["cases"].iat[0])
    assert any(f"显示最近 100 条，共 {total:,} 条。" in shown(c.value) for c in at.caption)
    by_key = {d.key: d for d in downloads}
    area = f"朝阳区{street['name']}"
    assert by_key["drill_cases_whole_csv"].file_name == f"示例数据_{area}_问题明细_2023-01至2023-09.csv"
    assert len(csv_lines(by_key["drill_cases_whole_csv"].data())) - 2 == total
    title = workbook(by_key["drill_cases_xlsx"].data())[exports.SHEET_DATA]["A1"].value
    assert f"范围：朝阳区 {street['name']}" in title and "本表仅含最近 100 条" in title


@pytest.mark.parametrize(
    "scope",
    [Scope.of_districts([CHAOYANG]), Scope.of_districts(["110101"]), "street"],
    ids=["district", "another district", "street"],
)
def test_the_case_count_counts_only_what_the_reader_may_list(con, scope):
    """A reader with a narrower remit is told the length of the list they can have, not the city's."""
    if scope == "street":
        codes = queries.run(con, "streets", districts=[CHAOYANG])["street_code"]
        scope = Scope.of_street(codes.iat[0])
    listed = queries.run(con, "case_list", **case_params(), limit=10_000_000, scope=scope)
    counted = int(queries.run(con, "case_count", **case_params(), scope=scope)["cases"].iat[0])
    assert counted == len(listed)
    assert (counted == 0) == (scope.districts == frozenset({"110101"}))  # 东城's reader sees none of 朝阳's
