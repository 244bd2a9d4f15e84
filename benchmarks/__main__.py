"""python -m benchmarks --warehouse PATH [--build-scale N] [--runs N] [--skip-browser] [--skip-pandas] [--load-test]

Runs everything against real `streamlit run` servers on free loopback ports, ours and the
pandas way in the same run, prints the table and writes JSON to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit

from benchmarks import named_queries, parity, report, server_side
from benchmarks.scenario import PAGES, TWINNED_PAGES
from benchmarks.server import ROOT, App

OUT = ROOT / "benchmarks" / "out"


def _code() -> dict:
    """Which code was measured: the commit, and files changed on top of it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"), "changed": git("status", "--porcelain").splitlines()}


def _machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem_kb = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "streamlit": streamlit.__version__,
        "pandas": pd.__version__,
        "load_average": os.getloadavg(),
    }


def _build(scale: float, out: Path) -> dict:
    """`python -m data build`, timed, with the build process's peak memory."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "data", "build", "--scale", str(scale), "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    printed = json.loads(done.stdout.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "peak_rss_mb": peak, "printed": printed}


def _briefs(warehouse: Path, out: Path) -> dict:
    """The monthly delivery as deploy/systemd/chuangcheng-brief.service runs it: the city's 简报 and each
    district's for the latest complete quarter, with charts (and PDFs when LibreOffice is installed), timed."""
    from reports import pdf

    target = out / "briefs"
    shutil.rmtree(target, ignore_errors=True)
    command = [sys.executable, "-m", "reports.brief", "--period", "latest", "--each-district", "--out", str(target)]
    with_pdf = pdf.available()
    env = {**os.environ, "DASHBOARD_ACCESS_DB": str(out / "briefs-audit.sqlite3")}  # not the office's audit trail
    started = time.perf_counter()
    subprocess.run([*command, *(["--pdf"] if with_pdf else []), "--warehouse", str(warehouse)], cwd=ROOT, check=True, env=env,
                   capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "files": len(list(target.glob("*.docx"))), "pdf": with_pdf}


def _warehouse_facts(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cases = con.execute("select count(*) from cases").fetchone()[0]
        scale = con.execute("select value from warehouse_info where key = 'scale'").fetchone()[0]
    finally:
        con.close()
    return {"cases": cases, "scale": float(scale), "file_mb": round(path.stat().st_size / 2**20, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="the warehouse to measure (built first with --build-scale)")
    parser.add_argument("--build-scale", type=float, default=None, help="build the warehouse at this scale first, timed")
    parser.add_argument("--runs", type=int, default=3, help="samples per figure (median and min–max)")
    parser.add_argument(
        "--pandas-cold-runs", type=int, default=1, help="cold samples per page for the pandas app (each reloads every table)"
    )
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--skip-briefs", action="store_true", help="do not time the 17 briefs of --each-district")
    parser.add_argument(
        "--pandas-chart-cache",
        action="store_true",
        help="let the pandas app keep our drawn-chart and drawn-table caches, so the apps differ in their data layer alone",
    )
    parser.add_argument("--load-test", action="store_true", help="also run concurrent sessions against our app")
    parser.add_argument("--load-sessions", type=int, default=20)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument(
        "--load-think",
        type=float,
        nargs="+",
        default=[2.0],
        help="mean pause after each change, s (several: one test each; 0 = stress)",
    )
    parser.add_argument(
        "--load-processes",
        type=int,
        nargs="+",
        default=[2],
        help="app processes behind nginx (1 = one process, no proxy); several: one test each",
    )
    parser.add_argument(
        "--streamlit-option",
        action="append",
        default=[],
        help="extra `streamlit run` option for experiments, e.g. --runner.postScriptGC=false",
    )
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    # Stopped with SIGTERM, still stop the servers started so far (their `with` blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    result: dict = {
        "meta": {
            "started": datetime.now().isoformat(timespec="seconds"),
            "machine": _machine(),
            "code": _code(),
            "runs": args.runs,
        }
    }
    if args.build_scale is not None:
        print(f"building scale {args.build_scale} → {args.warehouse}", flush=True)
        result["build"] = _build(args.build_scale, args.warehouse)
    warehouse = args.warehouse.resolve()
    result["meta"].update(warehouse=str(warehouse), **_warehouse_facts(warehouse))
    log = args.out / "server.log"
    args.out.mkdir(parents=True, exist_ok=True)
    apps = ["ours"] if args.skip_pandas else ["ours", "pandas"]
    App.extra_options = tuple(args.streamlit_option)
    if args.pandas_chart_cache:
        os.environ["PANDAS_APP_CHART_CACHE"] = "1"  # read by benchmarks/pandas_app/app.py in its server
    result["meta"]["pandas_chart_cache"] = args.pandas_chart_cache
    result["meta"]["streamlit_options"] = list(args.streamlit_option)
    result["apps"] = {}

    if not args.skip_pandas:
        print("parity: the pandas app's figures against the named queries", flush=True)
        result["parity"] = parity.check(warehouse)
        bad = {name: r for name, r in result["parity"].items() if any(r.values())}
        print(
            f"  {len(result['parity']) - len(bad)} of {len(result['parity'])} figures equal"
            + (f"; DIFFERENT: {bad}" if bad else "")
        )
    print("named queries", flush=True)
    result["queries"] = named_queries.measure(warehouse, args.runs, with_pandas=not args.skip_pandas)
    if not args.skip_briefs:
        print("briefs: python -m reports.brief --period latest --each-district", flush=True)
        result["briefs"] = _briefs(warehouse, args.out)

    for name in apps:
        app: dict = {}
        result["apps"][name] = app
        cold_runs = args.runs if name == "ours" else args.pandas_cold_runs
        pages = args.pages if name == "ours" else [page for page in args.pages if page in TWINNED_PAGES]
        print(f"{name}: cold ({cold_runs} × {len(pages)} server starts)", flush=True)
        app["cold"] = server_side.cold(name, warehouse, cold_runs, pages, log)
        print(f"{name}: warm and filter changes", flush=True)
        app["server"] = server_side.warm_and_filters(name, warehouse, args.runs, pages, log)
        if not args.skip_browser:
            from benchmarks import browser

            print(f"{name}: browser", flush=True)
            app["browser"] = browser.measure(name, warehouse, app["server"]["charts"], args.runs, cold_runs, pages, log=log)
        if args.load_test and name == "ours":
            from benchmarks import load

            app["load_tests"] = []
            for processes in args.load_processes:
                for think in args.load_think:
                    print(
                        f"{name}: load test, {args.load_sessions} sessions × {args.load_seconds:.0f} s, think {think:g} s, "
                        f"{processes} process{'es' if processes > 1 else ''}",
                        flush=True,
                    )
                    app["load_tests"].append(
                        load.run(name, warehouse, args.load_sessions, args.load_seconds, think, log, processes=processes)
                    )
            app["load"] = app["load_tests"][0]

    result["meta"]["finished"] = datetime.now().isoformat(timespec="seconds")
    result["meta"]["load_average_after"] = os.getloadavg()
    meta = result["meta"]
    print(
        f"\nscale {meta['scale']:g}: {meta['cases']:,} cases, {meta['file_mb']:.0f} MB; {meta['machine']['cores']} cores, {meta['machine']['cpu']}"
    )
    print(report.table(result))
    print(report.query_table(result["queries"]))
    path = report.write(result, args.out)
    print(f"\nwritten {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
