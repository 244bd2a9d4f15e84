"""Every page on the screens people use (issue 13): a district officer's 1366×768 laptop and the
intranet portal's iframe, about 1100 px wide. On each: no figure or label of a card is cut, no
English word a user reads (outside a few names), no link to another host, no error. Screenshots go
to test-output/screens/ for people to look at."""

from __future__ import annotations

import http.server
import re
import threading
import time
from pathlib import Path

import pytest

from deploy.processes import free_port
from tests.browser.conftest import running_app, screenshot, wait_for_app

PAGES = ["overview", "cases", "satisfaction", "alleys", "villages", "districts", "warnings", "closed_loop", "brief", "audit"]
# Names a user may read in Latin letters: the hotline's number, file types, the map's grid, the programs.
ALLOWED_WORDS = {"CSV", "XLSX", "PNG", "H3", "Excel", "Word", "PDF"}

# Leaves of a metric card whose text does not fit their box ("26.7 …", "同.", "网格员主…" before).
CUT_IN_CARDS = """() => [...document.querySelectorAll('[data-testid="stMetric"] *')]
  .filter((e) => e.children.length === 0 && e.textContent.trim() && e.scrollWidth > e.clientWidth + 1)
  .map((e) => e.textContent.trim())"""
# What a user reads: the page's text without the icon font's ligature names ("link_off"), plus the
# text Plotly draws in its SVG (ticks, labels, legends).
READABLE_TEXT = """() => {
  // Icons are ligatures of the Material font ("link_off"), and "Skip to main content" is the
  // screen-reader link, hidden until focused: neither is text a user reads on the screen.
  // Nor is what is not displayed at all (display: none: a closed date picker's "Selected Date: …"),
  // which neither the eye nor a screen reader meets.
  document.querySelectorAll('*').forEach((e) => {
    const style = getComputedStyle(e);
    if (style.fontFamily.includes('Material')) e.setAttribute('data-icon-font', '');
    if (style.display === 'none') e.setAttribute('data-not-displayed', '');
  });
  const copy = document.body.cloneNode(true);
  // Command lines shown as code (the admin page's `python -m access grant …`) are code, not words.
  copy.querySelectorAll('[data-icon-font], [data-not-displayed], [data-testid="stSkipToContent"], script, style, noscript, code').forEach((e) => e.remove());
  const svg = [...document.querySelectorAll('.main-svg text')].map((e) => e.textContent).join(' ');
  return copy.innerText + ' ' + svg;
}"""
OFF_HOST_LINKS = """() => [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') || '')
  .filter((h) => /^(https?:)?\\/\\//i.test(h) && !h.includes('127.0.0.1') && !h.includes('localhost'))"""


def _english_words(text: str) -> set[str]:
    """Words of Latin letters standing alone; letters inside an identifier (GP01388, a red-list item's
    number) are part of the number, not English."""
    return {w for w in re.findall(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])", text) if w not in ALLOWED_WORDS}


def _check(frame_or_page, shot_page, name: str) -> None:
    assert frame_or_page.evaluate(CUT_IN_CARDS) == [], name
    assert _english_words(frame_or_page.evaluate(READABLE_TEXT)) == set(), name
    assert frame_or_page.evaluate(OFF_HOST_LINKS) == [], name
    assert not frame_or_page.locator("[data-testid='stException']").count(), name
    screenshot(shot_page, name)


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("page_name", PAGES)
def test_each_page_on_a_1366_laptop(app_url, laptop, page_name):
    laptop.goto(f"{app_url}/{page_name}?district=110105")
    wait_for_app(laptop)
    time.sleep(1.5)
    _check(laptop, laptop, f"laptop_1366_{page_name}")


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The office portal: a page of its own with the dashboard in an 1100-px iframe."""
    folder: Path = tmp_path_factory.mktemp("portal")
    port = free_port()
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.mark.parametrize("page_name", PAGES)
def test_each_page_in_the_portals_1100_px_iframe(app_url, browser, portal, page_name):
    folder, base = portal
    (folder / f"{page_name}.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>门户</title><body style='margin:0'>"
        "<div style='height:40px'>首都文明办内网门户</div>"
        f"<iframe id='board' src='{app_url}/{page_name}?embed=true&district=110105' width='1100' height='720' "
        "style='border:1px solid #999'></iframe>",
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{base}/{page_name}.html")
        frame = page.frame_locator("#board")
        frame.locator("[data-testid='stMain']").wait_for(timeout=60_000)
        inner = page.frames[1]
        wait_for_app(inner)
        time.sleep(1.5)
        _check(inner, page, f"iframe_1100_{page_name}")
    finally:
        context.close()


@pytest.mark.parametrize(("page_name", "title"), [("audit", "审计与授权"), ("warnings", "预警"), ("cases", "接诉即办")])
def test_a_deep_link_as_a_fresh_servers_first_request(warehouse_path, laptop, page_name, title):
    """A link opened as a new process's very first request runs its page in Streamlit's pages-directory
    mode, without the frame's gate: it must start again through the frame, not show Streamlit's English
    error (the admin page did, before any other page had been opened)."""
    with running_app(warehouse_path) as url:
        laptop.goto(f"{url}/{page_name}")
        wait_for_app(laptop)
        time.sleep(1.0)
        assert not laptop.locator("[data-testid='stException']").count()
        assert title in laptop.locator("[data-testid='stMain']").inner_text()
        _check(laptop, laptop, f"first_request_{page_name}")
