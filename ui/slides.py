"""The briefing's slides: one message each — a headline sentence, the figures, one chart — on a
16:9 frame that fills the projector's screen.

Each slide is a function of the deck (the link's filters and the screen's size) that draws itself.
Sentences are generated from the data (ui.narrative), so a district's briefing says what is true
of that district; with a district in the link every slide also says its place among the sixteen
and how that moved since the period before (district_ranks and campaign_ranks rank in SQL), and
its chart picks the district out.

Sizes: the slide is laid out in px of a 1920×1080 screen and scaled to the real one, the type by
ui/briefing.py's style sheet (`--u`) and the charts by `Screen` below, from the same numbers, so a
chart fills exactly the height the headline and the control bar leave it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import streamlit as st

from queries.settings import settings
from ui import charts, draw, formats, labels, maps, narrative, slide_charts, text, theme
from ui.data import Named, named, query
from ui.filters import Filters, district_names

DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
# The frame of a slide in px at 1920×1080 (ui/briefing.py's style sheet is written from these).
TOP, SIDE = 22, 48  # space above the headline, and at either side
HEADLINE, HEADLINE_ONE_LINE = 120, 64  # the headline's box: two lines of it, or one when it fits in one
RANK_LINE = 56  # the picked district's place among the sixteen
GAP = 16  # between the headline (or rank line) and the slide's body
BAR, BAR_GAP = 60, 12  # the control bar at the bottom (5.6 % of the height), and the space above it
COLUMN_GAP = 40
HEADLINE_SIZES = ((46, ""), (38, "brief-long"), (32, "brief-longer"))  # px, and the class that sets it
HEADLINE_LINE = (DESIGN_WIDTH - 2 * SIDE) * 0.94  # what a line of headline holds, with room for the browser's own wrapping
MAX_PICKED = 4  # more districts than this are a group, and a group has no place among the sixteen

HEADLINE_HTML = "<div class='brief-headline'>{sentence}</div>"
HEADLINE_SIZED_HTML = "<div class='brief-headline'><span class='{size}'>{sentence}</span></div>"
RANK_HTML = "<div class='brief-rank'>{sentence}</div>"
FIGURE_HTML = (
    "<div class='brief-figure'><div class='brief-value'>{value}</div>"
    "<div class='brief-label'>{label}</div><div class='brief-change'>{change}</div></div>"
)
COVER_HTML = (
    "<div class='brief-cover'><div class='brief-cover-top'>"
    "<div class='brief-cover-kicker'>首都精神文明建设 · 工作汇报</div>"
    "<div class='brief-cover-title'>{title}</div>"
    "<div class='brief-cover-sub'>{area} · {period}</div></div>"
    "<div class='brief-cover-lines'>"
    "<div class='brief-cover-line'><div class='brief-cover-name'>创城+热线+网格</div>"
    "<div class='brief-cover-value'>{value1}</div><div class='brief-cover-what'>{what1}</div>"
    "<div class='brief-cover-rank'>{rank1}</div></div>"
    "<div class='brief-cover-line'><div class='brief-cover-name'>创城+街巷治理</div>"
    "<div class='brief-cover-value'>{value2}</div><div class='brief-cover-what'>{what2}</div>"
    "<div class='brief-cover-rank'>{rank2}</div></div>"
    "<div class='brief-cover-line'><div class='brief-cover-name'>创城+乡村振兴</div>"
    "<div class='brief-cover-value'>{value3}</div><div class='brief-cover-what'>{what3}</div>"
    "<div class='brief-cover-rank'>{rank3}</div></div>"
    "</div><div class='brief-cover-note'>{note}</div></div>"
)


@dataclass(frozen=True)
class Screen:
    """The browser window the slides are shown in, in CSS px (ui/briefing.py measures it)."""

    width: int = DESIGN_WIDTH
    height: int = DESIGN_HEIGHT

    @property
    def scale(self) -> float:
        """1 at 1920×1080, 2/3 at 1280×720, 2 at 3840×2160: the largest 16:9 frame in the window."""
        return round(min(self.width / DESIGN_WIDTH, self.height / DESIGN_HEIGHT), 4)

    def body(self, with_rank: bool, headline_lines: int = 2) -> int:
        """The px a slide's chart has: the window less the headline, the rank line and the bar."""
        headline = HEADLINE if headline_lines > 1 else HEADLINE_ONE_LINE
        frame = TOP + headline + (RANK_LINE if with_rank else 0) + GAP + BAR + BAR_GAP
        return int(self.height - frame * self.scale) - 6  # a few px to spare for the browser's rounding

    def chart(self, share: float, with_rank: bool, headline_lines: int = 2, columns: int = 2) -> theme.Slide:
        """How a chart taking `share` of the slide's width (of `columns`, with gaps between) is drawn."""
        width = (self.width - (2 * SIDE + (columns - 1) * COLUMN_GAP) * self.scale) * share
        return theme.Slide(height=self.body(with_rank, headline_lines), width=int(width), scale=self.scale)


