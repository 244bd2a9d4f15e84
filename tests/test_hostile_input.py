"""Issue 12's findings, each reproduced: hostile names from an import and hostile values in the
link are shown as text, never as markup; no link value crashes a page or floods it; exports stay
inert. (The browser test tests/browser/test_hostile_rendering.py checks the DOM and the network.)"""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pandas as pd
import pytest
from conftest import HOSTILE, HOSTILE_DISTRICT
from shown import shown
from test_pages import _demo_warehouse, _navigation_as_on_a_running_server, open_page  # noqa: F401 - fixtures

from ui import components, drilldown, slides, style, text

BEACON = "![x](http://203.0.113.9/beacon.png)"
PHISHING = "[请点此重新登录](http://evil.example/login)"


def _markdown_bodies(at) -> list[str]:
    """What the page wrote as markdown, warnings and captions: all of it, except the app's own
    stylesheet (ui.style.PAGE_STYLE, a constant that no data reaches)."""
    bodies = [m.value for m in at.markdown] + [w.value for w in at.warning] + [c.value for c in at.caption]
    return [body for body in bodies if body.strip() != style.PAGE_STYLE.strip()]


def _no_live_markup(bodies: list[str]) -> None:
    """No body holds markdown link, image or styling syntax, nor an HTML tag, outside a backslash escape."""
    for body in bodies:
        live = re.sub(r"\\.", "", body)  # what is left once every escaped character is taken out
        for syntax in ("](", ":red[", "<img", "<a ", "<form", "<style"):
            assert syntax not in live, (syntax, body[:200])


@pytest.fixture
def hostile(monkeypatch, hostile_warehouse_path):
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(hostile_warehouse_path))


# --- 1. stored HTML in the briefing -------------------------------------------------------------


def test_briefing_slide_shows_an_imported_category_as_text(hostile):
    volunteers = str([title for title, _ in slides.SLIDES].index("志愿服务") + 1)
    at = open_page("overview", mode="briefing", district=HOSTILE_DISTRICT, slide=volunteers, interval="600")
    assert not at.exception, [e.value for e in at.exception]
    headlines = [m.value for m in at.markdown if m.value.startswith("<div class='brief-headline'>")]
    assert len(headlines) == 1
    # The headline names the top category: the hostile text, escaped, inside our own markup.
    assert "&lt;img src=&quot;http" in headlines[0] and "203.0.113.9/b.png&quot;" in headlines[0]
    assert "<img" not in headlines[0] and "<a " not in headlines[0] and "<form" not in headlines[0]


# --- 2. markdown from the link, and imported names in sentences and headings ---------------------


@pytest.mark.parametrize("value", [BEACON, PHISHING, ":red[红字] **粗体**"])
@pytest.mark.parametrize("mode", ["page", "briefing"])
def test_a_bad_district_in_the_link_is_echoed_as_text(value, mode):
    link = {"district": value, **({"mode": "briefing"} if mode == "briefing" else {})}
    at = open_page("cases", **link)
    assert not at.exception
    notices = [w.value for w in at.warning if "无效" in shown(w.value)]
    assert len(notices) == 1 and value in shown(notices[0])
    _no_live_markup(notices)


def test_imported_names_in_sentences_are_text(hostile):
    at = open_page("villages", district=HOSTILE_DISTRICT, villages_agri_only="false")
    assert not at.exception
    sentence = next(shown(m.value) for m in at.markdown if "累计服务" in shown(m.value))
    assert HOSTILE in sentence
    _no_live_markup(_markdown_bodies(at))


# --- 7. crashes from plain use -----------------------------------------------------------------


def test_satisfaction_with_the_thirteen_agricultural_districts_draws_every_line():
    agricultural = ["110105", "110106", "110108", "110109", "110111", "110112", "110113"]
    agricultural += ["110114", "110115", "110116", "110117", "110118", "110119"]
    at = open_page("satisfaction", district=agricultural)
    assert not at.exception, [e.value for e in at.exception]
    survey = next(c for c in at.get("plotly_chart") if c.proto.id.endswith("-satisfaction_survey"))
    assert len([t for t in json.loads(survey.proto.spec)["data"] if t.get("mode", "").startswith("lines")]) == 14


