"""Exports in a real browser (issue 13): a click on a table's CSV and Excel buttons saves a file whose
name and first line say 示例数据, the area and the period, and the case list's whole-list button gives
every case the page says there are."""

from __future__ import annotations

import csv
import io
import re

import openpyxl

from tests.browser.conftest import screenshot, wait_for_app

LINK = "/cases?district=110105&from=2023-01&to=2023-09"
NAME = re.compile(r"^示例数据_朝阳区_问题来源_按月_2023-01至2023-09\.(csv|xlsx)$")


def _save(page, button, target):
    with page.expect_download(timeout=60_000) as download:
        button.click()
    download.value.save_as(target)
    return download.value.suggested_filename, target.read_bytes()


def test_a_tables_csv_and_excel_downloads_are_named_and_marked(app_url, watched, tmp_path):
    page = watched.page
    page.goto(f"{app_url}{LINK}")
    wait_for_app(page)
    table = page.get_by_test_id("stExpander").filter(has_text="查看数据表").first  # the first table: 问题来源
    table.get_by_text("查看数据表").click()
    wait_for_app(page)

    name, data = _save(page, table.get_by_role("button", name="下载 CSV（Excel 可直接打开）"), tmp_path / "a.csv")
    assert NAME.match(name), name
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0][0].startswith("示例数据（合成，非真实记录）｜问题来源_按月｜范围：朝阳区｜时段：2023年1月—2023年9月｜导出：")
    assert lines[1] == ["月份", "来源", "问题数（件）"] and len(lines) == 2 + 9 * 3  # nine months, three sources

    name, data = _save(page, table.get_by_role("button", name="下载 Excel"), tmp_path / "a.xlsx")
    assert NAME.match(name), name
    sheet = openpyxl.load_workbook(io.BytesIO(data))["数据"]
    assert sheet["A1"].value.startswith("示例数据（合成，非真实记录）｜问题来源_按月｜范围：朝阳区")
    assert sheet["A3"].is_date and sheet["C3"].number_format == "#,##0"
    assert not watched.errors, watched.errors


def test_the_case_list_offers_the_whole_list_it_counts(app_url, watched, tmp_path):
    page = watched.page
    page.goto(f"{app_url}/cases?from=2023-01&to=2023-09")  # the whole city: more cases than the list shows
    wait_for_app(page)
    page.get_by_text("查看问题明细").click()
    wait_for_app(page)
    text = page.get_by_test_id("stMain").inner_text()
    total = int(re.search(r"显示最近 5,000 条，共 ([\d,]+) 条", text).group(1).replace(",", ""))
    button = page.get_by_role("button", name=f"下载全部 {total:,} 条（CSV）")
    button.scroll_into_view_if_needed()
    screenshot(page, "cases_whole_list_download")
    name, data = _save(page, button, tmp_path / "whole.csv")
    assert name == "示例数据_全市_问题明细_2023-01至2023-09.csv"
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(lines) == total + 2 and lines[2][0].strip().isdigit()
    assert not watched.errors, watched.errors
