"""Synthetic case ledger (问题台账): counts first, then one month of rows at a time.

Counts per (month, district, subcategory, source) are drawn up front from a small
matrix, so the campaign calibration (−30.6%) is exact before any row exists; rows are
then generated and written a month at a time, so scale 20 never holds all cases in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from data import calibration, holidays
from data.geography import DISTRICTS

# First-level category → (2020 hotline volume in 10k from DOMAIN.md, subcategories with
# (share within category, grid-staff affinity, spot-check affinity)).
CATEGORY_TREE: dict[str, tuple[float, tuple[tuple[str, float, float, float], ...]]] = {
    "市场管理": (98.0, (("占道经营", 0.40, 1.0, 0.5), ("农贸市场环境", 0.25, 0.6, 1.0), ("商品质量与价格", 0.35, 0.0, 0.0))),
    "公共服务": (64.8, (("供水供电", 0.40, 0.1, 0.0), ("公共设施维护", 0.35, 0.9, 0.8), ("绿化养护", 0.25, 0.8, 0.6))),
    "住房": (61.2, (("供暖", 0.40, 0.0, 0.0), ("物业服务", 0.40, 0.2, 0.0), ("老旧小区改造", 0.20, 0.3, 0.2))),
    "医疗卫生": (59.8, (("医疗服务", 0.65, 0.0, 0.0), ("公共卫生", 0.35, 0.4, 0.4))),
    "城乡建设": (54.8, (("违法建设", 0.55, 1.0, 0.3), ("施工扰民", 0.45, 0.4, 0.0))),
    "交通管理": (47.2, (("停车秩序", 0.55, 1.0, 1.0), ("文明驾车礼让行人", 0.20, 0.5, 1.0), ("交通设施", 0.25, 0.6, 0.4))),
    "社会秩序": (46.5, (("市民文明行为", 0.30, 0.9, 1.0), ("噪声扰民", 0.40, 0.2, 0.0), ("治安秩序", 0.30, 0.2, 0.0))),
    "劳动和社会保障": (35.7, (("欠薪", 0.55, 0.0, 0.0), ("社保", 0.45, 0.0, 0.0))),
    "教育": (35.1, (("学位", 0.50, 0.0, 0.0), ("校外培训", 0.50, 0.1, 0.0))),
    "城市管理": (
        60.0,
        (
            ("非法小广告", 0.22, 1.0, 1.0),
            ("堆物堆料", 0.24, 1.0, 1.0),
            ("门前三包", 0.18, 1.0, 1.0),
            ("垃圾清运", 0.20, 0.9, 0.6),
            ("道路破损", 0.16, 0.8, 0.5),
        ),
    ),
}

SUBCATEGORIES = tuple(sub for _, (_, subs) in CATEGORY_TREE.items() for sub, *_ in subs)
CATEGORY_OF = {sub: cat for cat, (_, subs) in CATEGORY_TREE.items() for sub, *_ in subs}
SOURCES = ("hotline", "grid", "spot_check")
HOTLINE, GRID, SPOT = range(3)

# Category-specific seasons: heating complaints in winter, street problems in summer.
_SEASON = {
    "供暖": [2.2, 1.6, 1.3, 0.5, 0.2, 0.2, 0.2, 0.2, 0.3, 0.8, 2.4, 2.6],
    "校外培训": [0.8, 0.8, 1.0, 1.0, 1.0, 0.9, 1.1, 1.4, 1.5, 1.0, 0.8, 0.7],
    "学位": [0.6, 0.6, 0.9, 1.2, 1.5, 1.6, 1.4, 1.5, 1.2, 0.6, 0.5, 0.5],
    "噪声扰民": [0.6, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.5, 1.1, 0.8, 0.7, 0.6],
    "垃圾清运": [0.8, 0.9, 0.9, 1.0, 1.1, 1.2, 1.3, 1.3, 1.1, 0.9, 0.8, 0.8],
}
_CITY_SEASON = np.array([0.88, 0.78, 0.96, 1.0, 1.05, 1.1, 1.15, 1.13, 1.04, 1.0, 0.97, 0.94])
_WEEKDAY = {  # Monday first
    HOTLINE: np.array([1.06, 1.03, 1.0, 1.0, 1.0, 0.86, 0.84]),
    GRID: np.array([1.1, 1.1, 1.1, 1.1, 1.05, 0.35, 0.3]),
    SPOT: np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.04, 0.04]),
}
_HOUR = {
    HOTLINE: np.array([1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 3, 5, 6.5, 6.5, 5.5, 4, 4.5, 5.5, 5.5, 5, 4.5, 4, 4, 3.5, 3, 2.2, 1.5]),
    GRID: np.array([0, 0, 0, 0, 0, 0, 0.3, 2, 5, 6, 6, 4, 2, 3, 5.5, 5.5, 4, 2, 0.3, 0, 0, 0, 0, 0]),
    SPOT: np.array([0, 0, 0, 0, 0, 0, 0, 0.5, 3, 6, 6, 3, 1, 3, 6, 6, 3, 0.5, 0, 0, 0, 0, 0, 0]),
}

HOTLINE_CASES_PER_MONTH = 13_000  # at scale 1, January 2020; about a million cases in all
CAMPAIGN_RATIO = 1 + calibration.CAMPAIGN_INTAKE_CHANGE_PCT / 100  # 0.694


def months() -> list[date]:
    return [d.date() for d in pd.date_range(calibration.DATA_START, calibration.DATA_END, freq="MS")]


def _climb(t: np.ndarray, start: float, end: float) -> np.ndarray:
    """A concave climb from `start` at t=0 to `end` at t=1, like the public three rates."""
    shape = (1 - np.exp(-2.2 * t)) / (1 - np.exp(-2.2))
    return start + (end - start) * shape


@dataclass
class CaseModel:
    """Everything about cases that is decided once, before rows are generated."""

    counts: np.ndarray  # [month, district, subcategory, source]
    months: list[date]
    district_resolution_offset: np.ndarray
    district_satisfaction_offset: np.ndarray
    campaign_of_subcategory: dict[str, list[tuple[str, date, date]]]
    comparison: dict[str, int]


def district_weights() -> np.ndarray:
    """Case volume follows population, and area a little (grid staff cover ground)."""
    pop = np.array([d.population for d in DISTRICTS], dtype=float)
    area = np.array([d.area_km2 for d in DISTRICTS], dtype=float)
    w = pop**0.97 * area**0.06
    return w / w.sum()


def plan_counts(rng: np.random.Generator, scale: float) -> CaseModel:
    month_list = months()
    n_m, n_d, n_s = len(month_list), len(DISTRICTS), len(SUBCATEGORIES)
    t = np.arange(n_m) / (n_m - 1)

    cat_weight = np.array([CATEGORY_TREE[CATEGORY_OF[s]][0] for s in SUBCATEGORIES])
    sub_share = np.array([share for _, (_, subs) in CATEGORY_TREE.items() for _, share, _, _ in subs])
    grid_aff = np.array([g for _, (_, subs) in CATEGORY_TREE.items() for _, _, g, _ in subs])
    spot_aff = np.array([s for _, (_, subs) in CATEGORY_TREE.items() for _, _, _, s in subs])
    hotline_mix = cat_weight * sub_share
    hotline_mix /= hotline_mix.sum()
    grid_mix = hotline_mix * grid_aff
    grid_mix /= grid_mix.sum()
    spot_mix = hotline_mix * spot_aff
    spot_mix /= spot_mix.sum()

    season = np.ones((12, n_s))
    for j, sub in enumerate(SUBCATEGORIES):
        if sub in _SEASON:
            season[:, j] = _SEASON[sub]
    month_idx = np.array([m.month - 1 for m in month_list])
    days = np.array([pd.Period(m, "M").days_in_month for m in month_list]) / 30.4

    hotline_total = HOTLINE_CASES_PER_MONTH * scale * (1.06 ** (t * 3.75)) * _CITY_SEASON[month_idx] * days
    grid_total = hotline_total * _climb(t, 0.22, 0.78)  # 未诉先办: grid share climbs from ~18% to ~42%
    spot_total = hotline_total * 0.06

    dw = district_weights()
    expected = np.zeros((n_m, n_d, n_s, 3))
    for k, (total, mix) in enumerate(((hotline_total, hotline_mix), (grid_total, grid_mix), (spot_total, spot_mix))):
        expected[..., k] = total[:, None, None] * dw[None, :, None] * (mix[None, :] * season[month_idx])[:, None, :]

    campaign_of_subcategory: dict[str, list[tuple[str, date, date]]] = {}
    in_window = np.zeros((n_m, n_s), dtype=bool)
    for campaign_id, _, _, start, end, targets in calibration.CAMPAIGNS:
        for sub in targets:
            campaign_of_subcategory.setdefault(sub, []).append((campaign_id, start, end))
            j = SUBCATEGORIES.index(sub)
            for i, m in enumerate(month_list):
                if start <= m <= end:
                    in_window[i, j] = True
    # Campaigns: the hotline hears less of what they target; grid staff find more of it.
    expected[..., HOTLINE] *= np.where(in_window, 0.66, 1.0)[:, None, :]
    expected[..., GRID] *= np.where(in_window, 1.35, 1.0)[:, None, :]

    counts = rng.poisson(expected).astype(np.int64)
    comparison = _calibrate_campaigns(rng, counts, in_window)
    return CaseModel(
        counts=counts,
        months=month_list,
        district_resolution_offset=rng.normal(0, 0.018, n_d),
        district_satisfaction_offset=rng.normal(0, 0.015, n_d),
        campaign_of_subcategory=campaign_of_subcategory,
        comparison=comparison,
    )


def _calibrate_campaigns(rng: np.random.Generator, counts: np.ndarray, in_window: np.ndarray) -> dict[str, int]:
    """Make targeted hotline intake in the campaign windows exactly 69.4% of a year before."""
    previous = np.zeros_like(in_window)
    previous[:-12] = in_window[12:]  # the same months, one year earlier
    hotline = counts[..., HOTLINE].transpose(0, 2, 1)  # view of counts: [month, subcategory, district]
    before = int(hotline[previous].sum())
    during = int(hotline[in_window].sum())
    target = round(before * CAMPAIGN_RATIO)
    cells = hotline[in_window]  # a copy: [window cell, district]
    flat = cells.reshape(-1)
    diff = target - during
    if diff > 0:
        flat += rng.multinomial(diff, flat / flat.sum())
    elif diff < 0:
        flat -= rng.multivariate_hypergeometric(flat, -diff)
    hotline[in_window] = flat.reshape(cells.shape)  # writes through the view into counts
    assert int(counts[..., HOTLINE].transpose(0, 2, 1)[in_window].sum()) == target
    return {"campaign_hotline_before": before, "campaign_hotline_during": target}


# Callers (一人多诉): most call once; a pool of regular callers per district, each calling about once a
# year, makes the few who call a few times. Sized so that three calls within 30 days stay rare.
REGULAR_CALLER_SHARE = 0.12  # of 12345 calls, those made by a district's regular callers
REGULAR_CALLER_MONTHS = 12  # a regular caller calls about once in this many months
# Caller numbers are never in the warehouse; demo callers are synthetic ids turned into hashes of
# the form the importer stores (32 hex digits). The id spaces of the three kinds do not overlap.
ONE_OFF_CALLER, REGULAR_CALLER, PLANTED_CALLER = np.uint64(1 << 61), np.uint64(2 << 61), np.uint64(3 << 61)


@dataclass
class Callers:
    """Who calls: the stream that picks callers, the key of their demo hashes, regular callers per district."""

    rng: np.random.Generator
    key: tuple[int, int]
    regulars: np.ndarray  # per district

    @classmethod
    def for_model(cls, rng: np.random.Generator, model: CaseModel, seed: int) -> Callers:
        monthly = model.counts[..., HOTLINE].sum(axis=(0, 2)) / len(model.months)
        regulars = np.maximum(np.round(monthly * REGULAR_CALLER_SHARE * REGULAR_CALLER_MONTHS), 5).astype(np.int64)
        return cls(rng, caller_key(seed), regulars)

    def pick(self, district_i: np.ndarray, month_index: int) -> np.ndarray:
        """A caller id for each 12345 case of a month (its districts given)."""
        n = len(district_i)
        regular = self.rng.random(n) < REGULAR_CALLER_SHARE
        member = (self.rng.random(n) * self.regulars[district_i]).astype(np.uint64)
        one_off = ONE_OFF_CALLER | (np.uint64(month_index) << np.uint64(32)) | np.arange(n, dtype=np.uint64)
        return np.where(regular, REGULAR_CALLER | (district_i.astype(np.uint64) << np.uint64(32)) | member, one_off)


def caller_key(seed: int) -> tuple[int, int]:
    """The demo's stand-in for the office's HMAC key: two 64-bit words from the seed."""
    words = np.random.SeedSequence(seed, spawn_key=(0xCA11,)).generate_state(2, np.uint64)
    return int(words[0]), int(words[1])


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a fast bijective scramble of 64-bit words (uint64 arithmetic wraps)."""
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def caller_hashes(ids: np.ndarray, key: tuple[int, int]) -> np.ndarray:
    """32-hex-digit identifiers for caller ids: what the importer's HMAC gives, without HMAC's cost (the
    demo has no numbers to protect, and a million HMACs would slow the build)."""
    ids = np.asarray(ids, dtype=np.uint64)
    if not len(ids):
        return np.array([], dtype=object)
    words = np.column_stack([_mix(ids ^ np.uint64(key[0])), _mix(ids ^ np.uint64(key[1]))]).astype(">u8")
    text = words.tobytes().hex()
    return np.array([text[i : i + 32] for i in range(0, len(text), 32)], dtype=object)


