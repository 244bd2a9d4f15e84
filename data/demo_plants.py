"""The truth planted in the demo warehouse, to measure the early warnings (预警) against.

On top of the ordinary cases the generator plants:
- surges (异动): a street × subcategory whose weekly 12345 intake jumps well above its own level for
  two to four weeks;
- repeats (重复诉求): the same place and subcategory three to five times within 30 days in 12345
  requests, at one address or, for work orders recorded with a point on the map only, at one spot;
- repeat callers (一人多诉): one caller three to six times within 30 days.

`planted(seed, scale)` says exactly what was planted: the build calls the same `choose` with the same
inputs, so the tests compare the warnings with it. Which cases were planted is in no table of the
warehouse: the product's data stays as real data would be, plants and all.

Nothing is planted in the clean stretch (2021), so the warnings found there are the method's false
alarms on ordinary data; nothing is planted in the campaigns' target subcategories, so the brief's
−30.6% stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import numpy as np
import pandas as pd

from data import calibration, demo_cases, demo_places
from data.geography import DISTRICTS

CLEAN_STRETCH = (date(2021, 1, 4), date(2021, 12, 26))  # Monday to Sunday, nothing planted
PLANTED_FROM = date(2022, 1, 3)  # the first Monday a plant may start
LAST_MONDAY = calibration.DATA_END - timedelta(days=calibration.DATA_END.weekday())

SURGES, FINAL_SURGES = 60, 6  # spread over the planted stretch; ending in the data's last week
REPEATS, FINAL_REPEATS = 80, 8  # final ones: the last case within the data's last 30 days
CALLERS, FINAL_CALLERS = 40, 6
GEO_REPEAT_SHARE = 0.2  # of repeats, work orders with a point on the map and no address
MIN_SURGE_EXTRA = 7  # planted cases a week at the least: at scale 0.1 a street × subcategory hears ~0.05

# The stream of the plants: after the six the build spawns for places, cases, alleys, rural, surveys
# and rows (SeedSequence children are numbered, so adding one leaves the others as they were).
PLANT_STREAM, CALLER_STREAM = 6, 7
STREAMS = 8


@dataclass(frozen=True)
class Surge:
    district_code: str
    street_code: str
    subcategory: str
    first_week: date  # a Monday
    weeks: int
    extra_per_week: int  # planted cases in each full week, on top of the street's own

    @property
    def last_day(self) -> date:
        return min(self.first_week + timedelta(days=7 * self.weeks - 1), calibration.DATA_END)

    def active_in_week(self, monday: date) -> bool:
        return self.first_week <= monday <= self.last_day


@dataclass(frozen=True)
class Repeat:
    district_code: str
    street_code: str
    subcategory: str
    address: str | None  # None: work orders without an address, at one spot (lon, lat)
    lon: float
    lat: float
    days: tuple[date, ...]

    def cases_within(self, start: date, end: date) -> int:
        return sum(start <= day <= end for day in self.days)


@dataclass(frozen=True)
class RepeatCaller:
    caller_hash: str
    district_code: str
    street_code: str
    subcategories: tuple[str, ...]
    days: tuple[date, ...]

    def cases_within(self, start: date, end: date) -> int:
        return sum(start <= day <= end for day in self.days)


@dataclass(frozen=True)
class Plants:
    seed: int
    scale: float
    surges: tuple[Surge, ...]
    repeats: tuple[Repeat, ...]
    callers: tuple[RepeatCaller, ...]
    # One row per planted case: month_index, district_i, street_i, point_i, sub_i, source_i, day (of the
    # month, 0-based), caller_id, no_address: what demo_cases.month_rows adds to each month.
    cases: pd.DataFrame

    def for_month(self, month_index: int, rng: np.random.Generator) -> demo_cases.Planted:
        rows = self.cases[self.cases["month_index"] == month_index]
        return demo_cases.Planted(
            *(rows[c].to_numpy() for c in ("district_i", "street_i", "point_i", "sub_i", "source_i", "day")),
            caller_id=rows["caller_id"].to_numpy(dtype=np.uint64),
            rng=rng,
            no_address=rows["no_address"].to_numpy(dtype=bool),
        )


def streams(seed: int) -> list[np.random.SeedSequence]:
    """The build's independent streams (data/build.py takes the first six, in this order)."""
    return np.random.SeedSequence(seed).spawn(STREAMS)


