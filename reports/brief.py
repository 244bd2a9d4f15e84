"""简报 from the data: the office's briefing as an editable Word document (and PDF).

    python -m reports.brief --period 2023Q3 [--district 110105] [--issue-no 16] [--total-no 2228]
                            [--date 2023-11-03] [--pdf] --out 简报.docx
    python -m reports.brief --period 2023Q3 --each-district [--pdf] --out DIR
    python -m reports.brief --period latest --each-district --out DIR     (the scheduled run)

The second form is the monthly delivery: the city's brief and one per district, each with its targets,
warnings and overdue items, written into DIR under their own names (deploy/systemd/chuangcheng-brief.timer
runs it each month for the latest complete quarter).
`generate(con, "2023Q3", district=None, ...)` does the same for the 简报 page. Exit codes: 0 done,
2 a period, district, warehouse or option that does not fit (nothing written), 1 the charts or
the PDF could not be made (with --each-district: the briefs that could be made are written).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

import queries
from access import audit
from access.scope import Scope as Remit
from data import warehouse_path
from reports import charts as brief_charts
from reports import content, docx_writer, figures, images, pdf
from reports.period import PeriodError, Quarter, check_in_data, complete_quarters
from ui import formats
from ui.cli import Parser

PROG = "python -m reports.brief"
LATEST = "latest"  # --period latest: the warehouse's latest complete quarter, for the scheduled run


@dataclass
class Generated:
    docx: bytes
    file_stem: str
    brief: content.Brief
    figures: figures.BriefFigures
    pictures: list[tuple[str, str, bytes]]  # (chart key, caption, PNG)
    warning: str | None = None  # why the charts are missing, when they were optional


def generate(
    con: duckdb.DuckDBPyConnection,
    period: str | Quarter,
    district: str | None = None,
    *,
    options: content.Options | None = None,
    targets: figures.Targets | None = None,
    with_charts: bool = True,
    charts_optional: bool = False,
    proxy: str = images.BLACKHOLE_PROXY,
    remit: Remit | None = None,
    remit_name: str = "",
    warnings: pd.DataFrame | None = None,
) -> Generated:
    """Collect the figures, word them, draw the charts and lay out the Word document.

    Raises PeriodError / DistrictError for a quarter or district the warehouse does not have,
    ImagesUnavailable when charts are wanted and Chromium cannot draw them (unless
    `charts_optional`: then the brief comes without charts and `warning` says why). `remit` is whose
    lists of warnings and overdue items these are (the city's, the office's own run, when None);
    `warnings`, the city's as at the quarter's end when already collected (figures.city_warnings).
    """
    quarter = period if isinstance(period, Quarter) else Quarter.parse(period)
    numbers = figures.collect(con, quarter, district or None, targets, remit=remit, remit_name=remit_name, warnings=warnings)
    brief = content.compose(numbers, options)
    pictures: list[tuple[str, str, bytes]] = []
    warning = None
    if with_charts:
        wanted = [key for section in brief.sections for key in section.charts]
        drawn = brief_charts.build(numbers, wanted)
        try:
            pngs = images.render_png([c.figure for c in drawn], [(c.width, c.height) for c in drawn], proxy=proxy)
        except images.ImagesUnavailable as error:
            if not charts_optional:
                raise
            pngs, warning = [], f"{error}　已生成不含图表的简报。"
        pictures = [(c.key, c.caption, png) for c, png in zip(drawn, pngs, strict=False)]
    return Generated(docx_writer.write(brief, pictures), brief.file_stem, brief, numbers, pictures, warning)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”应为 YYYY-MM-DD") from None


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是百分数") from None
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError(f"目标值 {text} 应在 0 到 100 之间")
    return value


def _help(text: str) -> str:
    """Text for argparse's help, where a bare % starts a format."""
    return text.replace("%", "%%")


