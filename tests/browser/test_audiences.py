"""The three audiences in a real browser: a briefing that runs itself, links that restore
their view, exports that open in Excel, and the page inside a portal's iframe."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

from deploy.processes import free_port
from tests.browser.conftest import screenshot, wait_for_app


def _footer(page) -> str:
    return page.locator(".brief-footer").last.inner_text()


def _wait_footer(page, text: str, timeout_s: float = 20) -> None:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if text in _footer(page):
            return
        time.sleep(0.3)
    raise AssertionError(f"the briefing footer never showed {text!r}; it shows {_footer(page)!r}")


def test_briefing_advances_by_itself(app_url, watched):
    page = watched.page
    page.goto(f"{app_url}/?mode=briefing&interval=3")
    wait_for_app(page)
    assert "第 1 / 11 页" in _footer(page)
    _wait_footer(page, "第 2 / 11 页")
    _wait_footer(page, "第 3 / 11 页")
    assert "slide=3" in page.url
    assert watched.errors == []


def test_briefing_moves_by_key_and_button_and_pauses(app_url, watched):
    page = watched.page
    page.goto(f"{app_url}/?mode=briefing&interval=600&slide=4")
    wait_for_app(page)
    assert "第 4 / 11 页" in _footer(page)
    page.keyboard.press("ArrowRight")
    _wait_footer(page, "第 5 / 11 页")
    page.get_by_role("button", name="上一页").click()
    _wait_footer(page, "第 4 / 11 页")
    page.keyboard.press("Space")
    _wait_footer(page, "已暂停")
    page.get_by_role("button", name="继续").click()
    _wait_footer(page, "自动翻页")


def test_briefing_applies_the_link_filters_to_slides(app_url, watched):
    page = watched.page
    page.goto(f"{app_url}/?mode=briefing&interval=600&slide=1&district=110105&from=2023-04&to=2023-06")
    wait_for_app(page)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "朝阳区" in text and "2023年4月—2023年6月" in text
    screenshot(page, "briefing_district_cover")


def test_deep_link_restores_filters_and_survives_reload(app_url, watched):
    page = watched.page
    page.goto(f"{app_url}/cases?district=110105&district=110108&from=2023-04&to=2023-06")
    wait_for_app(page)
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
    assert "朝阳区、海淀区" in caption and "2023年4月—2023年6月" in caption
    page.reload()
    wait_for_app(page)
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
    assert "朝阳区、海淀区" in caption and "2023年4月—2023年6月" in caption
    assert "district=110105" in page.url and "from=2023-04" in page.url


def test_bad_link_values_are_ignored_with_a_notice(app_url, watched):
    page = watched.page
    page.goto(f"{app_url}/alleys?district=999999&from=2031-13")
    wait_for_app(page)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "999999" in text and "无效" in text
    assert "背街小巷" in page.locator("h1").first.inner_text()
    assert not page.locator("[data-testid='stException']").count()


def test_filter_choice_goes_into_the_link_and_survives_page_change(app_url, watched):
    page = watched.page
    page.goto(f"{app_url}/overview")
    wait_for_app(page)
    page.locator("[data-testid='stSidebar'] button", has_text="13 个涉农区").click()
    wait_for_app(page)
    assert page.url.count("district=") == 13
    page.get_by_role("link", name="背街小巷").click()
    wait_for_app(page)
    assert "13 个区" in page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()


def test_csv_export_opens_in_excel_with_chinese_headers(app_url, watched, tmp_path):
    page = watched.page
    page.goto(f"{app_url}/districts")
    wait_for_app(page)
    page.get_by_text("下载各区指标").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV（Excel 可直接打开）").first.click()
    target = tmp_path / "export.csv"
    download.value.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM so Excel reads the Chinese"
    text = data.decode("utf-8-sig")
    lines = text.strip().splitlines()
    # Line 1 says what the file is, forwarded or not (示例数据, the table, the area, the period); then the header.
    assert lines[0].startswith("示例数据") and "区域对比" in lines[0] and "2023年1月—2023年9月" in lines[0]
    assert lines[1].startswith("名称,") and "朝阳区" in text
    assert len(lines) == 18  # title, header + 16 districts


def test_league_table_drills_down_to_street_records(app_url, watched):
    page = watched.page
    page.goto(f"{app_url}/districts?district=110105")
    wait_for_app(page)
    assert "朝阳区：各街乡镇" in page.locator("[data-testid='stMain']").inner_text()
    streets = page.locator("[data-testid='stDataFrame']:visible").nth(1)  # the league table is the first
    streets.scroll_into_view_if_needed()
    box = streets.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 52)  # the row selector of the first street
    wait_for_app(page)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "数字背后的清单" in text and "受理的问题" in text and "志愿服务项目" in text
    screenshot(page, "districts_drilldown")


def test_embedded_in_a_portal_iframe(app_url, watched, tmp_path: Path):
    (tmp_path / "portal.html").write_text(
        f"<!doctype html><meta charset='utf-8'><title>门户</title><h1>首都文明办内网门户</h1>"
        f"<iframe id='board' src='{app_url}/satisfaction?embed=true' width='1600' height='900'></iframe>",
        encoding="utf-8",
    )
    port = free_port()
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = watched.page
        page.goto(f"http://127.0.0.1:{port}/portal.html")
        frame = page.frame_locator("#board")
        frame.locator("h1").first.wait_for(timeout=60_000)
        time.sleep(2)
        assert "满意度" in frame.locator("h1").first.inner_text()
        assert frame.locator("[data-testid='stToolbar']").count() == 0 or frame.locator("[data-testid='stToolbar']").is_hidden()
        screenshot(page, "portal_iframe")
        assert watched.outside_requests() == []
    finally:
        server.shutdown()
