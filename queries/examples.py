"""An example value for every parameter a named query takes: January to September 2023 as at 30 September,
the whole city, every source. The query tests and the benchmark bind these, so a query with a new parameter
needs its example here once (tests/test_query_layer.py fails until it has one).

`examples(**overrides)` gives a fresh dict; callers change what their question needs (a list's `limit`).
"""

from __future__ import annotations

from datetime import date

from data import holidays

PERIOD = {"start": date(2023, 1, 1), "end": date(2023, 9, 1), "as_of": date(2023, 9, 30)}


def examples(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = dict(
        districts=[],
        **PERIOD,
        sources=[],
        street_code="",
        subcategory="",
        limit=100,
        agricultural_only=True,
        measure="satisfaction_rate",
        campaign_id="ALL",
        # The early warnings: the days off the surge's expectation counts (chinese-calendar), and the records
        # behind a warning: here every overdue case of the city since July.
        days_off=holidays.days_off(date(2019, 1, 1), PERIOD["as_of"]),
        kind="overdue",
        record_key="",
        records_from=date(2023, 7, 1),
    )
    unknown = overrides.keys() - values.keys()
    if unknown:
        raise KeyError(f"no such parameter in any named query: {sorted(unknown)}")
    return {**values, **overrides}