@dataclass(frozen=True)
class Deck:
    """What every slide is drawn from: the link's filters and the screen."""

    filters: Filters
    screen: Screen = field(default_factory=Screen)

    @property
    def picked(self) -> tuple[str, ...]:
        """The districts the slides place among the sixteen: those in the link, up to four."""
        return self.filters.districts if 0 < len(self.filters.districts) <= MAX_PICKED else ()

    @property
    def area(self) -> str:
        return self.filters.area_label(district_names())


Slide = Callable[[Deck], None]


# --- the parts of a slide ---------------------------------------------------------------------------


def _em(sentence: str) -> float:
    """How wide a sentence runs, in em: a Chinese character is one, a digit or letter about half."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.56 for c in sentence)


def _headline(sentence: str) -> int:
    """The slide's message, in the largest type that keeps it to two lines; returns the lines it
    takes, so that a one-line headline leaves its second line's height to the chart."""
    if _em(sentence) * HEADLINE_SIZES[0][0] <= HEADLINE_LINE:
        text.render_html(text.html(HEADLINE_SIZED_HTML, sentence=sentence, size="brief-one-line"))
        return 1
    size = next((css for px, css in HEADLINE_SIZES if _em(sentence) * px <= 2 * HEADLINE_LINE), HEADLINE_SIZES[-1][1])
    if size:
        text.render_html(text.html(HEADLINE_SIZED_HTML, sentence=sentence, size=size))
    else:
        text.render_html(text.html(HEADLINE_HTML, sentence=sentence))
    return 2


def _ranks(deck: Deck) -> Named:
    f = deck.filters
    return named("district_ranks", start=f.start, end=f.end, as_of=f.as_of)


def _campaign_ranks(deck: Deck) -> Named:
    return named("campaign_ranks", start=deck.filters.start, as_of=deck.filters.as_of)


def _period_before(deck: Deck) -> pd.Series:
    return query("period_before", start=deck.filters.start, end=deck.filters.end).iloc[0]


def _rank_sentence(deck: Deck, ranks: Named, measure: str, label: str, order: str = "", subject: bool = True) -> str:
    """The picked districts' place on `measure` among the sixteen, and its move, in words; without
    `subject`, without naming one district and the measure again (the cover's tiles name both)."""
    frame = ranks.frame()
    rows = frame[(frame["measure"] == measure) & frame["district_code"].isin(deck.picked)].sort_values("rank")
    before = narrative.period_before(_period_before(deck))
    if len(deck.picked) > 1:
        return narrative.districts_rank_sentence(rows, label, before, order)
    code = deck.picked[0]
    name = district_names().get(code, code) if subject else ""
    return narrative.district_rank_sentence(rows.iloc[0] if len(rows) else None, name, label, before, order)


def _rank_line(deck: Deck, ranks: Named, measure: str, label: str, order: str = "") -> None:
    if deck.picked:
        text.render_html(text.html(RANK_HTML, sentence=_rank_sentence(deck, ranks, measure, label, order)))


def _figures(items: list[tuple[str, str, str | None]]) -> None:
    """Big numbers with their label and change, one under the other."""
    for label, value, change in items:
        text.render_html(text.html(FIGURE_HTML, value=value, label=label, change=change or ""))


@dataclass(frozen=True)
class Panel:
    """The sixteen districts ranked on the slide's measure, beside its chart, the picked ones in colour."""

    ranks: Named
    measure: str
    title: str
    kind: str | None = None


