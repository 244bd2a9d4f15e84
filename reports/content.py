"""The brief as text: masthead, headline, one section per "创城+" line, tables and notes.

`compose(figures, options)` turns a `BriefFigures` into a `Brief`, the document's content
with no layout. Every figure is a column of a named query (see reports.figures), written by
ui.formats; sentences are built with reports.wording and ui.narrative, the same phrases 总览 and
the briefing's slides use, so a figure reads the same there and here, and a sentence says 上升
when a figure rose and 下降 when it fell. Nothing refers to the demo's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from data.warnings.wording import KIND_LABELS
from queries.settings import settings
from reports import wording as w
from reports.figures import BriefFigures
from ui import formats, labels, narrative, targets

TITLE = "首都精神文明建设情况简报"
OFFICE = "首都精神文明办"
TAG = "【数据简报】"
DEPARTMENT = "精神文明创建活动指导处"
BLANK = "＿＿＿＿＿＿"  # a field to fill in by hand
SECTION_NAMES = ("“创城+热线+网格”", "“创城+街巷治理”", "“创城+乡村振兴”", "目标、预警与待办事项")
# How many warnings and overdue items a brief lists by name; the rest are counted, and the 预警 and
# 闭环台账 pages list them all.
LISTED = 10


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
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    bold_rows: set[int] = field(default_factory=set)
    shaded_rows: set[int] = field(default_factory=set)
    first_column_width: float = 1.6  # cm; the other columns share the rest equally, unless
    widths: list[float] | None = None  # each column's width in cm, when they should differ
    text_columns: set[int] = field(default_factory=set)  # columns (after the first) of words: aligned left


@dataclass
class Section:
    title: str
    paragraphs: list[Paragraph]
    charts: list[str] = field(default_factory=list)  # keys into reports.charts.build()
    tables: list[Table] = field(default_factory=list)  # after the paragraphs and charts


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
    return formats.day(day) if day else f"{BLANK}年{BLANK}月{BLANK}日"


def _rank(figures: BriefFigures, measure: str) -> str:
    """'在 16 个区中排名第 3 位，较上季度上升 2 位' (district briefs only)."""
    r = figures.rank(measure)
    return w.clauses([w.rank(r), w.rank_move(r.places_up if r else None)])


def _leaders(figures: BriefFigures, measure: str, label: str) -> str:
    """'各区中解决率最高的是东城区、怀柔区（97.0%），最低的是石景山区（92.5%）。' (city briefs only):
    ui.narrative's sentence, which names every district of a tie."""
    if figures.district is not None:
        return ""
    best, worst = narrative.extremes(figures.district_table, measure, labels.MEASURES[measure].higher_is_better)
    if best.empty or formats.measure(measure, best[measure].iat[0]) == formats.measure(measure, worst[measure].iat[0]):
        return ""  # every district alike (no red list yet): nothing to single out
    return narrative.rank_sentence(figures.district_table, measure, label)


def _vs_city(figures: BriefFigures, gap, kind: str = "rate", unit: str = "") -> str:
    return "" if figures.district is None else w.against_city(gap, kind, unit)


def _about(subject: str, *clauses: str) -> str:
    """'解决率同比下降 0.1 个百分点，…。', or nothing when there is nothing to say about it."""
    said = w.clauses(clauses)
    return f"{subject}{said}。" if said else ""


def _leads(paragraphs: list[Paragraph]) -> list[Paragraph]:
    for i, p in enumerate(paragraphs):
        p.lead = w.ordinal_lead(i) + p.lead
    return paragraphs


def headline(figures: BriefFigures) -> str:
    scope = figures.scope
    h, c = scope.headline_figures, scope.brief_comparisons
    parts = []
    if not formats.missing(h["survey_latest"]):
        parts.append(f"群众满意度{w.headline_level(c['survey_vs_previous'])} {formats.survey(h['survey_latest'])}")
    if figures.district is not None:
        survey_rank = figures.rank("survey_satisfaction")
        if survey_rank and parts:
            parts[-1] += f"、{w.rank_short(survey_rank)}"
        resolution_rank = figures.rank("resolution_rate")
        if resolution_rank:
            parts.append(f"解决率{w.rank_short(resolution_rank)}")
    elif not formats.missing(h["campaign_change_pct"]):
        parts.append(f"专项整治问题热线受理量{narrative.pct_change_phrase(h['campaign_change_pct'])}")
    period = figures.quarter.label
    subject = f"{scope.name} {period}“创城+”工作" if figures.district else f"{period}全市“创城+”工作"
    return f"{subject}：{'，'.join(parts)}" if parts else f"{subject}情况"


