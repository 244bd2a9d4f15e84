"""The brief's charts: the dashboard's own builders (ui.charts), fitted to an A4 page.

Each chart keeps the builder's look; for print its title moves out of the image into the
document's caption (editable in Word), the size is fixed, and in a district brief the
district is picked out. `build(figures)` returns the charts the sections ask for, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from reports.figures import BriefFigures
from reports.period import Quarter
from ui import charts, theme

WIDTH = 860  # layout pixels across the text block (15.5 cm); fonts stay readable at 8–10 pt


@dataclass
class Chart:
    key: str
    caption: str
    figure: go.Figure
    width: int
    height: int


def _caption(figure: go.Figure) -> str:
    """The builder's title as plain text: '群众对创建成效的满意度（%，季度调查）　2020Q1—2023Q3'."""
    text = figure.layout.title.text or ""
    return re.sub(r"<[^>]+>", "", text).strip()


def _for_print(key: str, figure: go.Figure, height: int, top: int | None = None) -> Chart:
    caption = _caption(figure)
    has_legend = figure.layout.showlegend is not False and len(figure.data) > 1
    figure.update_layout(
        title=None,
        width=WIDTH,
        height=height,
        margin=dict(l=10, r=24, t=top or (46 if has_legend else 18), b=10),
    )
    return Chart(key, caption, figure, WIDTH, height)


