"""Server-side page times of one app: cold, warm and after a filter change, and its memory.

cold    the page opened first thing after `streamlit run` started, caches empty: a new server
        per sample (imports, connection, every query and chart built for the first time).
warm    the same page rerun in the same session (what a user waits for after any click that
        leaves the filters alone), `runs` samples after the first visit.
filter  another district, then another period, in that session (see scenario.py).
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.client import Session
from benchmarks.scenario import PAGES, Scenario
from benchmarks.server import App


def cold(app_name: str, warehouse: Path, runs: int, pages=PAGES, log: Path | None = None) -> dict:
    out = {page: [] for page in pages}
    peaks = []
    for _ in range(runs):
        for page in pages:
            with App(app_name, warehouse, log) as app, Session(app.port) as session:
                out[page].append(session.open(page).seconds)
                peaks.append(app.peak_rss_mb())
    return {"cold": out, "cold_peak_rss_mb": max(peaks) if peaks else None}


def warm_and_filters(app_name: str, warehouse: Path, runs: int, pages=PAGES, log: Path | None = None) -> dict:
    """One server visits every page: first visit, `runs` warm reruns, `runs` district and period changes."""
    scenario = Scenario(warehouse)
    result = {"first_visit": {}, "warm": {}, "filter_district": {}, "filter_period": {}, "charts": {}, "bytes": {}}
    with App(app_name, warehouse, log) as app:
        started = time.perf_counter()
        for p, page in enumerate(pages):
            with Session(app.port) as session:
                first = session.open(page)
                result["first_visit"][page] = first.seconds
                result["charts"][page] = first.charts
                warm = [session.rerun() for _ in range(runs)]
                result["warm"][page] = [r.seconds for r in warm]
                result["bytes"][page] = {"first": first.bytes_received, "warm": warm[-1].bytes_received}
                districts, periods = [], []
                for i in range(runs):
                    change = scenario.change(p * runs + i)
                    districts.append(session.change(filter_districts=[change.district]).seconds)
                    periods.append(session.change(filter_period=list(change.period)).seconds)
                result["filter_district"][page] = districts
                result["filter_period"][page] = periods
        result["seconds"] = time.perf_counter() - started
        result["peak_rss_mb"] = app.peak_rss_mb()
        result["rss_mb"] = app.rss_mb()
    return result
