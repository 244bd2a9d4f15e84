"""The warehouse: schema, offline geography, the demo generator and (later) imports."""

import os
from pathlib import Path

DEFAULT_WAREHOUSE = Path(__file__).with_name("warehouse.duckdb")


def warehouse_path() -> Path:
    """The warehouse the dashboard reads: $DASHBOARD_WAREHOUSE, or data/warehouse.duckdb."""
    return Path(os.environ.get("DASHBOARD_WAREHOUSE") or DEFAULT_WAREHOUSE)
