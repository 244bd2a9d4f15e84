"""One look for every chart and map: a Plotly template, a colour-blind-safe palette, fonts.

Okabe–Ito colours for categories, a cividis-like ramp for quantities; type sized to be
read on a projector. Fonts are local (fonts-noto-cjk); nothing is fetched.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
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


# --- the briefing's slides ------------------------------------------------------------------------

# Type on a slide at 1920×1080, in px: read from the back of a meeting room (ticks, labels, legends
# and annotations at least 24 px; titles larger). Other screens scale it with the slide.
SLIDE_TEXT, SLIDE_TITLE = 24, 32
# Room a slide's tick label needs, in px at 1920×1080: "10月" is about 2.1 em, a gap keeps it apart.
_SLIDE_TICK_GAP = 28


@dataclass(frozen=True)
class Slide:
    """How a chart is drawn on a slide: its size in px on this screen, and the type scale (1 at
    1920×1080, 2 at 3840×2160), so the chart reads the same from the back of the room on any
    projector. `width` is the chart's column: it spaces the ticks."""

    height: int
    width: int = 1240
    scale: float = 1.0

    def px(self, size: float) -> int:
        return max(1, round(size * self.scale))


def projector(figure: go.Figure, slide: Slide | int) -> go.Figure:
    """A chart for a slide: type, marks and lines scaled to the screen, ticks spaced so that no two
    labels touch, the slide's height. Nothing to hover on a projector, so no hover sizes."""
    slide = slide if isinstance(slide, Slide) else Slide(height=slide)
    title_size, has_subtitle = _fit_title(figure, slide)
    text = slide.px(SLIDE_TEXT)
    # Title, subtitle, legend, then the plot, each in its own band at the top as high as its type:
    # the title pinned to the figure's top (as the pages' template does), the legend on the plot.
    title_band = (title_size * 1.35 if figure.layout.title.text else 0) + (SLIDE_TEXT * 1.8 if has_subtitle else 0)
    rows = _legend_rows(figure, slide)
    # Each row, the legend's own padding, and a gap over the plot for the top tick label's upper half.
    lift = 14 if rows else 0
    legend_band = rows * SLIDE_TEXT * 1.5 + (16 if rows else 0) + lift
    # Subplots' own titles (make_subplots writes them as annotations just above each plot).
    if any(a.yref == "paper" and a.y is not None and a.y >= 1 for a in figure.layout.annotations):
        legend_band += SLIDE_TEXT * 1.6
    top = title_band + legend_band + 14
    plot_height = max(slide.height / slide.scale - top - 70, 100)  # less the x axis' labels, roughly
    figure.update_layout(
        height=slide.height,
        font=dict(size=text),
        title=dict(font=dict(size=slide.px(title_size)), yref="container", y=1, yanchor="top", pad=dict(t=slide.px(4))),
        legend=dict(font=dict(size=text), itemwidth=max(30, slide.px(40)), y=1 + lift / plot_height, yanchor="bottom"),
        margin=dict(l=slide.px(8), r=slide.px(16), t=slide.px(top), b=slide.px(8)),
    )
    if has_subtitle:
        figure.layout.title.subtitle.font.size = text
    figure.update_xaxes(tickfont=dict(size=text), title_font=dict(size=text), ticklen=slide.px(6))
    figure.update_yaxes(tickfont=dict(size=text), title_font=dict(size=text), ticklen=slide.px(6))
    figure.update_annotations(font_size=text)
    # Value labels keep their size: Plotly would shrink a bar's label to the bar's thickness.
    figure.update_traces(textfont_size=text, constraintext="none", selector=dict(type="bar"))
    figure.update_traces(textfont_size=text, selector=dict(type="scatter"))
    for trace in figure.data:
        if trace.type == "scatter":
            if trace.line.width:
                trace.line.width = trace.line.width * slide.scale * 1.25
            size = trace.marker.size
            if isinstance(size, int | float):
                trace.marker.size = size * slide.scale * 1.3
            elif size is not None:  # one size per point
                trace.marker.size = [s * slide.scale * 1.3 for s in size]
    _space_ticks(figure, slide)
    _room_for_bar_labels(figure, slide)
    return figure


def _plot_width(figure: go.Figure, slide: Slide) -> float:
    """The plot's width in px at 1920×1080, at the least: the chart less its value axes' labels (or
    the names along a bar chart's axis), so what is laid out to fit it fits the real one."""
    right_axis = bool(figure.layout.to_plotly_json().get("yaxis2", {}).get("overlaying"))
    names = [y for trace in figure.data if trace.y is not None for y in trace.y if isinstance(y, str)]
    left = max([130, *(_label_em(_visible(n)) * SLIDE_TEXT + 40 for n in names)])
    return slide.width / slide.scale - left - (130 if right_axis else 30)


