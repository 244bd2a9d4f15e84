"""Time until a page is fully drawn in headless Chromium (Debian's, driven by Playwright).

Fully drawn: the script has finished (Streamlit's running indicator, `stStatusWidget`, is gone)
and every chart the server sent is on screen — each `stPlotlyChart` holds Plotly's drawn
`.main-svg`, each `stDeckGlJsonChart` holds deck.gl's `canvas` — counted against the charts
the websocket client saw the server send for that page. Timed from `page.goto` (cold: first
load after the server started; warm: a reload, i.e. a new session on a warm server, with the
browser's HTTP cache warm) to the first animation frame where that holds.
"""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.scenario import PAGES
from benchmarks.server import App

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DRAWN = """([plotly, deck]) => {
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    const drawn = (id, part) => [...document.querySelectorAll(`[data-testid="${id}"]`)].filter(e => e.querySelector(part)).length;
    return drawn('stPlotlyChart', '.main-svg') >= plotly && drawn('stDeckGlJsonChart', 'canvas') >= deck;
}"""


def _drawn_after(page, url: str | None, charts: dict, timeout_s: float) -> float:
    started = time.perf_counter()
    if url:
        page.goto(url, wait_until="commit")
    else:
        page.reload(wait_until="commit")
    page.wait_for_function(DRAWN, arg=[charts.get("plotly", 0), charts.get("deck", 0)], polling="raf", timeout=timeout_s * 1000)
    return time.perf_counter() - started


def measure(
    app_name: str,
    warehouse: Path,
    charts: dict[str, dict],
    runs: int,
    cold_runs: int,
    pages=PAGES,
    timeout_s: float = 300,
    log: Path | None = None,
) -> dict:
    """{"cold": {page: [s]}, "warm": {page: [s]}}; `charts` = the chart counts per page from server_side."""
    out = {"cold": {p: [] for p in pages}, "warm": {p: [] for p in pages}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for i in range(max(cold_runs, 1)):
                for page_name in pages:
                    with App(app_name, warehouse, log) as app:
                        context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
                        page = context.new_page()
                        cold = _drawn_after(page, f"{app.url}/{page_name}", charts[page_name], timeout_s)
                        if i < cold_runs:
                            out["cold"][page_name].append(cold)
                        if i == 0:
                            out["warm"][page_name] = [_drawn_after(page, None, charts[page_name], timeout_s) for _ in range(runs)]
                        context.close()
        finally:
            browser.close()
    return out
