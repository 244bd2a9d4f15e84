"""The benchmark's comparison app (the pandas way) must stay runnable and do the same work.

It is only measured by `python -m benchmarks`, so without these a change to the pages (a new
named query, say) could break it unnoticed until the next benchmark run.
"""

from __future__ import annotations

import sys

import pytest
from streamlit.testing.v1 import AppTest

import ui.cache
import ui.components
import ui.headlines
import ui.three_rates
from benchmarks import parity
from benchmarks.scenario import PAGES
from tests.test_pages import ROOT, _demo_warehouse, _navigation_as_on_a_running_server  # noqa: F401


def test_every_figure_of_the_pandas_app_equals_the_named_query(warehouse_path):
    differences = {name: result for name, result in parity.check(warehouse_path).items() if any(result.values())}
    assert differences == {}


@pytest.fixture(autouse=True)
def _data_layer_restored_afterwards(monkeypatch):
    """AppTest runs the pandas app in this process, and it swaps ui's query and drawing caches:
    put them back after each test, so that later tests draw pages from the SQL layer."""
    for name, module in list(sys.modules.items()):
        if name.startswith("ui.") and hasattr(module, "query"):
            monkeypatch.setattr(module, "query", module.query)
    for name in ("chart", "map_chart", "table"):
        monkeypatch.setattr(ui.cache, name, getattr(ui.cache, name))


@pytest.mark.parametrize("page", PAGES)
def test_the_pandas_app_draws_every_page(page):
    at = AppTest.from_file(str(ROOT / "benchmarks" / "pandas_app" / "app.py"), default_timeout=120)
    at.switch_page(str(ROOT / "pages" / f"{page}.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) + len(at.get("deck_gl_json_chart")) >= 2


def test_the_pandas_app_reads_no_sql_even_where_ui_imported_query_first():
    # ui.headlines and ui.three_rates are already imported here (as serve.py imports every ui
    # module before the app runs): their `from ui.data import query` must be swapped too.
    sql_query = ui.headlines.query
    at = AppTest.from_file(str(ROOT / "benchmarks" / "pandas_app" / "app.py"), default_timeout=120)
    at.switch_page(str(ROOT / "pages" / "overview.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    holders = {name: module for name, module in sys.modules.items() if name.startswith("ui.") and hasattr(module, "query")}
    assert {"ui.data", "ui.headlines", "ui.three_rates"} <= set(holders)
    assert all(module.query is not sql_query for module in holders.values()), [
        name for name, module in holders.items() if module.query is sql_query
    ]
    assert all(module.query.__doc__.startswith("ui.data.query, the pandas way") for module in holders.values())
    assert ui.cache.table is ui.components.table  # tables drawn again on every rerun too
