"""Chart builders: a data frame in, a Plotly figure out, no Streamlit calls inside.

Titles carry the unit and the period; colours come from ui.theme; every label is Chinese.
"""

from __future__ import annotations

import functools
import itertools
import json
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui import formats, labels, text, theme

theme.register()

CITY_CODE = "110000"  # the rows of a query that stand for the whole city


def _title(text: str, period: str | None = None) -> dict:
    """The chart's title, and under it (its own line, so a narrow chart never cuts it) the period."""
    if not period:
        return {"text": text}
    # Plotly's own subtitle: a second line it places itself (a <br> in the title pushed the first line
    # out of the top of the chart).
    return {"text": text, "subtitle": {"text": period, "font": {"size": 14, "color": theme.GREY}}}


def _room_for_bar_labels(figure: go.Figure) -> go.Figure:
    """Widen the value axis of horizontal bars whose labels sit outside the bar, so the longest
    label is not cut off at the figure's edge on a narrow screen. Axes with a set range stay."""
    values_by_axis: dict[str, list[float]] = {}
    for trace in figure.data:
        if trace.type == "bar" and trace.orientation == "h" and trace.textposition == "outside" and trace.x is not None:
            values = [float(v) for v in trace.x if v is not None and v == v]
            values_by_axis.setdefault(trace.xaxis or "x", []).extend(values)
    for axis, values in values_by_axis.items():
        layout_axis = figure.layout["xaxis" + axis[1:]]
        if values and layout_axis.range is None:
            low, high = min(min(values), 0.0), max(max(values), 0.0)
            span = (high - low) or 1.0
            layout_axis.range = [low - 0.18 * span if low < 0 else 0, high + 0.18 * span]
    return figure


def _round_up(value: float) -> float:
    """The next round number at or above `value` (1, 2, 5, 10, 20, 50 …): axis maxima people read at a glance."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _month_axis(figure: go.Figure) -> None:
    """Month ticks that never repeat: one tick a month up to a year, a quarter or half a year beyond;
    a single month is drawn in a window around it rather than as one bar filling the chart."""
    months = sorted(
        {pd.Timestamp(x) for trace in figure.data if trace.x is not None for x in trace.x if x is not None and x == x}
    )
    step = 1 if len(months) <= 12 else 3 if len(months) <= 36 else 6
    axis = dict(tickformat="%Y年%-m月", hoverformat="%Y年%-m月", dtick=f"M{step}")
    if len(months) == 1:
        axis.update(range=[months[0] - pd.Timedelta(days=75), months[0] + pd.Timedelta(days=75)], tickvals=months)
    elif months:
        axis.update(tick0=months[0])
    figure.update_xaxes(**axis)


def mark_events(figure: go.Figure, events: pd.DataFrame | None) -> go.Figure:
    """The events of ui.events on a trend chart: campaign windows shaded, holidays and the office's
    own events as thin dotted lines, each named at the top."""
    if events is None or events.empty:
        return figure
    shapes, notes = [], []
    for row in events.itertuples():
        label = text.plotly_label(row.label)
        if row.kind == "campaign":
            shapes.append(
                dict(
                    type="rect",
                    xref="x",
                    yref="paper",
                    x0=row.start,
                    x1=row.end,
                    y0=0,
                    y1=1,
                    fillcolor=theme.SKY,
                    opacity=0.12,
                    line_width=0,
                    layer="below",
                )
            )
        else:
            shapes.append(
                dict(
                    type="line",
                    xref="x",
                    yref="paper",
                    x0=row.start,
                    x1=row.start,
                    y0=0,
                    y1=1,
                    line=dict(color=theme.GREY, width=1, dash="dot"),
                )
            )
        notes.append(
            dict(
                x=row.start,
                y=1,
                xref="x",
                yref="paper",
                text=label,
                showarrow=False,
                xanchor="left",
                yanchor="bottom",
                font=dict(size=12, color=theme.GREY),
            )
        )
    figure.update_layout(
        shapes=[*(figure.layout.shapes or ()), *shapes], annotations=[*(figure.layout.annotations or ()), *notes]
    )
    return figure


def count_axis(figure: go.Figure, axis: str, values) -> None:
    """A count axis written as people read counts: 25,000, and from 100,000 on in 万 (30万), never 25k."""
    top = max([float(v) for v in values if v == v] or [0.0])
    if top < 100_000:
        figure.update_layout({axis: dict(tickformat=",~f")})
        return
    step = _round_up(top / 4)
    ticks = [step * i for i in range(int(top // step) + 2)]
    figure.update_layout({axis: dict(tickvals=ticks, ticktext=[f"{t / 10_000:,.4g}万" if t else "0" for t in ticks])})


def cases_by_source(
    frame: pd.DataFrame, monthly_rates: pd.DataFrame, period: str, events: pd.DataFrame | None = None
) -> go.Figure:
    """Stacked monthly cases by source, with the grid staff's share (rates_by_month) as a line (未诉先办)."""
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    for source, name in labels.SOURCES.items():
        part = frame[frame["source"] == source]
        figure.add_bar(
            x=part["month_start"],
            y=part["cases"],
            name=name,
            marker_color=theme.SOURCE_COLORS[source],
            hovertemplate="%{x|%Y年%-m月}<br>" + name + "：%{y:,} 件<extra></extra>",
        )
    share = monthly_rates[monthly_rates["scope"] == "selection"]
    figure.add_scatter(
        x=share["month_start"],
        y=share["grid_share"],
        name="网格员发现占比（右轴，%）",
        mode="lines+markers",
        line=dict(color=theme.BLACK, width=3),
        marker=dict(size=6),
        secondary_y=True,
        hovertemplate="%{x|%Y年%-m月}<br>网格员发现占比：%{y:.1f}%<extra></extra>",
    )
    figure.update_layout(barmode="stack", title=_title("问题数按来源（件/月）", period), height=440)
    figure.update_yaxes(title_text="件", secondary_y=False)
    count_axis(figure, "yaxis", frame["cases"].groupby(frame["month_start"]).sum())
    figure.update_yaxes(title_text="%", secondary_y=True, showgrid=False, range=[0, 100], dtick=20, tickformat=".0f")
    _month_axis(figure)
    return mark_events(figure, events)


