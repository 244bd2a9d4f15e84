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
from ui import charts, formats, labels, theme

WIDTH = 860  # layout pixels across the text block (15.5 cm); fonts stay readable at 8–10 pt


@dataclass
class Chart:
    key: str
    caption: str
    figure: go.Figure
    width: int
    height: int


def _caption(figure: go.Figure) -> str:
    """The builder's title as plain text: '群众对创建成效的满意度（%，季度调查）　2020年一季度—2023年三季度'."""
    text = figure.layout.title.text or ""
    subtitle = figure.layout.title.subtitle.text or ""
    return re.sub(r"<[^>]+>", "", f"{text}　{subtitle}" if subtitle else text).strip()


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


def survey_chart(figures: BriefFigures) -> Chart | None:
    survey = figures.survey
    if survey.empty:
        return None
    windows = figures.campaign_windows
    campaign_quarters = (
        (_quarter_of(windows["started_on"].min()), _quarter_of(windows["ended_on"].max())) if len(windows) else None
    )
    code = figures.district.district_code if figures.district else None
    city = figures.city.headline_figures
    # The dotted 2020 line is the city's baseline, when the baseline is 2020 as a whole year.
    year_2020 = city["survey_baseline"] if code is None and city["survey_baseline_label"] == "2020年" else None
    first = formats.quarter(survey["period"].iat[0])
    figure = charts.survey_lines(
        survey,
        figures.targets.survey_satisfaction,
        first if first == figures.quarter.label else f"{first}—{figures.quarter.label}",
        highlight=(code,) if code else (),
        campaign_quarters=campaign_quarters,
        year_2020=year_2020,
    )
    # Label only the last quarter (fifteen labels overprint at print size; the 2020 figure has its
    # own), at each line's right end; when the two are close, the upper above and the lower below.
    last = survey[survey["period"] == figures.quarter.code].set_index("area_code")["satisfaction_pct"]
    city_last = last.get(charts.CITY_CODE)
    other_last = last.get(code) if code else None
    close = other_last is not None and city_last is not None and abs(other_last - city_last) < 0.3
    for trace in figure.data:
        values = list(trace.y)
        if not values:
            continue
        texts = [""] * len(values)
        texts[-1] = formats.survey(values[-1])
        position = "middle right"
        if close:
            upper = city_last >= other_last if trace.name == labels.CITY else other_last > city_last
            position = "top right" if upper else "bottom right"
        trace.update(
            mode="lines+markers+text",
            text=texts,
            textposition=position,
            textfont=dict(size=15, color=trace.line.color),
            cliponaxis=False,
        )
    for annotation in figure.layout.annotations:
        if annotation.text == "专项整治行动期间":
            annotation.update(y=0.02, yanchor="bottom")
        elif str(annotation.text).startswith("目标"):  # to the left, away from the latest figures
            annotation.update(x=0.01, xanchor="left", yanchor="bottom")
        elif str(annotation.text).startswith("2020年全年"):  # beside its dotted line, clear of the curve
            annotation.update(x=3.4, xanchor="left", yshift=0)
    # Fifteen quarters across the page: the year on each first quarter only, over two lines.
    quarters = list(dict.fromkeys(survey["period"]))
    written = [formats.quarter(p) for p in quarters]
    figure.update_xaxes(
        tickmode="array",
        tickvals=written,
        ticktext=[
            label.replace("年", "年<br>") if p.endswith("Q1") else label.split("年")[1]
            for p, label in zip(quarters, written, strict=True)
        ],
        tickangle=0,
        tickfont=dict(size=13),
    )
    chart = _for_print("survey", figure, 390)
    figure.update_layout(margin=dict(r=84))
    return chart


def campaign_chart(figures: BriefFigures) -> Chart | None:
    rows = figures.scope.campaign_effect
    if rows.empty or rows["target_change_pct"].isna().all():
        return None
    return _for_print("campaigns", charts.campaign_effect(rows), 96 + 46 * len(rows))


def _picked(names, chosen: str | None) -> list[str]:
    """The chosen district's name in bold, the others as they are."""
    return [f"<b>{name}</b>" if name == chosen else name for name in names]


def resolution_chart(figures: BriefFigures) -> Chart | None:
    """The sixteen districts' 12345 resolution rates against the city's, the district picked out."""
    frame = figures.district_table
    if frame["resolution_rate"].isna().all():
        return None
    figure = charts.ranked_bars(
        frame,
        "name",
        "resolution_rate",
        figures.quarter.label,
        reference=figures.city.headline_figures["resolution_rate"],
        title="各区 12345 解决率（%）",
    )
    if figures.district is not None:
        chosen = figures.district.name
        marks = figure.data[0]
        marks.marker.opacity = [1.0 if name == chosen else 0.4 for name in marks.y]
        marks.y = _picked(marks.y, chosen)
    figure.update_traces(textfont=dict(size=13))
    return _for_print("resolution", figure, 26 * len(frame) + 90, top=40)  # room for the city line's label


def alley_chart(figures: BriefFigures) -> Chart | None:
    trend = figures.scope.alley_score_trend
    if trend.empty:
        return None
    period = f"{formats.month(trend['month_start'].iat[0])}—{formats.month(trend['month_start'].iat[-1])}"
    figure = charts.score_trend(trend, period)
    figure.update_traces(opacity=0.35, selector=dict(type="bar"))
    if figures.district is not None:
        figure.update_layout(title_text=f"{figures.district.name}{figure.layout.title.text}")
    return _for_print("alleys", figure, 300)


def village_chart(figures: BriefFigures) -> Chart | None:
    frame = figures.village_coverage
    districts = frame[frame["district_code"].notna()]
    if districts.empty or (districts["history_rooms"].max() == 0 and districts["video_screens"].max() == 0):
        return None
    figure = charts.village_coverage(frame)
    figure.update_layout(title_text=f"各涉农区乡情村史陈列室与宣传视屏（个/块）　截至 {formats.day(figures.as_of)}")
    if figures.district is not None:
        chosen = figures.district.name
        for trace in figure.data:
            trace.marker.opacity = [1.0 if name == chosen else 0.35 for name in trace.y]
            trace.y = _picked(trace.y, chosen)
    figure.update_traces(textfont=dict(size=13))
    figure.update_layout(bargap=0.25, legend=dict(font=dict(size=14)), xaxis=dict(gridcolor="#E5E5E5"))
    return _for_print("villages", figure, 34 * len(districts) + 84)


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
