"""Each named query's time on its own, with the pages' default view (the whole city, 2023-01..09).

A fresh connection runs every query once (first, as after a restart: DuckDB's buffers empty,
the OS file cache as it is), then `runs` more times. With the pandas app's frames loaded, the
same figure computed the pandas way is timed beside it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import queries
from access.scope import Scope
from benchmarks.pandas_app import compute, frames
from queries import settings
from queries.examples import examples

DEFAULTS = examples(limit=5000)  # the case list's page size


def city_scope(name: str) -> dict[str, Scope]:
    """A record query runs only with its reader's scope (issue 14); the benchmark reads as 市级, the whole
    city, as the pandas app (which knows no scope) does."""
    return {"scope": Scope.city()} if queries.is_record(name) else {}


def _timed(call: Callable[[], object], runs: int) -> dict:
    started = time.perf_counter()
    call()
    first = time.perf_counter() - started
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return {"first": first, "samples": samples}


def measure(warehouse: Path, runs: int, with_pandas: bool) -> dict:
    con = queries.connect(warehouse)
    out: dict[str, dict] = {}
    try:
        for name in sorted(queries.available()):
            params = {k: DEFAULTS[k] for k in queries.parameters(name) - set(settings.bound_parameters())}
            params.update(city_scope(name))
            out[name] = {"sql": _timed(lambda name=name, params=params: queries.run(con, name, **params), runs)}
    finally:
        con.close()
    if with_pandas:
        started = time.perf_counter()
        loaded = frames.load(warehouse)
        load_seconds = time.perf_counter() - started
        for name in compute.QUERIES:
            params = {k: DEFAULTS[k] for k in queries.parameters(name) - set(settings.bound_parameters())}
            out[name]["pandas"] = _timed(lambda name=name, params=params: compute.run(loaded, name, **params), runs)
        out["_pandas_load_seconds"] = load_seconds
    return out
