"""Chart builders for the briefing's slides: a frame in, a Plotly figure out, no Streamlit calls.

A slide's chart says one thing from across a room, so these are the pages' charts (ui.charts) with
fewer labels, or the sixteen districts ranked with the chosen ones picked out. ui.theme.projector
then sizes the type for the screen. Every value is a column of a named query; nothing is computed
here but where a mark goes.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui import charts, formats, labels, text, theme

PICKED = theme.VERMILION  # the district the link names, on every slide's chart
OTHERS = "#8C8C8C"  # the other districts, when one is picked out: grey keeps the eye on the picked one


def _title(title: str, note: str = "") -> dict:
    """A chart's title with its note (the period) under it, as ui.charts writes them."""
    if not note:
        return {"text": text.plotly_label(title)}
    return {"text": text.plotly_label(title), "subtitle": {"text": text.plotly_label(note), "font": {"color": theme.GREY}}}


def _picked_label(label: str, picked: bool) -> str:
    return f"<b>{text.plotly_label(label)}</b>" if picked else text.plotly_label(label)


def ranked(
    ranks: pd.DataFrame,
    measure: str,
    title: str,
    highlight: tuple[str, ...] = (),
    kind: str | None = None,
    panel: bool = False,
    note: str = "",
) -> go.Figure:
    """The districts in rank order, 1 at the top, from district_ranks (or campaign_ranks): rows of
    `measure` with their `rank`. The districts in `highlight` in vermilion with their names in bold,
    the others grey (blue when none is picked out). Rates, scores and changes are dots on an axis
    that starts where the values do; counts are bars from zero. `panel` is the narrow version beside
    a slide's main chart: each value written by its mark, no value axis."""
    kind = kind or labels.MEASURES[measure].kind
    data = ranks[ranks["measure"] == measure].dropna(subset=["value"]).sort_values(["rank", "short_name"])
    picked = data["district_code"].isin(highlight).tolist()
    colours = [PICKED if p else (OTHERS if highlight else theme.BLUE) for p in picked]
    names = [_picked_label(f"{int(r)}  {n}", p) for r, n, p in zip(data["rank"], data["short_name"], picked, strict=True)]
    written = [
        formats.percent_change(v) if kind == "change_pct" else formats.number(v, kind, "%" if kind == "rate" else "")
        for v in data["value"]
    ]
    as_dots = kind != "count"
    common = dict(
        y=names,
        x=data["value"],
        text=[_picked_label(w, p) for w, p in zip(written, picked, strict=True)],
        textposition="middle right" if as_dots else "outside",
        cliponaxis=False,
        hoverinfo="skip",
    )
    if as_dots:
        trace = go.Scatter(
            **common,
            mode="markers+text",
            marker=dict(size=[20 if p else 13 for p in picked], color=colours, line=dict(width=0)),
            textfont=dict(color=[PICKED if p else "#1A1A1A" for p in picked]),
        )
    else:
        trace = go.Bar(**common, orientation="h", marker_color=colours, textfont=dict(color="#1A1A1A"))
    figure = go.Figure(trace)
    values = data["value"].astype(float)
    if len(values):
        low, high = float(values.min()), float(values.max())
        if as_dots:
            span = max(high - low, 1.0)
            # Room on the right for the written value; on the left a little, so the best dot is not on the edge.
            figure.update_xaxes(range=[low - span * 0.08, high + span * (0.75 if panel else 0.45)])
        else:
            figure.update_xaxes(range=[0, max(high, 1) * (1.5 if panel else 1.25)])
    figure.update_layout(
        title=_title(title, note),
        yaxis=dict(autorange="reversed", title=None, showgrid=False, ticks=""),
        xaxis=dict(
            title=None,
            showgrid=not panel,
            gridcolor="#E5E5E5",
            showticklabels=not panel,
            showline=not panel,
            ticks="" if panel else "outside",
            zeroline=False,
        ),
        showlegend=False,
        margin=dict(t=70),
    )
    return figure