def _hotline_section(figures: BriefFigures) -> Section:
    s, t = figures.scope, figures.targets
    h, c = s.headline_figures, s.brief_comparisons
    where, period = s.name, figures.quarter.label
    paragraphs: list[Paragraph] = []

    intake = w.sentence(
        f"{period}，{where}通过 12345 热线、网格员巡查和创城抽查共发现、受理问题 {formats.count(h['cases'], '件')}",
        w.pct_change("同比", h["cases_vs_year_before"]),
        w.pct_change("环比", h["cases_vs_previous"]),
    )
    if figures.district is not None:
        row = figures.district_row()
        intake += w.sentence(
            f"每万名常住人口 {formats.number(row['cases_per_10k'], 'per_10k', '件')}", _rank(figures, "cases_per_10k")
        )
    intake += w.sentence(
        f"其中网格员主动发现 {formats.count(h['grid_cases'], '件')}，占 {formats.rate(h['grid_share'])}",
        w.points_change("同比", h["grid_share_vs_year_before"]),
        _vs_city(figures, c["grid_share_vs_city"]),
    )
    paragraphs.append(Paragraph("问题发现与受理。", intake))

    rates = w.sentence(
        f"诉求办理“三率”分别为：响应率 {formats.rate(h['response_rate'])}、解决率 {formats.rate(h['resolution_rate'])}、"
        f"12345 满意率 {formats.rate(h['satisfaction_rate'])}"
    )
    resolution = _about(
        "解决率",
        w.points_change("同比", h["resolution_rate_vs_year_before"]),
        w.points_change("环比", h["resolution_rate_vs_previous"]),
        w.against_target(h["resolution_rate"], t.resolution_rate, "resolution_rate"),
        _vs_city(figures, c["resolution_rate_vs_city"]),
        _rank(figures, "resolution_rate"),
    )
    satisfaction = _about(
        "满意率",
        w.points_change("同比", h["satisfaction_rate_vs_year_before"]),
        w.points_change("环比", h["satisfaction_rate_vs_previous"]),
        _vs_city(figures, c["satisfaction_rate_vs_city"]),
        _rank(figures, "satisfaction_rate"),
    )
    leaders = _leaders(figures, "resolution_rate", "各区中解决率")
    paragraphs.append(Paragraph("办理质效。", rates + resolution + satisfaction + leaders))

    charts = ["survey"]
    total = s.campaigns_total
    if total is not None:
        so_far = "" if total["is_finished"] else f"（截至 {formats.day(figures.as_of)}，行动仍在进行）"
        span = f"{formats.month(total['started_on'])}至{formats.month(total['ended_on'])}"
        text = w.sentence(
            f"{span}，{where}聚焦{total['targets']}等群众反映集中的问题开展 {formats.count(len(s.campaigns), '项')}"
            f"专项整治行动{so_far}"
        ) + narrative.campaign_sentence(total)
        city_change = figures.city.headline_figures["campaign_change_pct"]
        if figures.district is not None and not formats.missing(city_change):
            text += w.sentence(f"全市目标问题同期{narrative.pct_change_phrase(city_change)}")
        paragraphs.append(Paragraph("专项整治。", text))
        charts.append("campaigns")
    else:  # no campaign yet: the districts' resolution rates instead
        charts.append("resolution")

    if not formats.missing(h["survey_latest"]):
        since_baseline = (
            f"较{h['survey_baseline_label']}{narrative.points_phrase(h['survey_change'], 'survey')}"
            # not when the baseline is this quarter, or the quarter before (环比 says it)
            if not formats.missing(h["survey_baseline"])
            and h["survey_baseline_label"] not in (formats.quarter(h["survey_period"]), figures.quarter.previous.label)
            else ""
        )
        text = narrative.survey_sentence(h, where) + _about(
            "满意度",
            since_baseline,
            w.points_change("同比", c["survey_vs_year_before"], "survey"),
            w.points_change("环比", c["survey_vs_previous"], "survey"),
            w.against_target(h["survey_latest"], t.survey_satisfaction, "survey_satisfaction"),
            _vs_city(figures, c["survey_vs_city"], "survey"),
            _rank(figures, "survey_satisfaction"),
        )
        text += _leaders(figures, "survey_satisfaction", "各区中群众满意度")
        paragraphs.append(Paragraph("群众满意度。", text))

    return Section(f"一、{SECTION_NAMES[0]}", _leads(paragraphs), charts)


