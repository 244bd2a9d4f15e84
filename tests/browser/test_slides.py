"""The briefing as a slide deck on a meeting-room projector (issue 13, "The projector"), in Chromium.

For every slide at 1280×720 and 1920×1080 (and a smoke pass at 3840×2160): nothing below the fold or
cut (no scrolling container overflows; the headline, the rank line, the figures, each chart and map
lie inside the window), the control bar is slim and covers none of them, chart type is at least
24 px at 1920×1080 (the computed size of the SVG text), no two tick labels of an axis overlap and a
chart's title, subtitle and legend keep apart,
and with a district in the link every slide names it and says its place ("第 N 位"). Screenshots
of every slide at every size go to test-output/screens/ for people to look at.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import screenshot, wait_for_app
from ui import slides

SLIDE_COUNT = len(slides.SLIDES)
BAR_SHARE = 0.06  # the control bar's height, at most, as a share of the window's
MIN_CHART_TEXT = 24  # px at 1920×1080, from the back of the room
DISTRICT, DISTRICT_NAME = "110105", "朝阳"

# Boxes that must lie inside the window and clear of the control bar.
_BOXES = """() => {
  const boxes = [];
  const add = (kind, el) => { const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) boxes.push({kind, top: r.top, bottom: r.bottom, left: r.left, right: r.right}); };
  document.querySelectorAll('.brief-headline, .brief-rank, .brief-figure, .brief-cover-line, .brief-cover-title')
    .forEach(el => add(el.className.split(' ')[0], el));
  document.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]').forEach(el => add('chart', el));
  const bar = document.querySelector('.st-key-brief-bar').getBoundingClientRect();
  const demo = document.querySelector('.brief-demo');
  const d = demo && demo.getBoundingClientRect();
  // Every container that scrolls, and by how much its content is taller or wider than it.
  const overflowing = [...document.querySelectorAll('*')].filter(el => {
    const style = getComputedStyle(el);
    const scrolls = /(auto|scroll)/.test(style.overflowY + style.overflowX) || el === document.scrollingElement;
    return scrolls && el.clientHeight > 2 && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
  }).map(el => `${el.tagName}.${el.getAttribute('data-testid') || el.className}: ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
  // Text cut inside its own box (the headline and the rank line never scroll; they must fit).
  const cut = [...document.querySelectorAll('.brief-headline, .brief-rank, .brief-footer')]
    .filter(el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
    .map(el => el.className + ': ' + el.innerText.slice(0, 40));
  return {boxes, bar: {top: bar.top, bottom: bar.bottom, height: bar.height},
          demo: d ? {top: d.top, bottom: d.bottom, visible: getComputedStyle(demo).visibility === 'visible'} : null,
          overflowing, cut, width: innerWidth, height: innerHeight,
          scrollHeight: document.documentElement.scrollHeight};
}"""

# Every text Plotly drew, with its computed size, and each axis' tick labels' boxes.
_CHART_TEXT = """() => {
  const texts = [...document.querySelectorAll('.main-svg text')].filter(t => t.textContent.trim())
    .map(t => ({text: t.textContent.slice(0, 30), size: parseFloat(getComputedStyle(t).fontSize)}));
  const overlaps = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, p) => {
    const byAxis = {};
    plot.querySelectorAll('g[class$="tick"] > text').forEach(t => {
      if (!t.textContent.trim()) return;
      const axis = t.parentNode.getAttribute('class');
      (byAxis[axis] = byAxis[axis] || []).push({text: t.textContent, box: t.getBoundingClientRect()});
    });
    // The title, its subtitle and the legend each in their own band.
    const box = s => { const e = plot.querySelector(s); return e && e.textContent.trim() ? e.getBoundingClientRect() : null; };
    const bands = [['title', box('.gtitle')], ['subtitle', box('.gtitle-subtitle')], ['legend', box('.legend')]].filter(b => b[1]);
    for (let i = 0; i + 1 < bands.length; i++)
      if (bands[i][1].bottom > bands[i + 1][1].top + 1) overlaps.push(`chart ${p}: ${bands[i][0]} runs into ${bands[i + 1][0]}`);
    for (const [axis, ticks] of Object.entries(byAxis)) {
      for (let i = 0; i < ticks.length; i++) for (let j = i + 1; j < ticks.length; j++) {
        const a = ticks[i].box, b = ticks[j].box;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
          overlaps.push(`chart ${p} ${axis}: "${ticks[i].text}" / "${ticks[j].text}"`);
      }
    }
  });
  return {texts, overlaps};
}"""


def _footer(page) -> str:
    return page.locator(".brief-footer").last.inner_text()


def _settle(page, number: int) -> None:
    """Until slide `number` is up, its script run over, and every chart drawn."""
    deadline = time.time() + 60
    while f"第 {number} / {SLIDE_COUNT} 页" not in _footer(page):
        assert time.time() < deadline, f"slide {number} never came up: {_footer(page)!r}"
        time.sleep(0.2)
    wait_for_app(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')].every(el => el.querySelector('.main-svg text'))",
        timeout=30_000,
    )
    time.sleep(0.4)  # Plotly's last layout pass after the first paint


def _check(page, name: str, district: bool, chart_text: bool) -> list[str]:
    """Every fault on the slide on screen, as sentences (an empty list: the slide is right)."""
    faults = []
    layout = page.evaluate(_BOXES)
    width, height = layout["width"], layout["height"]
    if layout["scrollHeight"] > height:
        faults.append(f"the page is {layout['scrollHeight']} px tall in a {height}-px window")
    faults += [f"scrolls: {o}" for o in layout["overflowing"]]
    faults += [f"cut: {c}" for c in layout["cut"]]
    bar = layout["bar"]
    if bar["height"] > BAR_SHARE * height + 0.5 or bar["bottom"] > height + 0.5:
        faults.append(f"the control bar is {bar['height']:.0f} px high, at {bar['top']:.0f}–{bar['bottom']:.0f}")
    for box in layout["boxes"]:
        where = f"{box['kind']} at {box['left']:.0f},{box['top']:.0f}–{box['right']:.0f},{box['bottom']:.0f}"
        if box["top"] < -0.5 or box["left"] < -0.5 or box["right"] > width + 0.5 or box["bottom"] > height + 0.5:
            faults.append(f"{where} is outside the {width}×{height} window")
        elif box["bottom"] > bar["top"] + 0.5:
            faults.append(f"{where} runs under the control bar (top {bar['top']:.0f})")
    demo = layout["demo"]
    if not demo or not demo["visible"] or demo["bottom"] > height + 0.5:
        faults.append("the 示例数据 mark is not on screen")
    drawn = page.evaluate(_CHART_TEXT)
    faults += [f"labels overlap: {o}" for o in drawn["overlaps"]]
    if chart_text:  # the size is checked where it is specified, at 1920×1080
        small = sorted({f"{t['text']!r} {t['size']}px" for t in drawn["texts"] if t["size"] < MIN_CHART_TEXT})
        faults += [f"chart text under {MIN_CHART_TEXT} px: {s}" for s in small]
    if district:
        shown = page.locator("[data-testid='stMain']").inner_text()
        if DISTRICT_NAME not in shown:
            faults.append(f"{DISTRICT_NAME} is not named")
        if not re.search(r"第 \d+ 位", shown):
            faults.append("no place among the sixteen (第 N 位)")
    return [f"{name}: {fault}" for fault in faults]


def _walk(page, app_url: str, size: tuple[int, int], link: str, label: str, chart_text: bool) -> list[str]:
    """Every slide in turn, as a presenter moves with →, each checked and photographed."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?mode=briefing&interval=600&slide=1{link}")
    faults = []
    for number in range(1, SLIDE_COUNT + 1):
        if number > 1:
            page.keyboard.press("ArrowRight")
        _settle(page, number)
        name = f"slides_{label}_{width}x{height}_{number:02d}"
        screenshot(page, name)
        faults += _check(page, name, district=bool(link), chart_text=chart_text)
    return faults


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_every_slide_fills_the_screen_without_overflow(app_url, watched, size):
    faults = _walk(watched.page, app_url, size, "", "city", chart_text=size == (1920, 1080))
    assert faults == []
    assert watched.outside_requests() == []
    assert watched.errors == []


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_with_a_district_every_slide_names_it_and_its_place(app_url, watched, size):
    faults = _walk(watched.page, app_url, size, f"&district={DISTRICT}", "district", chart_text=size == (1920, 1080))
    assert faults == []
    assert watched.errors == []


def test_a_4k_screen_gets_the_same_slides_scaled_up(app_url, watched):
    """A smoke pass at 3840×2160: everything fits, and the type has grown with the screen."""
    page = watched.page
    faults = _walk(page, app_url, (3840, 2160), f"&district={DISTRICT}", "district", chart_text=False)
    assert faults == []
    sizes = [t["size"] for t in page.evaluate(_CHART_TEXT)["texts"]]
    assert sizes and min(sizes) >= 2 * MIN_CHART_TEXT - 1


def test_notices_about_the_link_float_over_the_slide_and_stay_up(app_url, watched):
    """A bad interval, slide and district each get a notice; they stay once the window's size has
    redrawn the slide, and push nothing off the screen."""
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?mode=briefing&interval=abc&slide=99&district=999999")
    _settle(page, 1)
    time.sleep(1.5)  # the window's size has arrived and the slide been redrawn by now
    notices = page.locator("[data-testid='stAlert']").all_inner_texts()
    assert len(notices) == 3, notices
    assert any("interval=abc" in n for n in notices) and any("slide=99" in n for n in notices)
    assert any("999999" in n for n in notices)
    assert _check(page, "notices", district=False, chart_text=False) == []


def test_the_bar_follows_a_window_resized_during_the_briefing(app_url, watched):
    """Opened on a laptop and then put on the projector: the slide is redrawn for the new window."""
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?mode=briefing&interval=600&slide=4")
    _settle(page, 4)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_function(
        "() => { const c = document.querySelector('[data-testid=\"stPlotlyChart\"] .main-svg');"
        " return c && c.getBoundingClientRect().height > 1080 * 0.7; }",
        timeout=30_000,
    )
    _settle(page, 4)
    assert _check(page, "resized", district=False, chart_text=True) == []
