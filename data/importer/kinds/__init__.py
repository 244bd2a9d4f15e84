"""The kinds of file the office imports, each with its columns and its own rules."""

from __future__ import annotations

import pandas as pd

from data.importer.columns import KindSpec


def table_frame(parsed, columns: list[str]) -> pd.DataFrame:
    """The parsed values in the table's column order (None where a column has no value)."""
    index = parsed.raw.index
    return pd.DataFrame({c: parsed.values.get(c, pd.Series(None, index=index, dtype=object)) for c in columns}, index=index)


def _registry() -> dict[str, KindSpec]:
    from data.importer.kinds import alleys, cases, rural, stages, streets, surveys

    specs = (
        cases.SPEC,
        alleys.ALLEYS,
        alleys.INSPECTIONS,
        alleys.SUPERVISIONS,
        rural.VILLAGES,
        rural.VOLUNTEER_PROJECTS,
        surveys.SPEC,
        streets.SPEC,
        stages.SPEC,
    )
    return {spec.kind: spec for spec in specs}


KINDS: dict[str, KindSpec] = _registry()
