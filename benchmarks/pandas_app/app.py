"""The pandas way, for comparison: the same dashboard, its figures computed from DataFrames.

`streamlit run benchmarks/pandas_app/app.py` (with DASHBOARD_WAREHOUSE) serves the six pages of
dashboard.py unchanged — same filters, charts, maps and tables — with one difference, the
common way of writing such apps: every table is read into pandas once and kept in memory
(`st.cache_resource`; `st.cache_data` would copy 20 million rows on every rerun), and each
figure is computed again on every rerun by filtering and grouping those frames
(benchmarks/pandas_app/compute.py). The warehouse's summary tables are never read.
"""

import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from benchmarks.pandas_app import compute, frames  # noqa: E402
from data import warehouse_path  # noqa: E402


@st.cache_resource(show_spinner="正在把数据读入内存……")
def _frames(path: str, mtime: float) -> frames.Frames:
    return frames.load(path)


def fetch(stamp: tuple[str, float], name: str, params: dict) -> "compute.pd.DataFrame":
    """ui.data.fetch, the pandas way: no SQL, no cached results, the figure computed now.
    Named queries the pandas way does not cover (none of them reads cases) come from SQL, and so does
    a record query for a reader whose scope is not the whole city: the pandas twins know no scope,
    and the benchmark's readers are 市级."""
    scope = params.get("scope")
    if name not in compute.QUERIES or (scope is not None and not scope.is_all):
        return _sql_fetch(stamp, name, params)
    path = warehouse_path()
    plain = {k: v for k, v in params.items() if k != "scope"}
    return compute.run(_frames(str(path), path.stat().st_mtime), name, **plain)


def _install() -> None:
    """Point the dashboard's data layer at the pandas version: every figure a page shows, drawn or
    not, is fetched through ui.data.fetch. Every chart, table and map is built again on each rerun,
    as the common way does. PANDAS_APP_CHART_CACHE=1 keeps our drawn-element caches instead, so that
    the two apps differ in their data layer alone (python -m benchmarks --pandas-chart-cache)."""
    global _sql_fetch
    import ui.data
    import ui.draw

    if ui.data.fetch is not fetch:
        _sql_fetch = ui.data.fetch
        ui.data.fetch = fetch
    ui.draw.CACHE_ELEMENTS = os.environ.get("PANDAS_APP_CHART_CACHE") == "1"


_sql_fetch = None
_Page = st.Page


def _page(page, **kwargs):
    """dashboard.py names pages relative to itself; this entry lives two folders down."""
    return _Page(ROOT / page if isinstance(page, str) else page, **kwargs)


_install()
st.Page = _page
runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