def parser() -> argparse.ArgumentParser:
    defaults = figures.Targets()
    p = Parser(
        prog=PROG,
        description="由数据仓库生成《首都精神文明建设情况简报》Word 初稿（全市或某一区）。",
    )
    p.add_argument("--period", required=True, help=f"季度，例如 2023Q3；{LATEST} 为数据仓库中最近的完整季度（定时任务用）")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--district", help="区划代码，例如 110105（朝阳区）；不填为全市")
    scope.add_argument("--each-district", action="store_true", help="一次生成全市和各区的简报（共 17 份），--out 为输出目录")
    p.add_argument("--issue-no", type=_positive, help="期号（第 N 期）；不填则留空待填")
    p.add_argument("--total-no", type=_positive, help="总期号（总第 N 期）；不填则留空待填")
    p.add_argument("--date", type=_day, help="印发日期 YYYY-MM-DD；不填则留空待填")
    p.add_argument("--department", default=content.DEPARTMENT, help=f"供稿处室（默认：{content.DEPARTMENT}）")
    p.add_argument(
        "--target-satisfaction",
        type=_percent,
        default=defaults.survey_satisfaction,
        help=f"群众满意度目标（%%，默认为配置的 {_help(formats.measure('survey_satisfaction', defaults.survey_satisfaction))}）",
    )
    p.add_argument(
        "--target-resolution",
        type=_percent,
        default=defaults.resolution_rate,
        help=f"12345 解决率目标（%%，默认为配置的 {_help(formats.measure('resolution_rate', defaults.resolution_rate))}）",
    )
    p.add_argument("--warehouse", type=Path, help="数据仓库文件（默认：$DASHBOARD_WAREHOUSE 或 data/warehouse.duckdb）")
    p.add_argument("--no-charts", action="store_true", help="不生成图表（无 Chromium 时使用）")
    p.add_argument("--pdf", action="store_true", help="同时生成同名 PDF（需要 LibreOffice）")
    p.add_argument("--out", required=True, type=Path, help="输出的 Word 文件（.docx）；加 --each-district 时为输出目录")
    return p


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def _write(target: Path, data: bytes) -> None:
    """Whole or not at all: a reader (or the next month's run) never finds half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(data)
    os.replace(partial, target)


def _operator() -> str:
    try:
        return f"system:{getpass.getuser()}"
    except (KeyError, OSError):
        return "system:unknown"


def _save(result: Generated, out: Path, with_pdf: bool) -> int:
    """Say in the audit trail that the brief is written, as the 简报 page does (a brief lists warnings and
    overdue items: records), under the system user who ran the command; then write it (and its PDF when
    asked). 0, or 1 when the audit trail or the PDF could not be written (no brief without its record)."""
    district = result.figures.district.district_code if result.figures.district else None
    try:
        audit.AuditLog().record(
            "brief", _operator(), None, period=result.figures.quarter.code, district=district, via=PROG, file=out.name
        )
    except audit.AuditUnavailable as error:
        return _fail(f"审计记录无法写入（{error}），未生成 {out.name}。", 1)
    _write(out, result.docx)
    print(f"已生成：{out}（{len(result.pictures)} 张图表）")
    if not with_pdf:
        return 0
    try:
        pdf_bytes = pdf.docx_to_pdf(result.docx)
    except pdf.PdfUnavailable as error:
        return _fail(str(error), 1)
    _write(out.with_suffix(".pdf"), pdf_bytes)
    print(f"已生成：{out.with_suffix('.pdf')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    out: Path = args.out
    if args.each_district and out.suffix.lower() == ".docx":
        return _fail(f"加 --each-district 时 --out 应为输出目录（将写入 17 份简报），而不是 .docx 文件：{out}", 2)
    if args.each_district and out.exists() and not out.is_dir():
        return _fail(f"输出目录 {out} 已存在且不是目录。", 2)
    if not args.each_district and out.suffix.lower() != ".docx":
        return _fail(f"输出文件应以 .docx 结尾：{out}", 2)
    if args.period != LATEST:
        try:
            quarter = Quarter.parse(args.period)
        except PeriodError as error:
            return _fail(str(error), 2)
    source = args.warehouse or warehouse_path()
    if not Path(source).exists():
        return _fail(f"找不到数据仓库 {source}（可先运行 python -m data build 生成示例数据）。", 2)
    options = content.Options(issue_no=args.issue_no, total_no=args.total_no, issued_on=args.date, department=args.department)
    targets = figures.Targets(survey_satisfaction=args.target_satisfaction, resolution_rate=args.target_resolution)

    con = queries.connect(source)
    try:
        if args.period == LATEST:
            done = complete_quarters(queries.run(con, "months")["month_start"].dt.date)
            if not done:
                return _fail(f"数据仓库 {source} 中还没有完整的季度，暂不能生成简报。", 2)
            quarter = done[-1]
            print(f"季度：{quarter.code}（数据仓库中最近的完整季度）")
        if args.each_district:
            return _each_district(con, quarter, out, options, targets, args)
        try:
            result = generate(con, quarter, args.district, options=options, targets=targets, with_charts=not args.no_charts)
        except (PeriodError, figures.DistrictError) as error:
            return _fail(str(error), 2)
        except images.ImagesUnavailable as error:
            return _fail(f"{error}（可加 --no-charts 生成不含图表的简报）", 1)
    finally:
        con.close()
    return _save(result, out, args.pdf)


def _each_district(con, quarter: Quarter, out: Path, options, targets, args) -> int:
    """The city's brief and each district's into `out`, the warnings collected once for all of them.
    A period the warehouse does not cover writes nothing; a brief whose charts or PDF fail is reported
    and the others are still written (exit 1)."""
    data_start, data_end = figures.data_period(con)
    try:
        check_in_data(quarter, data_start, data_end)
    except PeriodError as error:
        return _fail(str(error), 2)
    warnings = figures.city_warnings(con, quarter.as_of(data_end), Remit.city())
    names = figures.district_names(con)
    districts = [None, *names]
    failed = 0
    for number, district in enumerate(districts, start=1):
        print(f"[{number}/{len(districts)}] ", end="", flush=True)
        try:
            result = generate(
                con, quarter, district, options=options, targets=targets, with_charts=not args.no_charts, warnings=warnings
            )
        except images.ImagesUnavailable as error:
            failed += 1
            _fail(f"{names.get(district, '全市')}：{error}（可加 --no-charts 生成不含图表的简报）", 1)
            continue
        failed += _save(result, out / f"{result.file_stem}.docx", args.pdf)
    print(f"共生成 {len(districts) - failed} 份简报，写入 {out}" + (f"；{failed} 份未能完成，见上" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