def rates_over_time(
    frame: pd.DataFrame, measure: str, period: str, selection_label: str, events: pd.DataFrame | None = None
) -> go.Figure:
    """One rate per month: the selection against the city line."""
    figure = go.Figure()
    label = labels.measure_label(measure, with_unit=False)
    city_only = selection_label == labels.CITY
    for scope, name, colour, dash, width in (
        (
            "city",
            labels.CITY,
            theme.BLUE if city_only else theme.CITY_LINE,
            "solid" if city_only else "dash",
            4 if city_only else 2,
        ),
        ("selection", selection_label, theme.BLUE, "solid", 4),
    ):
        part = frame[frame["scope"] == scope]
        if scope == "selection" and city_only:
            continue
        figure.add_scatter(
            x=part["month_start"],
            y=part[measure],
            name=name,
            mode="lines+markers",
            line=dict(color=colour, dash=dash, width=width),
            hovertemplate="%{x|%Y年%-m月}<br>" + name + "：%{y:.1f}%<extra></extra>",
        )
    figure.update_layout(title=_title(f"{label}（%）按月", period), height=380, yaxis_title="%")
    # The real scale near 100%: from a round number a few points under the lowest month to 100.
    values = frame[measure].dropna()
    if len(values):
        figure.update_yaxes(
            range=[min(90, 5 * math.floor((float(values.min()) - 3) / 5)), 100.5], dtick=2 if values.min() > 90 else 5
        )
    _month_axis(figure)
    return mark_events(figure, events)


def ranked_bars(
    frame: pd.DataFrame,
    category: str,
    measure: str,
    period: str,
    reference: float | None = None,
    reference_label: str = labels.CITY,
    height: int | None = None,
    title: str | None = None,
) -> go.Figure:
    """Districts (or streets) ranked, best at the top, coloured by which side of the reference line
    they fall. Counts are bars from zero. Rates and scores, which sit within a few points of each
    other near 100, are dots on an axis that says where it starts: a bar cut off below 90% would
    make 96% look twice 93%."""
    spec = labels.MEASURES[measure]
    label, unit, higher_is_better = spec.label, spec.unit, spec.higher_is_better
    data = frame.dropna(subset=[measure]).sort_values(measure, ascending=not higher_is_better)
    if reference is None:
        colours = [theme.BLUE] * len(data)
    else:
        better = data[measure] >= reference if higher_is_better else data[measure] <= reference
        colours = [theme.BLUE if b else theme.ORANGE for b in better]
    as_dots = spec.kind in ("rate", "survey", "score")
    common = dict(
        x=data[measure],
        y=text.plotly_text(data[category]),
        text=[formats.measure(measure, v) for v in data[measure]],
        cliponaxis=False,
        hovertemplate="%{y}：%{text}<extra></extra>",
    )
    if as_dots:
        trace = go.Scatter(
            **common, mode="markers+text", textposition="middle right", marker=dict(size=14, color=colours, line=dict(width=0))
        )
    else:
        trace = go.Bar(**common, orientation="h", marker_color=colours, textposition="outside")
    figure = go.Figure(trace)
    if not as_dots:
        count_axis(figure, "xaxis", data[measure])
    if reference is not None:
        figure.add_vline(
            x=reference,
            line=dict(color=theme.CITY_LINE, dash="dash", width=2),
            annotation_text=f"{reference_label} {formats.measure(measure, reference)}",
            annotation_position="top",
        )
    if as_dots and len(data):
        low = min(data[measure].min(), reference if reference is not None else data[measure].min())
        high = max(data[measure].max(), reference if reference is not None else data[measure].max())
        span = max(high - low, 1.0)
        figure.update_xaxes(range=[math.floor(low - span * 0.4), high + span * 0.45], showgrid=True, gridcolor="#E5E5E5")
    figure.update_layout(
        title=_title(title or f"{label}（{unit}）", period),
        height=height or max(320, 34 * len(data) + 110),
        yaxis=dict(autorange="reversed", title=None),
        xaxis_title=unit,
        showlegend=False,
    )
    return figure if as_dots else _room_for_bar_labels(figure)


def category_change(frame: pd.DataFrame, period: str, top: int = 14) -> go.Figure:
    """Subcategories by change against the same months a year before (where category_mix gives one,
    i.e. the year before had enough cases): rising in vermilion."""
    data = frame[frame["change_pct"].notna()]
    data = data.reindex(data["change_pct"].abs().sort_values(ascending=False).index).head(top)
    data = data.sort_values("change_pct", ascending=False)
    colours = [theme.VERMILION if v > 0 else theme.BLUE for v in data["change_pct"]]
    figure = go.Figure(
        go.Bar(
            x=data["change_pct"],
            y=text.plotly_text(data["subcategory"]),
            orientation="h",
            marker_color=colours,
            text=[f"{v:+.1f}%" for v in data["change_pct"]],
            textposition="outside",
            cliponaxis=False,
            customdata=data[["category", "cases", "cases_year_before"]],
            hovertemplate="%{y}（%{customdata[0]}）<br>本期 %{customdata[1]:,} 件，上年同期 %{customdata[2]:,} 件"
            "<br>同比 %{x:+.1f}%<extra></extra>",
        )
    )
    figure.add_vline(x=0, line=dict(color=theme.GREY, width=1))
    figure.update_layout(
        title=_title("变化最大的问题子类：同比（%）", period),
        height=max(360, 30 * len(data) + 120),
        yaxis=dict(autorange="reversed", title=None),
        xaxis_title="同比（%）",
        showlegend=False,
    )
    return _room_for_bar_labels(figure)


