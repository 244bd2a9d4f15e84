"""Figures in, words out: medians and spreads, the printed table, the targets, the JSON file."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from benchmarks.scenario import CASE_PAGES, PAGES

TARGETS = {"warm": 0.3, "cold": 1.5, "filter": 0.5, "browser_warm": 2.0, "memory_mb": 1536, "ratio": 10.0}


def median(samples: list[float]) -> float | None:
    return statistics.median(samples) if samples else None


def percentile(samples: list[float], q: float) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def cell(samples: list[float] | None, unit: str = "ms") -> str:
    """'123 [110–140]': median and min–max, in ms (or s)."""
    if not samples:
        return "—"
    scale, fmt = (1000, "{:.0f}") if unit == "ms" else (1, "{:.1f}")
    mid = fmt.format(median(samples) * scale)
    if len(samples) == 1:
        return mid
    return f"{mid} [{fmt.format(min(samples) * scale)}–{fmt.format(max(samples) * scale)}]"


def ratio(slow: list[float] | None, fast: list[float] | None) -> float | None:
    if not slow or not fast:
        return None
    return median(slow) / median(fast)


def filter_samples(app: dict, page: str) -> list[float]:
    side = app.get("server", {})
    return side.get("filter_district", {}).get(page, []) + side.get("filter_period", {}).get(page, [])


def page_rows(result: dict) -> list[dict]:
    ours, pandas = result["apps"].get("ours", {}), result["apps"].get("pandas", {})
    rows = []
    for page in PAGES:
        row = {"page": page}
        for name, app in (("ours", ours), ("pandas", pandas)):
            row[f"{name}_cold"] = app.get("cold", {}).get("cold", {}).get(page)
            row[f"{name}_warm"] = app.get("server", {}).get("warm", {}).get(page)
            row[f"{name}_filter"] = filter_samples(app, page) or None
            row[f"{name}_browser_cold"] = app.get("browser", {}).get("cold", {}).get(page)
            row[f"{name}_browser_warm"] = app.get("browser", {}).get("warm", {}).get(page)
        for measure in ("cold", "warm", "filter", "browser_warm"):
            row[f"ratio_{measure}"] = ratio(row[f"pandas_{measure}"], row[f"ours_{measure}"])
        rows.append(row)
    return rows


def memory(app: dict) -> float | None:
    peaks = [app.get(k, {}).get("peak_rss_mb") for k in ("server", "load")] + [app.get("cold", {}).get("cold_peak_rss_mb")]
    peaks += [app.get("browser", {}).get("peak_rss_mb")]
    peaks = [p for p in peaks if p]
    return max(peaks) if peaks else None


def targets(result: dict) -> list[tuple[str, bool | None, str]]:
    """(target, met?, the figure) at this scale; None where not measured."""
    rows = page_rows(result)
    ours, pandas = result["apps"].get("ours", {}), result["apps"].get("pandas", {})

    def worst(key: str) -> tuple[float | None, str]:
        values = [(median(r[key]), r["page"]) for r in rows if r[key]]
        return max(values) if values else (None, "")

    out = []
    for label, key, limit in (
        ("page, server side, warm ≤ 300 ms", "ours_warm", TARGETS["warm"]),
        ("page, server side, cold ≤ 1.5 s", "ours_cold", TARGETS["cold"]),
        ("filter change, server side ≤ 500 ms", "ours_filter", TARGETS["filter"]),
        ("page drawn in the browser, warm ≤ 2 s", "ours_browser_warm", TARGETS["browser_warm"]),
    ):
        value, page = worst(key)
        met = None if value is None else value <= limit
        out.append((label, met, f"slowest {page} {value * 1000:.0f} ms" if value is not None else "not measured"))
    peak = memory(ours)
    out.append(
        (
            "app process memory ≤ 1.5 GB",
            None if peak is None else peak <= TARGETS["memory_mb"],
            f"peak {peak:.0f} MB" if peak else "—",
        )
    )
    for measure in ("warm", "filter"):
        ratios = [(r[f"ratio_{measure}"], r["page"]) for r in rows if r[f"ratio_{measure}"] and r["page"] in CASE_PAGES]
        if ratios:
            low, page = min(ratios)
            out.append(
                (
                    f"≥ 10× faster than pandas, {measure}, pages that read cases",
                    low >= TARGETS["ratio"],
                    f"lowest {page} {low:.1f}×",
                )
            )
    pandas_peak = memory(pandas)
    if peak and pandas_peak:
        out.append(
            ("a fraction of pandas' memory", peak < pandas_peak, f"{peak:.0f} / {pandas_peak:.0f} MB = {peak / pandas_peak:.2f}")
        )
    build = result.get("build")
    if build:
        out.append(
            ("warehouse build ≤ 15 min", build["seconds"] <= 900, f"{build['seconds']:.0f} s, peak {build['peak_rss_mb']:.0f} MB")
        )
    briefs = result.get("briefs")
    if briefs:
        out.append(
            (
                "all 17 briefs (--each-district) in a few minutes (≤ 5 min)",
                briefs["files"] == 17 and briefs["seconds"] <= 300,
                f"{briefs['files']} briefs{' with PDFs' if briefs['pdf'] else ''} in {briefs['seconds']:.0f} s",
            )
        )
    for load in ours.get("load_tests", []):
        p95 = percentile(load["changes"], 95)
        met = not load["errors"] and p95 is not None and p95 < 1.0
        label = f"{load['sessions']} sessions × {load['seconds']:.0f} s, think {load['think']:g} s, {processes_label(load)}: no error, p95 < 1 s"
        out.append((label, met, load_summary(load)))
    return out


def processes_label(load: dict) -> str:
    processes = load.get("processes", 1)
    return "1 process" if processes == 1 else f"{processes} processes behind nginx"


def load_summary(load: dict) -> str:
    changes = load["changes"]
    if not changes:
        return f"no filter change completed; errors {len(load['errors'])}"
    return (
        f"{len(changes)} changes, {len(load['errors'])} errors, median {median(changes) * 1000:.0f} ms, "
        f"p95 {percentile(changes, 95) * 1000:.0f} ms, max {max(changes) * 1000:.0f} ms"
        + (
            f", server CPU {load['server_cpu_seconds'] / len(changes) * 1000:.0f} ms per change"
            if "server_cpu_seconds" in load
            else ""
        )
        + (
            f", sessions per process {'/'.join(str(n) for n in load['sessions_per_process'].values())}"
            if len(load.get("sessions_per_process", {})) > 1
            else ""
        )
    )


def table(result: dict) -> str:
    """The printed table: per page, ours and pandas, median [min–max] in ms."""
    head = ["page", "cold", "warm", "filter", "drawn cold", "drawn warm"]
    lines = []
    for name in ("ours", "pandas"):
        if name not in result["apps"]:
            continue
        lines.append(f"\n{name}: server side and browser, ms, median [min–max]")
        widths = [12, 20, 18, 20, 20, 22]
        lines.append("".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
        for row in page_rows(result):
            values = [row["page"]] + [
                cell(row[f"{name}_{k}"]) for k in ("cold", "warm", "filter", "browser_cold", "browser_warm")
            ]
            lines.append("".join(v.ljust(w) for v, w in zip(values, widths, strict=True)))
        lines.append(f"peak memory {memory(result['apps'][name]) or 0:.0f} MB")
    if "pandas" in result["apps"] and "ours" in result["apps"]:
        lines.append("\npandas ÷ ours (how many times faster we are), medians")
        lines.append("page        cold     warm     filter   drawn warm")
        for row in page_rows(result):
            values = [row["page"].ljust(12)] + [
                (f"{row[f'ratio_{k}']:.1f}×" if row[f"ratio_{k}"] else "—").ljust(9)
                for k in ("cold", "warm", "filter", "browser_warm")
            ]
            lines.append("".join(values))
    lines.append("\ntargets at this scale")
    for label, met, figure in targets(result):
        mark = {True: "met", False: "MISSED", None: "n/a"}[met]
        lines.append(f"  [{mark:>6}] {label}: {figure}")
    return "\n".join(lines)


def query_table(named: dict) -> str:
    lines = ["\nnamed queries, default view, ms: first run, then median [min–max]; pandas the same figure"]
    for name, timing in sorted(named.items()):
        if name.startswith("_"):
            continue
        sql = timing["sql"]
        line = f"  {name:<32}{sql['first'] * 1000:>8.1f}  {cell(sql['samples']):<22}"
        if "pandas" in timing:
            line += f"pandas {cell(timing['pandas']['samples'])}"
        lines.append(line)
    return "\n".join(lines)


def write(result: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = result["meta"]["started"].replace(":", "").replace("-", "")[:15]
    path = out_dir / f"scale{result['meta']['scale']}-{stamp}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path