def _alley_section(figures: BriefFigures) -> Section:
    s, quarter = figures.scope, figures.quarter
    h, c, a = s.headline_figures, s.brief_comparisons, s.alley_summary
    where = s.name
    paragraphs: list[Paragraph] = []

    daily = w.sentence(
        f"{where} {formats.count(h['alleys'], '条')}背街小巷按照“十无五好四有”标准实行日巡、周查、月评、季点名",
        f"季度末各街巷最近一次月评平均 {formats.measure('alley_score', h['alley_score'])}"
        if not formats.missing(h["alley_score"])
        else "本季度暂无月评",
        w.score_change("同比", c["alley_score_vs_year_before"]),
        w.score_change("环比", c["alley_score_vs_previous"]),
        _vs_city(figures, c["alley_score_vs_city"], "score", "分"),
        _rank(figures, "alley_score"),
    )
    named_on = a["named_on"]  # the latest 季点名 by the quarter's end: said when it fell in the quarter
    if pd.notna(named_on) and quarter.start <= named_on.date() <= figures.as_of:
        daily += w.sentence(
            f"{formats.month(named_on)}季度点名表扬 {formats.count(a['naming_praised'], '条')}、"
            f"通报 {formats.count(a['naming_named'], '条')}"
        )
    paragraphs.append(Paragraph("日常管理。", daily))

    open_now, overdue = h["red_list_open"], h["red_list_overdue"]
    red = (
        w.sentence(
            f"截至 {formats.day(figures.as_of)}，{where}挂牌督办在办 {formats.count(open_now, '条')}",
            w.stock_change("较上季度末", c["red_list_open_vs_previous"], "条"),
            _rank(figures, "red_list_open"),
        )
        + w.sentence(
            f"其中超过整改期限仍未完成整改 {formats.count(overdue, '条')}"
            if overdue
            else ("在办街巷均未超过整改期限" if open_now else "")
        )
        + _leaders(figures, "red_list_open", "各区中挂牌督办在办数")
    )
    paragraphs.append(Paragraph("挂牌督办。", red))

    named = w.sentence(
        f"累计命名首都文明街巷 {formats.count(h['civilized_alleys'], '条')}，占背街小巷总数的 {formats.rate(c['civilized_share'])}",
        f"{figures.as_of.year} 年新命名 {formats.count(h['civilized_named_this_year'], '条')}"
        if h["civilized_named_this_year"]
        else "",
        w.stock_change("较上年同期", c["civilized_alleys_vs_year_before"], "条"),
    )
    paragraphs.append(Paragraph("示范引领。", named))

    charts = ["alleys"] if len(s.alley_score_trend) else []
    return Section(f"二、{SECTION_NAMES[1]}", _leads(paragraphs), charts)