def _body(deck: Deck, lines: int, items, builder, *args, key: str, panel: Panel | None = None, **kwargs) -> None:
    """The slide's body: the figures on the left, the chart (`builder(*args)`, drawn by ui.draw) in
    the middle, and with a district picked, the sixteen ranked on the right."""
    with_rank = bool(deck.picked)
    three = bool(panel and with_rank)
    shares = [0.85, 1.6, 0.75] if three else [1.0, 2.3]
    columns = st.columns(shares, gap=None)
    total = sum(shares)
    with columns[0]:
        if three:  # a narrower column: its figures a size smaller
            with st.container(key="brief-figures-compact"):
                _figures(items)
        else:
            _figures(items)
    if builder is not None:
        with columns[1]:
            slide = deck.screen.chart(shares[1] / total, with_rank, lines, len(shares))
            draw.chart(builder, *args, key=key, projector=slide, **kwargs)
    if panel and with_rank:
        with columns[2]:
            draw.chart(
                slide_charts.ranked,
                panel.ranks,
                panel.measure,
                panel.title,
                key=f"{key}_ranks",
                projector=deck.screen.chart(shares[2] / total, with_rank, lines, len(shares)),
                highlight=deck.picked,
                kind=panel.kind,
                panel=True,
            )


def _headline_figures(deck: Deck) -> pd.Series:
    return query("headline_figures", **deck.filters.with_as_of()).iloc[0]


# --- the slides -------------------------------------------------------------------------------------


def cover(deck: Deck) -> None:
    figures = _headline_figures(deck)
    ranks = _ranks(deck)
    tiles = (
        ("satisfaction_rate", formats.rate(figures["satisfaction_rate"]), "12345 满意率"),
        ("alley_score", formats.measure("alley_score", figures["alley_score"]), "背街小巷月评均分"),
        ("projects_per_10k", formats.count(figures["volunteer_projects"], "个"), "志愿服务项目"),
    )
    # Under each figure its place alone: the tile already names the measure and the area.
    rank_lines = [_rank_sentence(deck, ranks, measure, "", subject=False) if deck.picked else "" for measure, _, _ in tiles]
    note = ""
    if deck.picked:
        before = _period_before(deck)
        note = (
            f"名次为 16 个区中的位次（第 1 位最好），与{narrative.period_before(before)}"
            f"（{formats.month(before['previous_start'])}—{formats.month(before['previous_end'])}）相比。"
            if before["reaches_back"]
            else "所选时段之前没有数据，名次不作比较。"
        )
    text.render_html(
        text.html(
            COVER_HTML,
            title=labels.APP_TITLE,
            area=deck.area,
            period=deck.filters.period_label,
            **{f"value{i}": value for i, (_, value, _) in enumerate(tiles, start=1)},
            **{f"what{i}": what for i, (_, _, what) in enumerate(tiles, start=1)},
            **{f"rank{i}": line for i, line in enumerate(rank_lines, start=1)},
            note=note,
        )
    )


def targets_met(deck: Deck) -> None:
    """Which targets are met and which are missed (CityScore: actual ÷ target, 1 = on target): the
    picked district's when one is picked, else the city's."""
    from ui import targets

    f = deck.filters
    # Every district's scores (not only the link's), so that the slide can say how many met them all.
    scores = named("target_scores", districts=[], start=f.start, end=f.end, as_of=f.as_of)
    frame = scores.frame()
    area_code = deck.picked[0] if len(deck.picked) == 1 else targets.CITY_CODE
    area_name = district_names().get(area_code, labels.CITY) if area_code != targets.CITY_CODE else labels.CITY
    lines = _headline(targets.sentence(frame, area_code, area_name))
    mine = targets.ordered(frame[(frame["area_code"] == area_code) & frame["status"].notna()])
    if deck.picked:
        text.render_html(text.html(RANK_HTML, sentence=targets.place_sentence(frame, deck.picked, district_names())))
    if mine.empty:
        return
    items = [("达标的目标", f"{int((mine['status'] == 'met').sum())} / {len(mine)} 项", None)]
    for row in mine[mine["status"] == "missed"].head(2).itertuples():
        items.append(
            (
                row.label,
                formats.measure(row.measure, row.actual),
                f"目标 {formats.measure(row.measure, row.target)}，完成 {row.score:.2f}",
            )
        )
    places = targets.places(frame)
    items.append(("全部达标的区", f"{int(places['all_met'].sum())} 个", f"共 {len(places)} 个区"))
    _body(
        deck,
        lines,
        items,
        slide_charts.target_scores,
        scores,
        area_code,
        f"{area_name}目标进度：实际 ÷ 目标",
        f.period_label + ("；黑色竖线为全市" if area_code != targets.CITY_CODE else ""),
        key="brief_targets",
    )