def _legend_rows(figure: go.Figure, slide: Slide) -> int:
    """How many rows the legend takes above the plot (0 when there is none). Plotly puts a legend
    too long for the plot's width into columns as wide as its widest entry, as many as its own
    measure of the plot allows; here the columns are chosen for the narrowest the plot can be and
    set (entrywidth, a share of the plot's width), so the band above the plot is as high as the legend."""
    entries = [t.name for t in figure.data if t.showlegend is not False and t.name]
    shown = figure.layout.showlegend if figure.layout.showlegend is not None else len(entries) > 1
    if not shown or not entries:
        return 0
    widths = [50 + _label_em(_visible(name)) * SLIDE_TEXT * 1.05 for name in entries]  # symbol and gaps, then the name
    room = _plot_width(figure, slide)
    if sum(widths) + 5 * len(widths) <= room:
        return 1
    columns = max(1, min(len(widths), int(room // (max(widths) + 5))))
    figure.update_layout(legend=dict(entrywidthmode="fraction", entrywidth=0.97 / columns))
    return math.ceil(len(widths) / columns)


def _visible(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


def _fit_title(figure: go.Figure, slide: Slide) -> tuple[int, bool]:
    """The title's size (px at 1920×1080), and whether it has a subtitle. Plotly neither wraps nor
    shrinks a title but cuts it at the chart's edge, and a title of two lines ("<br>") pinned to the
    top stands half outside the figure: so a second line becomes Plotly's own subtitle, a title too
    long for the chart is set smaller, and at the last what does not fit moves to the subtitle."""
    title = figure.layout.title
    head, _, rest = (title.text or "").partition("<br>")
    rest = re.sub(r"<span[^>]*>|</span>", "", rest)  # the subtitle has its own size and colour
    subtitle = "　".join(part for part in (rest, title.subtitle.text or "") if part)
    room = slide.width / slide.scale - 24
    size = SLIDE_TITLE
    if head and _label_em(_visible(head)) * size > room:
        size = max(SLIDE_TEXT + 2, int(room / _label_em(_visible(head))))
        if _label_em(_visible(head)) * size > room and "<" not in head:  # still too long: the rest goes under it
            widths = itertools.accumulate(_label_em(char) * size for char in head)
            cut = next(i for i, w in enumerate(widths) if w > room)
            head, subtitle = head[:cut], "　".join(part for part in (head[cut:], subtitle) if part)
    if head != title.text:
        title.text = head
    if subtitle:
        title.subtitle.text = subtitle
        if title.subtitle.font.color is None:
            title.subtitle.font.color = GREY
    return size, bool(subtitle)


def _room_for_bar_labels(figure: go.Figure, slide: Slide) -> None:
    """Horizontal bars' values written outside them need room at the end of the axis on this
    chart (a builder leaves a share of the range, too little for type this size on a narrow one)."""
    for trace in figure.data:
        if trace.type != "bar" or trace.orientation != "h" or trace.textposition != "outside" or trace.text is None:
            continue
        axis = figure.layout["xaxis" + (trace.xaxis or "x")[1:]]
        values = [float(v) for v in trace.x if v is not None and v == v]
        if not values or axis.range is None:
            continue
        label = max(_label_em(_visible(str(t))) for t in trace.text) * SLIDE_TEXT + 16
        labels = [_label_em(_visible(str(t))) for t in (trace.y if trace.y is not None else ())]
        plot = slide.width / slide.scale - (max(labels, default=4) * SLIDE_TEXT + 40)
        low, high = axis.range
        for _ in range(3):  # widening the range shrinks every unit; a few rounds settle it
            per_px = (high - low) / max(plot - 2 * label, 1)
            low = min(low, min(values) - label * per_px) if min(values) < 0 else low
            high = max(high, max(values) + label * per_px) if max(values) > 0 else high
        axis.range = [low, high]


def _label_em(label: str) -> float:
    """A tick label's width in em: a Chinese character is one, a digit or Latin letter about half."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.56 for c in label)


def _space_ticks(figure: go.Figure, slide: Slide) -> None:
    """Month and category ticks along x at a step that gives every label room on this chart, as
    Plotly spaces ticks by the axis' length alone and 24-px labels then overprint."""
    plot = _plot_width(figure, slide)
    for axis_name in sorted(name for name in figure.layout.to_plotly_json() if name.startswith("xaxis")):
        ref = "x" + axis_name.removeprefix("xaxis")
        axis = figure.layout[axis_name]
        xs = [x for trace in figure.data if (trace.xaxis or "x") == ref and trace.x is not None for x in trace.x]
        if not xs or figure.layout[axis_name].tickvals is not None:
            continue
        if all(isinstance(x, str) for x in xs) and axis.type in (None, "category", "-"):
            shown = list(dict.fromkeys(xs))
            widest = max(_label_em(label) for label in shown) * SLIDE_TEXT + _SLIDE_TICK_GAP
            step = math.ceil(len(shown) * widest / max(plot, 1))
            if step > 1:  # every step-th category, always the last (the latest quarter)
                picked = shown[(len(shown) - 1) % step :: step]
                axis.update(tickmode="array", tickvals=picked, ticktext=picked)
            continue
        if not all(isinstance(x, date | np.datetime64) for x in xs):
            continue  # a value axis
        months = pd.Series(pd.to_datetime(xs)).dt.to_period("M").unique()
        # "1月" under which the year is written once, where it changes: far shorter than "2023年1月".
        widest = _label_em("12月") * SLIDE_TEXT + _SLIDE_TICK_GAP
        step = next((s for s in (1, 2, 3, 4, 6, 12, 24) if len(months) * widest / s <= plot), 24)
        first = min(months).to_timestamp()
        axis.update(dtick=f"M{step}", tick0=first, tickformat="%-m月\n%Y年")


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