def _rural_section(figures: BriefFigures) -> Section:
    s = figures.scope
    h, c = s.headline_figures, s.brief_comparisons
    where, year = s.name, figures.as_of.year
    paragraphs: list[Paragraph] = []

    scope_note = f"（含 {figures.agricultural_count} 个涉农区）" if figures.district is None else " "
    rules = w.sentence(
        f"{where}{scope_note}{formats.count(h['villages_and_communities'], '个')}村（社区）中，"
        f"{formats.count(h['villages_with_rules'], '个')}建立村规民约、居民公约",
        f"覆盖率 {formats.rate(h['rules_coverage'])}",
        _vs_city(figures, c["rules_coverage_vs_city"]),
        _rank(figures, "rules_coverage"),
    )
    paragraphs.append(Paragraph("村规民约。", rules))

    volunteer = w.sentence(
        f"累计开展志愿服务项目 {formats.count(h['volunteer_projects'], '个')}",
        f"{year} 年以来新增 {formats.count(h['projects_started_this_year'], '个')}" if h["projects_started_this_year"] else "",
        w.stock_change("较上季度末", c["volunteer_projects_vs_previous"], "个"),
        f"服务 {formats.ten_thousands(h['beneficiaries'], '人次')}",
    )
    if not s.volunteer_summary.empty:
        volunteer += w.sentence(narrative.largest_categories(s.volunteer_summary))
    if figures.district is not None:
        row = figures.district_row()
        volunteer += w.sentence(
            f"每万名常住人口 {formats.number(row['projects_per_10k'], 'per_10k_fine', '个')}", _rank(figures, "projects_per_10k")
        )
    paragraphs.append(Paragraph("志愿服务。", volunteer))

    if h["history_rooms"] == 0 and h["video_screens"] == 0:
        heritage = w.sentence(f"{where}{'为非涉农区，' if not s.is_agricultural else ''}暂无乡情村史陈列室和精神文明宣传视屏")
    else:
        heritage = w.sentence(
            f"{where}农村地区建成乡情村史陈列室 {formats.count(h['history_rooms'], '个')}、"
            f"精神文明宣传视屏 {formats.count(h['video_screens'], '块')}",
            f"{year} 年新建陈列室 {formats.count(h['history_rooms_opened_this_year'], '个')}"
            if h["history_rooms_opened_this_year"]
            else "",
            w.stock_change("较上年同期", c["history_rooms_vs_year_before"], "个", what="陈列室"),
        )
    paragraphs.append(Paragraph("文脉传承。", heritage))

    charts = ["villages"] if figures.district is None or s.is_agricultural else []
    return Section(f"三、{SECTION_NAMES[2]}", _leads(paragraphs), charts)


def _score(value) -> str:
    """A CityScore as CityScore writes it: two decimals, 1.00 on target."""
    return formats.DASH if formats.missing(value) else f"{value:.2f}"


def _targets_part(figures: BriefFigures, number: int) -> tuple[Paragraph, Table]:
    """一是目标完成情况: the area's measures against the office's targets (target_scores), and in the
    city's brief the districts that missed each."""
    scores, area = figures.target_scores, figures.area_code
    text = targets.sentence(scores, area, figures.scope.name)
    if figures.district is None:
        missed = scores[(scores["area_code"] != area) & (scores["status"] == "missed")]
        if len(missed):
            text += targets.missed_where(missed)
    if _targets_overridden(figures):
        text += "（本表按办公室配置的目标计算，正文其余部分按本期所填目标表述。）"
    rows = targets.ordered(scores[scores["area_code"] == area])
    table = Table(
        f"表 {number}　{figures.scope.name}目标完成情况（{figures.quarter.label}）",
        ["指标", "实际", "目标", "完成度（实际÷目标）", "状态"],
        [
            [
                r.label,
                formats.measure(r.measure, r.actual),
                formats.measure(r.measure, r.target),
                _score(r.score),
                labels.TARGET_STATUS.get(r.status, "无数据"),
            ]
            for r in rows.itertuples()
        ],
        first_column_width=5.6,
    )
    return Paragraph("目标完成情况。", text), table


def _targets_overridden(figures: BriefFigures) -> bool:
    t, configured = figures.targets, settings().targets
    return (t.survey_satisfaction, t.resolution_rate) != (
        configured["survey_satisfaction"].target,
        configured["resolution_rate"].target,
    )


