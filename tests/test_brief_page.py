"""The 简报 page: a quarter and a district picked, the draft generated, the downloads offered.

Runs the whole app (dashboard.py) with Streamlit's AppTest on the session's demo warehouse. The
charts are left out here (BROWSER_PATH points nowhere), which also checks that the page still
gives a brief, and says why, when Chromium cannot draw; tests/test_brief.py checks the charts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shown import shown
from streamlit.testing.v1 import AppTest

from queries.settings import settings

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")


@pytest.fixture
def app(warehouse_path, monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_path))
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    at.switch_page("pages/brief.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_page_offers_the_latest_quarter_and_the_city(app):
    assert app.title[0].value == "简报"
    quarter, scope = app.selectbox
    assert quarter.value.code == "2023Q3"
    assert scope.value == ""  # the whole city, as no single district is chosen in the sidebar
    assert any("生成简报" in info.value for info in app.info)
    # The targets offered are the office's configured ones (config/targets.toml).
    targets = settings().targets
    assert [n.value for n in app.number_input][2:] == [targets["survey_satisfaction"].target, targets["resolution_rate"].target]


def test_generating_a_district_brief(app):
    app.selectbox[1].set_value("110105").run()
    app.number_input[0].set_value(16).run()
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert shown(app.subheader[0].value).startswith("朝阳区 2023年三季度“创城+”工作")
    assert any("未找到 Chromium" in shown(w.value) or "不是可执行文件" in shown(w.value) for w in app.warning), (
        "says why there are no charts"
    )
    markdown = "\n".join(shown(m.value) for m in app.markdown)
    assert "一、“创城+热线+网格”" in markdown and "在 16 个区中排名" in markdown
    # What the page shows is the brief's own text, figures written as everywhere else.
    assert "朝阳区挂牌督办在办" in markdown and "12345 满意率" in markdown
    _, result = app.session_state["brief_result"]
    assert result.file_stem == "首都精神文明建设情况简报_2023Q3_朝阳区"
    assert result.brief.issue_no == "第 16 期"
    assert result.docx[:2] == b"PK"