def survey(frame: pd.DataFrame, target: float, period: str, highlight: tuple[str, ...] = ()) -> go.Figure:
    """The survey by quarter (charts.survey_lines), the chosen district picked out, each year named
    once under its first quarter: fifteen quarter names cannot stand side by side in type this size."""
    figure = charts.survey_lines(frame, target, period, highlight)
    for trace in figure.data:
        if trace.name != labels.CITY and trace.type == "scatter":
            trace.line.color, trace.marker.color = PICKED, PICKED
    # The target line gives up its vermilion to the district and stays a dashed line, named as before.
    figure.update_shapes(line_color=theme.CITY_LINE, selector=dict(line_color=theme.VERMILION))
    quarters = list(dict.fromkeys(zip(frame["period"], (formats.quarter(p) for p in frame["period"]), strict=True)))
    firsts = [(p, label) for p, label in quarters if p.endswith("Q1")] or quarters[:1]
    figure.update_xaxes(tickmode="array", tickvals=[label for _, label in firsts], ticktext=[f"{p[:4]}年" for p, _ in firsts])
    figure.update_layout(legend=dict(y=1.0))
    return figure


def village_facilities(coverage: pd.DataFrame, highlight: tuple[str, ...] = ()) -> go.Figure:
    """History rooms and video screens per district (village_coverage's district rows) as two panels
    side by side: grouped, their bars were too thin for a label a room can read."""
    data = coverage[coverage["district_code"].notna()].sort_values("history_rooms", ascending=True)
    picked = data["district_code"].isin(highlight).tolist()
    names = [_picked_label(n, p) for n, p in zip(data["district_name"], picked, strict=True)]
    figure = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        subplot_titles=("乡情村史陈列室（个）", "精神文明宣传视屏（块）"),
        horizontal_spacing=0.06,
    )
    for column, (field, colour) in enumerate((("history_rooms", theme.ORANGE), ("video_screens", theme.BLUE)), start=1):
        figure.add_bar(
            y=names,
            x=data[field],
            orientation="h",
            marker_color=[PICKED if p else (OTHERS if highlight else colour) for p in picked],
            text=[f"{v:,}" for v in data[field]],
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
            row=1,
            col=column,
        )
        top = float(data[field].max()) if len(data) else 1.0
        figure.update_xaxes(
            range=[0, math.ceil(max(top, 1) * 1.3)], showticklabels=False, showgrid=False, ticks="", row=1, col=column
        )
    figure.update_layout(
        title=_title("各涉农区乡情村史陈列室与宣传视屏", "2013 年以来累计"),
        showlegend=False,
        bargap=0.25,
        yaxis=dict(title=None),
    )
    return figure


def target_scores(scores: pd.DataFrame, area_code: str, title: str, note: str = "") -> go.Figure:
    """One area's measures against their targets (target_scores): a bar from zero to actual ÷ target for
    each, coloured by its status and written at its end, the target (1.00) as a dashed line; with a
    district, the city's score on the same measure as a grey mark to read it against."""
    from ui import targets  # the configuration's order of measures

    mine = targets.ordered(scores[scores["area_code"] == area_code]).dropna(subset=["score"])
    colours = {"met": theme.GREEN, "near": theme.ORANGE, "missed": theme.VERMILION}
    names = [text.plotly_label(label) for label in mine["label"]]
    written = [f"{s:.2f} {labels.TARGET_STATUS.get(st, '')}" for s, st in zip(mine["score"], mine["status"], strict=True)]
    figure = go.Figure(
        go.Bar(
            y=names,
            x=mine["score"],
            orientation="h",
            marker_color=[colours.get(s, theme.GREY) for s in mine["status"]],
            name=text.plotly_label(mine["area_name"].iat[0]) if len(mine) else "",
            showlegend=False,
        )
    )
    # The scores written in a column of their own right of the scale, where neither a bar nor the
    # city's mark can run into them.
    figure.add_scatter(
        y=names, x=[1.3] * len(names), mode="text", text=written, textposition="middle right", showlegend=False, cliponaxis=False
    )
    if area_code != "110000":
        city = targets.ordered(scores[scores["area_code"] == "110000"]).set_index("measure").reindex(mine["measure"])
        figure.add_scatter(
            y=names,
            x=city["score"],
            mode="markers",
            marker=dict(symbol="line-ns", size=26, line=dict(width=4, color=theme.CITY_LINE)),
            name=labels.CITY,
            showlegend=False,  # the subtitle says what the mark is: a legend ran into it
        )
    figure.add_vline(x=1, line=dict(color=theme.GREY, width=2, dash="dash"))
    figure.update_layout(
        title=_title(title, note),
        yaxis=dict(autorange="reversed", title=None),
        xaxis=dict(range=[0, 1.75], title=None, tickvals=[0, 0.5, 1, 1.25], ticktext=["0", "0.5", "1.00 目标", "1.25"]),
        bargap=0.35,
    )
    return figure
