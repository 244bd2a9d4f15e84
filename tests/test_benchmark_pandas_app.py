"""The benchmark's comparison app (the pandas way) must stay runnable and do the same work.

It is only measured by `python -m benchmarks`, so without these a change to the pages (a new
named query, say) could break it unnoticed until the next benchmark run.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import parity
from benchmarks.scenario import PAGES
from tests.test_pages import ROOT, _demo_warehouse, _navigation_as_on_a_running_server  # noqa: F401


def test_every_figure_of_the_pandas_app_equals_the_named_query(warehouse_path):
    differences = {name: result for name, result in parity.check(warehouse_path).items() if any(result.values())}
    assert differences == {}


@pytest.mark.parametrize("page", PAGES)
def test_the_pandas_app_draws_every_page(page):
    at = AppTest.from_file(str(ROOT / "benchmarks" / "pandas_app" / "app.py"), default_timeout=120)
    at.switch_page(str(ROOT / "pages" / f"{page}.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) + len(at.get("deck_gl_json_chart")) >= 2