def survey(deck: Deck) -> None:
    f = deck.filters
    figures = _headline_figures(deck)
    lines = _headline(narrative.survey_sentence(figures, deck.area))
    _rank_line(deck, _ranks(deck), "survey_satisfaction", "群众对创建成效的满意度")
    if formats.missing(figures["survey_latest"]):
        return
    target = settings().targets["survey_satisfaction"].target
    items = [
        (
            "群众对创建成效的满意度",
            formats.survey(figures["survey_latest"]),
            f"{formats.quarter(figures['survey_period'])}，较{figures['survey_baseline_label']}"
            + narrative.points_phrase(figures["survey_change"], "survey"),
        ),
        ("年度目标", formats.survey(target), "已达到" if figures["survey_latest"] >= target else "尚未达到"),
    ]
    if not formats.missing(figures["survey_baseline"]):
        items.append((f"{figures['survey_baseline_label']}（基线）", formats.survey(figures["survey_baseline"]), None))
    _body(
        deck,
        lines,
        items,
        slide_charts.survey,
        named("survey_satisfaction", start=date(2020, 1, 1), end=f.end),
        target,
        f"2020年一季度—{formats.quarter(figures['survey_period'])}",
        f.districts,
        key="brief_survey",
    )


def campaign(deck: Deck) -> None:
    f = deck.filters
    figures = _headline_figures(deck)
    # As at the period's end, like the headline figure beside it (for a period before the campaigns
    # ended, their effect so far; the 简报 does the same for its quarter).
    effect = named("campaign_effect", districts=f.districts, as_of=f.as_of)
    total = effect.frame()
    total = total[total["campaign_id"] == "ALL"]
    lines = _headline(narrative.campaign_sentence(total.iloc[0] if len(total) else None))
    ranks = _campaign_ranks(deck)
    _rank_line(deck, ranks, "campaign_change_pct", "专项整治目标问题受理量降幅")
    if total.empty or formats.missing(figures["campaign_change_pct"]):
        return  # before the first campaign, or no targeted intake a year before: the headline says so
    _body(
        deck,
        lines,
        [
            (
                "专项整治目标问题 12345 受理量，对比上年同期",
                formats.percent_change(figures["campaign_change_pct"]),
                f"未列入行动的问题 {formats.percent_change(figures['campaign_others_change_pct'])}",
            ),
            (
                "行动期间目标问题受理量",
                formats.count(figures["campaign_target_during"], "件"),
                f"上年同期 {formats.count(figures['campaign_target_before'], '件')}",
            ),
        ],
        charts.campaign_effect,
        effect,
        key="brief_campaign",
        panel=Panel(ranks, "campaign_change_pct", "各区受理量降幅", kind="change_pct"),
    )


def three_rates(deck: Deck) -> None:
    f = deck.filters
    figures = _headline_figures(deck)
    if not figures["cases"]:
        _headline(f"{deck.area}在{f.period_label}没有问题记录。")
        return
    lines = _headline(
        f"{deck.area}{f.period_label}受理问题 {formats.count(figures['cases'], '件')}，"
        f"解决率 {formats.rate(figures['resolution_rate'])}，满意率 {formats.rate(figures['satisfaction_rate'])}，"
        f"满意率同比{narrative.points_phrase(figures['satisfaction_rate_vs_year_before'])}。"
    )
    ranks = _ranks(deck)
    _rank_line(deck, ranks, "satisfaction_rate", "12345 满意率")
    _body(
        deck,
        lines,
        [
            (
                labels.measure_label(key, with_unit=False),
                formats.rate(figures[key]),
                "同比" + narrative.points_phrase(figures[f"{key}_vs_year_before"]),
            )
            for key in ("response_rate", "resolution_rate", "satisfaction_rate")
        ],
        charts.rates_over_time,
        named("rates_by_month", **f.params()),
        "satisfaction_rate",
        f.period_label,
        deck.area,
        key="brief_rates",
        panel=Panel(ranks, "satisfaction_rate", "各区 12345 满意率"),
    )


