"""Command line: `python -m data build [--scale N] [--seed S] [--out PATH]`, `python -m data dictionary`,
`python -m data import KIND FILE [--warehouse PATH] [--sheet NAME] [--json]`,
`python -m data rollups [--warehouse PATH] [--if-missing]`,
`python -m data warnings --as-of YYYY-MM-DD [--warehouse PATH] [--json]`."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from data import warehouse_path


def _print_progress(fraction: float, message: str) -> None:
    print(f"\r[{fraction:6.1%}] {message:<40}", end="", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["import"]:  # its own parser, so that even bad arguments get its kind of answer (Chinese, --json)
        from data.importer import cli as import_cli

        return import_cli.main(argv[1:])
    if argv[:1] == ["warnings"]:  # likewise: a refusal is Chinese, and a JSON object with --json
        from data.warnings import cli as warnings_cli

        return warnings_cli.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m data", description="创城+ 数据仓库工具")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="生成示例数据仓库（合成数据，按简报数字校准）")
    build.add_argument("--scale", type=float, default=1.0, help="问题台账规模倍数，1 约为 100 万条")
    build.add_argument("--seed", type=int, default=2023, help="随机种子，相同种子生成相同仓库")
    build.add_argument("--out", type=Path, default=None, help="输出路径，默认 data/warehouse.duckdb 或 $DASHBOARD_WAREHOUSE")
    build.add_argument("--if-missing", action="store_true", help="仓库已存在时不重新生成（首次启动看板时用）")
    commands.add_parser("dictionary", help="重新生成 docs/DATA_DICTIONARY.md 和 docs/IMPORT.md")
    refresh = commands.add_parser(
        "rollups",
        help="由明细表重算汇总表（旧版本生成的仓库缺少汇总表时运行）",
        description="由明细表重算全部汇总表（agg_*），写法与导入相同：先写副本，完成后整体替换，看板可照常使用。",
    )
    refresh.add_argument(
        "--warehouse", type=Path, default=None, help="仓库路径，默认 data/warehouse.duckdb 或 $DASHBOARD_WAREHOUSE"
    )
    refresh.add_argument("--if-missing", action="store_true", help="只在缺少汇总表时重算，否则不改动仓库")
    from data.importer import cli as import_cli

    import_cli.add_parser(commands)
    from data.warnings import cli as warnings_cli

    warnings_cli.add_parser(commands)
    args = parser.parse_args(argv)

    if args.command == "rollups":
        return _refresh_rollups(args.warehouse or warehouse_path(), args.if_missing)

    if args.command == "dictionary":
        from data.dictionary import markdown
        from data.importer.docs import markdown as import_markdown

        docs = Path(__file__).resolve().parent.parent / "docs"
        for target, text in ((docs / "DATA_DICTIONARY.md", markdown()), (docs / "IMPORT.md", import_markdown())):
            target.write_text(text, encoding="utf-8")
            print(target)
        return 0

    from data.build import build_warehouse

    out = args.out or warehouse_path()
    if args.if_missing and out.exists():
        print(f"数据仓库已存在，不重新生成：{out}", file=sys.stderr)
        return 0
    if args.if_missing:
        print(f"首次启动：正在生成示例数据仓库 {out}（约半分钟）……", file=sys.stderr)
    started = time.perf_counter()
    timings = build_warehouse(out, scale=args.scale, seed=args.seed, progress=_print_progress)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(file=sys.stderr)
    print(
        json.dumps(
            {
                "out": str(out),
                "scale": args.scale,
                "seed": args.seed,
                "seconds": round(elapsed, 1),
                "peak_rss_mb": round(peak_mb),
                "steps": timings,
                "size_mb": round(out.stat().st_size / 2**20, 1),
            },
            ensure_ascii=False,
        )
    )
    return 0


def _refresh_rollups(warehouse: Path, only_missing: bool) -> int:
    import duckdb

    from data import rollups
    from data.importer.errors import FileRefused, Interrupted, os_error_text
    from data.importer.interrupts import terminate_unwinds

    if not warehouse.exists():
        if only_missing:  # nothing to bring up to date; the dashboard builds the demo warehouse on first visit
            print(f"仓库尚未生成，无需重算汇总表：{warehouse}")
            return 0
        print(f"仓库文件不存在：{warehouse}；请先运行 python -m data build", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        with terminate_unwinds():  # SIGTERM unwinds like Ctrl-C, so the copy is removed and the lock released
            lacking = rollups.refresh(warehouse, only_missing)
    except FileRefused as refused:
        print(f"未重算汇总表：{refused}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, duckdb.InterruptException, Interrupted):
        print(f"重算汇总表被中断，仓库未作任何改动：{warehouse}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"未重算汇总表，仓库未作任何改动：{os_error_text(error)}", file=sys.stderr)
        return 2
    except duckdb.CatalogException:
        print(f"未重算汇总表，仓库未作任何改动：{warehouse} 中缺少看板的数据表，它不是看板的数据仓库", file=sys.stderr)
        return 2
    if only_missing and not lacking:
        print(f"汇总表齐全，未改动仓库：{warehouse}")
    else:
        added = f"（新建：{'、'.join(lacking)}）" if lacking else ""
        print(f"已重算全部汇总表{added}，用时 {time.perf_counter() - started:.1f} 秒：{warehouse}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