def _warnings_part(figures: BriefFigures, number: int) -> tuple[Paragraph, Table | None]:
    """二是预警: the warnings as at the quarter's end, by kind; the city's brief tabulates them by
    district, a district's lists the first few (a caller's warnings are counted, not listed: who
    called stays on the 预警 page, behind sign-in)."""
    found, where = figures.warnings, figures.scope.name
    when = formats.day(figures.as_of)
    if found.empty:
        return Paragraph("预警。", f"截至 {when}，{where}没有预警。"), None
    if figures.records_only_for:
        where = f"{where}（仅统计{figures.records_only_for}）"
    counts = found["kind"].value_counts()
    by_kind = "、".join(f"{label} {formats.count(counts[kind], '条')}" for kind, label in KIND_LABELS.items() if kind in counts)
    text = f"截至 {when}，{where}有预警 {formats.count(len(found), '条')}：{by_kind}。"
    if figures.district is None:
        table_rows = []  # every district, in the districts' table order, with or without warnings
        seen = set(found["district_code"]) if figures.records_only_for else None
        for row in figures.district_table.itertuples():
            if seen is not None and row.district_code not in seen:
                continue  # outside what the reader may see: no row rather than a false 0
            kinds = found.loc[found["district_code"] == row.district_code, "kind"].value_counts()
            table_rows.append(
                [row.name, *(formats.count(kinds.get(kind, 0), "") for kind in KIND_LABELS), formats.count(kinds.sum(), "")]
            )
        table = Table(
            f"表 {number}　各区预警（截至 {when}，条）",
            ["区", *KIND_LABELS.values(), "合计"],
            table_rows,
        )
        return Paragraph("预警。", text + f"各区预警数见表 {number}，逐条内容见看板“预警”页。"), table
    listed = found[found["kind"] != "caller"].head(LISTED)
    text += f"表 {number} 列出其中 {formats.count(len(listed), '条')}，全部预警见看板“预警”页。"
    table = Table(
        f"表 {number}　{where}预警（截至 {when}，前 {len(listed)} 条）",
        ["类型", "说明"],
        [[row.kind_label, row.reason] for row in listed.itertuples()],
        first_column_width=2.2,
        text_columns={1},
    )
    return Paragraph("预警。", text), table


def _overdue_part(figures: BriefFigures, number: int) -> tuple[Paragraph, Table | None]:
    """三是逾期事项: the closed loop (闭环台账) as at the quarter's end: what is open, what is overdue and
    who owns it, and the longest overdue items by name."""
    summary, items, where = figures.loop_summary, figures.overdue_items, figures.scope.name
    when = formats.day(figures.as_of)
    text = w.sentence(
        f"截至 {when}，{where}创城抽查问题和挂牌督办街巷在办 {formats.count(summary['open_items'], '项')}",
        f"其中逾期 {formats.count(summary['overdue_items'], '项')}"
        + (
            f"（超过 30 天的 {formats.count(summary['overdue_longer'], '项')}，最长逾期 {formats.count(summary['longest_overdue_days'], '天')}），"
            f"涉及 {formats.count(summary['units_with_overdue'], '个')}责任单位"
            if summary["overdue_items"]
            else ""
        ),
    )
    text += w.sentence(
        f"本季度销号（摘牌）{formats.count(summary['closed_items'], '项')}",
        ""
        if formats.missing(summary["median_days_spot_check"])
        else f"抽查问题从发现到销号用时中位数 {formats.count(summary['median_days_spot_check'], '天')}",
        "" if formats.missing(summary["reopen_rate"]) else f"复查未通过（返工）率 {formats.rate(summary['reopen_rate'])}",
    )
    if items.empty:
        return Paragraph("逾期事项。", text), None
    listed = items.head(LISTED)
    within = f"（仅列{figures.records_only_for}）" if figures.records_only_for else ""
    text += f"逾期最久的 {formats.count(len(listed), '项')}见表 {number}{within}，全部事项见看板“闭环台账”页。"
    city = figures.district is None
    table = Table(
        f"表 {number}　{where}逾期事项（截至 {when}，逾期最久的 {len(listed)} 项）",
        ["类型", *(["区"] if city else []), "街乡镇", "问题", "责任单位", "整改期限", "逾期（天）"],
        [
            [
                labels.LOOP_KINDS.get(row.kind, row.kind),
                *([row.district_name] if city else []),
                row.street_name,
                row.subject if formats.missing(row.alley_name) else f"{row.alley_name}：{row.subject}",
                row.responsible_unit,
                formats.day(row.due_on.date()),
                formats.count(row.days_overdue, ""),
            ]
            for row in listed.itertuples()
        ],
        # 类型, (区,) 街乡镇, 问题, 责任单位 in words; 整改期限 and 逾期 as figures.
        widths=[1.6, 1.3, 2.0, 3.0, 3.2, 3.2, 1.3] if city else [1.7, 2.0, 3.6, 3.7, 3.2, 1.4],  # 15.6 cm
        text_columns={1, 2, 3, 4} if city else {1, 2, 3},
    )
    return Paragraph("逾期事项。", text), table