def category_totals(frame: pd.DataFrame, period: str) -> go.Figure:
    """Cases per first-level category (category_totals), largest at the top."""
    totals = frame.sort_values("cases", ascending=True)
    figure = go.Figure(
        go.Bar(
            x=totals["cases"],
            y=text.plotly_text(totals["category"]),
            orientation="h",
            marker_color=theme.BLUE,
            text=[f"{v:,}" for v in totals["cases"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}：%{x:,} 件<extra></extra>",
        )
    )
    figure.update_layout(
        title=_title("问题类别构成（件）", period),
        height=max(360, 34 * len(totals) + 110),
        xaxis_title="件",
        yaxis_title=None,
        showlegend=False,
    )
    count_axis(figure, "xaxis", totals["cases"])
    return _room_for_bar_labels(figure)


def campaign_effect(frame: pd.DataFrame) -> go.Figure:
    """Each campaign: its targets' hotline intake change against the untargeted categories'."""
    data = frame.copy()
    data["label"] = [
        ("<b>合计</b>" if cid == "ALL" else text.plotly_label(name))
        for cid, name in zip(data["campaign_id"], data["name"], strict=True)
    ]
    figure = go.Figure()
    figure.add_bar(
        y=data["label"],
        x=data["target_change_pct"],
        name="行动目标问题",
        orientation="h",
        marker_color=theme.BLUE,
        text=[f"{v:+.1f}%" for v in data["target_change_pct"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}<br>目标问题同比：%{x:+.1f}%<extra></extra>",
    )
    figure.add_bar(
        y=data["label"],
        x=data["others_change_pct"],
        name="未列入行动的问题",
        orientation="h",
        marker_color=theme.LIGHT_GREY,
        marker_line=dict(color=theme.GREY, width=1),
        text=[f"{v:+.1f}%" for v in data["others_change_pct"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}<br>其他问题同比：%{x:+.1f}%<extra></extra>",
    )
    figure.add_vline(x=0, line=dict(color=theme.GREY, width=1))
    values = pd.concat([data["target_change_pct"], data["others_change_pct"]]).dropna()
    low = min(values.min(), 0) - 12 if len(values) else -40
    high = max(values.max(), 0) + 12 if len(values) else 20
    figure.update_layout(
        barmode="group",
        height=120 + 62 * len(data),
        xaxis=dict(title="12345 热线受理量同比（%）", range=[low, high]),
        yaxis=dict(autorange="reversed", title=None),
        title=_title("专项整治行动期间 12345 热线受理量：对比上年同期（%）", "各行动按自身窗口"),
    )
    return figure


def campaign_index(frame: pd.DataFrame, campaigns: pd.DataFrame) -> go.Figure:
    """Monthly hotline intake as an index of the same month a year before, windows shaded."""
    figure = go.Figure()
    start, end = campaigns["started_on"].min(), campaigns["ended_on"].max()
    figure.add_vrect(
        x0=start,
        x1=end + pd.Timedelta(days=1),
        fillcolor=theme.SKY,
        opacity=0.15,
        line_width=0,
        annotation_text="专项整治行动期间",
        annotation_position="top left",
    )
    for is_target, name, colour, width in ((True, "行动目标问题", theme.BLUE, 4), (False, "未列入行动的问题", theme.GREY, 2)):
        part = frame[frame["is_target"] == is_target]
        figure.add_scatter(
            x=part["month_start"],
            y=part["index_vs_year_before"],
            name=name,
            mode="lines+markers",
            line=dict(color=colour, width=width),
            hovertemplate="%{x|%Y年%-m月}<br>" + name + "：%{y:.1f}（上年同月 = 100）<extra></extra>",
        )
    figure.add_hline(y=100, line=dict(color=theme.CITY_LINE, dash="dot", width=1))
    figure.update_layout(
        title=_title("12345 热线受理量同比指数（上年同月 = 100）", "2022 年 1 月起"), height=400, yaxis_title="指数"
    )
    _month_axis(figure)
    return figure


def survey_lines(
    frame: pd.DataFrame,
    target: float,
    period: str,
    highlight: tuple[str, ...] = (),
    campaign_quarters: tuple[str, str] | None = None,
    year_2020: float | None = None,
) -> go.Figure:
    """Survey satisfaction by quarter: the city in black, chosen districts in colour, target line,
    the campaign quarters shaded and the 2020 yearly figure (the brief's baseline) marked.
    Quarters are written as people say them: 2023年三季度."""
    figure = go.Figure()
    frame = frame.assign(quarter_label=[formats.quarter(p) for p in frame["period"]])
    quarters = list(dict.fromkeys(frame["period"]))
    if campaign_quarters and campaign_quarters[0] in quarters:
        start = quarters.index(campaign_quarters[0])
        end = quarters.index(campaign_quarters[1]) if campaign_quarters[1] in quarters else len(quarters) - 1
        figure.add_vrect(
            x0=start - 0.5,
            x1=end + 0.5,
            fillcolor=theme.SKY,
            opacity=0.15,
            line_width=0,
            annotation_text="专项整治行动期间",
            annotation_position="bottom left",
        )
    if year_2020 is not None and "2020Q4" in quarters:
        figure.add_shape(
            type="line",
            x0=-0.3,
            x1=quarters.index("2020Q4") + 0.3,
            y0=year_2020,
            y1=year_2020,
            line=dict(color=theme.GREY, width=2, dash="dot"),
        )
        figure.add_annotation(
            x=0,
            y=year_2020,
            text=f"2020年全年 {formats.survey(year_2020)}",
            showarrow=False,
            xanchor="left",
            yshift=-18,
            font=dict(size=15, color=theme.GREY),
        )
    colours = itertools.cycle(theme.PALETTE)  # more districts than colours: they repeat, never run out
    for area_code, part in frame.groupby("area_code", sort=True):
        is_city = area_code == "110000"
        if not is_city and area_code not in highlight:
            continue
        colour = theme.BLACK if is_city else next(colours)
        figure.add_scatter(
            x=part["quarter_label"],
            y=part["satisfaction_pct"],
            name=text.plotly_label(part["area_name"].iat[0]),
            mode="lines+markers+text" if is_city else "lines+markers",
            # Labels on each year's last quarter and the latest one only: fifteen labels crowd the line.
            text=[
                formats.survey(v) if (p.endswith("Q4") or i == len(part) - 1) else ""
                for i, (p, v) in enumerate(zip(part["period"], part["satisfaction_pct"], strict=True))
            ]
            if is_city
            else None,
            textposition="top center",
            line=dict(color=colour, width=5 if is_city else 3),
            marker=dict(size=9 if is_city else 7),
            hovertemplate="%{x}<br>" + text.plotly_label(part["area_name"].iat[0]) + "：%{y:.2f}%<extra></extra>",
        )
    figure.add_hline(
        y=target,
        line=dict(color=theme.VERMILION, dash="dash", width=2),
        annotation_text=f"目标 {formats.survey(target)}",
        annotation_position="bottom right",
    )
    values = frame.loc[frame["area_code"].isin(("110000", *highlight)), "satisfaction_pct"]
    low = min([*values, target, *([year_2020] if year_2020 else [])], default=90)
    high = max([*values, target], default=100)
    figure.update_layout(
        title=_title("群众对创建成效的满意度（%，季度调查）", period),
        height=460,
        yaxis=dict(title="%", range=[math.floor(low) - 1, 100.5], dtick=1 if high - low < 8 else 2),
        xaxis=dict(type="category", title=None),
    )
    return figure


def hotline_satisfaction(
    frame: pd.DataFrame, period: str, highlight: tuple[str, ...] = (), events: pd.DataFrame | None = None
) -> go.Figure:
    """12345 per-case 满意率 by month (hotline_satisfaction_by_month): the city and chosen districts."""
    city = frame[frame["district_code"] == CITY_CODE]
    figure = go.Figure()
    figure.add_scatter(
        x=city["month_start"],
        y=city["satisfaction_rate"],
        name=labels.CITY,
        mode="lines+markers",
        line=dict(color=theme.BLACK, width=4),
        hovertemplate="%{x|%Y年%-m月}<br>全市：%{y:.1f}%<extra></extra>",
    )
    colours = itertools.cycle(theme.PALETTE)  # more districts than colours: they repeat, never run out
    for code in highlight:
        part = frame[frame["district_code"] == code]
        if part.empty:
            continue
        figure.add_scatter(
            x=part["month_start"],
            y=part["satisfaction_rate"],
            name=text.plotly_label(part["district_name"].iat[0]),
            mode="lines",
            line=dict(color=next(colours), width=3),
            hovertemplate="%{x|%Y年%-m月}<br>" + text.plotly_label(part["district_name"].iat[0]) + "：%{y:.1f}%<extra></extra>",
        )
    figure.update_layout(title=_title("12345 热线满意率（%，按月，来电人回访评价）", period), height=400, yaxis_title="%")
    _month_axis(figure)
    return mark_events(figure, events)


def small_multiples(
    frame: pd.DataFrame,
    x: str,
    y: str,
    panel: str,
    title: str,
    unit: str,
    city: pd.DataFrame | None = None,
    columns: int = 4,
    x_is_category: bool = False,
) -> go.Figure:
    """One small panel per district on a shared scale, the city line in grey behind each."""
    panels = list(dict.fromkeys(frame[panel]))
    layout = _grid_layout(tuple(text.plotly_text(panels)), columns)
    rows = max(1, math.ceil(len(panels) / columns))
    traces = []
    groups = dict(tuple(frame.groupby(panel, sort=False)))
    for i, name in enumerate(panels):
        axes = dict(xaxis=f"x{i + 1 if i else ''}", yaxis=f"y{i + 1 if i else ''}")  # the panel's own axes
        part = groups[name]
        if city is not None:
            traces.append(
                go.Scatter(
                    x=city[x],
                    y=city[y],
                    mode="lines",
                    line=dict(color=theme.LIGHT_GREY, width=2),
                    name=labels.CITY,
                    showlegend=i == 0,
                    hoverinfo="skip",
                    **axes,
                )
            )
        traces.append(
            go.Scatter(
                x=part[x],
                y=part[y],
                mode="lines",
                line=dict(color=theme.BLUE, width=3),
                name=text.plotly_label(name),
                showlegend=False,
                hovertemplate=text.plotly_label(name) + "<br>%{x}：%{y:.1f}" + unit + "<extra></extra>",
                **axes,
            )
        )
    if x_is_category:
        x_axes = dict(type="category", showticklabels=False)
    else:
        dates = pd.to_datetime(frame[x])
        within_a_year = (dates.max() - dates.min()).days < 366
        x_axes = dict(tickformat="%-m月" if within_a_year else "%Y年", nticks=4)
    for key, value in layout.items():
        if key.startswith("xaxis"):
            value.update(x_axes)
    for annotation in layout["annotations"]:
        annotation["font"] = dict(size=16)
    layout.update(title=_title(title), height=190 * rows + 90, margin=dict(t=90))
    return go.Figure(data=traces, layout=layout)


def area_small_multiples(
    frame: pd.DataFrame, x: str, y: str, code: str, name: str, title: str, unit: str = "%", x_is_category: bool = False
) -> go.Figure:
    """`small_multiples` of a query with one row per area and period: a panel per district (in
    code order), the city's own rows (code 110000) as the grey line behind each."""
    districts = frame[frame[code] != CITY_CODE].sort_values([code, x])
    city = frame[frame[code] == CITY_CODE].sort_values(x)
    return small_multiples(districts, x, y, name, title, unit, city=city if len(city) else None, x_is_category=x_is_category)


@functools.lru_cache(maxsize=16)
def _grid_layout_once(panels: tuple[str, ...], columns: int) -> str:
    rows = max(1, math.ceil(len(panels) / columns))
    grid = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=panels,
        shared_xaxes=True,
        shared_yaxes=True,
        vertical_spacing=0.09,
        horizontal_spacing=0.03,
    )
    return json.dumps({k: v for k, v in grid.layout.to_plotly_json().items() if k != "template"})


def _grid_layout(panels: tuple[str, ...], columns: int) -> dict:
    """The layout `make_subplots` gives this grid of titled panels (axes, domains, titles), as a
    fresh dict. `make_subplots` and the updates after it took 60 ms of a small-multiples chart;
    the grid is the same on every rerun, so it is made once and the figure built in one call."""
    return json.loads(_grid_layout_once(panels, columns))


def score_histogram(alleys: pd.DataFrame, red_line: float, period: str) -> go.Figure:
    """Alleys (alley_latest_scores) by their latest monthly score, the red line marked."""
    figure = go.Figure(
        go.Histogram(
            x=alleys["score"].dropna(),
            xbins=dict(start=30, end=101, size=2.5),
            marker_color=theme.BLUE,
            hovertemplate="%{x} 分：%{y} 条<extra></extra>",
        )
    )
    figure.add_vline(
        x=red_line,
        line=dict(color=theme.VERMILION, dash="dash", width=2),
        annotation_text=f"挂牌线 {red_line:.0f} 分",
        annotation_position="top left",
    )
    figure.update_layout(
        title=_title("最新月评分分布（条）", period),
        height=360,
        xaxis_title="分",
        yaxis_title="条",
        bargap=0.05,
        showlegend=False,
    )
    return figure


def score_trend(frame: pd.DataFrame, period: str) -> go.Figure:
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_scatter(
        x=frame["month_start"],
        y=frame["mean_score"],
        name="平均分",
        mode="lines+markers",
        line=dict(color=theme.BLUE, width=4),
        hovertemplate="%{x|%Y年%-m月}<br>平均分 %{y:.1f}<extra></extra>",
    )
    figure.add_bar(
        x=frame["month_start"],
        y=frame["below_line"],
        name="低于挂牌线（条，右轴）",
        marker_color=theme.VERMILION,
        opacity=0.55,
        secondary_y=True,
        hovertemplate="%{x|%Y年%-m月}<br>低于挂牌线 %{y} 条<extra></extra>",
    )
    figure.update_layout(title=_title("月评平均分（分）与低分街巷（条）", period), height=360)
    # A sober scale from the red line's neighbourhood to full marks: a 0.4-point move stays small,
    # and the sentence beside the chart says how much it moved.
    low = min(70.0, math.floor(float(frame["mean_score"].min()) - 5)) if len(frame) else 70.0
    figure.update_yaxes(title_text="分", secondary_y=False, range=[low, 100], dtick=5)
    top = max(int(frame["below_line"].max()) if len(frame) else 0, 1)
    figure.update_yaxes(
        title_text="条",
        secondary_y=True,
        showgrid=False,
        range=[0, _round_up(top * 1.5)],
        dtick=_round_up(top * 1.5) / 5,
        tickformat=",d",
    )
    _month_axis(figure)
    return figure


def item_failures_heatmap(frame: pd.DataFrame, period: str) -> go.Figure:
    """Districts × "十无五好四有" items: share of monthly scores that lost points on the item."""
    frame = frame[frame["district_code"].notna()]
    items = frame.drop_duplicates("item_code").sort_values("sort_order")
    grid = frame.pivot_table(index="district_name", columns="item_name", values="fail_pct", sort=False)
    grid = grid[items["item_name"].tolist()]
    figure = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=[f"{g}·{n}" for g, n in zip(items["standard_group"], items["item_name"], strict=True)],
            y=grid.index.tolist(),
            colorscale="Cividis",
            colorbar=dict(title="%"),
            hovertemplate="%{y}<br>%{x}<br>失分比例 %{z:.1f}%<extra></extra>",
        )
    )
    figure.update_layout(
        title=_title("“十无五好四有”各条目失分比例（% 的月评）", period),
        height=max(380, 30 * len(grid) + 220),
        xaxis=dict(tickangle=-45, title=None),
        yaxis_title=None,
    )
    return figure


