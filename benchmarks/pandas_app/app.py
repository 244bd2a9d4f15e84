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


def query(name: str, **params) -> "compute.pd.DataFrame":
    """ui.data.query, the pandas way: no SQL, no cached results, the figure computed now."""
    path = warehouse_path()
    bound = {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}
    return compute.run(_frames(str(path), path.stat().st_mtime), name, **bound)


def _install() -> None:
    """Point every module that imported ui.data.query at the pandas version.

    All of them, found in sys.modules: serve.py imports every ui module before this runs, so a
    module that did `from ui.data import query` holds the SQL version whatever the order."""
    import ui.cache
    import ui.components
    import ui.data

    sql_query = ui.data.query
    for name, module in list(sys.modules.items()):
        if name.startswith("ui.") and getattr(module, "query", None) is sql_query:
            module.query = query
    # Every chart and table built again on each rerun, as the common way does; map decks stay
    # cached by their frames (ui.cache.deck), as they were before drawn charts and maps were cached.
    # PANDAS_APP_CHART_CACHE=1 keeps our drawn-element caches instead, so that the two apps differ
    # in their data layer alone (python -m benchmarks --pandas-chart-cache).
    if os.environ.get("PANDAS_APP_CHART_CACHE") != "1":
        ui.cache.chart = ui.cache.draw_chart
        ui.cache.map_chart = _map_from_cached_deck
        ui.cache.table = ui.components.table


def _map_from_cached_deck(builder: str, *args, key: str, height: int, **kwargs) -> None:
    import ui.cache

    st.pydeck_chart(ui.cache.deck(builder, *args, **kwargs), height=height, key=key)


_Page = st.Page


def _page(page, **kwargs):
    """dashboard.py names pages relative to itself; this entry lives two folders down."""
    return _Page(ROOT / page if isinstance(page, str) else page, **kwargs)


_install()
st.Page = _page
runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