@dataclass
class Planted:
    """Cases the demo plants on top of a month's own (data/demo_plants.py): where, what and when each is."""

    district_i: np.ndarray
    street_i: np.ndarray
    point_i: np.ndarray  # index into the street index's point pool
    sub_i: np.ndarray
    source_i: np.ndarray
    day: np.ndarray  # day of the month, 0-based
    caller_id: np.ndarray  # uint64; for 12345 cases
    rng: np.random.Generator  # for their hours and outcomes, apart from the month's own stream
    no_address: np.ndarray  # work orders recorded with a point on the map only

    def __len__(self) -> int:
        return len(self.district_i)


def day_weights(days: pd.DatetimeIndex, source: int) -> np.ndarray:
    """How much of a source's volume each day draws: its weekday pattern, with public holidays as a
    Sunday and 调休 working days as a Wednesday (grid staff and inspectors keep the working days)."""
    kind = np.array(days.day_of_week)
    off = np.array([holidays.is_day_off(d.date()) for d in days])
    kind = np.where(off & (kind < 5), 6, np.where(~off & (kind >= 5), 2, kind))
    return _WEEKDAY[source][kind]


def month_rows(
    rng: np.random.Generator,
    model: CaseModel,
    month_index: int,
    street_index: dict,
    callers: Callers | None = None,
    planted: Planted | None = None,
) -> pd.DataFrame:
    """All cases reported in one month, as a frame in the `cases` column order."""
    month = model.months[month_index]
    cell_counts = model.counts[month_index]  # [district, subcategory, source]
    n = int(cell_counts.sum())
    flat = np.repeat(np.arange(cell_counts.size), cell_counts.reshape(-1))
    district_i, sub_i, source_i = np.unravel_index(flat, cell_counts.shape)

    # Street within the district, by street population; a point from that street's pool.
    street_i = street_index["pick"](rng, district_i)
    pool_lo = street_index["pool_offset"][street_i]
    point_i = pool_lo + (rng.random(n) * street_index["pool_size"][street_i]).astype(np.int64)

    # Day of the month by the working-day pattern of each source; hour by its daily rhythm.
    n_days = pd.Period(month, "M").days_in_month
    day_dates = pd.date_range(month, periods=n_days, freq="D")
    reported = np.empty(n, dtype="datetime64[s]")
    for k in range(3):
        mask = source_i == k
        m = int(mask.sum())
        if not m:
            continue
        day_p = day_weights(day_dates, k)
        day = rng.choice(n_days, size=m, p=day_p / day_p.sum())
        reported[mask] = _times(rng, month, k, day)
    callers_of = None
    if callers is not None:
        hotline = source_i == HOTLINE
        callers_of = np.full(n, None, dtype=object)
        callers_of[hotline] = caller_hashes(callers.pick(district_i[hotline], month_index), callers.key)
    frame = _frame(rng, model, month_index, street_index, district_i, street_i, point_i, sub_i, source_i, reported, callers_of)
    if planted is not None and len(planted):
        reported = np.empty(len(planted), dtype="datetime64[s]")
        for k in range(3):
            mask = planted.source_i == k
            reported[mask] = _times(planted.rng, month, k, planted.day[mask])
        extra = _frame(
            planted.rng,
            model,
            month_index,
            street_index,
            planted.district_i,
            planted.street_i,
            planted.point_i,
            planted.sub_i,
            planted.source_i,
            reported,
            caller_hashes(planted.caller_id, callers.key) if callers is not None else None,
        )
        extra.loc[planted.no_address, "address"] = None
        frame = pd.concat([frame, extra], ignore_index=True)
    frame = frame.sort_values(["district_code", "reported_at"], kind="stable", ignore_index=True)
    prefix = f"{month:%Y%m}"  # formatting the month once, not per row, is a tenth of a month's generation
    frame.insert(0, "case_id", [f"{prefix}{i:07d}" for i in range(1, len(frame) + 1)])
    return frame


