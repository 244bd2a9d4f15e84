"""Build the demo warehouse from nothing: same seed, same file.

The file is written under a temporary name and moved into place only when complete, so a
reader never sees a half-built warehouse and a failed build leaves the old one untouched.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from data import calibration, demo_alleys, demo_cases, demo_places, demo_plants, demo_rural, demo_stages, dictionary, rollups
from data.geography import DISTRICTS, boundary_geojson, label_point

GENERATOR_VERSION = "1"

Progress = Callable[[float, str], None]


def _quiet(_fraction: float, _message: str) -> None:
    pass


def build_warehouse(out: Path, scale: float = 1.0, seed: int = 2023, progress: Progress = _quiet) -> dict:
    """Write a demo warehouse to `out` atomically; returns timings in seconds per step."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    timings: dict[str, float] = {}
    try:
        con = duckdb.connect(str(tmp))
        # Bounded memory so scale 20 builds on a small machine; spill to disk if needed.
        con.execute("set memory_limit = '4GB'")
        con.execute("set preserve_insertion_order = true")
        _build_into(con, scale, seed, progress, timings)
        con.execute("checkpoint")
        con.close()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    progress(1.0, "完成")
    return timings


def _step(timings: dict, name: str, started: float) -> float:
    now = time.perf_counter()
    timings[name] = round(now - started, 2)
    return now


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    columns = ", ".join(frame.columns)
    con.register("incoming_frame", frame)
    con.execute(f"insert into {table} ({columns}) select {columns} from incoming_frame")  # noqa: S608 - fixed names
    con.unregister("incoming_frame")


def _build_into(con, scale: float, seed: int, progress: Progress, timings: dict) -> None:
    started = time.perf_counter()
    # One independent stream per domain, so changing one domain leaves the others identical.
    streams = demo_plants.streams(seed)
    rng_places, rng_cases, rng_alleys, rng_rural, rng_surveys, rng_rows = (np.random.default_rng(s) for s in streams[:6])

    progress(0.01, "建立表结构")
    for statement in dictionary.create_statements():
        con.execute(statement)

    progress(0.02, "写入区划与街乡镇")
    _insert(con, "districts", _districts_frame())
    streets, points = demo_places.build_streets(rng_places)
    _insert(con, "streets", streets)
    _insert(con, "case_sources", pd.DataFrame(dictionary.CASE_SOURCES, columns=["source", "name"]))
    _insert(
        con,
        "case_categories",
        pd.DataFrame(
            [(sub, demo_cases.CATEGORY_OF[sub]) for sub in demo_cases.SUBCATEGORIES], columns=["subcategory", "category"]
        ),
    )
    _insert(
        con,
        "campaigns",
        pd.DataFrame(
            [c[:5] for c in calibration.CAMPAIGNS], columns=["campaign_id", "name", "focus_area", "started_on", "ended_on"]
        ),
    )
    _insert(
        con,
        "campaign_targets",
        pd.DataFrame([(c[0], sub) for c in calibration.CAMPAIGNS for sub in c[5]], columns=["campaign_id", "subcategory"]),
    )
    _insert(
        con,
        "alley_standard_items",
        pd.DataFrame(
            [
                (code, group, name, points_, i)
                for i, (code, group, name, points_) in enumerate(dictionary.ALLEY_STANDARD_ITEMS, 1)
            ],
            columns=["item_code", "standard_group", "name", "max_points", "sort_order"],
        ),
    )
    months = demo_cases.months()
    _insert(
        con,
        "calendar_months",
        pd.DataFrame(
            {
                "month_start": months,
                "year": [m.year for m in months],
                "quarter": [(m.month - 1) // 3 + 1 for m in months],
                "month": [m.month for m in months],
                "label": [f"{m.year}年{m.month}月" for m in months],
            }
        ),
    )
    started = _step(timings, "geography", started)

    progress(0.04, "生成满意度调查")
    _insert(con, "satisfaction_surveys", demo_rural.build_surveys(rng_surveys))

    model = demo_cases.plan_counts(rng_cases, scale)
    # The early warnings' planted truth (surges, repeats, repeat callers), and who calls: each from its own stream.
    plants = demo_plants.choose(seed, scale, streets, points, model)
    callers = demo_cases.Callers.for_model(np.random.default_rng(streams[demo_plants.CALLER_STREAM]), model, seed)
    for i, month in enumerate(model.months):
        progress(0.05 + 0.65 * i / len(model.months), f"生成问题台账 {month:%Y年%m月}")
        planted = plants.for_month(i, demo_plants.month_stream(seed, i))
        _insert(con, "cases", demo_cases.month_rows(rng_rows, model, i, points, callers, planted))
    started = _step(timings, "cases", started)

    progress(0.72, "生成背街小巷与检查记录")
    alleys = demo_alleys.assign_civilized(rng_alleys, demo_alleys.build_alleys(rng_alleys, streets, points))
    inspections, red_list = demo_alleys.build_inspections(rng_alleys, alleys)
    _insert(con, "alleys", alleys.drop(columns=["quality"]))
    _insert(con, "alley_inspections", inspections)
    _insert(con, "alley_supervisions", red_list)
    started = _step(timings, "alleys", started)

    progress(0.78, "生成创城抽查问题的督办环节")
    _insert(con, "spot_check_stages", demo_stages.build_stages(con, seed))
    started = _step(timings, "stages", started)

    progress(0.8, "生成村（社区）与志愿服务项目")
    villages = demo_rural.build_villages(rng_rural, points)
    _insert(con, "villages", villages)
    _insert(con, "volunteer_projects", demo_rural.build_volunteer_projects(rng_rural, villages, streets))
    started = _step(timings, "rural", started)

    progress(0.85, "计算汇总表")
    rollups.rebuild(con)
    started = _step(timings, "rollups", started)

    for statement in dictionary.comment_statements(dictionary.TABLES):
        con.execute(statement)
    info = {
        "is_demo": "true",
        "description": "示例数据：按 2023 年第 16 期简报数字校准的合成数据，不是真实记录",
        "generator_version": GENERATOR_VERSION,
        "seed": str(seed),
        "scale": str(scale),
        "data_start": calibration.DATA_START.isoformat(),
        "data_end": calibration.DATA_END.isoformat(),
        "campaign_comparison": "各专项行动窗口内（2023 年 3—9 月，按行动）12345 热线目标子类受理量，对比 2022 年同月份",
        "campaign_hotline_before": str(model.comparison["campaign_hotline_before"]),
        "campaign_hotline_during": str(model.comparison["campaign_hotline_during"]),
        "coordinates": "WGS-84",
    }
    _insert(con, "warehouse_info", pd.DataFrame(list(info.items()), columns=["key", "value"]))
    _insert(
        con,
        "programme_facts",
        pd.DataFrame(
            [(*fact, date(2023, 11, 3), calibration.BRIEF_SOURCE) for fact in calibration.PROGRAMME_FACTS],
            columns=["fact_key", "line", "name", "value", "unit", "as_of", "source"],
        ),
    )


def _districts_frame() -> pd.DataFrame:
    rows = []
    for d in DISTRICTS:
        lon, lat = label_point(d.code)
        rows.append(
            (
                d.code,
                d.name,
                d.short_name,
                d.is_agricultural,
                d.population,
                d.area_km2,
                d.street_count,
                boundary_geojson(d.code),
                lon,
                lat,
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "district_code",
            "name",
            "short_name",
            "is_agricultural",
            "population",
            "area_km2",
            "street_count",
            "boundary_geojson",
            "label_lon",
            "label_lat",
        ],
    )
