"""Run the warnings' named queries as at a date and shape them into one list: one row per warning with a
stable id (kind, place, subcategory, since), the figures, the Chinese reason and the link to its records.

`run(name, **params)` runs a named query: `queries.run` with the city's scope for the command line, or
`ui.data.query` on the page (which binds the reader's scope: every warnings query is a record query).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd

from data import holidays
from data.warnings import links, wording
from queries import settings

KINDS = ("surge", "repeat", "caller", "overdue", "lagging")
COLUMNS = [
    "id",
    "kind",
    "kind_label",
    "district_code",
    "district_name",
    "street_code",
    "street_name",
    "place",
    "subcategory",
    "measure",
    "count",
    "expected",
    "since",
    "as_of",
    "reason",
    "link",
]
# Beside what the command prints, what the page needs to list the records behind a warning
# (queries/warning_cases.sql): the place's key (an address, a ~100 m square, a caller's hash, a street)
# and the first day of the records.
RECORD_COLUMNS = ["record_key", "records_from"]
# How far back the surge's expectation looks: three years and the weeks either side.
_SURGE_LOOKBACK = timedelta(weeks=52 * 3 + 3)

Run = Callable[..., pd.DataFrame]


def warning_key(warning_id: str) -> str:
    """The key a warning's state is kept under in the access database: a digest of its id, so that the
    app's own database never holds an address or a caller's hash, only what identifies the warning."""
    return hashlib.sha256(warning_id.encode("utf-8")).hexdigest()[:32]


def collect(run: Run, as_of: date, kinds: tuple[str, ...] = KINDS) -> pd.DataFrame:
    """Every warning of `kinds` as at the end of `as_of`, in the order a reader works through them."""
    config = settings.settings().warnings
    parts = []
    if "surge" in kinds:
        days_off = holidays.days_off(as_of - _SURGE_LOOKBACK, as_of)
        parts.append(_surges(run("warnings_surge", as_of=as_of, days_off=days_off), as_of))
    if "repeat" in kinds:
        parts.append(_repeats(run("warnings_repeat", as_of=as_of), as_of, int(config["repeat_days"])))
    if "caller" in kinds:
        parts.append(_callers(run("warnings_caller", as_of=as_of), as_of, int(config["caller_days"])))
    if "overdue" in kinds:
        parts.append(_overdue_cases(run("warnings_overdue_cases", as_of=as_of), as_of))
        parts.append(_overdue_alleys(run("warnings_overdue_alleys", as_of=as_of), as_of))
    if "lagging" in kinds:
        parts.append(_lagging(run("warnings_lagging", as_of=as_of), as_of))
    parts = [part for part in parts if len(part)]
    if not parts:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in COLUMNS + RECORD_COLUMNS})
    frame = pd.concat(parts, ignore_index=True)
    frame["count"] = frame["count"].astype("int64")
    frame["expected"] = pd.to_numeric(frame["expected"], errors="coerce").astype("float64")  # NaN where it does not apply
    frame["kind_label"] = frame["kind"].map(wording.KIND_LABELS)
    frame["as_of"] = as_of
    frame["link"] = [links.link(row) for row in frame.to_dict("records")]
    order = {kind: i for i, kind in enumerate(KINDS)}
    frame = frame.sort_values(
        ["kind", "district_code", "street_code", "id"], key=lambda s: s.map(order) if s.name == "kind" else s, kind="stable"
    )
    return frame[COLUMNS + RECORD_COLUMNS].reset_index(drop=True)


def _frame(
    rows: pd.DataFrame,
    kind: str,
    place_key,
    place,
    subcategory,
    count,
    expected,
    since,
    reason,
    records_from,
    key_prefix: str = "",
) -> pd.DataFrame:
    """The common columns for one kind's rows; each argument is a value or a function of a row."""
    records = rows.to_dict("records")

    def column(value):
        return [value(r) for r in records] if callable(value) else [value] * len(records)

    out = pd.DataFrame(
        {
            "kind": kind,
            "district_code": rows["district_code"].to_numpy(),
            "district_name": rows["district_name"].to_numpy(),
            "street_code": rows["street_code"].to_numpy(),
            "street_name": rows["street_name"].to_numpy(),
            "place": column(place),
            "subcategory": column(subcategory),
            "measure": column(lambda r: r.get("measure")),
            "count": column(count),
            "expected": column(expected),
            "since": [pd.Timestamp(v).date() for v in column(since)],
            "reason": column(reason),
            "record_key": column(place_key),
            "records_from": [pd.Timestamp(v).date() for v in column(records_from)],
        }
    )
    # The stable id: kind, place, subcategory (a lagging street's measure), since. An alley's listing says
    # what it is, so that it never shares an id with a street's overdue cases.
    what = [sub if isinstance(sub, str) else (m or "") for sub, m in zip(out["subcategory"], out["measure"], strict=True)]
    out.insert(
        0,
        "id",
        [
            f"{kind}|{key_prefix}{key}|{w}|{s.isoformat()}"
            for key, w, s in zip(out["record_key"], what, out["since"], strict=True)
        ],
    )
    return out


