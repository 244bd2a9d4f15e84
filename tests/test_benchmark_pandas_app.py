"""The benchmark's comparison app (the pandas way) must stay runnable and do the same work.

It is only measured by `python -m benchmarks`, so without these a change to the pages (a new
named query, say) could break it unnoticed until the next benchmark run.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui.data
import ui.draw
from benchmarks import parity
from benchmarks.pandas_app import compute
from benchmarks.scenario import TWINNED_PAGES
from tests.test_pages import ROOT, _demo_warehouse, _navigation_as_on_a_running_server  # noqa: F401


def test_every_figure_of_the_pandas_app_equals_the_named_query(warehouse_path):
    differences = {name: result for name, result in parity.check(warehouse_path).items() if any(result.values())}
    assert differences == {}


@pytest.fixture(autouse=True)
def _data_layer_restored_afterwards(monkeypatch):
    """AppTest runs the pandas app in this process, and it swaps ui's data layer and drawing cache:
    put them back after each test, so that later tests draw pages from the SQL layer."""
    monkeypatch.setattr(ui.data, "fetch", ui.data.fetch)
    monkeypatch.setattr(ui.draw, "CACHE_ELEMENTS", ui.draw.CACHE_ELEMENTS)


@pytest.mark.parametrize("page", TWINNED_PAGES)
def test_the_pandas_app_draws_every_page(page):
    at = AppTest.from_file(str(ROOT / "benchmarks" / "pandas_app" / "app.py"), default_timeout=120)
    at.switch_page(str(ROOT / "pages" / f"{page}.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) + len(at.get("deck_gl_json_chart")) >= 2


def test_the_pandas_app_computes_the_case_figures_itself(monkeypatch):
    """Every named query a case page asks for is computed the pandas way, not read from SQL: the
    comparison of issue 6 holds only if the pandas app does the case work itself."""
    asked: list[str] = []
    real_run = compute.run
    monkeypatch.setattr(compute, "run", lambda f, name, **params: (asked.append(name), real_run(f, name, **params))[1])
    at = AppTest.from_file(str(ROOT / "benchmarks" / "pandas_app" / "app.py"), default_timeout=120)
    at.switch_page(str(ROOT / "pages" / "cases.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert ui.data.fetch.__doc__.startswith("ui.data.fetch, the pandas way")
    assert ui.draw.CACHE_ELEMENTS is False  # charts built again on every rerun too
    case_queries = {"area_rates", "rates_by_month", "cases_by_month_source", "category_mix", "category_totals"}
    case_queries |= {"campaign_effect", "campaign_monthly", "case_density_hex", "street_measures", "district_measures"}
    assert case_queries <= set(asked), case_queries - set(asked)
