"""Each headline figure reads the same on 总览, on the briefing's slide and in the 简报 (issue 12).

For 2023 Q3 (the link's from=2023-07&to=2023-09, the brief's --period 2023Q3) the overview's cards
and the slides are opened with AppTest as a link opens them, and the city brief is generated from
the same warehouse. Each figure is read where a reader reads it: the card's value and change, the
slide's big number and the line under it, the brief's sentences and its table's 全市 row.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from docx import Document
from streamlit.runtime.pages_manager import PagesManager
from test_pages import _ORIGINAL_PAGES_MANAGER_INIT, open_page

from access import identity
from reports import brief
from ui import slides

PERIOD = {"from": "2023-07", "to": "2023-09"}
_FIGURE = re.compile(
    r"<div class='brief-figure'><div class='brief-value'>(?P<value>.*?)</div>"
    r"<div class='brief-label'>(?P<label>.*?)</div><div class='brief-change'>(?P<change>.*?)</div></div>"
)


def _slide_number(title: str) -> int:
    return [name for name, _ in slides.SLIDES].index(title) + 1


@pytest.fixture(scope="module")
def app(warehouse_path):
    """The app on the session's warehouse, navigating as on a running server and signed in as the
    laptop demo's user (as tests/test_pages.py and conftest set it up per test; here once, for the
    module's pages, which are opened before any test's own fixtures run)."""

    def init(self, *args, **kwargs):
        _ORIGINAL_PAGES_MANAGER_INIT(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_path))
        patch.setattr(PagesManager, "__init__", init)
        patch.setattr(identity, "current", lambda: identity.Result(identity.Status.SIGNED_IN, identity.LOCAL_USER))
        yield


@pytest.fixture(scope="module")
def overview(app) -> dict[str, tuple[str, str]]:
    """The overview's cards for the quarter: label -> (value, change)."""
    at = open_page("overview", **PERIOD)
    assert not at.exception, [e.value for e in at.exception]
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


@pytest.fixture(scope="module")
def slide_figures(app) -> dict[str, tuple[str, str]]:
    """Every slide's big numbers for the quarter: label -> (value, the line under it)."""
    found: dict[str, tuple[str, str]] = {}
    for title in ("群众满意度", "专项整治成效", "三率", "背街小巷", "挂牌督办", "乡村振兴", "志愿服务"):
        at = open_page("overview", mode="briefing", slide=str(_slide_number(title)), interval="600", **PERIOD)
        assert not at.exception, (title, [e.value for e in at.exception])
        for markdown in at.markdown:
            for match in _FIGURE.finditer(markdown.value):
                found[html.unescape(match["label"])] = (html.unescape(match["value"]), html.unescape(match["change"]))
    return found


@pytest.fixture(scope="module")
def brief_text(con) -> tuple[str, dict[str, str]]:
    """The city brief for 2023 Q3: its paragraphs, and its table's 全市 row (header -> cell)."""
    document = Document(io.BytesIO(brief.generate(con, "2023Q3", with_charts=False).docx))
    appendix = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    return "\n".join(p.text for p in document.paragraphs), dict(zip(appendix[0], appendix[-1], strict=True))


def test_the_survey_and_its_gain_since_2020(overview, slide_figures, brief_text):
    text, city_row = brief_text
    value, gain = overview["群众对创建成效的满意度"]
    slide_value, slide_change = slide_figures["群众对创建成效的满意度"]
    assert value == slide_value == city_row["群众满意度"] == "97.35%"
    assert f"升至 {value}" in text and f"上升到2023年三季度的 {value}" in text
    # The card writes the gain as a change (+5.65 个百分点), the slide and the brief in words.
    since = slide_change.split("，", 1)[1]
    assert since == "较2020年提高 5.65 个百分点"
    assert gain == "+5.65 个百分点" and gain.removeprefix("+") in since
    assert since in text


def test_the_campaigns_effect(overview, slide_figures, brief_text):
    text, _ = brief_text
    value, _ = overview["专项整治问题热线受理量"]
    assert value == slide_figures["专项整治目标问题 12345 受理量，对比上年同期"][0] == "-30.6%"
    assert f"下降 {value.removeprefix('-')}" in text
    others = slide_figures["专项整治目标问题 12345 受理量，对比上年同期"][1].removeprefix("未列入行动的问题 ")
    assert f"同期未列入行动的问题{'上升' if others.startswith('+') else '下降'} {others[1:]}" in text


@pytest.mark.parametrize(
    "label, in_the_brief",
    [
        ("背街小巷", "{}背街小巷"),
        ("首都文明街巷", "首都文明街巷 {}"),
        ("挂牌督办在办", "挂牌督办在办 {}"),
        ("乡情村史陈列室", "乡情村史陈列室 {}"),
        ("精神文明宣传视屏", "精神文明宣传视屏 {}"),
        ("志愿服务项目", "志愿服务项目 {}"),
    ],
)
def test_the_counts(overview, slide_figures, brief_text, label, in_the_brief):
    text, _ = brief_text
    value = overview[label][0]
    assert value == slide_figures[label][0]
    assert in_the_brief.format(value) in text, (label, value)


def test_the_12345_satisfaction_rate_and_its_change_on_a_year_before(overview, slide_figures, brief_text):
    text, city_row = brief_text
    value, change = overview["12345 满意率"]
    slide_value, slide_change = slide_figures["12345 满意率"]
    assert value == slide_value == city_row["12345 满意率"]
    assert f"12345 满意率 {value}" in text
    assert slide_change.startswith("同比") and change.lstrip("+-") in slide_change
    assert f"满意率{slide_change}" in text
