"""The brief as text: masthead, headline, one section per "创城+" line, tables and notes.

`compose(figures, options)` turns a `BriefFigures` into a `Brief`, the document's content
with no layout. Every sentence is built from the figures with `reports.wording`, so it says
上升 when a figure rose and 下降 when it fell; nothing refers to the demo's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from reports import wording as w
from reports.figures import BriefFigures, ScopeFigures
from ui import labels

TITLE = "首都精神文明建设情况简报"
OFFICE = "首都精神文明办"
TAG = "【数据简报】"
DEPARTMENT = "精神文明创建活动指导处"
BLANK = "＿＿＿＿＿＿"  # a field to fill in by hand
SECTION_NAMES = ("“创城+热线+网格”", "“创城+街巷治理”", "“创城+乡村振兴”")


@dataclass(frozen=True)
class Options:
    """What the officer chooses for one issue; blanks become fields to fill in Word."""

    issue_no: int | None = None
    total_no: int | None = None
    issued_on: date | None = None
    department: str = DEPARTMENT


@dataclass
class Paragraph:
    lead: str  # printed bold: '一是问题发现与受理。'
    text: str


@dataclass
class Section:
    title: str
    paragraphs: list[Paragraph]
    charts: list[str] = field(default_factory=list)  # keys into reports.charts.build()


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    bold_rows: set[int] = field(default_factory=set)
    shaded_rows: set[int] = field(default_factory=set)
    first_column_width: float = 1.6  # cm


@dataclass
class Brief:
    title: str
    issue_no: str
    total_no: str
    office: str
    date_text: str
    tag: str
    headline: str
    intro: str
    sections: list[Section]
    lead_table: Table | None
    appendix_table: Table
    notes: list[str]
    department: str
    footer_fields: list[tuple[str, str]]  # (label, value) pairs: 责编、核稿 …
    distribution: list[tuple[str, str]]  # 报 / 送 / 发
    file_stem: str
    is_demo: bool


def _date_text(day: date | None) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日" if day else f"{BLANK}年{BLANK}月{BLANK}日"


def _day(day: date) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def _month_span(start: date, end: date) -> str:
    if start.year == end.year:
        return f"{start.year} 年 {start.month} 月至 {end.month} 月"
    return f"{start.year} 年 {start.month} 月至 {end.year} 年 {end.month} 月"


def _where(scope: ScopeFigures) -> str:
    """'全市' or '朝阳区' as the subject of a sentence."""
    return scope.name


def _rank(figures: BriefFigures, measure: str) -> str:
    if figures.district is None or measure not in figures.ranks:
        return ""
    r = figures.ranks[measure]
    return w.clauses([w.rank(r.rank, r.of, r.tied), w.rank_move(r.rank, r.previous_rank)])


def _leaders(figures: BriefFigures, measure: str, what: str, fmt) -> str:
    """'各区中解决率最高的是海淀区（97.0%），最低的是平谷区（91.6%）' (city brief only)."""
    lead = figures.leaders.get(measure)
    if figures.district is not None or lead is None or lead.best == lead.worst:
        return ""
    good, bad = ("最高", "最低") if labels.MEASURES[measure][2] else ("最少", "最多")
    return f"各区中{what}{good}的是{_names(lead.best)}（{fmt(lead.best_value)}），{bad}的是{_names(lead.worst)}（{fmt(lead.worst_value)}）"


def _names(names: tuple[str, ...]) -> str:
    return "、".join(names) if len(names) <= 3 else f"{'、'.join(names[:3])}等 {len(names)} 个区"


def _vs_city(figures: BriefFigures, value: float | None, city: float | None, digits: int = 1, unit: str = " 个百分点") -> str:
    if figures.district is None:
        return ""
    return w.against_city(value, city, digits, unit)


def _about(subject: str, *clauses: str) -> str:
    """'解决率同比下降 0.8 个百分点，…。', or nothing when there is nothing to say about it."""
    said = w.clauses(clauses)
    return f"{subject}{said}。" if said else ""


def headline(figures: BriefFigures) -> str:
    scope = figures.scope
    period = figures.quarter.label
    survey = scope.survey
    parts = []
    if survey.current is not None:
        level = w.headline_level(survey.previous, survey.current)
        parts.append(f"群众满意度{level} {w.percent(survey.current, 2)}")
    if figures.district is not None:
        r = figures.ranks.get("survey_satisfaction")
        if r and r.rank:
            parts[-1:] = [f"{parts[-1]}、{w.rank_short(r.rank, r.of, r.tied)}"] if parts else []
        resolution = figures.ranks.get("resolution_rate")
        if resolution and resolution.rank:
            parts.append(f"解决率{w.rank_short(resolution.rank, resolution.of, resolution.tied)}")
    elif scope.campaigns and scope.campaigns.target_change_pct is not None:
        change = scope.campaigns.target_change_pct
        word = w.direction(change, 0.05)
        parts.append(f"专项整治问题热线受理量{word}" + ("" if word == w.FLAT else f" {abs(change):.1f}%"))
    subject = f"{scope.name} {period}“创城+”工作" if figures.district else f"{period}全市“创城+”工作"
    return f"{subject}：{'，'.join(parts)}" if parts else f"{subject}情况"


def _hotline_section(figures: BriefFigures) -> Section:
    s, city, t = figures.scope, figures.city, figures.targets
    where = _where(s)
    period = figures.quarter.label
    paragraphs: list[Paragraph] = []

    intake = w.sentence(
        f"{period}，{where}通过 12345 热线、网格员巡查和创城抽查共发现、受理问题 {w.count(s.cases.current)} 件",
        w.relative_change(s.cases.current, s.cases.year_before, "同比"),
        w.relative_change(s.cases.current, s.cases.previous, "环比"),
    )
    per_10k = ""
    if figures.district is not None:
        row = figures.districts.set_index("district_code").loc[s.district_code]
        per_10k = w.sentence(f"每万名常住人口 {w.number(row['cases_per_10k'])} 件", _rank(figures, "cases_per_10k"))
    grid = w.sentence(
        f"其中网格员主动发现 {w.count(s.grid_cases.current)} 件，占 {w.percent(s.grid_share.current)}",
        w.points_change(s.grid_share.current, s.grid_share.year_before, "同比"),
        _vs_city(figures, s.grid_share.current, city.grid_share.current),
    )
    paragraphs.append(Paragraph("问题发现与受理。", intake + per_10k + grid))

    rates = w.sentence(
        f"诉求办理“三率”分别为：响应率 {w.percent(s.response_rate.current)}、解决率 {w.percent(s.resolution_rate.current)}、"
        f"满意率 {w.percent(s.satisfaction_rate.current)}"
    )
    resolution = _about(
        "解决率",
        w.points_change(s.resolution_rate.current, s.resolution_rate.year_before, "同比"),
        w.points_change(s.resolution_rate.current, s.resolution_rate.previous, "环比"),
        w.against_target(s.resolution_rate.current, t.resolution_rate),
        _vs_city(figures, s.resolution_rate.current, city.resolution_rate.current),
        _rank(figures, "resolution_rate"),
    )
    satisfaction = _about(
        "满意率",
        w.points_change(s.satisfaction_rate.current, s.satisfaction_rate.year_before, "同比"),
        w.points_change(s.satisfaction_rate.current, s.satisfaction_rate.previous, "环比"),
        _vs_city(figures, s.satisfaction_rate.current, city.satisfaction_rate.current),
        _rank(figures, "satisfaction_rate"),
    )
    leaders = w.sentence(_leaders(figures, "resolution_rate", "解决率", w.percent))
    paragraphs.append(Paragraph("办理质效。", rates + resolution + satisfaction + leaders))

    charts = ["survey"]
    c = s.campaigns
    if c is not None:
        so_far = "" if c.finished else f"（截至 {_day(figures.as_of)}，行动仍在进行）"
        change = w.relative_change(c.target_during, c.target_before, "") or "无可比数据"
        city_c = figures.city.campaigns
        text = w.sentence(
            f"{_month_span(c.started_on, c.ended_on)}，{where}聚焦{c.targets}等群众反映集中的问题开展 {c.count} 项专项整治行动{so_far}",
            f"行动期间上述问题 12345 热线受理量 {w.count(c.target_during)} 件，较上年同期的 {w.count(c.target_before)} 件{change}",
        ) + w.sentence(
            f"同期未列入行动的问题{w.pct_phrase(c.others_change_pct)}" if c.others_change_pct is not None else "",
            f"全市目标问题同期{w.pct_phrase(city_c.target_change_pct)}" if figures.district is not None and city_c else "",
        )
        paragraphs.append(Paragraph("专项整治。", text))
        charts.append("campaigns")
    else:  # no campaign yet: the districts' resolution rates instead
        charts.append("resolution")

    survey = s.survey
    if survey.current is not None:
        base = s.survey_2020
        from_2020 = (
            f"{where}群众对创建成效的满意度由 2020 年的 {w.percent(base, 2)} {w.reached_to(base, survey.current)}"
            f" {period}的 {w.percent(survey.current, 2)}"
            if base is not None and figures.quarter.year > 2020
            else f"{period}{where}群众对创建成效的满意度为 {w.percent(survey.current, 2)}"
        )
        text = w.sentence(
            from_2020,
            w.points_change(survey.current, survey.year_before, "同比", 2),
            w.points_change(survey.current, survey.previous, "环比", 2),
            w.against_target(survey.current, t.survey_satisfaction, 2),
            _vs_city(figures, survey.current, city.survey.current, 2),
            _rank(figures, "survey_satisfaction"),
        ) + w.sentence(_leaders(figures, "survey_satisfaction", "满意度", lambda v: w.percent(v, 2)))
        paragraphs.append(Paragraph("群众满意度。", text))

    for i, p in enumerate(paragraphs):
        p.lead = w.ordinal_lead(i) + p.lead
    return Section(f"一、{SECTION_NAMES[0]}", paragraphs, charts)


def _alley_section(figures: BriefFigures) -> Section:
    s, city = figures.scope, figures.city
    where = _where(s)
    as_of = _day(figures.as_of)
    paragraphs: list[Paragraph] = []

    score = s.alley_score
    daily = w.sentence(
        f"{where} {w.count(s.alleys)} 条背街小巷按照“十无五好四有”标准实行日巡、周查、月评、季点名",
        f"本季度月评平均 {w.number(score.current)} 分" if score.current is not None else "本季度暂无月评",
        w.value_change(score.current, score.year_before, "同比", "分"),
        w.value_change(score.current, score.previous, "环比", "分"),
        _vs_city(figures, score.current, city.alley_score.current, 1, " 分"),
    )
    if figures.district is not None:
        latest = figures.districts.set_index("district_code").at[s.district_code, "alley_score"]
        daily += w.sentence(
            f"{figures.as_of.month} 月月评均分 {w.number(latest)} 分" if not pd.isna(latest) else "",
            _rank(figures, "alley_score"),
        )
    if s.naming_date is not None:
        daily += w.sentence(f"{s.naming_date.month} 月季度点名表扬 {s.naming_praised} 条、通报 {s.naming_named} 条")
    paragraphs.append(Paragraph("日常管理。", daily))

    red = s.red_list_open
    red_text = (
        w.sentence(
            f"截至 {as_of}，{where}挂牌督办在办背街小巷 {w.count(red.current)} 条",
            w.stock_change(red.current, red.previous, "较上季度末", "条"),
            _rank(figures, "red_list_open"),
        )
        + w.sentence(
            f"其中超过整改期限仍未完成整改 {w.count(s.red_list_overdue)} 条"
            if s.red_list_overdue
            else ("在办街巷均未超过整改期限" if red.current else "")
        )
        + w.sentence(_leaders(figures, "red_list_open", "挂牌督办在办数", lambda v: f"{w.count(v)} 条"))
    )
    paragraphs.append(Paragraph("挂牌督办。", red_text))

    civ = s.civilized_alleys
    share = civ.current * 100.0 / s.alleys if s.alleys and civ.current is not None else None
    named = w.sentence(
        f"累计命名首都文明街巷 {w.count(civ.current)} 条，占背街小巷总数的 {w.percent(share)}",
        f"{figures.as_of.year} 年新命名 {s.civilized_named_this_year} 条" if s.civilized_named_this_year else "",
        w.stock_change(civ.current, civ.year_before, "较上年同期", "条"),
    )
    paragraphs.append(Paragraph("示范引领。", named))

    for i, p in enumerate(paragraphs):
        p.lead = w.ordinal_lead(i) + p.lead
    return Section(f"二、{SECTION_NAMES[1]}", paragraphs, ["alleys"] if len(figures.alley_trend) else [])


def _rural_section(figures: BriefFigures) -> Section:
    s = figures.scope
    where = _where(s)
    paragraphs: list[Paragraph] = []
    coverage = s.villages_with_rules * 100.0 / s.villages_and_communities if s.villages_and_communities else None
    city_coverage = figures.city.villages_with_rules * 100.0 / figures.city.villages_and_communities
    scope_note = f"（含 {figures.agricultural_count} 个涉农区）" if figures.district is None else ""
    rules = w.sentence(
        f"{where}{scope_note or ' '}{w.count(s.villages_and_communities)} 个村（社区）中，{w.count(s.villages_with_rules)} 个建立村规民约、居民公约",
        f"覆盖率 {w.percent(coverage)}",
        _vs_city(figures, coverage, city_coverage),
        _rank(figures, "rules_coverage"),
    )
    paragraphs.append(Paragraph("村规民约。", rules))

    projects = s.volunteer_projects
    volunteer = w.sentence(
        f"累计开展志愿服务项目 {w.count(projects.current)} 个",
        f"{figures.as_of.year} 年以来新增 {w.count(s.projects_this_year)} 个" if s.projects_this_year else "",
        w.stock_change(projects.current, projects.previous, "较上季度末", "个"),
        f"服务 {s.beneficiaries / 10_000:,.1f} 万人次",
    )
    if figures.district is not None:
        row = figures.districts.set_index("district_code").loc[s.district_code]
        volunteer += w.sentence(f"每万名常住人口 {w.number(row['projects_per_10k'], 2)} 个", _rank(figures, "projects_per_10k"))
    paragraphs.append(Paragraph("志愿服务。", volunteer))

    rooms = s.history_rooms
    if (rooms.current or 0) == 0 and s.video_screens == 0:
        heritage = w.sentence(f"{where}{'为非涉农区，' if not s.is_agricultural else ''}暂无乡情村史陈列室和精神文明宣传视屏")
    else:
        heritage = w.sentence(
            f"{where}在农村地区累计建设乡情村史陈列室 {w.count(rooms.current)} 个、精神文明宣传视屏 {w.count(s.video_screens)} 块",
            f"{figures.as_of.year} 年新建陈列室 {s.history_rooms_this_year} 个" if s.history_rooms_this_year else "",
            w.stock_change(rooms.current, rooms.year_before, "陈列室较上年同期", "个"),
        )
    paragraphs.append(Paragraph("文脉传承。", heritage))

    for i, p in enumerate(paragraphs):
        p.lead = w.ordinal_lead(i) + p.lead
    charts = ["villages"] if figures.district is None or s.is_agricultural else []
    return Section(f"三、{SECTION_NAMES[2]}", paragraphs, charts)


APPENDIX_COLUMNS = [
    ("name", "区"),
    ("cases", "问题数（件）"),
    ("cases_change", "同比（%）"),
    ("resolution_rate", "解决率（%）"),
    ("satisfaction_rate", "满意率（%）"),
    ("survey_satisfaction", "群众满意度（%）"),
    ("alleys", "背街小巷（条）"),
    ("civilized_alleys", "文明街巷（条）"),
    ("red_list_open", "挂牌在办（条）"),
    ("history_rooms", "村史陈列室（个）"),
    ("video_screens", "宣传视屏（块）"),
    ("volunteer_projects", "志愿服务项目（个）"),
]


def _change_pct(current, before) -> str:
    if before is None or pd.isna(before) or before == 0 or current is None or pd.isna(current):
        return "—"
    return f"{(current - before) * 100.0 / before:+.1f}"


def appendix_table(figures: BriefFigures, number: int) -> Table:
    """Every district on the brief's main figures, and the city total."""
    frame = figures.districts
    rows, shaded = [], set()
    for i, (_, row) in enumerate(frame.iterrows()):
        rows.append(
            [
                row["name"],
                w.count(row["cases"]),
                _change_pct(row["cases"], row["cases_year_before"]),
                w.number(row["resolution_rate"]),
                w.number(row["satisfaction_rate"]),
                w.number(row["survey_satisfaction"], 2),
                w.count(row["alleys"]),
                w.count(row["civilized_alleys"]),
                w.count(row["red_list_open"]),
                w.count(row["history_rooms"]),
                w.count(row["video_screens"]),
                w.count(row["volunteer_projects"]),
            ]
        )
        if figures.district is not None and row["district_code"] == figures.district.district_code:
            shaded.add(i)
    c = figures.city
    rows.append(
        [
            labels.CITY,
            w.count(c.cases.current),
            _change_pct(c.cases.current, c.cases.year_before),
            w.number(c.resolution_rate.current),
            w.number(c.satisfaction_rate.current),
            w.number(c.survey.current, 2),
            w.count(c.alleys),
            w.count(c.civilized_alleys.current),
            w.count(c.red_list_open.current),
            w.count(c.history_rooms.current),
            w.count(c.video_screens),
            w.count(c.volunteer_projects.current),
        ]
    )
    total = len(rows) - 1
    caption = f"{'附表' if figures.district is None else f'表 {number}'}　各区“创城+”主要指标（{figures.quarter.label}）"
    return Table(caption, [h for _, h in APPENDIX_COLUMNS], rows, bold_rows={total} | shaded, shaded_rows=shaded)


