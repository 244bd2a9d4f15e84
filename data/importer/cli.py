"""`python -m data import KIND FILE [--warehouse PATH] [--sheet NAME] [--json]`: the command and its output.

Whatever happens, the person (or the script) gets one answer: with --json exactly one JSON
object on stdout, otherwise the report; exit code 0, 1 or 2. Refusals, interruptions and
our own faults are answers too, in Chinese, and all of them leave the warehouse as it was.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import duckdb

from data.importer.errors import Interrupted, os_error_text
from data.importer.interrupts import terminate_unwinds
from data.importer.kinds import KINDS
from data.importer.pipeline import EXIT_REFUSED, ImportResult, import_file, shown_name

SHOWN_ERRORS = 50  # on screen; all of them are in import_rejects and in --json
UNTOUCHED = "仓库未作任何改动"
# argparse's own messages, which it only has in English.
_ARGUMENT_ERRORS = (
    (r"the following arguments are required: (.*)", "缺少参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面缺少值"),
    (r"ambiguous option: (\S+) could match (.*)", "选项 {0} 有歧义，可能是 {1}"),
)


DESCRIPTION = (
    "导入一个 CSV/XLSX 文件。退出码：0 全部导入；1 部分行被拒收（见 import_rejects）；2 整个文件被拒绝，未写入任何内容。"
)
USAGE = "python -m data import KIND FILE [--warehouse PATH] [--sheet NAME] [--json]"


def add_parser(commands) -> None:
    """The command in `python -m data --help`; `main` parses its arguments."""
    add_arguments(
        commands.add_parser("import", help="导入办公室自己的数据文件（CSV 或 XLSX），校验后写入仓库", description=DESCRIPTION)
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # No `choices`: argparse would refuse an unknown kind in English, without the --json object.
    parser.add_argument("kind", help="数据类型：" + "、".join(f"{k}（{s.zh}）" for k, s in KINDS.items()))
    parser.add_argument("file", type=Path, help="要导入的 CSV 或 XLSX 文件；CSV 可为 UTF-8、带 BOM 的 UTF-8、GBK 或 GB18030")
    parser.add_argument(
        "--warehouse", type=Path, default=None, help="仓库路径，默认 data/warehouse.duckdb 或 $DASHBOARD_WAREHOUSE"
    )
    parser.add_argument("--sheet", default=None, help="XLSX 的工作表名称，默认第一个")
    parser.add_argument("--json", action="store_true", help="只输出一个 JSON 汇总对象")


def main(argv: list[str]) -> int:
    """The command on what follows `import`: bad arguments get an answer like any refusal (Chinese, --json)."""
    parser = argparse.ArgumentParser(prog="python -m data import", usage=USAGE, description=DESCRIPTION)
    add_arguments(parser)
    parser.error = lambda message: _bad_arguments(message, "--json" in argv)  # type: ignore[method-assign]
    return run(parser.parse_args(argv))


def _bad_arguments(message: str, as_json: bool):
    for pattern, chinese in _ARGUMENT_ERRORS:
        match = re.fullmatch(pattern, message)
        if match:
            message = chinese.format(*match.groups())
            break
    else:
        message = f"命令行参数有误（{message}）"
    _emit(ImportResult.refusal(None, None, f"{message}。用法：{USAGE}"), as_json)
    sys.exit(EXIT_REFUSED)


def run(args: argparse.Namespace) -> int:
    from data import warehouse_path

    try:
        with terminate_unwinds():
            result = import_file(args.kind, args.file, args.warehouse or warehouse_path(), sheet=args.sheet)
    except (KeyboardInterrupt, duckdb.InterruptException):
        result = ImportResult.refusal(args.kind, shown_name(args.file), f"导入被中断（Ctrl-C），{UNTOUCHED}")
    except Interrupted as stopped:
        result = ImportResult.refusal(
            args.kind, shown_name(args.file), f"导入被终止（收到 {stopped.signal_name} 信号），{UNTOUCHED}"
        )
    except OSError as error:  # the disk, mostly: full, read-only, gone
        result = ImportResult.refusal(args.kind, shown_name(args.file), f"导入失败，{UNTOUCHED}：{os_error_text(error)}")
    except Exception as error:  # a fault of ours: say so plainly, with what a maintainer needs
        result = ImportResult.refusal(
            args.kind,
            shown_name(args.file),
            f"导入失败（导入程序内部错误），{UNTOUCHED}。请把这条信息交给维护人员：{type(error).__name__}: {error}",
        )
    _emit(result, args.json)
    return result.exit_code


def _emit(result: ImportResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    else:
        print(report(result), file=sys.stderr if result.refused else sys.stdout)


def report(result: ImportResult) -> str:
    """What the person importing reads: counts, notes, then the problems row by row."""
    spec = KINDS.get(result.kind)
    what = f"{spec.zh}（{result.kind}）" if spec else result.kind
    if result.refused:
        return f"导入未完成：{result.refused}" if UNTOUCHED in result.refused else f"导入被拒绝，{UNTOUCHED}：{result.refused}"
    lines = [
        f"已导入 {result.file_name} → {what}",
        f"  读取 {result.rows_read} 行：新增 {result.rows_loaded} 行，更新 {result.rows_updated} 行，拒收 {result.rows_rejected} 行",
        f"  导入编号：{result.run_id}",
    ]
    lines += [f"  说明：{note}" for note in result.notes]
    if result.errors:
        lines.append(f"拒收的 {result.rows_rejected} 行共有 {len(result.errors)} 处问题：")
        lines += [f"  {error['message']}" for error in result.errors[:SHOWN_ERRORS]]
        if len(result.errors) > SHOWN_ERRORS:
            lines.append(f"  ……另有 {len(result.errors) - SHOWN_ERRORS} 处，见仓库中的 import_rejects 表")
        lines.append("改正这些行后可重新导入整个文件：已导入的行按编号更新，不会重复。")
        query = f"select row_number, column_name, value, reason from import_rejects where run_id = '{result.run_id}'"  # noqa: S608 - shown, not run
        lines.append(f"全部明细：{query} order by row_number;")
    return "\n".join(lines)
