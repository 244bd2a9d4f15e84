"""Briefing mode (`?mode=briefing`): a 16:9 slide deck for a meeting-room projector, advancing by itself.

`interval` (seconds) sets the pace; the presenter moves with the buttons or the ← → keys and
pauses with the space bar. The link's district and period apply to every slide; `slide`
in the link is the slide shown, so a reload keeps the place.

Every slide fills the screen it is shown on, 1280×720 to 3840×2160, with nothing below the fold:
type is sized in `--u`, one px of a 1920×1080 screen scaled to this one, and a chart's height and
type (drawn in px by Plotly) come from the window's size, which a small script reports from the
browser (`_viewport`; the slide is redrawn when it changes). The controls sit in a slim bar fixed
at the bottom, under the slide; notices about the link float over the top right and fade.
"""

from __future__ import annotations

import time

import streamlit as st

from ui import errors, labels, link_params, slides, text
from ui.filters import Filters

DEFAULT_INTERVAL = 20
MIN_INTERVAL, MAX_INTERVAL = 3, 600

_INDEX, _CHANGED, _PAUSED = "briefing_slide", "briefing_changed_at", "briefing_paused"
_VIEWPORT_KEY = "brief_viewport"

# The window's size in CSS px, sent on load and again (once it settles) after every resize, so a
# chart is drawn for the screen it is on. Only our own constant script: no data goes into it.
_VIEWPORT_JS = """
export default function ({ setStateValue }) {
  let timer = null;
  const report = () => setStateValue("viewport", { width: window.innerWidth, height: window.innerHeight });
  const settled = () => { clearTimeout(timer); timer = setTimeout(report, 250); };
  report();
  window.addEventListener("resize", settled);
  return () => { clearTimeout(timer); window.removeEventListener("resize", settled); };
}
"""
_viewport_component = None


def _u(px: float) -> str:
    """A length of `px` at 1920×1080, scaled to this screen."""
    return f"calc({px} * var(--u))"


