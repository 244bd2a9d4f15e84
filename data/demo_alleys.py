"""Synthetic back alleys: 5,393 alleys, their inspections, the red list and civilized titles.

Each alley has a latent quality that drifts up over time; monthly scores are the sum of
the 19 "十无五好四有" sub-scores; an alley scoring under the line is red-listed the next
month with a 30-day deadline, and its quality jumps once it is rectified.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import shapely

from data import calibration
from data.dictionary import ALLEY_STANDARD_ITEMS
from data.geography import DISTRICTS, district_shapes

# Relative alley counts per district: hutongs concentrate in the old city.
_ALLEY_WEIGHT = {
    "110101": 900,
    "110102": 1000,
    "110105": 700,
    "110106": 450,
    "110107": 180,
    "110108": 520,
    "110109": 90,
    "110111": 200,
    "110112": 260,
    "110113": 200,
    "110114": 250,
    "110115": 230,
    "110116": 90,
    "110117": 90,
    "110118": 110,
    "110119": 90,
}
SCORING_START = date(2022, 1, 1)
WEEKLY_START = date(2023, 1, 2)
DAILY_START = date(2023, 7, 1)
RED_LIST_LINE = 75.0
DEADLINE_DAYS = 30
# How often each item loses points, relative to the others (parking and piles fail most).
_ITEM_PROPENSITY = np.array([0.8, 0.5, 1.6, 1.3, 0.9, 0.7, 0.6, 0.8, 1.0, 1.5, 0.6, 0.7, 0.6, 0.6, 1.1, 0.2, 0.3, 0.4, 0.3])


def exact_split(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer parts of `total` proportional to `weights`, summing to `total` exactly."""
    raw = weights / weights.sum() * total
    parts = np.floor(raw).astype(int)
    parts[np.argsort(raw - parts)[::-1][: total - parts.sum()]] += 1
    return parts


def build_alleys(rng: np.random.Generator, streets: pd.DataFrame, points: dict) -> pd.DataFrame:
    codes = [d.code for d in DISTRICTS]
    per_district = exact_split(calibration.ALLEYS, np.array([_ALLEY_WEIGHT[c] for c in codes], dtype=float))
    rows = []
    for d_index, (code, count) in enumerate(zip(codes, per_district, strict=True)):
        candidates = np.flatnonzero((points["district_of_street"] == d_index) & (points["kind"] == "街道"))
        if len(candidates) == 0:
            candidates = np.flatnonzero(points["district_of_street"] == d_index)
        street_i = rng.choice(candidates, size=count)
        point_i = points["pool_offset"][street_i] + rng.integers(0, points["pool_size"][street_i])
        start = np.column_stack([points["pool_lon"][point_i], points["pool_lat"][point_i]])
        length = np.clip(rng.lognormal(np.log(320), 0.5, count), 60, 1500).round().astype(int)
        bearing = rng.uniform(0, np.pi, count)
        offset = np.column_stack(
            [np.cos(bearing) * length / (111_000 * np.cos(np.radians(40))), np.sin(bearing) * length / 111_000]
        )
        end = np.round(start + offset, 6)  # rounded before the border test: the test is on what is stored
        inside = shapely.contains_xy(district_shapes()[code], end[:, 0], end[:, 1])
        end[~inside] = start[~inside]  # an alley at the border is drawn as its start point
        short = DISTRICTS[d_index].short_name
        for k in range(count):
            rows.append(
                (
                    code,
                    points["codes"][street_i[k]],
                    f"{short}街巷{len(rows) + 1:04d}",
                    int(length[k]),
                    *np.round(start[k], 6),
                    *np.round(end[k], 6),
                )
            )
    alleys = pd.DataFrame(
        rows, columns=["district_code", "street_code", "name", "length_m", "start_lon", "start_lat", "end_lon", "end_lat"]
    )
    alleys.insert(0, "alley_id", [f"JX{i:05d}" for i in range(1, len(alleys) + 1)])
    alleys["quality"] = rng.normal(88.5, 4.5, len(alleys))
    return alleys


