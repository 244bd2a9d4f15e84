"""Every page and every slide, drawn in Chromium from a warehouse whose imported names are
hostile markup and opened with hostile values in every link parameter: nothing from the input
becomes an element, an attribute or a style in the page, and no request leaves the machine."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.browser.conftest import running_app, screenshot, wait_for_app
from tests.conftest import HOSTILE, HOSTILE_DISTRICT, HOSTILE_HTML, HOSTILE_MARKDOWN
from ui import slides

PAGES = ["overview", "cases", "satisfaction", "alleys", "villages", "districts", "closed_loop"]
# Each page's own options (keys bound to the link) get a hostile value too.
PAGE_OPTIONS = [
    "overview_measure",
    "cases_rate",
    "cases_sources_filter",
    "cases_list_street",
    "cases_list_sub",
    "satisfaction_target",
    "satisfaction_multiples",
    "alleys_red_view",
    "loop_view",
    "villages_agri_only",
    "villages_layers",
    "districts_rank_measure",
    "districts_multiple_measure",
    "districts_group_measure",
]

# What the input would have become had it been rendered: counted in the live DOM.
FOUND_IN_DOM = r"""() => {
  const count = (selector) => document.querySelectorAll(selector).length;
  const holding = (selector, marker) =>
    [...document.querySelectorAll(selector)].filter((e) => e.textContent.includes(marker)).length;
  return {
    attributes: count('[data-hostile]'),
    // Any link to another host, HTML or SVG (Plotly draws <a xlink:href>), autolinks included.
    links: [...document.querySelectorAll('a')].filter((a) => {
      const target = a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '';
      return /^(https?:)?\/\//i.test(target) && !target.includes('127.0.0.1') && !target.includes('localhost');
    }).length,
    forms: count('form[action*="evil.example"]') + count('input[name="pw"]'),
    images: count('img[src*="203.0.113.9"]') + count('image[*|href*="203.0.113.9"]'),
    styles: [...document.querySelectorAll('style')].filter((e) => e.textContent.includes('hostile-style')).length,
    coloured: holding('[class*="olored"], span[style*="color"]', 'HOSTILE_RED'),
    bold: [...document.querySelectorAll('strong, b')].filter((e) => e.textContent.trim() === 'HOSTILE_BOLD').length,
  };
}"""


@pytest.fixture(scope="module")
def hostile_app(hostile_warehouse_path):
    with running_app(hostile_warehouse_path) as url:
        yield url


def _assert_inert(watched, shot: str) -> None:
    page = watched.page
    wait_for_app(page)
    found = page.evaluate(FOUND_IN_DOM)
    screenshot(page, shot)
    assert found == dict.fromkeys(found, 0), found
    assert not page.locator("[data-testid='stException']").count()
    assert watched.outside_requests() == []


def _hostile_link(page_options: bool) -> str:
    params = [("district", HOSTILE_DISTRICT), ("district", HOSTILE_MARKDOWN), ("from", HOSTILE_HTML), ("to", HOSTILE)]
    if page_options:
        params += [(key, HOSTILE) for key in PAGE_OPTIONS]
    return urlencode(params)


@pytest.mark.parametrize("name", PAGES)
def test_page_with_hostile_names_and_link_values_shows_them_as_text(hostile_app, watched, name):
    watched.page.goto(f"{hostile_app}/{name}?{_hostile_link(page_options=True)}")
    _assert_inert(watched, f"hostile_{name}")
    # The names are there, as text: the page did not just leave them out.
    if name == "villages":  # the volunteer sentence names the largest (hostile) category
        assert "HOSTILE_BOLD" in watched.page.locator("[data-testid='stMain']").inner_text()


SLIDE_TITLES = [title for title, _ in slides.SLIDES]


@pytest.mark.parametrize("slide", range(1, len(SLIDE_TITLES) + 1))
def test_slide_with_hostile_names_shows_them_as_text(hostile_app, watched, slide):
    watched.page.goto(f"{hostile_app}/?mode=briefing&interval=600&slide={slide}&{_hostile_link(page_options=False)}")
    _assert_inert(watched, f"hostile_slide{slide}")
    if SLIDE_TITLES[slide - 1] == "志愿服务":  # the headline names the largest service category: the hostile one, as text
        assert "HOSTILE_BOLD" in watched.page.locator(".brief-headline").inner_text()


def test_hostile_markup_is_what_the_fixture_planted():
    assert HOSTILE.startswith("<img") and "](" in HOSTILE