# One px of a 1920×1080 screen on this one: the largest 16:9 frame that fits the window
# (slides.Screen.scale is the same number, for the charts).
STYLE_SHEET = (
    "<style>\n"
    f":root {{ --u: min(calc(100vh / {slides.DESIGN_HEIGHT}), calc(100vw / {slides.DESIGN_WIDTH})); }}\n"
    """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stElementToolbar"], footer { display: none !important; }
[data-testid="stApp"], [data-testid="stMain"] { background: #FFFFFF; color: #000000; }
.st-key-brief_viewport { display: none !important; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0 !important; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] { margin: 0; }
"""
    f"""
[data-testid="stMainBlockContainer"] {{
  max-width: 100%; padding: {_u(slides.TOP)} {_u(slides.SIDE)} {_u(slides.BAR + slides.BAR_GAP)} {_u(slides.SIDE)};
}}
.st-key-brief-slide [data-testid="stHorizontalBlock"] {{
  gap: {_u(slides.COLUMN_GAP)} !important; flex-wrap: nowrap !important; margin-top: {_u(slides.GAP)};
}}
.brief-headline {{
  height: {_u(slides.HEADLINE)}; font-size: {_u(46)}; font-weight: 700; line-height: 1.25; color: #000;
  overflow: hidden;
}}
.brief-headline:has(.brief-one-line) {{ height: {_u(slides.HEADLINE_ONE_LINE)}; }}
.brief-headline .brief-long {{ font-size: {_u(38)}; }}
.brief-headline .brief-longer {{ font-size: {_u(32)}; }}
.brief-rank {{
  height: {_u(slides.RANK_LINE - 10)}; margin-bottom: {_u(10)}; box-sizing: border-box; display: flex; align-items: center;
  font-size: {_u(30)}; font-weight: 700; line-height: 1.2; color: #7A2600; background: #FFF0E6;
  border-left: {_u(10)} solid #D55E00; padding: 0 {_u(18)}; white-space: nowrap; overflow: hidden;
}}
.brief-figure {{ border-left: {_u(10)} solid #0072B2; padding: {_u(2)} 0 {_u(2)} {_u(22)}; margin-bottom: {_u(28)}; }}
.brief-value {{ font-size: {_u(80)}; font-weight: 800; line-height: 1.08; color: #000; }}
.brief-label {{ font-size: {_u(30)}; font-weight: 700; line-height: 1.3; color: #1A1A1A; margin-top: {_u(4)}; }}
.brief-change {{ font-size: {_u(26)}; line-height: 1.35; color: #333; }}
.brief-change:empty {{ display: none; }}
.st-key-brief-figures-compact .brief-value {{ font-size: {_u(66)}; }}
.st-key-brief-figures-compact .brief-label {{ font-size: {_u(28)}; }}
.st-key-brief-figures-compact .brief-change {{ font-size: {_u(24)}; }}

.brief-cover {{
  height: calc(100vh - {_u(slides.BAR + slides.BAR_GAP)}); margin-top: {_u(-slides.TOP)}; box-sizing: border-box;
  display: flex; flex-direction: column; gap: {_u(44)}; padding-bottom: {_u(8)};
}}
.brief-cover-top {{
  flex: 1 1 auto; display: flex; flex-direction: column; justify-content: center;
  margin: 0 {_u(-slides.SIDE)}; padding: {_u(40)} {_u(slides.SIDE + 24)}; background: #0072B2; color: #FFFFFF;
}}
.brief-cover-kicker {{ font-size: {_u(34)}; font-weight: 700; letter-spacing: 0.08em; }}
.brief-cover-title {{ font-size: {_u(128)}; font-weight: 800; line-height: 1.15; margin-top: {_u(28)}; }}
.brief-cover-sub {{ font-size: {_u(60)}; font-weight: 700; margin-top: {_u(36)}; }}
.brief-cover-lines {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: {_u(48)}; }}
.brief-cover-line {{ border-top: {_u(10)} solid #0072B2; padding-top: {_u(18)}; }}
.brief-cover-name {{ font-size: {_u(34)}; font-weight: 700; color: #1A1A1A; }}
.brief-cover-value {{ font-size: {_u(84)}; font-weight: 800; line-height: 1.1; color: #000; margin-top: {_u(8)}; }}
.brief-cover-what {{ font-size: {_u(30)}; color: #333; }}
.brief-cover-rank {{ font-size: {_u(30)}; font-weight: 700; color: #7A2600; margin-top: {_u(10)}; line-height: 1.3; }}
.brief-cover-rank:empty, .brief-cover-note:empty {{ display: none; }}
.brief-cover-note {{ font-size: {_u(24)}; color: #444; margin-top: {_u(18)}; }}

.st-key-brief-bar {{
  position: fixed; left: 0; right: 0; bottom: 0; height: {_u(slides.BAR)}; z-index: 999990;
  box-sizing: border-box; padding: 0 {_u(slides.SIDE)}; background: #F0F0F0; border-top: 1px solid #BDBDBD;
  display: flex; flex-direction: row; flex-wrap: nowrap; align-items: center; gap: {_u(14)} !important;
}}
.st-key-brief-bar > div {{ width: auto !important; flex: 0 0 auto; }}
.st-key-brief-bar > div:first-child {{ flex: 1 1 auto; min-width: 0; }}
.st-key-brief-bar button {{ min-height: {_u(42)}; height: {_u(42)}; padding: 0 {_u(16)}; }}
.st-key-brief-bar button p, .st-key-brief-bar button span {{ font-size: {_u(21)} !important; }}
.st-key-brief-bar button kbd {{ display: none; }}
.st-key-brief-bar button [data-testid="stIconMaterial"] {{ margin-right: {_u(8)} !important; }}
.brief-footer {{ font-size: {_u(22)}; color: #1A1A1A; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.brief-demo {{
  background: #8A4B00; color: #FFFFFF; font-weight: 700; padding: {_u(3)} {_u(12)}; border-radius: {_u(4)};
  margin-right: {_u(16)};
}}

/* Notices about the link (a bad interval, slide or district) float over the slide's top right
   and fade after a while: they are for the presenter, and must not push the slide off the screen. */
[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:has([data-testid="stAlert"]) {{
  position: fixed; top: {_u(14)}; right: {_u(slides.SIDE)}; width: min(46vw, {_u(860)}); z-index: 999991;
  animation: brief-notice 20s ease-in forwards;
}}
[data-testid="stElementContainer"]:has([data-testid="stAlert"]) ~ [data-testid="stElementContainer"]:has([data-testid="stAlert"]) {{
  top: {_u(104)};
}}
[data-testid="stElementContainer"]:has([data-testid="stAlert"]) ~ [data-testid="stElementContainer"]:has([data-testid="stAlert"])
  ~ [data-testid="stElementContainer"]:has([data-testid="stAlert"]) {{ top: {_u(194)}; }}
[data-testid="stMainBlockContainer"] [data-testid="stAlert"] p {{ font-size: {_u(20)}; }}
@keyframes brief-notice {{ 0%, 85% {{ opacity: 1; }} 100% {{ opacity: 0; }} }}
</style>
"""
)


def interval_from_link() -> tuple[int, str | None]:
    """Seconds per slide from `?interval=`, and a notice when the value was not usable."""
    raw = st.query_params.get("interval")
    if raw is None:
        return DEFAULT_INTERVAL, None
    value = link_params.whole_number(raw)
    if value is None:
        return DEFAULT_INTERVAL, f"链接中的 interval={text.clip(raw)} 不是秒数，已按 {DEFAULT_INTERVAL} 秒播放。"
    clamped = min(max(value, MIN_INTERVAL), MAX_INTERVAL)
    if clamped != value:
        return clamped, f"链接中的 interval={text.clip(raw)} 超出 {MIN_INTERVAL}—{MAX_INTERVAL} 秒，已按 {clamped} 秒播放。"
    return value, None