@pytest.mark.parametrize(
    ("name", "value"),
    [("interval", "inf"), ("interval", "1e400"), ("interval", "nan"), ("slide", "²"), ("slide", "9" * 5000), ("slide", "0")],
)
def test_briefing_link_values_out_of_range_give_a_notice_not_an_error(name, value):
    at = open_page("overview", mode="briefing", **{name: value})
    assert not at.exception, [e.value for e in at.exception]
    notices = [shown(w.value) for w in at.warning if name in shown(w.value)]
    assert len(notices) == 1 and len(notices[0]) < 200
    assert any("第 1 / 11 页" in m.value for m in at.markdown) or name == "interval"


# --- 8. echoes and page options ----------------------------------------------------------------


def test_a_huge_link_value_is_echoed_cut_short():
    at = open_page("cases", district="x" * 100_000, **{"from": "y" * 100_000})
    assert not at.exception
    notices = [shown(w.value) for w in at.warning if "无效" in shown(w.value)]
    assert len(notices) == 2
    assert all(len(n) < 200 and "100,000 个字符" in n for n in notices), notices


def test_a_page_option_the_link_cannot_set_is_reset_with_a_notice():
    at = open_page("satisfaction", satisfaction_target="abc")
    assert not at.exception
    assert at.number_input(key="satisfaction_target").value == 97.0
    assert any("目标线" in shown(w.value) and "abc" in shown(w.value) for w in at.warning)


def test_a_valid_page_option_in_the_link_is_taken_without_a_notice():
    at = open_page("satisfaction", satisfaction_target="96.5")
    assert at.number_input(key="satisfaction_target").value == 96.5
    assert not [w for w in at.warning if "目标线" in shown(w.value)]


def test_xlsx_exports_hold_urls_and_formulas_as_plain_text():
    frame = pd.DataFrame({"名称": ["http://evil.example/login", '=HYPERLINK("http://evil.example")', "www.evil.example"]})
    book = openpyxl.load_workbook(io.BytesIO(components._xlsx(frame)))
    sheet = book.worksheets[0]
    # Row 1 is the export's title line (ui.exports), row 2 the header: the data starts in row 3.
    cells = [sheet.cell(row=i, column=1) for i in range(3, 6)]
    assert [c.value for c in cells] == frame["名称"].tolist()
    assert all(c.hyperlink is None and c.data_type == "s" for c in cells)


# --- the drill-down search (issue 13's crash), with hostile and ordinary values -----------------


@pytest.mark.parametrize("typed", ["", "停车", "100%", "a_b", "'; drop table cases; --", "<b>x</b>", "x" * 10_000, "（", "\\"])
def test_search_takes_any_text_and_empty_cells(typed):
    frame = pd.DataFrame({"name": ["停车秩序 100% a_b", None, "<b>x</b>"], "score": [91.5, float("nan"), None]})
    found = drilldown.search(frame, typed)
    assert set(found.index) <= set(frame.index)
    if typed == "停车":
        assert found.index.tolist() == [0]
    if typed == "":
        assert len(found) == 3


def test_markup_helpers_are_what_pages_use():
    assert text.md(HOSTILE).count("\\<") == HOSTILE.count("<")


# --- every multi-select at its full size ---------------------------------------------------------

ALL_DISTRICTS = ["110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111"]
ALL_DISTRICTS += ["110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119"]


@pytest.mark.parametrize("page", ["overview", "cases", "satisfaction", "alleys", "villages", "districts"])
def test_every_page_takes_every_district_and_every_option_at_once(page):
    """The sidebar's 16 districts, all three sources and all four village layers chosen together:
    the 13 涉农区 button once raised StopIteration (a palette of 8 colours)."""
    at = open_page(page, district=ALL_DISTRICTS)
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="filter_districts").value == ALL_DISTRICTS
    if page == "cases":
        at.pills(key="cases_sources_filter").set_value(["hotline", "grid", "spot_check"]).run()
    if page == "villages":
        at.toggle(key="villages_agri_only").set_value(False).run()
        at.pills(key="villages_layers").set_value(
            ["has_rules", "has_history_room", "has_video_screen", "missing_history_room"]
        ).run()
    assert not at.exception, [e.value for e in at.exception]
    if page == "satisfaction":  # a line for each chosen district, colours repeating past eight
        survey = next(c for c in at.get("plotly_chart") if c.proto.id.endswith("-satisfaction_survey"))
        assert len([t for t in json.loads(survey.proto.spec)["data"] if t.get("mode", "").startswith("lines")]) == 17