def _quarter_of(day) -> str:
    day = pd.Timestamp(day)
    return Quarter(day.year, (day.month - 1) // 3 + 1).code


def _nice_step(rough: float) -> int:
    """1, 2, 5, 10, 20, 50 … at least `rough`."""
    step = 1
    while step < rough:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if step >= rough:
                break
    return step


def survey_chart(figures: BriefFigures) -> Chart | None:
    survey = figures.survey
    if survey.empty:
        return None
    windows = figures.campaign_windows
    campaign_quarters = (
        (_quarter_of(windows["started_on"].min()), _quarter_of(windows["ended_on"].max())) if len(windows) else None
    )
    code = figures.district.district_code if figures.district else None
    year_2020 = figures.city.survey_2020 if code is None and figures.quarter.year > 2020 else None
    first = survey["period"].iat[0]
    figure = charts.survey_lines(
        survey,
        figures.targets.survey_satisfaction,
        f"{first}—{figures.quarter.code}",
        highlight=(code,) if code else (),
        campaign_quarters=campaign_quarters,
        year_2020=year_2020,
    )
    # Label only the last quarter (fifteen labels overprint at print size; the 2020 figure has its own).
    # Each line's latest figure at its right end; when two are close, the upper above, the lower below.
    last = survey[survey["period"] == figures.quarter.code].set_index("area_code")["satisfaction_pct"]
    city_last = last.get("110000")
    other_last = last.get(code) if code else None
    shown = survey[survey["area_code"].isin(["110000", code])]["satisfaction_pct"]
    low = min(float(shown.min()), figures.targets.survey_satisfaction)
    high = max(float(shown.max()), figures.targets.survey_satisfaction)
    pad = max((high - low) * 0.08, 0.3)
    close = other_last is not None and city_last is not None and abs(other_last - city_last) < (high - low) * 0.06
    for trace in figure.data:
        values = list(trace.y)
        if not values:
            continue
        labels = [""] * len(values)
        labels[-1] = f"{values[-1]:.2f}%"
        position = "middle right"
        if close:
            upper = city_last >= other_last if trace.name == "全市" else other_last > city_last
            position = "top right" if upper else "bottom right"
        trace.update(
            mode="lines+markers+text",
            text=labels,
            textposition=position,
            textfont=dict(size=15, color=trace.line.color),
            cliponaxis=False,
        )
    figure.update_yaxes(range=[low - pad, high + pad])
    for annotation in figure.layout.annotations:
        if annotation.text == "专项整治行动期间":
            annotation.update(y=0.02, yanchor="bottom")
        elif str(annotation.text).startswith("目标"):  # to the left, away from the latest figures
            annotation.update(x=0.01, xanchor="left", yanchor="bottom")
        elif str(annotation.text).startswith("2020 年全年"):  # beside its dotted line, clear of the curve
            annotation.update(x=3.4, xanchor="left", yshift=0)
    periods = list(dict.fromkeys(survey["period"]))
    figure.update_xaxes(
        tickmode="array", tickvals=periods, ticktext=[p if p.endswith("Q1") else p[-2:] for p in periods], tickangle=0
    )
    chart = _for_print("survey", figure, 370)
    figure.update_layout(margin=dict(r=84))
    return chart


def campaign_chart(figures: BriefFigures) -> Chart | None:
    rows = figures.campaign_rows
    if rows.empty or rows["target_change_pct"].isna().all():
        return None
    return _for_print("campaigns", charts.campaign_effect(rows), 96 + 46 * len(rows))


def resolution_chart(figures: BriefFigures) -> Chart | None:
    """The sixteen districts' 12345 resolution rates against the city's, the district picked out."""
    frame = figures.districts.rename(columns={"name": "区"})
    if frame["resolution_rate"].isna().all():
        return None
    figure = charts.ranked_bars(
        frame,
        "区",
        "resolution_rate",
        figures.quarter.label,
        reference=figures.city.resolution_rate.current,
        title="各区 12345 解决率（%）",
    )
    if figures.district is not None:
        chosen = figures.district.name
        bars = figure.data[0]
        bars.marker.opacity = [1.0 if name == chosen else 0.4 for name in bars.y]
        bars.y = [f"<b>{name}</b>" if name == chosen else name for name in bars.y]
    figure.update_traces(textfont=dict(size=13))
    return _for_print("resolution", figure, 26 * len(frame) + 90, top=40)  # room for the city line's label


def alley_chart(figures: BriefFigures) -> Chart | None:
    trend = figures.alley_trend
    if trend.empty:
        return None
    first, last = pd.Timestamp(trend["month_start"].iat[0]), pd.Timestamp(trend["month_start"].iat[-1])
    period = f"{first.year}年{first.month}月—{last.year}年{last.month}月"
    figure = charts.score_trend(trend, period)
    most = max(int(trend["below_line"].max()), 1)
    step = _nice_step(most / 4)
    figure.update_traces(opacity=0.35, selector=dict(type="bar"))
    figure.update_yaxes(secondary_y=True, range=[0, step * (most // step + 1.5)], dtick=step)
    if figures.district is not None:
        figure.update_layout(title_text=f"{figures.district.name}{figure.layout.title.text}")
    return _for_print("alleys", figure, 300)


def village_chart(figures: BriefFigures) -> Chart | None:
    frame = figures.districts[figures.districts["is_agricultural"]].rename(columns={"name": "district_name"})
    if frame.empty or (frame["history_rooms"].sum() + frame["video_screens"].sum()) == 0:
        return None
    chosen = figures.district.name if figures.district else None
    if chosen:
        frame = frame.assign(district_name=[f"<b>{n}</b>" if n == chosen else n for n in frame["district_name"]])
    figure = charts.village_coverage(frame)
    figure.update_layout(title_text=f"各涉农区乡情村史陈列室与宣传视屏（个/块）　截至 {figures.as_of:%Y年%-m月%-d日}")
    if chosen:
        for trace in figure.data:
            trace.marker.opacity = [1.0 if "<b>" in str(y) else 0.35 for y in trace.y]
    figure.update_traces(textfont=dict(size=13))
    figure.update_layout(bargap=0.25, legend=dict(font=dict(size=14)), xaxis=dict(gridcolor="#E5E5E5"))
    return _for_print("villages", figure, 34 * len(frame) + 84)


BUILDERS = {
    "survey": survey_chart,
    "campaigns": campaign_chart,
    "resolution": resolution_chart,
    "alleys": alley_chart,
    "villages": village_chart,
}


def build(figures: BriefFigures, keys: list[str]) -> list[Chart]:
    """The charts named by `keys` (in that order) that have data to show."""
    theme.register()
    built = (BUILDERS[key](figures) for key in keys)
    return [chart for chart in built if chart is not None]