def start_index_from_link() -> tuple[int, str | None]:
    """The slide to start on from `?slide=` (1-based in the link), and a notice when it was not usable."""
    raw = st.query_params.get("slide")
    if raw is None:
        return 0, None
    value = link_params.whole_number(raw)
    if value is None or not 1 <= value <= len(slides.SLIDES):
        return 0, f"链接中的 slide={text.clip(raw)} 不是 1—{len(slides.SLIDES)} 之间的页码，已从第 1 页开始。"
    return value - 1, None


def _viewport() -> slides.Screen:
    """The browser window's size, as the script reported it; 1920×1080 until it has (and in tests)."""
    global _viewport_component
    if _viewport_component is None:
        _viewport_component = st.components.v2.component("brief_viewport", js=_VIEWPORT_JS)
    reported = _viewport_component(key=_VIEWPORT_KEY, on_viewport_change=lambda: None, height=0).get("viewport")
    if not isinstance(reported, dict):
        return slides.Screen()
    width, height = reported.get("width"), reported.get("height")
    # A window is whole px between a phone and an 8K wall; anything else is not a window's size.
    if not all(isinstance(v, int | float) and 200 <= v <= 10_000 for v in (width, height)):
        return slides.Screen()
    return slides.Screen(int(width), int(height))


def _go(step: int) -> None:
    st.session_state[_INDEX] = (st.session_state[_INDEX] + step) % len(slides.SLIDES)
    st.session_state[_CHANGED] = time.time()


def _toggle_pause() -> None:
    st.session_state[_PAUSED] = not st.session_state.get(_PAUSED, False)
    st.session_state[_CHANGED] = time.time()


FOOTER_HTML = (
    "<div class='brief-footer'><span class='brief-demo'>{demo}</span>第 {page} / {pages} 页 · {title} · {state}"
    " · ← → 翻页，空格暂停</div>"
)
FOOTER_REAL_HTML = "<div class='brief-footer'>第 {page} / {pages} 页 · {title} · {state} · ← → 翻页，空格暂停</div>"


def _bar(index: int, interval: int, demo: bool) -> None:
    """The slim bar at the bottom: the 示例数据 mark, where we are, and the three buttons."""
    paused = st.session_state.get(_PAUSED, False)
    title = slides.SLIDES[index][0]
    with st.container(key="brief-bar", horizontal=True, vertical_alignment="center", gap=None):
        values = dict(
            page=index + 1, pages=len(slides.SLIDES), title=title, state="已暂停" if paused else f"每 {interval} 秒自动翻页"
        )
        if demo:
            text.render_html(text.html(FOOTER_HTML, demo=labels.DEMO_BADGE, **values))
        else:
            text.render_html(text.html(FOOTER_REAL_HTML, **values))
        st.button("上一页", key="briefing_previous", on_click=_go, args=(-1,), shortcut="Left", icon=":material/arrow_back:")
        st.button(
            "继续" if paused else "暂停",
            key="briefing_pause",
            on_click=_toggle_pause,
            shortcut="Space",
            icon=":material/play_arrow:" if paused else ":material/pause:",
        )
        st.button("下一页", key="briefing_next", on_click=_go, args=(+1,), shortcut="Right", icon=":material/arrow_forward:")


def run(filters: Filters, demo: bool) -> None:
    text.render_html(text.html(STYLE_SHEET))
    interval, notice = interval_from_link()
    if notice:
        st.warning(text.md(notice))
    if _INDEX not in st.session_state:
        st.session_state[_INDEX], notice = start_index_from_link()
        st.session_state[_CHANGED] = time.time()
        if notice:
            st.warning(text.md(notice))
    paused = st.session_state.get(_PAUSED, False)

    @st.fragment(run_every=None if paused else interval)
    def show() -> None:
        # Inside the fragment: the window's size arriving (or changing) redraws the slide alone, and
        # the notices about the link above it stay up.
        screen = _viewport()
        if st.session_state.get(_PAUSED, False) != paused:
            st.rerun()  # pausing or resuming changes the timer, which only a full run can set
        # A timed rerun advances only once the slide has been up for the whole interval, so a
        # button press (which resets the clock) is never followed by a jump.
        if not st.session_state.get(_PAUSED) and time.time() - st.session_state[_CHANGED] >= interval - 0.5:
            _go(+1)
        index = st.session_state[_INDEX]
        st.query_params["slide"] = str(index + 1)
        # A fragment's rerun does not pass through the page's own guard (dashboard.py), so a slide that
        # fails says so in Chinese here; the bar stays, so the next slide is one press away.
        with st.container(key="brief-slide"), errors.shown_in_chinese(f"slide {index + 1}"):
            slides.SLIDES[index][1](slides.Deck(filters, screen))
        _bar(index, interval, demo)

    show()
