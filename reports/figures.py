"""Every number of the brief, collected from the warehouse through the query layer.

`collect(con, quarter, district=None, targets=Targets())` runs the named queries for the quarter
and returns a `BriefFigures`: for the city (and the district) the rows of `headline_figures` (the
row 总览's cards and the briefing's slides state), `brief_comparisons` (the quarter before, the year
before, the city), `alley_summary`, `campaign_effect` and `volunteer_summary`; for all districts
`brief_district_table` and `district_ranks`; and the frames the charts draw. What needs doing comes
with them: `target_scores` (actual ÷ target), the early warnings as at the quarter's end
(data.warnings), and the closed loop's `closed_loop_summary` and overdue `closed_loop_items`. Every
figure the brief states is one column of one of these queries, named as the query names it: nothing
here computes, formats or words anything. Targets are the office's configuration
(config/targets.toml), which the officer may override for one brief's sentences.

The lists of records (warnings, overdue items) are read with the reader's scope: the city's for the
office's own run from the command line, the signed-in reader's on the 简报 page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

import queries
from access.scope import Scope as Remit
from data import warnings as early_warnings
from queries.settings import settings
from reports.period import Quarter, check_in_data
from ui import labels


def _configured(measure: str) -> float:
    return settings().targets[measure].target


@dataclass(frozen=True)
class Targets:
    """The targets the brief measures against, in the measure's unit: by default the office's
    (config/targets.toml); `--target-satisfaction` / `--target-resolution` or the 简报 page
    override them for one brief."""

    survey_satisfaction: float = field(default_factory=lambda: _configured("survey_satisfaction"))
    resolution_rate: float = field(default_factory=lambda: _configured("resolution_rate"))


@dataclass(frozen=True)
class Rank:
    """A district's row of `district_ranks` for one measure (1 = best)."""

    measure: str
    rank: int
    of: int  # districts ranked
    tied: bool  # another district has the same value
    places_up: int | None  # places gained since the quarter before; None before the data began


@dataclass(frozen=True)
class Scope:
    """The city's or one district's rows, under the names of the queries they come from."""

    name: str
    district_code: str | None
    is_agricultural: bool
    headline_figures: pd.Series = field(repr=False)
    brief_comparisons: pd.Series = field(repr=False)
    alley_summary: pd.Series = field(repr=False)
    campaign_effect: pd.DataFrame = field(repr=False)  # each campaign, then the 'ALL' row
    volunteer_summary: pd.DataFrame = field(repr=False)
    alley_score_trend: pd.DataFrame = field(repr=False)  # from the quarter a year before

    @property
    def campaigns_total(self) -> pd.Series | None:
        """campaign_effect's 'ALL' row (the campaigns together), or None before the first campaign."""
        total = self.campaign_effect[self.campaign_effect["campaign_id"] == "ALL"]
        return total.iloc[0] if len(total) else None

    @property
    def campaigns(self) -> pd.DataFrame:
        """campaign_effect's rows of the single campaigns."""
        return self.campaign_effect[self.campaign_effect["campaign_id"] != "ALL"]


@dataclass(frozen=True)
class BriefFigures:
    quarter: Quarter
    as_of: date
    data_start: date
    data_end: date
    is_demo: bool
    targets: Targets
    district_count: int
    agricultural_count: int
    city: Scope
    district: Scope | None
    district_table: pd.DataFrame = field(repr=False)  # brief_district_table: every district for the quarter
    district_ranks: pd.DataFrame = field(repr=False)  # district_ranks: every district's rank per measure
    survey: pd.DataFrame = field(repr=False)  # survey_satisfaction from 2020 Q1 to the quarter
    campaign_windows: pd.DataFrame = field(repr=False)  # campaigns
    village_coverage: pd.DataFrame = field(repr=False)  # village_coverage of the 涉农区, with the total row
    target_scores: pd.DataFrame = field(repr=False)  # target_scores: the city ('110000') and every district
    warnings: pd.DataFrame = field(repr=False)  # data.warnings.collect as at as_of, the brief's area only
    loop_summary: pd.Series = field(repr=False)  # closed_loop_summary for the brief's area
    overdue_items: pd.DataFrame = field(repr=False)  # closed_loop_items overdue in the area, longest overdue first
    # Where the lists of records (warnings, overdue items) cover less than the brief's area because the
    # reader may see less (a district officer's city brief): the part they cover, in Chinese; else None.
    records_only_for: str | None = None

    @property
    def area_code(self) -> str:
        """The code target_scores gives the brief's area: the district's, or '110000' for the city."""
        return self.district.district_code if self.district else CITY_CODE

    @property
    def scope(self) -> Scope:
        """The brief's subject: the district in a district brief, else the city."""
        return self.district or self.city

    def rank(self, measure: str) -> Rank | None:
        """The district's rank on `measure` (district briefs only; None when it has no value)."""
        if self.district is None:
            return None
        rows = self.district_ranks[
            (self.district_ranks["district_code"] == self.district.district_code) & (self.district_ranks["measure"] == measure)
        ]
        if rows.empty:
            return None
        row = rows.iloc[0]
        return Rank(
            measure,
            int(row["rank"]),
            int(row["districts"]),
            bool(row["tied"]),
            None if pd.isna(row["places_up"]) else int(row["places_up"]),
        )

    def district_row(self) -> pd.Series:
        """The district's row of brief_district_table (district briefs only)."""
        assert self.district is not None
        return self.district_table.set_index("district_code").loc[self.district.district_code]


CITY_CODE = "110000"  # target_scores' code for the city