def item_failures_bars(frame: pd.DataFrame, period: str, top: int = 8) -> go.Figure:
    """The items that lose points most, all chosen districts together (alley_item_failures' rows
    with no district)."""
    totals = frame[frame["district_code"].isna()].sort_values(["fail_pct", "sort_order"], ascending=[False, True]).head(top)
    figure = go.Figure(
        go.Bar(
            x=totals["fail_pct"],
            y=[f"{g}·{n}" for g, n in zip(totals["standard_group"], totals["item_name"], strict=True)],
            orientation="h",
            marker_color=theme.VERMILION,
            text=[f"{v:.1f}%" for v in totals["fail_pct"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}：%{x:.1f}%<extra></extra>",
        )
    )
    figure.update_layout(
        title=_title(f"失分最多的 {len(totals)} 个条目（% 的月评）", period),
        height=max(320, 36 * len(totals) + 110),
        yaxis=dict(autorange="reversed", title=None),
        xaxis_title="%",
        showlegend=False,
    )
    return _room_for_bar_labels(figure)


def red_list_lifecycle(stages: pd.DataFrame, as_of_label: str) -> go.Figure:
    """How many open listings are at each stage of their life (red_list_stages), overdue ones marked."""
    # Delisted ones outnumber the rest many times over; they are told in the title instead.
    order = [s for s in labels.RED_LIST_STATUSES if s != "delisted"]
    by_status = stages.set_index("status")
    delisted = int(by_status["listings"].get("delisted", 0))
    on_time = by_status["on_time"].reindex(order, fill_value=0)
    overdue = by_status["overdue"].reindex(order, fill_value=0)
    figure = go.Figure()
    figure.add_bar(
        x=[labels.RED_LIST_STATUSES[s] for s in order],
        y=on_time,
        name="未逾期",
        marker_color=theme.BLUE,
        hovertemplate="%{x}：%{y} 条<extra>未逾期</extra>",
    )
    figure.add_bar(
        x=[labels.RED_LIST_STATUSES[s] for s in order],
        y=overdue,
        name="已逾期",
        marker_color=theme.VERMILION,
        hovertemplate="%{x}：%{y} 条<extra>已逾期</extra>",
    )
    figure.update_layout(
        barmode="stack",
        # A short title over a narrow chart: the delisted count goes on the second line with the date.
        title=_title("在办各环节（条）", f"时段内已摘牌 {formats.count(delisted, '条')} · 截至 {as_of_label}"),
        height=360,
        yaxis=dict(title="条", rangemode="tozero", tickformat=",d"),
        xaxis_title=None,
    )
    return figure


# --- 闭环台账: spot-check problems and red-listed alleys as one loop ---------------------------------

LOOP_COLOURS = {"spot_check": theme.SOURCE_COLORS["spot_check"], "red_list": theme.ORANGE}
_LOOP_OVERDUE = (("spot_check", "overdue_spot_check", "件"), ("red_list", "overdue_red_list", "条"))


def _whole_numbers(values) -> dict:
    """An axis of item counts in whole steps (1, 2, 5, 10 …), never 0.2 of an item."""
    top = max([float(v) for v in values if v == v] or [0.0])
    return dict(tickformat=",d", tick0=0, dtick=max(1, _round_up(top / 5)), rangemode="tozero")


def _loop_bars(figure: go.Figure, frame: pd.DataFrame, categories: list[str], columns, horizontal: bool) -> None:
    """One bar per kind of item (抽查问题, 挂牌街巷) for each category, stacked, each with its own unit."""
    for kind, column, unit in columns:
        name = labels.LOOP_KINDS[kind]
        values = frame[column].tolist()
        axes = {"y": categories, "x": values, "orientation": "h"} if horizontal else {"x": categories, "y": values}
        where = "%{y}" if horizontal else "%{x}"
        amount = "%{x}" if horizontal else "%{y}"
        figure.add_bar(
            **axes,
            name=name,
            marker_color=LOOP_COLOURS[kind],
            hovertemplate=f"{where}<br>{name}：{amount} {unit}<extra></extra>",
        )
    figure.update_layout(barmode="stack")


def loop_overdue_by_unit(units: pd.DataFrame, as_of_label: str, top: int = 12) -> go.Figure:
    """The units with most overdue items (closed_loop_overdue_by_unit, most overdue first), by kind."""
    data = units[units["overdue_items"] > 0].head(top).iloc[::-1]
    figure = go.Figure()
    _loop_bars(figure, data, text.plotly_text(data["responsible_unit"]), _LOOP_OVERDUE, horizontal=True)
    figure.update_layout(
        title=_title("逾期事项按责任单位（项）", f"逾期最多的 {len(data)} 个单位 · 截至 {as_of_label}"),
        height=max(320, 34 * len(data) + 150),
        xaxis=dict(title="项", **_whole_numbers(data["overdue_items"])),
        yaxis=dict(title=None, automargin=True),
    )
    return figure


def loop_overdue_by_age(bands: pd.DataFrame, as_of_label: str) -> go.Figure:
    """Overdue items by how long they have been overdue (closed_loop_overdue_by_age), by kind."""
    figure = go.Figure()
    _loop_bars(figure, bands, [labels.OVERDUE_BANDS[b] for b in bands["band"]], _LOOP_OVERDUE, horizontal=False)
    figure.update_layout(
        title=_title("逾期多久（项）", f"截至 {as_of_label}"),
        height=360,
        xaxis_title="已逾期",
        yaxis=dict(title="项", **_whole_numbers(bands["overdue_items"])),
    )
    return figure


def loop_overdue_by_district(districts: pd.DataFrame, as_of_label: str) -> go.Figure:
    """Each district's overdue items (closed_loop_overdue_by_district), by kind, most at the top."""
    data = districts.iloc[::-1]
    figure = go.Figure()
    _loop_bars(figure, data, text.plotly_text(data["district_name"]), _LOOP_OVERDUE, horizontal=True)
    figure.update_layout(
        title=_title("各区逾期事项（项）", f"截至 {as_of_label}"),
        height=max(320, 30 * len(data) + 150),
        xaxis=dict(title="项", **_whole_numbers(data["overdue_items"])),
        yaxis_title=None,
    )
    return figure


def loop_stages(stages: pd.DataFrame, as_of_label: str) -> go.Figure:
    """The items not yet closed by the stage they wait at (closed_loop_stages), by kind, with how many
    of them are overdue; the closed ones, many times more, are told in the title."""
    waiting = stages[stages["stage"] != "closed"]
    closed = int(stages.loc[stages["stage"] == "closed", "items"].sum())
    steps = [f"{labels.LOOP_STEPS[s]}<br>{labels.LOOP_WAITING[s]}" for s in waiting["stage"]]
    figure = go.Figure()
    _loop_bars(
        figure, waiting, steps, (("spot_check", "spot_check_items", "件"), ("red_list", "red_list_items", "条")), horizontal=False
    )
    figure.add_scatter(
        x=steps,
        y=waiting["items"],
        mode="text",
        text=[f"其中逾期 {formats.count(n, '项')}" if n else "" for n in waiting["overdue_items"]],
        textposition="top center",
        textfont=dict(color=theme.VERMILION),
        showlegend=False,
        hoverinfo="skip",
    )
    top = float(waiting["items"].max() or 1)
    figure.update_layout(
        title=_title("尚未销号的事项在哪个环节（项）", f"时段内已销号（摘牌）{formats.count(closed, '项')} · 截至 {as_of_label}"),
        height=400,
        xaxis_title=None,
        yaxis=dict(title="项", **_whole_numbers([top * 1.25]), range=[0, top * 1.25]),
    )
    return figure


def loop_reopen_by_district(districts: pd.DataFrame, period: str) -> go.Figure:
    """Re-open rate (返工率) of each district with problems re-checked (closed_loop_reopened_by_district)."""
    data = districts[districts["rechecked_items"] > 0].sort_values("reopen_rate", ascending=True)
    figure = go.Figure(
        go.Bar(
            y=text.plotly_text(data["district_name"]),
            x=data["reopen_rate"],
            orientation="h",
            marker_color=theme.VERMILION,
            text=[formats.rate(rate) for rate in data["reopen_rate"]],
            textposition="outside",
            cliponaxis=False,
            customdata=data[["reopened_items", "rechecked_items"]],
            hovertemplate="%{y}<br>返工率：%{x:.1f}%（复查 %{customdata[1]:,} 件，未通过 %{customdata[0]:,} 件）<extra></extra>",
        )
    )
    figure.update_layout(
        title=_title("各区返工率（复查未通过 ÷ 复查，%）", period),
        height=max(320, 30 * len(data) + 130),
        xaxis=dict(title="%", rangemode="tozero"),
        yaxis_title=None,
    )
    return _room_for_bar_labels(figure)


def loop_days_to_close(districts: pd.DataFrame, period: str) -> go.Figure:
    """Median days to 销号 (spot-check problems) and to 摘牌 (red-listed alleys) by district
    (closed_loop_days_to_close), slowest spot-check closing at the top."""
    data = districts.dropna(subset=["median_days_spot_check", "median_days_red_list"], how="all").iloc[::-1]
    figure = go.Figure()
    for kind, column, count_column, step in (
        ("spot_check", "median_days_spot_check", "closed_spot_check", "发现到销号"),
        ("red_list", "median_days_red_list", "closed_red_list", "挂牌到摘牌"),
    ):
        name = f"{labels.LOOP_KINDS[kind]}：{step}"
        figure.add_bar(
            y=text.plotly_text(data["district_name"]),
            x=data[column],
            orientation="h",
            name=name,
            marker_color=LOOP_COLOURS[kind],
            text=[formats.number(v, "days", "天") if v == v else "" for v in data[column]],
            textposition="outside",
            cliponaxis=False,
            customdata=data[count_column],
            hovertemplate="%{y}<br>" + name + "：中位数 %{x} 天（%{customdata:,} 项）<extra></extra>",
        )
    figure.update_layout(
        barmode="group",
        title=_title("销号用时中位数（天）", period),
        height=max(340, 44 * len(data) + 150),
        xaxis=dict(title="天", rangemode="tozero"),
        yaxis_title=None,
    )
    return _room_for_bar_labels(figure)


def village_coverage(frame: pd.DataFrame) -> go.Figure:
    """History rooms and video screens per district (village_coverage's district rows)."""
    data = frame[frame["district_code"].notna()].sort_values("history_rooms", ascending=True)
    bars = [
        go.Bar(
            y=text.plotly_text(data["district_name"]),
            x=data[column],
            name=name,
            orientation="h",
            marker_color=colour,
            text=[f"{v:,}" for v in data[column]],
            textposition="outside",
            cliponaxis=False,
        )
        for column, name, colour in (
            ("history_rooms", "乡情村史陈列室（个）", theme.ORANGE),
            ("video_screens", "精神文明宣传视屏（块）", theme.BLUE),
        )
    ]
    figure = go.Figure(bars)
    figure.update_layout(
        barmode="group",
        title=_title("各区乡情村史陈列室与宣传视屏（个/块）", "2013 年以来累计"),
        height=max(380, 44 * len(data) + 120),
        xaxis_title="个/块",
        yaxis_title=None,
    )
    return _room_for_bar_labels(figure)


def rules_coverage(frame: pd.DataFrame) -> go.Figure:
    """Coverage of village rules per district (village_coverage's district rows), on the whole
    0–100% scale: a bar's length is the share, so the axis starts at zero."""
    data = frame[frame["district_code"].notna()].sort_values("rules_coverage", ascending=True)
    figure = go.Figure(
        go.Bar(
            y=text.plotly_text(data["district_name"]),
            x=data["rules_coverage"],
            orientation="h",
            marker_color=theme.GREEN,
            text=[formats.rate(v) for v in data["rules_coverage"]],
            textposition="outside",
            cliponaxis=False,
            customdata=data[["with_rules", "villages", "communities"]],
            hovertemplate="%{y}<br>覆盖率 %{x:.1f}%<br>建有村规民约 %{customdata[0]:,} 个"
            "<br>村 %{customdata[1]:,}、社区 %{customdata[2]:,}<extra></extra>",
        )
    )
    figure.update_layout(
        title=_title("村规民约、居民公约覆盖率（%）"),
        height=max(380, 32 * len(data) + 110),
        xaxis=dict(title="%", range=[0, 112], dtick=20),
        yaxis_title=None,
        showlegend=False,
    )
    return figure


def volunteer_by_category(summary: pd.DataFrame, as_of_label: str) -> go.Figure:
    """Projects and beneficiaries per service category (volunteer_summary)."""
    totals = summary.sort_values("projects")
    figure = make_subplots(
        rows=1, cols=2, shared_yaxes=True, subplot_titles=("项目数（个）", "服务人次（万人次）"), horizontal_spacing=0.04
    )
    panels = (
        (totals["projects"], [f"{v:,}" for v in totals["projects"]], theme.GREEN, "%{y}：%{x:,} 个"),
        (
            totals["beneficiaries"] / 10_000,
            [f"{v / 10_000:,.1f}" for v in totals["beneficiaries"]],
            theme.PURPLE,
            "%{y}：%{x:,.1f} 万人次",
        ),
    )
    for column, (values, written, colour, hover) in enumerate(panels, start=1):
        figure.add_bar(
            y=text.plotly_text(totals["category"]),
            x=values,
            orientation="h",
            marker_color=colour,
            text=written,
            textposition="outside",
            cliponaxis=False,
            row=1,
            col=column,
            hovertemplate=hover + "<extra></extra>",
        )
    figure.update_layout(
        title=_title("志愿服务项目按类别", f"截至 {as_of_label}"), showlegend=False, height=max(380, 40 * len(totals) + 130)
    )
    figure.update_annotations(font_size=16)
    count_axis(figure, "xaxis", totals["projects"])
    return _room_for_bar_labels(figure)


def volunteer_by_district(measures: pd.DataFrame, as_of_label: str) -> go.Figure:
    """Projects per district (district_measures' volunteer_projects), 涉农区 in green."""
    totals = measures[measures["volunteer_projects"] > 0].sort_values("volunteer_projects")
    figure = go.Figure(
        go.Bar(
            y=text.plotly_text(totals["name"]),
            x=totals["volunteer_projects"],
            orientation="h",
            marker_color=[theme.GREEN if a else theme.GREY for a in totals["is_agricultural"]],
            text=[f"{v:,}" for v in totals["volunteer_projects"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}：%{x:,} 个<extra></extra>",
        )
    )
    figure.update_layout(
        title=_title("志愿服务项目按区（个；绿色为涉农区）", f"截至 {as_of_label}"),
        showlegend=False,
        height=max(380, 32 * len(totals) + 110),
        yaxis_title=None,
        xaxis_title="个",
    )
    count_axis(figure, "xaxis", totals["volunteer_projects"])
    return _room_for_bar_labels(figure)


def bump_chart(frame: pd.DataFrame, measure: str, period: str, highlight: tuple[str, ...] = ()) -> go.Figure:
    """Rank of each district per month (1 = best). The districts in `highlight` in colour (the
    chosen ones, or those the sentence names as moving most, ties included), the rest grey."""
    label = labels.measure_label(measure, with_unit=False)
    frame = frame[frame["district_code"] != CITY_CODE]
    last_month = frame["month_start"].max()
    colours = dict(
        zip(highlight, [theme.BLUE, theme.VERMILION, theme.GREEN, theme.ORANGE, theme.PURPLE, theme.SKY] * 3, strict=False)
    )
    # Traces and labels are collected first and the figure is made once: adding 16 traces and
    # 16 annotations one call at a time re-validated the figure on each and took 50 ms.
    traces, annotations = [], []
    for code, part in sorted(frame.groupby("district_code"), key=lambda item: item[0] in colours):
        chosen = code in colours
        name = text.plotly_label(part["short_name"].iat[0])
        months, ranks = part["month_start"].to_numpy(), part["rank"].to_numpy()
        traces.append(
            go.Scatter(
                x=months,
                y=ranks,
                mode="lines+markers",
                name=name,
                showlegend=False,
                line=dict(color=colours.get(code, theme.LIGHT_GREY), width=5 if chosen else 2),
                marker=dict(size=8 if chosen else 5),
                customdata=part["value"].to_numpy()[:, None],
                hovertemplate=name + "<br>%{x|%Y年%-m月}：第 %{y} 名（%{customdata[0]:.1f}）<extra></extra>",
            )
        )
        at_end = (months == last_month).nonzero()[0]
        if len(at_end):
            annotations.append(
                dict(
                    x=part["month_start"].iat[at_end[0]],
                    y=ranks[at_end[0]],
                    text=name,
                    xanchor="left",
                    xshift=8,
                    showarrow=False,
                    font=dict(size=15 if chosen else 13, color=colours.get(code, theme.GREY)),
                )
            )
    figure = go.Figure(data=traces, layout=dict(annotations=annotations))
    figure.update_layout(
        title=_title(f"各区{label}排名变化（第 1 名最好）", period),
        height=620,
        yaxis=dict(autorange="reversed", dtick=1, title="名次"),
        margin=dict(r=70),
    )
    _month_axis(figure)
    return figure


def grouping_comparison(frame: pd.DataFrame, measure: str, period: str) -> go.Figure:
    """涉农区 against the three non-agricultural districts on one measure, district by district."""
    label, unit = labels.MEASURES[measure].label, labels.MEASURES[measure].unit
    data = frame.dropna(subset=[measure]).sort_values(measure)
    figure = go.Figure()
    for agricultural, name, colour in ((False, "非涉农区", theme.ORANGE), (True, "涉农区", theme.GREEN)):
        part = data[data["is_agricultural"] == agricultural]
        # Alternate labels above and below the dots so neighbours do not overprint.
        positions = ["top center" if i % 2 == 0 else "bottom center" for i in range(len(part))]
        figure.add_scatter(
            x=part[measure],
            y=[name] * len(part),
            mode="markers+text",
            name=name,
            text=text.plotly_text(part["short_name"]),
            textposition=positions,
            marker=dict(size=18, color=colour, line=dict(color="white", width=1)),
            hovertemplate="%{text}：%{x}" + unit + "<extra></extra>",
        )
    figure.update_layout(
        title=_title(f"涉农区与非涉农区：{label}（{unit}）", period),
        height=380,
        showlegend=False,
        xaxis_title=unit,
        yaxis=dict(title=None, range=[-0.7, 1.7]),
    )
    return figure


TARGET_COLOURS = {"met": theme.GREEN, "near": theme.ORANGE, "missed": theme.VERMILION}


def target_grid(scores: pd.DataFrame, period: str) -> go.Figure:
    """Districts × targeted measures (target_scores): each cell coloured by its status, the actual
    value written in it, the score in the hover; the city on the first row."""
    from ui import targets  # the configuration's order of measures

    data = targets.ordered(scores)
    measures = list(dict.fromkeys(data["measure"]))
    areas = list(dict.fromkeys(data["area_name"]))
    status_value = {"missed": 0, "near": 1, "met": 2}
    grid = data.pivot_table(index="area_name", columns="measure", values="score", aggfunc="first", sort=False)
    z = [
        [status_value.get(s, None) for s in data[data["area_name"] == a].set_index("measure").reindex(measures)["status"]]
        for a in areas
    ]
    written = [
        [formats.measure(m, v) for m, v in data[data["area_name"] == a].set_index("measure").reindex(measures)["actual"].items()]
        for a in areas
    ]
    labels_x = [text.plotly_label(data.loc[data["measure"] == m, "label"].iat[0]) for m in measures]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=labels_x,
            y=text.plotly_text(areas),
            text=written,
            texttemplate="%{text}",
            customdata=grid.reindex(index=areas, columns=measures).to_numpy(),
            colorscale=[[0, theme.VERMILION], [0.5, theme.ORANGE], [1, theme.GREEN]],
            zmin=0,
            zmax=2,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}：%{text}<br>实际 ÷ 目标 = %{customdata:.2f}<extra></extra>",
        )
    )
    figure.update_layout(
        title=_title("各区目标进度（绿：达标，橙：接近，朱红：未达标；格中为实际值）", period),
        height=max(420, 30 * len(areas) + 160),
        yaxis=dict(autorange="reversed", title=None),
        xaxis=dict(side="top", title=None),
        margin=dict(t=130),
    )
    return figure


