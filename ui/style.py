"""The page's own style sheet, for what Streamlit's theme cannot say: figures that wrap or shrink
rather than being cut, and no English chrome. Written once into every page by dashboard.py (the
briefing has its own, ui/briefing.py)."""

from __future__ import annotations

from ui import text

# Streamlit cuts a metric's label, value and change with an ellipsis when a card is narrow ("26.7 …",
# "同." for 同比, "网格员主…" in an 1100-px portal iframe). A card is a size container: its figure
# shrinks with the card's own width (cqi) between a floor and Streamlit's size, and anything still
# too long wraps between words, never inside a number.
PAGE_STYLE = """
<style>
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetric"] .stMarkdownEllipsis,
[data-testid="stMetric"] .stMarkdownEllipsis p,
[data-testid="stMetric"] label,
[data-testid="stMetricDeltaDescription"] {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  word-break: keep-all; overflow-wrap: break-word; max-width: 100% !important;
}
[data-testid="stMetricValue"] { font-size: clamp(1.25rem, 17cqi, 2.25rem) !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: clamp(0.8rem, 7.5cqi, 0.95rem); line-height: 1.35; }
[data-testid="stMetricDelta"] { height: auto !important; white-space: normal; align-items: flex-start; }
[data-testid="stMetricDelta"] p, [data-testid="stMetricDeltaDescription"] p { font-size: clamp(0.72rem, 6cqi, 0.875rem); }
[data-testid="stMetric"] > div > div:last-child { flex-wrap: wrap; row-gap: 0.15rem; }
/* Target tiles (ui/targets.py): the score large, a traffic light on the left edge. Green, amber and
   vermilion of the Okabe–Ito palette, each with a text colour of enough contrast. */
.target-tile { border: 1px solid #D9D9D9; border-left: 0.45rem solid #6B6B6B; border-radius: 0.5rem;
  padding: 0.45rem 0.6rem; container-type: inline-size; min-height: 6.2rem; }
.target-met { border-left-color: #009E73; }
.target-near { border-left-color: #E69F00; }
.target-missed { border-left-color: #D55E00; background: #FDF3EC; }
.target-label { font-size: 0.85rem; color: #333; line-height: 1.3; word-break: keep-all; overflow-wrap: break-word; }
.target-score { font-size: clamp(1.3rem, 20cqi, 2rem); font-weight: 700; line-height: 1.2; }
.target-met .target-score { color: #006B4F; }
.target-near .target-score { color: #8A5A00; }
.target-missed .target-score { color: #A63F00; }
.target-detail { font-size: 0.78rem; color: #444; word-break: keep-all; overflow-wrap: break-word; }
/* On a laptop or in the portal's iframe the page's wide side margins cost a table its last columns. */
@media (max-width: 1500px) {
  [data-testid="stMainBlockContainer"] { padding-left: 1.5rem !important; padding-right: 1.5rem !important; }
}
/* The toolbars Streamlit puts on tables and charts speak English ("Download as CSV", "Fullscreen");
   every table and chart here has its own Chinese downloads beside it. */
[data-testid="stElementToolbar"] { display: none !important; }
/* Streamlit adds its own English "Fullscreen" button to Plotly's toolbar; Plotly's own buttons are
   Chinese (ui.draw's locale). */
.modebar-btn[data-title="Fullscreen"] { display: none !important; }
/* The main menu (top right) is English and offers nothing an officer needs. */
[data-testid="stMainMenu"], [data-testid="stToolbarActions"] { display: none !important; }
</style>
"""


def apply() -> None:
    text.render_html(text.html(PAGE_STYLE))