def assign_civilized(rng: np.random.Generator, alleys: pd.DataFrame) -> pd.DataFrame:
    """762 首都文明街巷, named in yearly batches since 2018 and reviewed every year."""
    weight = np.exp((alleys["quality"].to_numpy() - 88) / 3)
    chosen = rng.choice(len(alleys), size=calibration.CIVILIZED_ALLEYS, replace=False, p=weight / weight.sum())
    batches = [
        date(2018, 12, 20),
        date(2019, 12, 20),
        date(2020, 12, 18),
        date(2021, 12, 17),
        date(2022, 12, 16),
        date(2023, 6, 30),
    ]
    batch_sizes = exact_split(calibration.CIVILIZED_ALLEYS, np.array([150, 140, 120, 130, 130, 92], dtype=float))
    since = np.repeat(np.array(batches, dtype="datetime64[D]"), batch_sizes)
    alleys["is_civilized"] = False
    alleys.loc[chosen, "is_civilized"] = True
    alleys["civilized_since"] = pd.NaT
    alleys.loc[chosen, "civilized_since"] = pd.to_datetime(since)
    alleys.loc[chosen, "quality"] += 2.0
    # Reviews fall on a spread of dates through the year after naming, then yearly.
    offset = pd.to_timedelta(rng.integers(300, 420, len(alleys)), unit="D")
    first_review = alleys["civilized_since"] + offset
    as_of = pd.Timestamp(calibration.DATA_END)
    years_due = ((as_of - first_review).dt.days // 365).clip(lower=-1)
    last = first_review + pd.to_timedelta(years_due * 365, unit="D")
    alleys["last_reviewed_on"] = last.where(years_due >= 0)
    alleys["next_review_on"] = (last + pd.Timedelta(days=365)).where(years_due >= 0, first_review)
    for column in ("civilized_since", "last_reviewed_on", "next_review_on"):
        alleys[column] = alleys[column].dt.date
    return alleys


def _item_points(rng: np.random.Generator, quality: np.ndarray) -> np.ndarray:
    """[alley, item] points for one month, given each alley's quality that month."""
    max_points = np.array([p for *_, p in ALLEY_STANDARD_ITEMS])
    p_loss = np.clip(0.15 * _ITEM_PROPENSITY[None, :] * np.exp((86 - quality[:, None]) / 8), 0, 0.9)
    lost = rng.binomial(np.broadcast_to(max_points, p_loss.shape), p_loss)
    return max_points[None, :] - lost


def build_inspections(rng: np.random.Generator, alleys: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monthly scores, weekly checks, daily patrols, quarterly naming, and the red list."""
    n = len(alleys)
    quality = alleys["quality"].to_numpy().copy()
    item_codes = [code for code, *_ in ALLEY_STANDARD_ITEMS]
    item_names = [name for _, _, name, _ in ALLEY_STANDARD_ITEMS]
    as_of = calibration.DATA_END
    frames = []
    supervisions = []
    listed_until = np.full(n, np.datetime64("1970-01-01"), dtype="datetime64[D]")
    month_scores = {}
    for month in pd.date_range(SCORING_START, as_of, freq="MS"):
        quality += rng.normal(0.03, 0.8, n)  # slow improvement, with drift
        points = _item_points(rng, quality + rng.normal(0, 2.0, n))
        score = points.sum(axis=1).astype(float)
        scored_on = (month + pd.offsets.MonthEnd(0)).date()
        month_scores[month.date()] = score
        frame = pd.DataFrame(points, columns=item_codes)
        frame.insert(0, "alley_id", alleys["alley_id"].to_numpy())
        frame.insert(1, "inspected_on", scored_on)
        frame.insert(2, "kind", "monthly_score")
        frame.insert(3, "score", score)
        frame.insert(4, "issues_found", (points < np.array([p for *_, p in ALLEY_STANDARD_ITEMS])).sum(axis=1))
        frame.insert(5, "naming_result", None)
        frames.append(frame)

        listed_on = scored_on + timedelta(days=5)
        if listed_on > as_of:
            continue
        low = np.flatnonzero((score < RED_LIST_LINE) & (listed_until < np.datetime64(listed_on)))
        for i in low:
            record = _supervision_life(rng, listed_on, as_of)
            lost = np.array([p for *_, p in ALLEY_STANDARD_ITEMS]) - points[i]
            supervisions.append(
                (alleys["alley_id"].iat[i], float(score[i]), item_names[int(np.argmax(lost))], listed_on, *record)
            )
            end = record[-2] or date(2100, 1, 1)  # listed until delisted
            listed_until[i] = np.datetime64(end)
            if record[1] is not None:
                quality[i] += 4  # rectification lifts the alley
    frames.append(_weekly_and_daily(rng, alleys, quality))
    frames.append(_quarterly_naming(alleys, month_scores))
    inspections = pd.concat(frames, ignore_index=True)
    inspections.insert(0, "inspection_id", np.arange(1, len(inspections) + 1))
    red_list = pd.DataFrame(
        supervisions,
        columns=[
            "alley_id",
            "trigger_score",
            "main_problem",
            "listed_on",
            "deadline",
            "rectified_on",
            "rechecked_on",
            "delisted_on",
            "status",
        ],
    )
    red_list.insert(0, "supervision_id", [f"GP{i:05d}" for i in range(1, len(red_list) + 1)])
    return inspections, red_list


def _supervision_life(rng: np.random.Generator, listed_on: date, as_of: date):
    """deadline, rectified, rechecked, delisted dates (None if later than as_of) and status."""
    deadline = listed_on + timedelta(days=DEADLINE_DAYS)
    # Most are rectified by the deadline; about one in eight runs late, and a few stall for months.
    luck = rng.random()
    if luck < 0.10:
        days = int(rng.integers(DEADLINE_DAYS + 40, DEADLINE_DAYS + 160))
    elif luck < 0.22:
        days = int(rng.integers(DEADLINE_DAYS + 3, DEADLINE_DAYS + 40))
    else:
        days = int(rng.integers(6, DEADLINE_DAYS + 1))
    rectified = listed_on + timedelta(days=days)
    rechecked = rectified + timedelta(days=int(rng.integers(4, 15)))
    delisted = rechecked + timedelta(days=int(rng.integers(3, 11)))

    def known(d: date) -> date | None:
        return d if d <= as_of else None

    rectified_k, rechecked_k, delisted_k = known(rectified), known(rechecked), known(delisted)
    if delisted_k:
        status = "delisted"
    elif rechecked_k:
        status = "rechecked"
    elif (as_of - listed_on).days >= 3:
        status = "rectifying"
    else:
        status = "listed"
    return deadline, rectified_k, rechecked_k, delisted_k, status


def _weekly_and_daily(rng: np.random.Generator, alleys: pd.DataFrame, quality: np.ndarray) -> pd.DataFrame:
    """Weekly checks (2023) and daily patrols (2023 Q3): a score or a count of problems found."""
    n = len(alleys)
    frames = []
    for week in pd.date_range(WEEKLY_START, calibration.DATA_END, freq="7D"):
        score = np.clip(np.round(quality + rng.normal(0, 3, n), 1), 40, 100)
        frames.append(
            pd.DataFrame(
                {
                    "alley_id": alleys["alley_id"],
                    "inspected_on": week.date(),
                    "kind": "weekly_check",
                    "score": score,
                    "issues_found": rng.poisson(np.clip((95 - score) / 6, 0.05, None)),
                }
            )
        )
    for day in pd.date_range(DAILY_START, calibration.DATA_END, freq="D"):
        rate = np.clip((92 - quality) / 20, 0.02, None)
        frames.append(
            pd.DataFrame(
                {
                    "alley_id": alleys["alley_id"],
                    "inspected_on": day.date(),
                    "kind": "daily_patrol",
                    "score": np.nan,
                    "issues_found": rng.poisson(rate),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _quarterly_naming(alleys: pd.DataFrame, month_scores: dict) -> pd.DataFrame:
    """季点名: each quarter the 20 best alleys are praised and the 20 worst are named."""
    frames = []
    by_quarter: dict[tuple[int, int], list[np.ndarray]] = {}
    for month, score in month_scores.items():
        by_quarter.setdefault((month.year, (month.month - 1) // 3 + 1), []).append(score)
    for (year, quarter), scores in by_quarter.items():
        if len(scores) < 3:
            continue
        mean = np.mean(scores, axis=0).round(1)
        order = np.argsort(mean, kind="stable")
        named_on = (pd.Timestamp(year=year, month=quarter * 3, day=1) + pd.offsets.MonthEnd(0) + pd.Timedelta(days=10)).date()
        if named_on > calibration.DATA_END:
            named_on = calibration.DATA_END
        for result, idx in (("通报", order[:20]), ("表扬", order[::-1][:20])):
            frames.append(
                pd.DataFrame(
                    {
                        "alley_id": alleys["alley_id"].to_numpy()[idx],
                        "inspected_on": named_on,
                        "kind": "quarterly_naming",
                        "score": mean[idx],
                        "naming_result": result,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)