def grid_share(deck: Deck) -> None:
    f = deck.filters
    figures = _headline_figures(deck)
    if not figures["cases"]:
        _headline(f"{deck.area}在{f.period_label}没有问题记录。")
        return
    lines = _headline(
        f"网格员主动发现的问题占 {formats.rate(figures['grid_share'])}，同比{narrative.points_phrase(figures['grid_share_vs_year_before'])}："
        "更多问题在群众来电之前就被发现和处置（未诉先办）。"
    )
    ranks = _ranks(deck)
    _rank_line(deck, ranks, "grid_share", "网格员主动发现占比")
    _body(
        deck,
        lines,
        [
            (
                "网格员主动发现占比",
                formats.rate(figures["grid_share"]),
                "同比" + narrative.points_phrase(figures["grid_share_vs_year_before"]),
            ),
            ("受理问题", formats.count(figures["cases"], "件"), None),
            ("其中网格员发现", formats.count(figures["grid_cases"], "件"), None),
        ],
        charts.cases_by_source,
        named("cases_by_month_source", **f.params()),
        named("rates_by_month", **f.params()),
        f.period_label,
        key="brief_sources",
        panel=Panel(ranks, "grid_share", "各区网格员发现占比"),
    )


def district_map(deck: Deck) -> None:
    f = deck.filters
    measures = named("district_measures", **{**f.with_as_of(), "districts": []})
    # "各区 12345 满意率最高的是…": the measure's own name once (it read "12345 满意率（12345）").
    lines = _headline(f"{f.period_label}，" + narrative.rank_sentence(measures.frame(), "satisfaction_rate", "各区 12345 满意率"))
    ranks = _ranks(deck)
    _rank_line(deck, ranks, "satisfaction_rate", "12345 满意率")
    height = deck.screen.body(bool(deck.picked), lines)
    left, right = st.columns([1.25, 1], gap=None)
    with left:
        draw.map(
            maps.district_choropleth,
            measures,
            "satisfaction_rate",
            f.districts,
            label_size=deck.screen.chart(1, False).px(theme.SLIDE_TEXT),
            key="brief_map",
            height=height,
        )
    with right:
        draw.chart(
            slide_charts.ranked,
            ranks,
            "satisfaction_rate",
            "各区 12345 满意率（%）",
            key="brief_map_bars",
            note=f.period_label,
            projector=deck.screen.chart(1 / 2.25, bool(deck.picked), lines),
            highlight=deck.picked,
        )


def alleys(deck: Deck) -> None:
    f = deck.filters
    figures = _headline_figures(deck)
    lines = _headline(
        f"{deck.area}按“十无五好四有”标准管理背街小巷 {formats.count(figures['alleys'], '条')}，"
        f"累计命名首都文明街巷 {formats.count(figures['civilized_alleys'], '条')}。"
    )
    ranks = _ranks(deck)
    _rank_line(deck, ranks, "alley_score", "背街小巷月评均分")
    _body(
        deck,
        lines,
        [
            ("背街小巷", formats.count(figures["alleys"], "条"), None),
            ("首都文明街巷", formats.count(figures["civilized_alleys"], "条"), None),
            (
                "月评均分",
                formats.measure("alley_score", figures["alley_score"]),
                f"较时段首月{narrative.direction(figures['alley_score_change'], 0.05, '提高', '下降')}"
                f" {formats.number(abs(figures['alley_score_change']), 'score', '分')}"
                if not formats.missing(figures["alley_score_change"])
                else None,
            ),
        ],
        charts.score_trend,
        named("alley_score_trend", **f.params()),
        f.period_label,
        key="brief_alleys",
        panel=Panel(ranks, "alley_score", "各区月评均分"),
    )


