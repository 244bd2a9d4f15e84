"""Briefing mode (`?mode=briefing`): full-screen slides for a projector, advancing by themselves.

`interval` (seconds) sets the pace; the presenter moves with the buttons or the ← → keys and
pauses with the space bar. The link's district and period apply to every slide; `slide`
in the link is the slide shown, so a reload keeps the place.
"""

from __future__ import annotations

import time

import streamlit as st

from ui import labels, link_params, slides, text
from ui.filters import Filters

DEFAULT_INTERVAL = 20
MIN_INTERVAL, MAX_INTERVAL = 3, 600

_INDEX, _CHANGED, _PAUSED = "briefing_slide", "briefing_changed_at", "briefing_paused"

STYLE_SHEET = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1.2rem 3rem 0.5rem 3rem; max-width: 100%; }
[data-testid="stApp"] { background: #FFFFFF; color: #000000; }
.brief-headline { font-size: 2.5rem; font-weight: 700; line-height: 1.35; color: #000; margin: 0.4rem 0 1rem 0; }
.brief-figure { border-left: 0.5rem solid #0072B2; padding: 0.2rem 0 0.2rem 1.2rem; }
.brief-value { font-size: 5.2rem; font-weight: 800; line-height: 1.05; color: #000; }
.brief-label { font-size: 1.7rem; color: #1A1A1A; font-weight: 600; }
.brief-change { font-size: 1.5rem; color: #333; }
.brief-cover { padding: 12vh 0 0 2vw; }
.brief-cover-title { font-size: 5rem; font-weight: 800; color: #000; }
.brief-cover-sub { font-size: 2.6rem; margin-top: 1.5rem; color: #0072B2; font-weight: 700; }
.brief-cover-lines { font-size: 2rem; margin-top: 1rem; color: #333; }
.brief-footer { font-size: 1.1rem; color: #444; }
.brief-demo { font-size: 1.1rem; color: #8A4B00; font-weight: 700; }
</style>
"""


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


def _go(step: int) -> None:
    st.session_state[_INDEX] = (st.session_state[_INDEX] + step) % len(slides.SLIDES)
    st.session_state[_CHANGED] = time.time()


def _toggle_pause() -> None:
    st.session_state[_PAUSED] = not st.session_state.get(_PAUSED, False)
    st.session_state[_CHANGED] = time.time()


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
        if st.session_state.get(_PAUSED, False) != paused:
            st.rerun()  # pausing or resuming changes the timer, which only a full run can set
        # A timed rerun advances only once the slide has been up for the whole interval, so a
        # button press (which resets the clock) is never followed by a jump.
        if not st.session_state.get(_PAUSED) and time.time() - st.session_state[_CHANGED] >= interval - 0.5:
            _go(+1)
        index = st.session_state[_INDEX]
        st.query_params["slide"] = str(index + 1)
        title, draw = slides.SLIDES[index]
        draw(filters)
        left, middle, right, status = st.columns([1, 1, 1, 5], vertical_alignment="center")
        left.button("上一页", key="briefing_previous", on_click=_go, args=(-1,), shortcut="Left", icon=":material/arrow_back:")
        middle.button(
            "继续" if st.session_state.get(_PAUSED) else "暂停",
            key="briefing_pause",
            on_click=_toggle_pause,
            shortcut="Space",
            icon=":material/play_arrow:" if st.session_state.get(_PAUSED) else ":material/pause:",
        )
        right.button("下一页", key="briefing_next", on_click=_go, args=(+1,), shortcut="Right", icon=":material/arrow_forward:")
        state = "已暂停" if st.session_state.get(_PAUSED) else f"每 {interval} 秒自动翻页"
        with status:
            text.render_html(
                text.html(
                    "<div class='brief-footer'><span class='brief-demo'>{demo}</span>　第 {page} / {pages} 页 · {title} · {state}"
                    " · ← → 翻页，空格暂停</div>",
                    demo=labels.DEMO_BADGE if demo else "",
                    page=index + 1,
                    pages=len(slides.SLIDES),
                    title=title,
                    state=state,
                )
            )

    show()
