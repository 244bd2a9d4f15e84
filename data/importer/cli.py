"""`python -m data import KIND FILE [--warehouse PATH] [--sheet NAME] [--json]`: the command and its output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from data.importer.kinds import KINDS
from data.importer.pipeline import EXIT_REFUSED, ImportResult, import_file

SHOWN_ERRORS = 50  # on screen; all of them are in import_rejects and in --json


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "import",
        help="导入办公室自己的数据文件（CSV 或 XLSX），校验后写入仓库",
        description="导入一个 CSV/XLSX 文件。退出码：0 全部导入；1 部分行被拒收（见 import_rejects）；2 整个文件被拒绝，未写入任何内容。",
    )
    parser.add_argument("kind", choices=list(KINDS), help="数据类型：" + "、".join(f"{k}（{s.zh}）" for k, s in KINDS.items()))
    parser.add_argument("file", type=Path, help="要导入的 CSV 或 XLSX 文件；CSV 可为 UTF-8、带 BOM 的 UTF-8、GBK 或 GB18030")
    parser.add_argument(
        "--warehouse", type=Path, default=None, help="仓库路径，默认 data/warehouse.duckdb 或 $DASHBOARD_WAREHOUSE"
    )
    parser.add_argument("--sheet", default=None, help="XLSX 的工作表名称，默认第一个")
    parser.add_argument("--json", action="store_true", help="只输出一个 JSON 汇总对象")


def run(args: argparse.Namespace) -> int:
    from data import warehouse_path

    try:
        result = import_file(args.kind, args.file, args.warehouse or warehouse_path(), sheet=args.sheet)
    except KeyboardInterrupt:
        print("导入被中断，仓库未作任何改动。", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as error:  # a fault of ours or of the disk: say so plainly, the warehouse is untouched
        print(f"导入失败，仓库未作任何改动：{type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False))
    else:
        print(report(result), file=sys.stderr if result.refused else sys.stdout)
    return result.exit_code


def report(result: ImportResult) -> str:
    """What the person importing reads: counts, notes, then the problems row by row."""
    spec = KINDS.get(result.kind)
    what = f"{spec.zh}（{result.kind}）" if spec else result.kind
    if result.refused:
        return f"导入被拒绝，仓库未作任何改动：{result.refused}"
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