def month_stream(seed: int, month_index: int) -> np.random.Generator:
    """The stream of one month's planted cases (hours, handling): apart from the month's own cases."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(PLANT_STREAM, month_index)))


@cache
def planted(seed: int = 2023, scale: float = 1.0) -> Plants:
    """What the build with this seed and scale planted (rebuilding only the streets and the case counts,
    a second or two)."""
    children = streams(seed)
    streets, street_index = demo_places.build_streets(np.random.default_rng(children[0]))
    model = demo_cases.plan_counts(np.random.default_rng(children[1]), scale)
    return choose(seed, scale, streets, street_index, model)


def choose(seed: int, scale: float, streets: pd.DataFrame, street_index: dict, model: demo_cases.CaseModel) -> Plants:
    rng = np.random.default_rng(streams(seed)[PLANT_STREAM])
    chooser = _Chooser(rng, streets, street_index, model, demo_cases.caller_key(seed))
    surges = [chooser.surge(final=i >= SURGES) for i in range(SURGES + FINAL_SURGES)]
    repeats = [chooser.repeat(final=i >= REPEATS) for i in range(REPEATS + FINAL_REPEATS)]
    callers = [chooser.caller(final=i >= CALLERS) for i in range(CALLERS + FINAL_CALLERS)]
    return Plants(seed, scale, tuple(surges), tuple(repeats), tuple(callers), chooser.frame())


class _Chooser:
    """Draws the plants one by one and collects their cases."""

    def __init__(self, rng, streets: pd.DataFrame, street_index: dict, model: demo_cases.CaseModel, key) -> None:
        self.rng, self.streets, self.index, self.model, self.key = rng, streets, street_index, model, key
        self.month_of = {m: i for i, m in enumerate(model.months)}
        targeted = {sub for campaign in calibration.CAMPAIGNS for sub in campaign[5]}
        self.subs = np.array([j for j, sub in enumerate(demo_cases.SUBCATEGORIES) if sub not in targeted])
        self.district_of = {d.code: i for i, d in enumerate(DISTRICTS)}
        # Plants fall where cases fall: a street is picked by its share of the city's 12345 volume.
        district_volume = model.counts[..., demo_cases.HOTLINE].sum(axis=(0, 2)).astype(float)
        street_district = street_index["district_of_street"]
        weight = street_index["street_share"] * district_volume[street_district]
        self.street_p = weight / weight.sum()
        self.used_cells: set[tuple[int, int]] = set()
        self.rows: list[tuple] = []
        self.next_caller = 0
        self.mondays = [PLANTED_FROM + timedelta(weeks=w) for w in range((LAST_MONDAY - PLANTED_FROM).days // 7 + 1)]

    def _street(self) -> int:
        return int(self.rng.choice(len(self.street_p), p=self.street_p))

    def _point(self, street: int) -> int:
        return int(self.index["pool_offset"][street] + self.rng.integers(self.index["pool_size"][street]))

    def _add(
        self, day: date, district: int, street: int, point: int, sub: int, source: int, caller: int, no_address: bool = False
    ) -> None:
        month = self.month_of[day.replace(day=1)]
        self.rows.append((month, district, street, point, sub, source, day.day - 1, caller, no_address))

    def _new_caller(self) -> int:
        self.next_caller += 1
        return int(demo_cases.PLANTED_CALLER) | self.next_caller

    def _code(self, street: int) -> tuple[str, str]:
        row = self.streets.iloc[street]
        return row["district_code"], row["street_code"]

    def surge(self, final: bool) -> Surge:
        while True:  # one plant per street and subcategory, so that each is its own
            street, sub = self._street(), int(self.rng.choice(self.subs))
            if (street, sub) not in self.used_cells:
                break
        self.used_cells.add((street, sub))
        district = int(self.index["district_of_street"][street])
        weeks = int(self.rng.integers(2, 5))
        if final:
            first = LAST_MONDAY - timedelta(weeks=weeks - 1)
        else:
            first = self.mondays[int(self.rng.integers(len(self.mondays) - weeks))]
        # Well above the street's own level: its expected weekly 12345 intake in this subcategory
        # (the district's month, its share, a week of it) twice over and a few cases more.
        month = self.month_of[first.replace(day=1)]
        days_in_month = pd.Period(first, "M").days_in_month
        level = self.model.counts[month, district, sub, demo_cases.HOTLINE] * self.index["street_share"][street]
        level *= 7 / days_in_month
        extra = max(MIN_SURGE_EXTRA, int(np.ceil(2 * level + 4 * np.sqrt(level) + 3)))
        for week in range(weeks):
            monday = first + timedelta(weeks=week)
            days = [monday + timedelta(days=i) for i in range(7) if monday + timedelta(days=i) <= calibration.DATA_END]
            weights = demo_cases.day_weights(pd.DatetimeIndex(days), demo_cases.HOTLINE)
            for day, k in zip(days, self.rng.multinomial(extra, weights / weights.sum()), strict=True):
                for _ in range(int(k)):
                    self._add(day, district, street, self._point(street), sub, demo_cases.HOTLINE, self._new_caller())
        district_code, street_code = self._code(street)
        return Surge(district_code, street_code, demo_cases.SUBCATEGORIES[sub], first, weeks, extra)

    def repeat(self, final: bool) -> Repeat:
        street, sub = self._street(), int(self.rng.choice(self.subs))
        district = int(self.index["district_of_street"][street])
        point = self._point(street)
        geo = self.rng.random() < GEO_REPEAT_SHARE
        # Three to five reports, at least three days apart (never a surge of its own), all within 30 days.
        gaps = self.rng.integers(3, 8, int(self.rng.integers(2, 5)))
        span = int(gaps.sum())
        if final:
            first = calibration.DATA_END - timedelta(days=span + int(self.rng.integers(0, 30 - span)))
        else:
            start, end = PLANTED_FROM, calibration.DATA_END - timedelta(days=span + 30)
            first = start + timedelta(days=int(self.rng.integers((end - start).days)))
        days = (first, *(first + timedelta(days=int(d)) for d in np.cumsum(gaps)))
        for day in days:  # different people report the same problem: 多人同诉, not 一人多诉
            self._add(day, district, street, point, sub, demo_cases.HOTLINE, self._new_caller(), no_address=geo)
        district_code, street_code = self._code(street)
        return Repeat(
            district_code,
            street_code,
            demo_cases.SUBCATEGORIES[sub],
            None if geo else str(self.index["pool_address"][point]),
            float(self.index["pool_lon"][point]),
            float(self.index["pool_lat"][point]),
            days,
        )

    def caller(self, final: bool) -> RepeatCaller:
        street = self._street()
        district = int(self.index["district_of_street"][street])
        calls = int(self.rng.integers(3, 7))
        offsets = np.sort(self.rng.choice(np.arange(28), calls, replace=False))
        if final:
            first = calibration.DATA_END - timedelta(days=int(offsets[-1]) + int(self.rng.integers(0, 29 - offsets[-1])))
        else:
            start, end = PLANTED_FROM, calibration.DATA_END - timedelta(days=60)
            first = start + timedelta(days=int(self.rng.integers((end - start).days)))
        caller = self._new_caller()
        subs = self.rng.choice(self.subs, calls)
        days = tuple(first + timedelta(days=int(d)) for d in offsets)
        for day, sub in zip(days, subs, strict=True):  # about the neighbourhood they live in
            self._add(day, district, street, self._point(street), int(sub), demo_cases.HOTLINE, caller)
        district_code, street_code = self._code(street)
        return RepeatCaller(
            str(demo_cases.caller_hashes(np.array([caller], dtype=np.uint64), self.key)[0]),
            district_code,
            street_code,
            tuple(demo_cases.SUBCATEGORIES[int(s)] for s in subs),
            days,
        )

    def frame(self) -> pd.DataFrame:
        columns = ["month_index", "district_i", "street_i", "point_i", "sub_i", "source_i", "day", "caller_id", "no_address"]
        frame = pd.DataFrame(self.rows, columns=columns)
        frame["caller_id"] = frame["caller_id"].astype(np.uint64)
        return frame
