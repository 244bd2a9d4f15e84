"""A failure the code did not foresee reads, to the user, as a short Chinese message with an incident
number, never as Streamlit's English error box (whose "Ask Google" links lead out of the intranet):
on a page, and on a slide, whose fragment reruns outside the page's own guard."""

from __future__ import annotations

import re

import pytest
from shown import shown
from test_pages import _demo_warehouse, _navigation_as_on_a_running_server, open_page  # noqa: F401 - fixtures

from ui import slides, targets

INCIDENT = re.compile(r"编号 \d{8}-\d{6}-[0-9a-f]{4}")


def _fail(*args, **kwargs):
    raise RuntimeError("an unforeseen fault")


def _chinese_errors(at) -> list[str]:
    return [shown(e.value) for e in at.error if "未能显示" in shown(e.value)]


def test_a_page_that_fails_says_so_in_chinese_with_an_incident_number(monkeypatch, caplog):
    monkeypatch.setattr(targets, "sentence", _fail)
    at = open_page("overview")
    assert not at.exception, "Streamlit's own error box was shown"
    errors = _chinese_errors(at)
    assert len(errors) == 1 and INCIDENT.search(errors[0]), errors
    number = INCIDENT.search(errors[0]).group(0).removeprefix("编号 ")
    assert any(number in record.getMessage() and record.exc_info for record in caplog.records), "the log has the traceback"


@pytest.mark.parametrize("district", [None, "110105"])
def test_a_slide_that_fails_says_so_in_chinese_and_keeps_the_bar(monkeypatch, district):
    monkeypatch.setattr(slides, "SLIDES", [(slides.SLIDES[0][0], _fail), *slides.SLIDES[1:]])
    link = {"mode": "briefing", "slide": "1"} | ({"district": district} if district else {})
    at = open_page("overview", **link)
    assert not at.exception, "Streamlit's own error box was shown"
    errors = _chinese_errors(at)
    assert len(errors) == 1 and INCIDENT.search(errors[0]), errors
    assert any("第 1 / " in m.value for m in at.markdown), "the slide bar (page count, 上一页/下一页) is still there"