def comparison_table(figures: BriefFigures) -> Table:
    """A district brief's summary: the district beside the city, with its rank among the districts."""
    d, c = figures.district, figures.city
    assert d is not None
    row = figures.districts.set_index("district_code").loc[d.district_code]
    population = figures.districts["population"].sum()

    def rank_text(measure: str) -> str:
        r = figures.ranks.get(measure)
        if not r or r.rank is None:
            return "—"
        text = w.rank_short(r.rank, r.of, r.tied).removeprefix("居全市")
        return text if r.rank not in (1, r.of) else f"{text}（共 {r.of} 个区）"

    lines = [
        ("问题数（件）", w.count(d.cases.current), w.count(c.cases.current), "—"),
        (
            "每万人问题数（件）",
            w.number(row["cases_per_10k"]),
            w.number(c.cases.current * 10_000 / population),
            rank_text("cases_per_10k"),
        ),
        ("网格员主动发现占比（%）", w.number(d.grid_share.current), w.number(c.grid_share.current), rank_text("grid_share")),
        ("响应率（%）", w.number(d.response_rate.current), w.number(c.response_rate.current), "—"),
        ("解决率（%）", w.number(d.resolution_rate.current), w.number(c.resolution_rate.current), rank_text("resolution_rate")),
        (
            "满意率（12345，%）",
            w.number(d.satisfaction_rate.current),
            w.number(c.satisfaction_rate.current),
            rank_text("satisfaction_rate"),
        ),
        ("群众满意度（调查，%）", w.number(d.survey.current, 2), w.number(c.survey.current, 2), rank_text("survey_satisfaction")),
        ("背街小巷（条）", w.count(d.alleys), w.count(c.alleys), "—"),
        (
            f"{figures.as_of.month} 月月评均分（分）",
            w.number(row["alley_score"]),
            w.number(c.alley_score_latest),
            rank_text("alley_score"),
        ),
        ("挂牌督办在办（条）", w.count(d.red_list_open.current), w.count(c.red_list_open.current), rank_text("red_list_open")),
        ("首都文明街巷（条）", w.count(d.civilized_alleys.current), w.count(c.civilized_alleys.current), "—"),
        (
            "村规民约覆盖率（%）",
            w.number(row["rules_coverage"]),
            w.number(c.villages_with_rules * 100.0 / c.villages_and_communities),
            rank_text("rules_coverage"),
        ),
        ("乡情村史陈列室（个）", w.count(d.history_rooms.current), w.count(c.history_rooms.current), "—"),
        ("精神文明宣传视屏（块）", w.count(d.video_screens), w.count(c.video_screens), "—"),
        ("志愿服务项目（个）", w.count(d.volunteer_projects.current), w.count(c.volunteer_projects.current), "—"),
        (
            "每万人志愿服务项目（个）",
            w.number(row["projects_per_10k"], 2),
            w.number(c.volunteer_projects.current * 10_000 / population, 2),
            rank_text("projects_per_10k"),
        ),
    ]
    return Table(
        f"表 1　{d.name}与全市主要指标对比（{figures.quarter.label}）",
        ["指标", d.name, labels.CITY, f"在 {figures.district_count} 个区中排名"],
        [list(line) for line in lines],
        first_column_width=5.6,
    )