def campaign_progress(frame: pd.DataFrame, target_pct: float, title: str, events: pd.DataFrame | None = None) -> go.Figure:
    """A campaign week by week (campaign_progress): its targets' change so far against the same days a
    year before, the untargeted control's beside it, the target as a dashed line and zero as a rule."""
    figure = go.Figure(
        [
            go.Scatter(
                x=frame["week_start"],
                y=frame["target_change_so_far"],
                name="行动目标问题（累计同比）",
                mode="lines+markers",
                line=dict(color=theme.BLUE, width=4),
                hovertemplate="%{x|%Y年%-m月%-d日}所在周<br>目标问题累计同比 %{y:+.1f}%<extra></extra>",
            ),
            go.Scatter(
                x=frame["week_start"],
                y=frame["other_change_so_far"],
                name="未列入行动的问题（对照）",
                mode="lines",
                line=dict(color=theme.GREY, width=2),
                hovertemplate="%{x|%Y年%-m月%-d日}所在周<br>对照累计同比 %{y:+.1f}%<extra></extra>",
            ),
        ]
    )
    figure.add_hline(y=0, line=dict(color=theme.GREY, width=1))
    figure.add_hline(
        y=target_pct,
        line=dict(color=theme.VERMILION, dash="dash", width=2),
        annotation_text=f"目标 {formats.percent_change(target_pct)}",
        annotation_position="bottom right",
    )
    values = [*frame["target_change_so_far"].dropna(), *frame["other_change_so_far"].dropna(), target_pct, 0.0]
    low, high = min(values), max(values)
    figure.update_layout(
        title=_title(title, "按周，自行动开始累计，对比上年同期"),
        height=400,
        yaxis=dict(
            title="同比（%）", range=[10 * math.floor(low / 10) - 5, 10 * math.ceil(high / 10) + 5], dtick=10, ticksuffix="%"
        ),
    )
    figure.update_xaxes(tickformat="%-m月%-d日", hoverformat="%Y年%-m月%-d日")
    return mark_events(figure, events)
