"""The pandas way's data: every table read once into DataFrames, the way such apps load data.

Done competently, not as a strawman: only the columns the pages use, short repeated strings as
categoricals, and the per-case flags (responded in 24 h, resolved, rated, satisfied) and the
month derived once at load rather than on every rerun.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SMALL_TABLES = [
    "districts",
    "streets",
    "case_sources",
    "campaigns",
    "campaign_targets",
    "calendar_months",
    "warehouse_info",
    "programme_facts",
    "satisfaction_surveys",
    "alleys",
    "alley_supervisions",
    "alley_standard_items",
    "villages",
    "volunteer_projects",
]
CASE_COLUMNS = (
    "source, category, subcategory, district_code, street_code, reported_at, responded_at, resolved_at, rating, h3_cell"
)
CATEGORICAL = ["source", "category", "subcategory", "district_code", "street_code", "h3_cell"]


@dataclass
class Frames:
    cases: pd.DataFrame
    monthly_scores: pd.DataFrame  # alley_inspections where kind = 'monthly_score'
    namings: pd.DataFrame  # alley_inspections where kind = 'quarterly_naming'
    tables: dict[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.__dict__["tables"][name]
        except KeyError:
            raise AttributeError(name) from None


def _encoded(batch: pa.RecordBatch) -> pa.RecordBatch:
    columns = [
        pc.dictionary_encode(column) if name in (*CATEGORICAL, "rating") else column
        for name, column in zip(batch.schema.names, batch.columns, strict=True)
    ]
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


def load(path: str | Path) -> Frames:
    con = duckdb.connect(str(path), read_only=True)
    try:
        # Through Arrow in batches, dictionary-encoding the strings on the way: pandas gets
        # categoricals without ever holding 20 million strings per column (a plain .df() of this
        # table peaked at 17 GB at scale 20; this stays near the frame's own size).
        reader = con.sql(f"select {CASE_COLUMNS} from cases").to_arrow_reader(1_000_000)  # noqa: S608 - fixed columns
        batches = [_encoded(batch) for batch in reader]
        cases = pa.Table.from_batches(batches).unify_dictionaries().to_pandas()
        del batches
        cases["month_start"] = cases["reported_at"].dt.to_period("M").dt.to_timestamp()
        cases["responded_in_time"] = cases["responded_at"].notna() & (
            cases["responded_at"] <= cases["reported_at"] + pd.Timedelta(hours=24)
        )
        cases["resolved"] = cases["resolved_at"].notna()
        cases["rated"] = cases["rating"].notna()
        cases["satisfied"] = cases["rating"].isin(["满意", "基本满意"])
        cases = cases.drop(columns=["reported_at", "responded_at", "resolved_at", "rating"])
        inspections = con.execute("select * from alley_inspections where kind in ('monthly_score', 'quarterly_naming')").df()
        tables = {name: con.execute(f"select * from {name}").df() for name in SMALL_TABLES}  # noqa: S608
    finally:
        con.close()
    return Frames(
        cases=cases,
        monthly_scores=inspections[inspections["kind"] == "monthly_score"].reset_index(drop=True),
        namings=inspections[inspections["kind"] == "quarterly_naming"].reset_index(drop=True),
        tables=tables,
    )