def notes(figures: BriefFigures) -> list[str]:
    t = figures.targets
    out = [
        f"数据截至 {_day(figures.as_of)}，来自“创城+”工作看板数据仓库（接诉即办工单、背街小巷巡查评分与挂牌督办、"
        "村（社区）设施、志愿服务项目、群众满意度季度调查）。",
        "同比为与上年同一季度相比，环比为与上一季度相比；问题数与三率按季度内各月合计，街巷、陈列室、项目等为季度末累计数。",
        f"排名为在 {figures.district_count} 个区中的位次，第 1 位最好（每万人问题数、挂牌督办在办数越少越好）。",
        "群众对创建成效的满意度为季度抽样调查结果；12345 满意率为来电人对每件诉求办理的回访评价，两者口径不同。",
        f"目标值：群众满意度 {w.goal(t.survey_satisfaction)}、12345 解决率 {w.goal(t.resolution_rate)}，为可配置的工作目标。",
    ]
    if figures.scope.campaigns is not None:
        out.append("专项整治效果按各项行动自身的起止月份，对比上年相同月份的 12345 热线受理量。")
    if figures.is_demo:
        out.insert(0, "本期数据为示例数据（按 2023 年第 16 期简报数字校准的合成数据），不是真实记录，仅供演示。")
    return out