def _surges(rows: pd.DataFrame, as_of: date) -> pd.DataFrame:
    return _frame(
        rows,
        "surge",
        place_key=lambda r: r["street_code"],
        place=None,
        subcategory=lambda r: r["subcategory"],
        count=lambda r: int(r["cases"]),
        expected=lambda r: float(r["expected"]),
        since=lambda r: r["since"],
        reason=lambda r: wording.surge(r, as_of),
        records_from=lambda r: r["week_start"],
    )


def _repeats(rows: pd.DataFrame, as_of: date, days: int) -> pd.DataFrame:
    return _frame(
        rows,
        "repeat",
        place_key=lambda r: r["place_key"],
        place=wording.place_of_repeat,
        subcategory=lambda r: r["subcategory"],
        count=lambda r: int(r["cases"]),
        expected=None,
        since=lambda r: r["since"],
        reason=lambda r: wording.repeat(r, days),
        records_from=as_of - timedelta(days=days - 1),
    )


def _callers(rows: pd.DataFrame, as_of: date, days: int) -> pd.DataFrame:
    return _frame(
        rows,
        "caller",
        place_key=lambda r: r["caller_hash"],
        place=None,
        subcategory=lambda r: r["subcategory"] if isinstance(r["subcategory"], str) else None,
        count=lambda r: int(r["cases"]),
        expected=None,
        since=lambda r: r["since"],
        reason=lambda r: wording.caller(r, days),
        records_from=as_of - timedelta(days=days - 1),
    )


def _overdue_cases(rows: pd.DataFrame, as_of: date) -> pd.DataFrame:
    return _frame(
        rows,
        "overdue",
        place_key=lambda r: r["street_code"],
        place=None,
        subcategory=None,
        count=lambda r: int(r["cases"]),
        expected=None,
        since=lambda r: r["since"],
        reason=wording.overdue_cases,
        records_from=as_of - timedelta(days=int(settings.settings().warnings["overdue_lookback_days"]) - 1),
    )


def _overdue_alleys(rows: pd.DataFrame, as_of: date) -> pd.DataFrame:
    return _frame(
        rows,
        "overdue",
        place_key=lambda r: r["supervision_id"],
        place=lambda r: r["alley_name"],
        subcategory=None,
        count=1,
        expected=None,
        since=lambda r: r["since"],
        reason=wording.overdue_alley,
        records_from=lambda r: r["listed_on"],
        key_prefix="alley:",
    )


def _lagging(rows: pd.DataFrame, as_of: date) -> pd.DataFrame:
    return _frame(
        rows,
        "lagging",
        place_key=lambda r: r["street_code"],
        place=None,
        subcategory=None,
        count=lambda r: int(r["months_running"]),
        expected=None,
        since=lambda r: r["since"],
        reason=wording.lagging,
        records_from=lambda r: r["since"],
    )
