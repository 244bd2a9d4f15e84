"""`python -m data warnings --as-of YYYY-MM-DD [--warehouse PATH] [--json]`: the warnings as at a date.

With --json exactly one JSON value on stdout: the list of warnings, or, when the input is refused, an
object {"error": …, "exit_code": 2}. Every refusal is in Chinese with its cause: a date that is not a
date, lies in the future or outside the warehouse's data, a warehouse that is missing or is not the
dashboard's. Exit code 0 when the warnings were computed (an empty list included), 2 when refused.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from ui.cli import Parser, in_chinese

EXIT_OK, EXIT_REFUSED = 0, 2
USAGE = "python -m data warnings --as-of YYYY-MM-DD [--warehouse PATH] [--json]"
DESCRIPTION = "计算截至某日的预警：异动、重复诉求、一人多诉、逾期、连续靠后。退出码：0 已计算；2 输入有误，未计算。"


class Refused(Exception):
    """Input the command cannot work with; the message is Chinese, for the person who typed it."""


def add_parser(commands) -> None:
    """The command in `python -m data --help`; `main` parses its arguments."""
    add_arguments(
        commands.add_parser(
            "warnings", help="计算截至某日的预警（异动、重复诉求、一人多诉、逾期、连续靠后）", description=DESCRIPTION
        )
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", required=True, metavar="YYYY-MM-DD", help="截至日期（含当天），不能晚于今天和仓库数据的截止日")
    parser.add_argument(
        "--warehouse", type=Path, default=None, help="仓库路径，默认 data/warehouse.duckdb 或 $DASHBOARD_WAREHOUSE"
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON：预警列表；输入有误时为一个含 error 的对象")


def main(argv: list[str], today: date | None = None) -> int:
    """The command on what follows `warnings`: bad arguments get an answer like any refusal (Chinese, --json)."""
    as_json = "--json" in argv
    parser = Parser(prog="python -m data warnings", usage=USAGE, description=DESCRIPTION)
    add_arguments(parser)
    parser.error = lambda message: _refuse(_argument_message(message), as_json, exit_now=True)  # type: ignore[method-assign]
    args = parser.parse_args(argv)
    try:
        frame = run(args.as_of, args.warehouse, today)
    except Refused as refused:
        return _refuse(str(refused), as_json)
    if as_json:
        print(json.dumps(to_records(frame), ensure_ascii=False, indent=1))
    else:
        print(report(frame, args.as_of))
    return EXIT_OK


def run(as_of_text: str, warehouse: Path | None, today: date | None = None) -> pd.DataFrame:
    """The warnings as at the date given, on the warehouse given (or the default); raises Refused."""
    import queries
    from access.scope import Scope
    from data import warehouse_path
    from data.importer.errors import FileRefused
    from data.importer.values import today_in_beijing
    from data.importer.writer import check_warehouse_file
    from data.warnings import collect

    as_of = _date(as_of_text)
    today = today or today_in_beijing()
    if as_of > today:
        raise Refused(f"截至日期 {as_of.isoformat()} 晚于今天（{today.isoformat()}）：尚未发生的事无从预警")
    path = Path(warehouse or warehouse_path())
    try:
        check_warehouse_file(path)
    except FileRefused as refused:
        raise Refused(refused.message) from None
    try:
        con = queries.connect(path)
    except duckdb.Error:
        raise Refused(f"无法打开仓库文件 {path}：它可能已损坏，或由不兼容的 DuckDB 版本生成") from None
    try:
        start, end = _data_period(con, path)
        if as_of < start or as_of > end:
            raise Refused(
                f"截至日期 {as_of.isoformat()} 不在仓库的数据期内（{start.isoformat()} 至 {end.isoformat()}）："
                f"请用此期间内的日期，例如 --as-of {end.isoformat()}"
            )

        def run_query(name: str, **params):
            return queries.run(con, name, scope=Scope.city() if queries.is_record(name) else None, **params)

        try:
            return collect(run_query, as_of)
        except duckdb.CatalogException as error:
            raise Refused(
                f"仓库 {path} 由旧版本生成，缺少预警所需的表、列或定义（{_first_line(error)}）："
                "请先运行 python -m data rollups 补齐，再计算预警"
            ) from None
    finally:
        con.close()


def _date(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Refused(f"截至日期“{text[:40]}”不是有效日期：应写作 YYYY-MM-DD，例如 2023-09-30") from None


def _data_period(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[date, date]:
    import queries

    try:
        info = queries.run(con, "warehouse_info").set_index("key")["value"]
        return date.fromisoformat(info["data_start"]), date.fromisoformat(info["data_end"])
    except (duckdb.CatalogException, KeyError, ValueError):
        raise Refused(f"仓库文件 {path} 中缺少看板的数据表或数据期，它不是看板的数据仓库；请检查 --warehouse") from None


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:200]


def to_records(frame: pd.DataFrame) -> list[dict]:
    """The warnings as JSON-ready objects: dates as YYYY-MM-DD, missing values as null."""
    from data.warnings import COLUMNS

    out = []
    for row in frame[COLUMNS].to_dict("records"):
        out.append({key: _plain(value) for key, value in row.items()})
    return out


def _plain(value):
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def report(frame: pd.DataFrame, as_of: str) -> str:
    """What a person reads: the count per kind, then each warning's reason and link."""
    from data.warnings.wording import KIND_LABELS

    if frame.empty:
        return f"截至 {as_of}，没有预警。"
    counts = frame["kind"].value_counts()
    lines = [
        f"截至 {as_of}，共 {len(frame)} 条预警："
        + "，".join(f"{KIND_LABELS[k]} {counts[k]} 条" for k in KIND_LABELS if k in counts)
    ]
    for kind, label in KIND_LABELS.items():
        part = frame[frame["kind"] == kind]
        if part.empty:
            continue
        lines.append(f"\n【{label}】")
        lines += [f"  {row.reason}\n    → {row.link}" for row in part.itertuples(index=False)]
    return "\n".join(lines)


def _argument_message(message: str) -> str:
    return f"{in_chinese(message)}。用法：{USAGE}"


def _refuse(message: str, as_json: bool, exit_now: bool = False) -> int:
    if as_json:
        print(json.dumps({"error": message, "exit_code": EXIT_REFUSED}, ensure_ascii=False))
    else:
        print(f"未计算预警：{message}", file=sys.stderr)
    if exit_now:
        sys.exit(EXIT_REFUSED)
    return EXIT_REFUSED
