"""Every page, in every mode, in a real browser: it draws, logs no error, and asks no outside host."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import screenshot, wait_for_app

PAGES = {
    "overview": "总览",
    "cases": "接诉即办",
    "satisfaction": "满意度",
    "alleys": "背街小巷",
    "villages": "乡村振兴",
    "districts": "区域对比",
    "closed_loop": "闭环台账",
}


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("mode", ["normal", "embed", "briefing"])
def test_page_loads_offline_without_errors(app_url, watched, path, mode):
    query = {"normal": "", "embed": "?embed=true", "briefing": "?mode=briefing&interval=600"}[mode]
    page = watched.page
    page.goto(f"{app_url}/{path}{query}")
    wait_for_app(page)
    time.sleep(1.5)  # maps and charts draw after the script has finished
    main = page.locator("[data-testid='stMain']")
    if mode == "briefing":
        assert "第 1 / 11 页" in main.inner_text()
        assert page.locator("[data-testid='stSidebar']").is_hidden()
        assert "示例数据" in main.inner_text()
    else:
        assert PAGES[path] in page.locator("h1").first.inner_text()
        assert "示例数据" in main.inner_text()
        assert not main.locator("[data-testid='stException']").count()
    assert page.locator("[role='dialog']").count() == 0, "a dialog (e.g. 'Page not found') covers the page"
    screenshot(page, f"{path}_{mode}_1920x1080")
    assert watched.outside_requests() == [], f"requests left the machine: {watched.outside_requests()}"
    assert watched.errors == [], f"console errors: {watched.errors}"


@pytest.mark.parametrize("path", list(PAGES))
def test_page_at_laptop_size(app_url, browser, path):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    time.sleep(1.0)
    assert PAGES[path] in page.locator("h1").first.inner_text()
    screenshot(page, f"{path}_normal_1366x768")
    context.close()