def _action_section(figures: BriefFigures, first_number: int) -> Section:
    """四、目标、预警与待办事项: what the area should act on, each part with its table."""
    paragraphs, tables = [], []
    for part in (_targets_part, _warnings_part, _overdue_part):
        paragraph, table = part(figures, first_number + len(tables))
        paragraphs.append(paragraph)
        if table is not None:
            tables.append(table)
    return Section(f"四、{SECTION_NAMES[3]}", _leads(paragraphs), tables=tables)


# The table of all districts: (column, header, kind). Headers carry the unit of counts; rates carry
# their "%" in the cell, as ui.formats writes them everywhere.
APPENDIX_COLUMNS = [
    ("cases", "问题数（件）", "count"),
    ("cases_vs_year_before", "同比", "change_pct"),
    ("resolution_rate", "解决率", "rate"),
    ("satisfaction_rate", "12345 满意率", "rate"),
    ("survey_satisfaction", "群众满意度", "survey"),
    ("alleys", "背街小巷（条）", "count"),
    ("civilized_alleys", "文明街巷（条）", "count"),
    ("red_list_open", "挂牌在办（条）", "count"),
    ("history_rooms", "村史陈列室（个）", "count"),
    ("video_screens", "宣传视屏（块）", "count"),
    ("volunteer_projects", "志愿服务项目（个）", "count"),
]
# The city's row: the same figures from its headline_figures, where the survey is survey_latest.
CITY_COLUMNS = {"survey_satisfaction": "survey_latest"}


def _cell(value, kind: str) -> str:
    return formats.change(value, kind) if kind == "change_pct" else formats.number(value, kind)


def appendix_table(figures: BriefFigures, number: int) -> Table:
    """Every district on the brief's main figures, and the city total."""
    rows, shaded = [], set()
    for i, (_, row) in enumerate(figures.district_table.iterrows()):
        rows.append([row["name"], *(_cell(row[column], kind) for column, _, kind in APPENDIX_COLUMNS)])
        if figures.district is not None and row["district_code"] == figures.district.district_code:
            shaded.add(i)
    city = figures.city.headline_figures
    rows.append([labels.CITY, *(_cell(city[CITY_COLUMNS.get(column, column)], kind) for column, _, kind in APPENDIX_COLUMNS)])
    total = len(rows) - 1
    caption = f"{'附表' if figures.district is None else f'表 {number}'}　各区“创城+”主要指标（{figures.quarter.label}）"
    header = ["区", *(title for _, title, _ in APPENDIX_COLUMNS)]
    return Table(caption, header, rows, bold_rows={total} | shaded, shaded_rows=shaded)


def comparison_table(figures: BriefFigures) -> Table:
    """A district brief's summary: the district beside the city, with its rank among the districts."""
    d = figures.district
    assert d is not None
    row = figures.district_row()
    dh, ch, cc = d.headline_figures, figures.city.headline_figures, figures.city.brief_comparisons

    def rank_text(measure: str) -> str:
        r = figures.rank(measure)
        if r is None:
            return formats.DASH
        text = w.rank_short(r).removeprefix("居全市")
        return text if r.rank not in (1, r.of) else f"{text}（共 {r.of} 个区）"

    # (label, kind, the district's figure, the city's figure, the measure it is ranked on)
    lines = [
        ("问题数（件）", "count", dh["cases"], ch["cases"], None),
        ("每万人问题数（件）", "per_10k", row["cases_per_10k"], cc["cases_per_10k"], "cases_per_10k"),
        ("网格员主动发现占比", "rate", dh["grid_share"], ch["grid_share"], "grid_share"),
        ("响应率", "rate", dh["response_rate"], ch["response_rate"], None),
        ("解决率", "rate", dh["resolution_rate"], ch["resolution_rate"], "resolution_rate"),
        ("12345 满意率", "rate", dh["satisfaction_rate"], ch["satisfaction_rate"], "satisfaction_rate"),
        ("群众满意度（调查）", "survey", dh["survey_latest"], ch["survey_latest"], "survey_satisfaction"),
        ("背街小巷（条）", "count", dh["alleys"], ch["alleys"], None),
        ("月评均分（分）", "score", dh["alley_score"], ch["alley_score"], "alley_score"),
        ("挂牌督办在办（条）", "count", dh["red_list_open"], ch["red_list_open"], "red_list_open"),
        ("首都文明街巷（条）", "count", dh["civilized_alleys"], ch["civilized_alleys"], None),
        ("村规民约覆盖率", "rate", dh["rules_coverage"], ch["rules_coverage"], "rules_coverage"),
        ("乡情村史陈列室（个）", "count", dh["history_rooms"], ch["history_rooms"], None),
        ("精神文明宣传视屏（块）", "count", dh["video_screens"], ch["video_screens"], None),
        ("志愿服务项目（个）", "count", dh["volunteer_projects"], ch["volunteer_projects"], None),
        ("每万人志愿服务项目（个）", "per_10k_fine", row["projects_per_10k"], cc["projects_per_10k"], "projects_per_10k"),
    ]
    return Table(
        f"表 1　{d.name}与全市主要指标对比（{figures.quarter.label}）",
        ["指标", d.name, labels.CITY, f"在 {figures.district_count} 个区中排名"],
        [
            [label, formats.number(mine, kind), formats.number(city, kind), rank_text(measure) if measure else formats.DASH]
            for label, kind, mine, city, measure in lines
        ],
        first_column_width=5.6,
    )