def compose(figures: BriefFigures, options: Options | None = None) -> Brief:
    options = options or Options()
    scope = figures.scope
    if figures.district is None:
        intro = (
            f"现将 {figures.quarter.label}全市“创城+热线+网格”“创城+街巷治理”“创城+乡村振兴”工作主要数据通报如下。"
            f"各区数据见附表。"
        )
        lead_table = None
        appendix = appendix_table(figures, 1)
        stem = f"首都精神文明建设情况简报_{figures.quarter.code}_全市"
    else:
        intro = (
            f"现将 {figures.quarter.label}{scope.name}“创城+”工作主要数据及其在全市 {figures.district_count} 个区中的位次通报如下"
            f"（{scope.name}与全市对比见表 1，各区数据见表 2）。"
        )
        lead_table = comparison_table(figures)
        appendix = appendix_table(figures, 2)
        stem = f"首都精神文明建设情况简报_{figures.quarter.code}_{scope.name}"
    return Brief(
        title=TITLE,
        issue_no=f"第 {options.issue_no} 期" if options.issue_no else f"第{BLANK}期",
        total_no=f"（总第 {options.total_no} 期）" if options.total_no else f"（总第{BLANK}期）",
        office=OFFICE,
        date_text=_date_text(options.issued_on),
        tag=TAG,
        headline=headline(figures),
        intro=intro,
        sections=[_hotline_section(figures), _alley_section(figures), _rural_section(figures)],
        lead_table=lead_table,
        appendix_table=appendix,
        notes=notes(figures),
        department=options.department,
        footer_fields=[("责编", BLANK), ("核稿", BLANK), ("电话", BLANK), ("传真", BLANK), ("邮箱", BLANK)],
        distribution=[("报", BLANK * 4), ("送", BLANK * 4), ("发", BLANK * 4)],
        file_stem=stem,
        is_demo=figures.is_demo,
    )
