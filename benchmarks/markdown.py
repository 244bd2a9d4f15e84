"""The tables of BENCHMARKS.md from the JSON the runs wrote: `python -m benchmarks.markdown FILE...`.

Give one file per scale (smallest first); the last one is the headline. Prints Markdown.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks import report
from benchmarks.scenario import PAGES


def _ms(samples) -> str:
    return report.cell(samples) if samples else "—"


def _x(value) -> str:
    return f"{value:.1f}×" if value else "—"


def headline(result: dict) -> str:
    meta = result["meta"]
    lines = [f"### Scale {meta['scale']:g}: {meta['cases']:,} cases, warehouse {meta['file_mb']:.0f} MB", ""]
    lines += ["| target | met? | figure |", "|---|---|---|"]
    for label, met, figure in report.targets(result):
        lines.append(f"| {label} | {({True: 'met', False: '**missed**', None: 'n/a'})[met]} | {figure} |")
    lines += ["", "Per page, milliseconds, median [min–max]; ratio = pandas ÷ ours (medians).", ""]
    head = "| page | app | server cold | server warm | filter change | drawn cold | drawn warm |"
    lines += [head, "|---|---|---|---|---|---|---|"]
    for row in report.page_rows(result):
        for name in ("ours", "pandas"):
            if name not in result["apps"]:
                continue
            cells = [_ms(row[f"{name}_{k}"]) for k in ("cold", "warm", "filter", "browser_cold", "browser_warm")]
            lines.append(f"| {row['page'] if name == 'ours' else ''} | {name} | " + " | ".join(cells) + " |")
        if "pandas" in result["apps"]:
            ratios = [_x(row[f"ratio_{k}"]) for k in ("cold", "warm", "filter")] + ["", _x(row["ratio_browser_warm"])]
            lines.append("| | **ratio** | " + " | ".join(ratios) + " |")
    lines.append("")
    for name, app in result["apps"].items():
        server = app.get("server", {})
        lines.append(
            f"- {name}: peak memory {report.memory(app) or 0:,.0f} MB (VmHWM, the largest of every server in the run); "
            f"after visiting every page warm and with filters {server.get('rss_mb', 0):,.0f} MB resident."
        )
    for load in result["apps"].get("ours", {}).get("load_tests", []):
        lines.append(
            f"- load: {load['sessions']} websocket sessions × {load['seconds']:.0f} s, think {load['think']:g} s, "
            f"{report.processes_label(load)}: {report.load_summary(load)}; server peak {load['peak_rss_mb']:,.0f} MB (per process)."
        )
    return "\n".join(lines)


def growth(results: list[dict]) -> str:
    """Medians per scale and the growth from the first to the last scale, beside the data's."""
    first, last = results[0], results[-1]
    data_growth = last["meta"]["cases"] / first["meta"]["cases"]
    scales = [f"scale {r['meta']['scale']:g}" for r in results]
    lines = [
        f"Medians in ms. Cases grow {data_growth:.1f}× from scale {first['meta']['scale']:g} to {last['meta']['scale']:g}.",
        "",
        "| page | measure | app | " + " | ".join(scales) + " | growth |",
        "|---|---|---|" + "---|" * len(scales) + "---|",
    ]
    rows = [report.page_rows(r) for r in results]
    for i, page in enumerate(PAGES):
        for measure in ("cold", "warm", "filter", "browser_warm"):
            for name in ("ours", "pandas"):
                values = [report.median(r[i][f"{name}_{measure}"]) if r[i][f"{name}_{measure}"] else None for r in rows]
                if not any(values):
                    continue
                cells = [f"{v * 1000:.0f}" if v else "—" for v in values]
                grow = f"{values[-1] / values[0]:.2f}×" if values[0] and values[-1] else "—"
                lines.append(f"| {page} | {measure} | {name} | " + " | ".join(cells) + f" | {grow} |")
    lines += ["", "| memory, peak MB | " + " | ".join(scales) + " | growth |", "|---|" + "---|" * len(scales) + "---|"]
    for name in ("ours", "pandas"):
        values = [report.memory(r["apps"][name]) if name in r["apps"] else None for r in results]
        if any(values):
            grow = f"{values[-1] / values[0]:.2f}×" if values[0] and values[-1] else "—"
            lines.append(f"| {name} | " + " | ".join(f"{v:,.0f}" if v else "—" for v in values) + f" | {grow} |")
    return "\n".join(lines)


def query_growth(results: list[dict]) -> str:
    scales = [f"scale {r['meta']['scale']:g}" for r in results]
    lines = [
        "Each named query alone, default view, median of the runs after the first, ms (pandas: the same figure from the frames).",
        "",
        "| query | " + " | ".join(scales) + " | growth | pandas at " + scales[-1] + " |",
        "|---|" + "---|" * len(scales) + "---|---|",
    ]
    for name in sorted(results[-1]["queries"]):
        if name.startswith("_"):
            continue
        values = [report.median(r["queries"][name]["sql"]["samples"]) for r in results if name in r["queries"]]
        grow = f"{values[-1] / values[0]:.1f}×" if values and values[0] else "—"
        pandas = results[-1]["queries"][name].get("pandas")
        lines.append(
            f"| {name} | "
            + " | ".join(f"{v * 1000:.1f}" for v in values)
            + f" | {grow} | {report.median(pandas['samples']) * 1000:.0f} |"
            if pandas
            else f"| {name} | " + " | ".join(f"{v * 1000:.1f}" for v in values) + f" | {grow} | — |"
        )
    return "\n".join(lines)


def load_table(results: list[dict]) -> str:
    """Every load test of every run: one row per scale, think time and number of processes."""
    lines = [
        "| scale | app processes | think | changes | errors | median | p95 | max | server CPU per change | peak memory per process |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for load in r["apps"].get("ours", {}).get("load_tests", []):
            changes = load["changes"]
            if not changes:
                continue
            cpu = f"{load['server_cpu_seconds'] / len(changes) * 1000:.0f} ms" if "server_cpu_seconds" in load else "—"
            processes = load.get("processes", 1)
            lines.append(
                f"| {r['meta']['scale']:g} | {processes}{' behind nginx' if processes > 1 else ''} | {load['think']:g} s "
                f"| {len(changes)} | {len(load['errors'])} | {report.median(changes) * 1000:,.0f} ms "
                f"| {report.percentile(changes, 95) * 1000:,.0f} ms | {max(changes) * 1000:,.0f} ms | {cpu} "
                f"| {load['peak_rss_mb']:,.0f} MB |"
            )
    return "\n".join(lines)


def build_table(results: list[dict]) -> str:
    lines = ["| scale | cases | build time | peak memory | file |", "|---|---|---|---|---|"]
    for r in results:
        build = r.get("build")
        if build:
            lines.append(
                f"| {r['meta']['scale']:g} | {r['meta']['cases']:,} | {build['seconds']:.0f} s "
                f"| {build['peak_rss_mb']:,.0f} MB | {r['meta']['file_mb']:,.0f} MB |"
            )
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    results = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    print(headline(results[-1]))
    print()
    print(growth(results))
    print()
    print(query_growth(results))
    print()
    print(load_table(results))
    print()
    print(build_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