def _times(rng: np.random.Generator, month: date, source: int, day: np.ndarray) -> np.ndarray:
    """Report times on the given days of the month, at the source's hours."""
    m = len(day)
    hour = rng.choice(24, size=m, p=_HOUR[source] / _HOUR[source].sum())
    seconds = day * 86400 + hour * 3600 + rng.integers(0, 3600, m)
    return np.datetime64(month, "s") + seconds.astype("timedelta64[s]")


def _frame(
    rng: np.random.Generator,
    model: CaseModel,
    month_index: int,
    street_index: dict,
    district_i: np.ndarray,
    street_i: np.ndarray,
    point_i: np.ndarray,
    sub_i: np.ndarray,
    source_i: np.ndarray,
    reported: np.ndarray,
    callers_of: np.ndarray | None,
) -> pd.DataFrame:
    """The cases of given places, kinds and times, with how each was handled (drawn from `rng`), and
    for 12345 cases their callers (`callers_of`, hashes; others are not calls)."""
    month = model.months[month_index]
    n = len(district_i)
    t = month_index / (len(model.months) - 1)
    is_hotline = source_i == HOTLINE
    # Response within 24 h climbs from ~96% to ~99.7% for the hotline; dispatch is immediate otherwise.
    p_response = np.where(is_hotline, _climb(t, 0.955, 0.997), 0.995)
    in_time = rng.random(n) < p_response
    response_hours = np.where(in_time, np.minimum(rng.lognormal(np.log(1.5), 0.9, n), 23.9), 24 + rng.exponential(30, n))
    responded = reported + (response_hours * 3600).astype("timedelta64[s]")

    # Resolution climbs like the public 解决率 (about 78% in 2020 to about 95.5% in 2023).
    p_resolve = np.where(is_hotline, _climb(t, 0.78, 0.955), _climb(t, 0.90, 0.985))
    p_resolve = np.clip(p_resolve + model.district_resolution_offset[district_i], 0.5, 0.995)
    will_resolve = rng.random(n) < p_resolve
    resolve_days = rng.lognormal(np.log(np.where(is_hotline, 2.2, 1.2)), 0.8, n)
    resolved = responded + (np.minimum(resolve_days, 45) * 86400).astype("timedelta64[s]")
    end = np.datetime64(calibration.DATA_END, "s") + np.timedelta64(86399, "s")
    resolves = will_resolve & (resolved <= end)  # still open at the data's end: no date yet
    responded_ok = responded <= end

    # Only hotline callers rate, once the case is closed (resolved, or closed unresolved);
    # satisfaction climbs like the public 满意率 and is far lower when the problem stayed.
    rated = is_hotline & (rng.random(n) < 0.72) & (resolves | ~will_resolve)
    p_satisfied = _climb(t, 0.86, 0.965) + model.district_satisfaction_offset[district_i]
    p_satisfied = np.clip(np.where(will_resolve, p_satisfied + 0.02, p_satisfied - 0.45), 0.05, 0.995)
    satisfied = rng.random(n) < p_satisfied
    fully = rng.random(n) < 0.82
    rating = np.where(satisfied, np.where(fully, "满意", "基本满意"), "不满意").astype(object)
    rating[~rated] = None

    subcats = np.array(SUBCATEGORIES, dtype=object)[sub_i]
    campaign = np.full(n, None, dtype=object)
    for sub, windows in model.campaign_of_subcategory.items():
        for campaign_id, start, stop in windows:
            if start <= month <= stop:
                campaign[subcats == sub] = campaign_id

    # 12345 work orders say where the problem is; grid staff and inspectors report a point on the map.
    address = street_index["pool_address"][point_i]  # fancy indexing: a new array
    address[~is_hotline] = None
    if callers_of is not None:
        callers_of = np.where(is_hotline, callers_of, None)
    return pd.DataFrame(
        {
            "source": np.array(SOURCES, dtype=object)[source_i],
            "category": np.array([CATEGORY_OF[s] for s in SUBCATEGORIES], dtype=object)[sub_i],
            "subcategory": subcats,
            "district_code": np.array([d.code for d in DISTRICTS], dtype=object)[district_i],
            "street_code": street_index["codes"][street_i],
            "lon": street_index["pool_lon"][point_i],
            "lat": street_index["pool_lat"][point_i],
            "reported_at": reported,
            "responded_at": pd.Series(responded).where(responded_ok),
            "resolved_at": pd.Series(resolved).where(resolves),
            "rating": rating,
            "campaign_id": campaign,
            "description": None,
            "h3_cell": street_index["pool_h3"][point_i],
            "address": address,
            "caller_hash": callers_of if callers_of is not None else np.full(n, None, dtype=object),
            "due_at": pd.Series(pd.NaT, index=range(n), dtype="datetime64[s]"),
        }
    )