def notes(figures: BriefFigures) -> list[str]:
    t = figures.targets
    out = [
        f"数据截至 {formats.day(figures.as_of)}，来自“创城+”工作看板数据仓库（接诉即办工单、背街小巷巡查评分与挂牌督办、"
        "村（社区）设施、志愿服务项目、群众满意度季度调查）。",
        "同比为与上年同一季度相比，环比为与上一季度相比；问题数与三率按季度内各月合计，街巷、陈列室、项目等为季度末累计数；"
        "月评均分为各街巷最近一次月评分的平均。",
        f"排名为在 {figures.district_count} 个区中的位次，第 1 位最好（每万人问题数、挂牌督办在办数越少越好），数值相同者并列。",
        "群众对创建成效的满意度为季度抽样调查结果；12345 满意率为来电人对每件诉求办理的回访评价，两者口径不同。",
        f"目标值：群众满意度 {formats.measure('survey_satisfaction', t.survey_satisfaction)}、"
        f"12345 解决率 {formats.measure('resolution_rate', t.resolution_rate)}，为可配置的工作目标。",
    ]
    if figures.scope.campaigns_total is not None:
        out.append("专项整治效果按各项行动自身的起止月份，对比上年相同月份的 12345 热线受理量。")
    if figures.is_demo:
        out.insert(0, "本期数据为示例数据（按 2023 年第 16 期简报数字校准的合成数据），不是真实记录，仅供演示。")
    return out


def compose(figures: BriefFigures, options: Options | None = None) -> Brief:
    options = options or Options()
    scope = figures.scope
    # Tables are numbered in reading order: a district's comparison with the city first, then the
    # tables of 四、目标、预警与待办事项, then the districts' table (the city's 附表).
    first_action_table = 1 if figures.district is None else 2
    action = _action_section(figures, first_action_table)
    if figures.district is None:
        intro = (
            f"现将 {figures.quarter.label}全市“创城+热线+网格”“创城+街巷治理”“创城+乡村振兴”工作主要数据"
            f"及目标完成、预警和逾期事项通报如下。各区数据见附表。"
        )
        lead_table = None
        appendix = appendix_table(figures, 0)
        stem = f"首都精神文明建设情况简报_{figures.quarter.code}_全市"
    else:
        appendix_number = first_action_table + len(action.tables)
        intro = (
            f"现将 {figures.quarter.label}{scope.name}“创城+”工作主要数据及其在全市 {figures.district_count} 个区中的位次，"
            f"以及目标完成、预警和逾期事项通报如下（{scope.name}与全市对比见表 1，各区数据见表 {appendix_number}）。"
        )
        lead_table = comparison_table(figures)
        appendix = appendix_table(figures, appendix_number)
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
        sections=[_hotline_section(figures), _alley_section(figures), _rural_section(figures), action],
        lead_table=lead_table,
        appendix_table=appendix,
        notes=notes(figures),
        department=options.department,
        footer_fields=[("责编", BLANK), ("核稿", BLANK), ("电话", BLANK), ("传真", BLANK), ("邮箱", BLANK)],
        distribution=[("报", BLANK * 4), ("送", BLANK * 4), ("发", BLANK * 4)],
        file_stem=stem,
        is_demo=figures.is_demo,
    )
