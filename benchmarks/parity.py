"""Proof that the pandas app does the same work: each of its figures against the named query.

For every query the pandas app implements, under the default view and a filtered one, the
frames must have the same columns and rows, numbers equal (rates to within one rounding step).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

import queries
from benchmarks import named_queries
from benchmarks.pandas_app import compute, frames
from queries import settings

DEFAULTS = named_queries.DEFAULTS  # the default view, as the named queries are timed
FILTERED = dict(DEFAULTS, districts=["110105", "110119"], start=date(2022, 1, 1), end=date(2022, 6, 1), as_of=date(2022, 6, 30))
FILTERED.update(sources=["hotline", "grid"], measure="cases_per_10k", agricultural_only=False)
# Rows whose order SQL leaves open (ties in the sort key) are compared sorted by these columns.
TIE_KEYS = {
    "case_density_hex": ["h3_cell"],
    "category_mix": ["category", "subcategory"],
    "district_rank_by_month": ["month_start", "district_code"],
    "district_rank_moves": ["places_up", "district_code"],
    "quarterly_naming": ["naming_result", "alley_id"],
}


def _normal(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    frame = frame.reset_index(drop=True).copy()
    if name in TIE_KEYS:
        frame = frame.sort_values(TIE_KEYS[name]).reset_index(drop=True)
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            frame[column] = series.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            frame[column] = pd.to_numeric(series, errors="coerce").astype("float64")
        else:
            frame[column] = series.astype(object).where(series.notna(), None).astype(str)
    return frame


def compare(sql: pd.DataFrame, pandas_frame: pd.DataFrame, name: str) -> str | None:
    """None when equal, else what differs."""
    if list(sql.columns) != list(pandas_frame.columns):
        return f"columns differ: {list(sql.columns)} vs {list(pandas_frame.columns)}"
    if len(sql) != len(pandas_frame):
        return f"{len(sql)} rows vs {len(pandas_frame)}"
    a, b = _normal(sql, name), _normal(pandas_frame, name)
    for column in a.columns:
        x, y = a[column], b[column]
        if x.dtype == "float64":
            # The pandas app rounds half away from zero like SQL, so rounded figures match exactly.
            if not np.allclose(x.to_numpy(), y.to_numpy(), rtol=1e-9, atol=1e-6, equal_nan=True):
                bad = int((~np.isclose(x, y, rtol=1e-9, atol=1e-6, equal_nan=True)).sum())
                return f"{column}: {bad} values differ, e.g. {x[~np.isclose(x, y, atol=1e-6, equal_nan=True)].head(3).tolist()} vs {y[~np.isclose(x, y, atol=1e-6, equal_nan=True)].head(3).tolist()}"
        elif not x.equals(y):
            return f"{column}: e.g. {x[x != y].head(3).tolist()} vs {y[x != y].head(3).tolist()}"
    return None


def check(warehouse: Path, loaded: frames.Frames | None = None) -> dict:
    """{query: {"default": None|difference, "filtered": ...}} for every query the pandas app computes."""
    loaded = loaded or frames.load(warehouse)
    con = queries.connect(warehouse)
    results = {}
    try:
        for name in compute.QUERIES:
            wanted = queries.parameters(name) - set(settings.bound_parameters())
            results[name] = {}
            for label, params in (("default", DEFAULTS), ("filtered", FILTERED)):
                bound = {k: params[k] for k in wanted}
                try:
                    sql = queries.run(con, name, **bound, **named_queries.city_scope(name))
                    results[name][label] = compare(sql, compute.run(loaded, name, **bound), name)
                except Exception as error:  # a crash in the pandas version is a difference too
                    results[name][label] = f"{type(error).__name__}: {error}"
    finally:
        con.close()
    return results