def city_warnings(con: duckdb.DuckDBPyConnection, as_of: date, remit: Remit) -> pd.DataFrame:
    """Every warning the reader may see as at `as_of` (data.warnings.collect), for the whole city: one
    run serves the city's brief and each district's (`collect(..., warnings=...)`)."""

    def run(name: str, **params) -> pd.DataFrame:
        return queries.run(con, name, **params, **({"scope": remit} if queries.is_record(name) else {}))

    return early_warnings.collect(run, as_of)


class DistrictError(ValueError):
    """A district code that is not one of the warehouse's districts."""


def warehouse_facts(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    info = queries.run(con, "warehouse_info")
    return dict(zip(info["key"], info["value"], strict=True))


def data_period(con: duckdb.DuckDBPyConnection) -> tuple[date, date]:
    """The warehouse's first and last day of data."""
    facts = warehouse_facts(con)
    return date.fromisoformat(facts["data_start"]), date.fromisoformat(facts["data_end"])


def district_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    frame = queries.run(con, "districts")
    return dict(zip(frame["district_code"], frame["name"], strict=True))


def check_district(con: duckdb.DuckDBPyConnection, code: str | None) -> None:
    if code is None:
        return
    names = district_names(con)
    if code not in names:
        raise DistrictError(f"区划代码“{code}”无效：应为 16 个区之一，例如 110105（朝阳区）。可选：{'、'.join(names)}。")


def _scope(con, quarter: Quarter, as_of: date, trend_start: date, code: str | None, name: str, is_agricultural: bool) -> Scope:
    period = {"districts": [code] if code else [], **quarter.params()}
    return Scope(
        name=name,
        district_code=code,
        is_agricultural=is_agricultural,
        headline_figures=queries.run(con, "headline_figures", **period, as_of=as_of).iloc[0],
        brief_comparisons=queries.run(con, "brief_comparisons", **period, as_of=as_of).iloc[0],
        alley_summary=queries.run(con, "alley_summary", **period, as_of=as_of).iloc[0],
        campaign_effect=queries.run(con, "campaign_effect", districts=period["districts"], as_of=as_of),
        volunteer_summary=queries.run(con, "volunteer_summary", districts=period["districts"], as_of=as_of),
        alley_score_trend=queries.run(
            con, "alley_score_trend", districts=period["districts"], start=trend_start, end=quarter.end
        ),
    )


def collect(
    con: duckdb.DuckDBPyConnection,
    quarter: Quarter,
    district: str | None = None,
    targets: Targets | None = None,
    *,
    remit: Remit | None = None,
    remit_name: str = "",
    warnings: pd.DataFrame | None = None,
) -> BriefFigures:
    """All the brief's figures for `quarter`, for the city or for one district against the city.

    `remit` is whose lists of records these are (the city's when None: the office's own run), and
    `remit_name` says it in Chinese (ui.gate.describe) for a brief whose area it does not cover;
    `warnings`, the city's warnings as at the quarter's end when already collected (city_warnings).
    Raises PeriodError or DistrictError (messages in Chinese) for a quarter the warehouse does
    not cover or a district code it does not know.
    """
    remit = remit or Remit.city()
    targets = targets or Targets()
    facts = warehouse_facts(con)
    data_start, data_end = date.fromisoformat(facts["data_start"]), date.fromisoformat(facts["data_end"])
    check_in_data(quarter, data_start, data_end)
    check_district(con, district)
    as_of = quarter.as_of(data_end)
    # The alley chart shows the year up to the quarter: from the same quarter a year before, or
    # from the data's first month when that is later.
    trend_start = max(quarter.year_before.start, date(data_start.year, data_start.month, 1))

    all_districts = queries.run(con, "districts")
    city = _scope(con, quarter, as_of, trend_start, None, labels.CITY, True)
    chosen = None
    if district:
        row = all_districts.set_index("district_code").loc[district]
        chosen = _scope(con, quarter, as_of, trend_start, district, row["name"], bool(row["is_agricultural"]))

    area = [district] if district else []
    if warnings is None:
        warnings = city_warnings(con, as_of, remit)
    if district:
        warnings = warnings[warnings["district_code"] == district]
    loop_items = queries.run(con, "closed_loop_items", districts=area, as_of=as_of, scope=remit)
    covers_area = remit.is_all or (district is not None and remit.streets is None and remit.allows(district))

    return BriefFigures(
        quarter=quarter,
        as_of=as_of,
        data_start=data_start,
        data_end=data_end,
        is_demo=facts.get("is_demo") == "true",
        targets=targets,
        district_count=len(all_districts),
        agricultural_count=int(all_districts["is_agricultural"].sum()),
        city=city,
        district=chosen,
        district_table=queries.run(con, "brief_district_table", **quarter.params(), as_of=as_of),
        district_ranks=queries.run(con, "district_ranks", **quarter.params(), as_of=as_of),
        survey=queries.run(con, "survey_satisfaction", start=date(2020, 1, 1), end=quarter.end),
        campaign_windows=queries.run(con, "campaigns"),
        village_coverage=queries.run(con, "village_coverage", districts=[], agricultural_only=True, as_of=as_of),
        target_scores=queries.run(con, "target_scores", districts=[], **quarter.params(), as_of=as_of),
        warnings=warnings.reset_index(drop=True),
        loop_summary=queries.run(con, "closed_loop_summary", districts=area, start=quarter.start, as_of=as_of).iloc[0],
        overdue_items=loop_items[loop_items["is_overdue"]].reset_index(drop=True),
        records_only_for=None if covers_area else (remit_name or "有权查看的范围"),
    )