def red_list(deck: Deck) -> None:
    f = deck.filters
    figures = _headline_figures(deck)
    open_now, overdue = figures["red_list_open"], figures["red_list_overdue"]
    lines = _headline(
        f"截至 {formats.day(f.as_of)}，{deck.area}挂牌督办在办 {formats.count(open_now, '条')}，"
        + (f"其中 {formats.count(overdue, '条')}超过整改期限，需要督促。" if overdue else "没有逾期未整改的街巷。")
    )
    ranks = _ranks(deck)
    _rank_line(deck, ranks, "red_list_open", "挂牌督办在办条数", order="由少到多")
    _body(
        deck,
        lines,
        [("挂牌督办在办", formats.count(open_now, "条"), None), ("逾期未整改", formats.count(overdue, "条"), None)],
        slide_charts.ranked,
        ranks,
        "red_list_open",
        "各区挂牌督办在办（条，由少到多）",
        key="brief_red",
        note=f"截至 {formats.day(f.as_of)}",
        highlight=deck.picked,
    )


def villages(deck: Deck) -> None:
    f = deck.filters
    figures = _headline_figures(deck)
    lines = _headline(
        f"{deck.area} {formats.count(figures['villages_with_rules'], '个')}村（社区）建立了村规民约和居民公约；"
        f"农村地区建成乡情村史陈列室 {formats.count(figures['history_rooms'], '个')}、精神文明宣传视屏 {formats.count(figures['video_screens'], '块')}。"
    )
    ranks = _ranks(deck)
    _rank_line(deck, ranks, "rules_coverage", "村规民约覆盖率")
    items = [
        ("建立村规民约的村（社区）", formats.count(figures["villages_with_rules"], "个"), None),
        ("乡情村史陈列室", formats.count(figures["history_rooms"], "个"), None),
        ("精神文明宣传视屏", formats.count(figures["video_screens"], "块"), None),
    ]
    if deck.picked:  # the picked district among the others, on the measure its place is given for
        _body(
            deck,
            lines,
            items,
            slide_charts.ranked,
            ranks,
            "rules_coverage",
            "各区村规民约覆盖率（%）",
            key="brief_villages_ranks",
            note=f"截至 {formats.day(f.as_of)}",
            highlight=deck.picked,
        )
        return
    coverage = named("village_coverage", districts=f.districts, agricultural_only=True, as_of=f.as_of)
    _body(
        deck,
        lines,
        items,
        slide_charts.village_facilities if len(coverage.frame()) > 1 else None,
        coverage,
        key="brief_villages",
    )


def volunteers(deck: Deck) -> None:
    f = deck.filters
    summary = named("volunteer_summary", districts=f.districts, as_of=f.as_of)
    categories = summary.frame()
    if categories.empty:
        _headline(f"{deck.area}没有志愿服务项目记录。")
        return
    total, people = categories["total_projects"].iat[0], categories["total_beneficiaries"].iat[0]
    lines = _headline(
        f"{deck.area}分类梳理文明实践志愿服务项目 {formats.count(total, '个')}，"
        f"{narrative.largest_categories(categories, with_counts=False)}，累计服务 {formats.ten_thousands(people, '人次')}。"
    )
    ranks = _ranks(deck)
    _rank_line(deck, ranks, "projects_per_10k", "每万人志愿服务项目数")
    _body(
        deck,
        lines,
        [
            ("志愿服务项目", formats.count(total, "个"), None),
            ("累计服务", formats.ten_thousands(people, "人次"), None),
            (f"{f.as_of.year} 年新增项目", formats.count(_headline_figures(deck)["projects_started_this_year"], "个"), None),
        ],
        charts.volunteer_by_category,
        summary,
        formats.day(f.as_of),  # the builder writes "截至" before it
        key="brief_volunteers",
        panel=Panel(ranks, "projects_per_10k", "各区每万人项目数"),
    )


SLIDES: list[tuple[str, Slide]] = [
    ("封面", cover),
    ("目标进度", targets_met),
    ("群众满意度", survey),
    ("专项整治成效", campaign),
    ("三率", three_rates),
    ("未诉先办", grid_share),
    ("各区满意率", district_map),
    ("背街小巷", alleys),
    ("挂牌督办", red_list),
    ("乡村振兴", villages),
    ("志愿服务", volunteers),
]
