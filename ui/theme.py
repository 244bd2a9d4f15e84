"""One look for every chart and map: a Plotly template, a colour-blind-safe palette, fonts.

Okabe–Ito colours for categories, a cividis-like ramp for quantities; type sized to be
read on a projector. Fonts are local (fonts-noto-cjk); nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, YELLOW, BLACK = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#000000",
)
PALETTE = [BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, "#7F7F7F", YELLOW]
GREY = "#6B6B6B"
LIGHT_GREY = "#D9D9D9"
CITY_LINE = "#333333"
SOURCE_COLORS = {"hotline": BLUE, "grid": ORANGE, "spot_check": GREEN}
GOOD, BAD = BLUE, VERMILION
# Sequential ramp (cividis endpoints and midpoints): dark blue = low, yellow = high.
SEQUENTIAL = ["#00204D", "#31446B", "#666970", "#958F78", "#CBBA69", "#FFEA46"]

BASE_FONT_SIZE = 16
TEMPLATE_NAME = "chuangcheng"


def _template() -> go.layout.Template:
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT_FAMILY, size=BASE_FONT_SIZE, color="#1A1A1A"),
            # Title pinned to the top of the figure and the legend just above the plot, with room
            # between them, so a long Chinese title and a legend never overprint on a laptop.
            title=dict(font=dict(size=20), x=0, xanchor="left", y=1, yref="container", yanchor="top", pad=dict(t=8)),
            colorway=PALETTE,
            paper_bgcolor="white",
            plot_bgcolor="white",
            margin=dict(l=10, r=20, t=96, b=10),
            legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, title_text="", font=dict(size=15)),
            xaxis=dict(
                showgrid=False,
                linecolor=GREY,
                ticks="outside",
                tickcolor=GREY,
                automargin=True,
                title=dict(standoff=8),
                tickfont=dict(size=14),
            ),
            # Full numbers with thousands separators: "25,000", not "25k", which reads oddly in Chinese.
            yaxis=dict(
                gridcolor="#E5E5E5",
                zeroline=False,
                linecolor=GREY,
                automargin=True,
                title=dict(standoff=8),
                tickfont=dict(size=14),
                tickformat=",~f",
            ),
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=15)),
            separators=".,",
        )
    )


def register() -> None:
    """Make the dashboard's template the default for every figure built after this."""
    pio.templates[TEMPLATE_NAME] = _template()
    pio.templates.default = TEMPLATE_NAME


def projector(figure: go.Figure) -> go.Figure:
    """Type and lines sized to be read from the back of a briefing room at 1920×1080."""
    figure.update_layout(
        font=dict(size=24), title=dict(font=dict(size=30)), legend=dict(font=dict(size=22)), hoverlabel=dict(font=dict(size=20))
    )
    figure.update_xaxes(tickfont=dict(size=20), title_font=dict(size=22))
    figure.update_yaxes(tickfont=dict(size=20), title_font=dict(size=22))
    figure.update_annotations(font_size=22)
    figure.update_traces(textfont_size=22, selector=dict(type="bar"))
    return figure


def ramps(values: Iterable[float], low: float, high: float) -> list[list[int]]:
    """`ramp` for many values at once, the same colours: a map colours thousands of cells or alleys."""
    values = np.asarray(values, dtype=float)
    if high <= low:
        t = np.full(values.shape, 0.5)
    else:
        with np.errstate(invalid="ignore"):
            t = np.clip((values - low) / (high - low), 0.0, 1.0)
    t[np.isnan(values)] = 0.5
    position = t * (len(SEQUENTIAL) - 1)
    i = np.minimum(position.astype(int), len(SEQUENTIAL) - 2)
    f = (position - i)[:, None]
    stops = np.array([_rgb(colour) for colour in SEQUENTIAL], dtype=float)
    a, b = stops[i], stops[i + 1]
    return np.rint(a + (b - a) * f).astype(int).tolist()  # rint rounds halves to even, as round() does


def ramp(value: float, low: float, high: float) -> list[int]:
    """RGB on the sequential ramp for value in [low, high] (clamped)."""
    if high <= low or value != value:
        t = 0.5
    else:
        t = min(max((value - low) / (high - low), 0.0), 1.0)
    position = t * (len(SEQUENTIAL) - 1)
    i = min(int(position), len(SEQUENTIAL) - 2)
    f = position - i
    a, b = _rgb(SEQUENTIAL[i]), _rgb(SEQUENTIAL[i + 1])
    return [round(a[k] + (b[k] - a[k]) * f) for k in range(3)]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def relative_luminance(colour: list[int] | tuple[int, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black … 1 white), channels linearised."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: list[int] | tuple[int, ...], b: list[int] | tuple[int, ...]) -> float:
    """WCAG contrast ratio, 1 to 21; 4.5 is the floor for normal-size text."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: list[int] | tuple[int, ...], background: list[int] | tuple[int, ...]) -> list[int]:
    """An RGBA colour composited over an opaque background: what the eye sees behind a label."""
    alpha = (colour[3] if len(colour) > 3 else 255) / 255
    return [round(c * alpha + bg * (1 - alpha)) for c, bg in zip(colour[:3], background[:3], strict=True)]


TEXT_BLACK, TEXT_WHITE = [0, 0, 0], [255, 255, 255]


def text_colour_on(background: list[int] | tuple[int, ...]) -> list[int]:
    """Black or white, whichever contrasts more with the background. Pure black and white, not
    near-black: on the ramp's middle grey the better of the two is only 4.58:1, and #141414 there
    fell to 4.3, under WCAG's 4.5."""
    white, black = contrast_ratio(TEXT_WHITE, background), contrast_ratio(TEXT_BLACK, background)
    return list(TEXT_WHITE if white > black else TEXT_BLACK)


def is_dark(colour: list[int]) -> bool:
    """Whether white text contrasts more than black with this fill (WCAG contrast, not a
    luminance threshold: the old cut at 0.42 unlinearised put black on mid-ramp greys at 3.5:1)."""
    return text_colour_on(colour) == TEXT_WHITE


def rgb(hex_colour: str) -> list[int]:
    return list(_rgb(hex_colour))


register()
