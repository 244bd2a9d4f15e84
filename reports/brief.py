"""简报 from the data: the office's briefing as an editable Word document (and PDF).

    python -m reports.brief --period 2023Q3 [--district 110105] [--issue-no 16] [--total-no 2228]
                            [--date 2023-11-03] [--pdf] --out 简报.docx

`generate(con, "2023Q3", district=None, ...)` does the same for the 简报 page. Exit codes: 0 done,
2 a period, district, warehouse or option that does not fit (nothing written), 1 the charts or
the PDF could not be made.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

import queries
from data import warehouse_path
from reports import charts as brief_charts
from reports import content, docx_writer, figures, images, pdf
from reports.period import PeriodError, Quarter
from ui import formats


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
) -> Generated:
    """Collect the figures, word them, draw the charts and lay out the Word document.

    Raises PeriodError / DistrictError for a quarter or district the warehouse does not have,
    ImagesUnavailable when charts are wanted and Chromium cannot draw them (unless
    `charts_optional`: then the brief comes without charts and `warning` says why).
    """
    quarter = period if isinstance(period, Quarter) else Quarter.parse(period)
    numbers = figures.collect(con, quarter, district or None, targets)
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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors, in Chinese, exit code 2
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


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
    p = _Parser(
        prog="python -m reports.brief",
        description="由数据仓库生成《首都精神文明建设情况简报》Word 初稿（全市或某一区）。",
    )
    p.add_argument("--period", required=True, help="季度，例如 2023Q3")
    p.add_argument("--district", help="区划代码，例如 110105（朝阳区）；不填为全市")
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
    p.add_argument("--out", required=True, type=Path, help="输出的 Word 文件（.docx）")
    return p


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    out: Path = args.out
    if out.suffix.lower() != ".docx":
        return _fail(f"输出文件应以 .docx 结尾：{out}", 2)
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
        result = generate(con, quarter, args.district, options=options, targets=targets, with_charts=not args.no_charts)
    except (PeriodError, figures.DistrictError) as error:
        return _fail(str(error), 2)
    except images.ImagesUnavailable as error:
        return _fail(f"{error}（可加 --no-charts 生成不含图表的简报）", 1)
    finally:
        con.close()

    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.part")
    partial.write_bytes(result.docx)
    os.replace(partial, out)
    print(f"已生成：{out}（{len(result.pictures)} 张图表）")

    if args.pdf:
        try:
            pdf_bytes = pdf.docx_to_pdf(result.docx)
        except pdf.PdfUnavailable as error:
            return _fail(str(error), 1)
        target = out.with_suffix(".pdf")
        partial = target.with_name(f".{target.name}.part")
        partial.write_bytes(pdf_bytes)
        os.replace(partial, target)
        print(f"已生成：{target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
