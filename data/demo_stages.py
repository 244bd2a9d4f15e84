"""Synthetic closed loop of the spot-check problems: 发现 → 交办 → 整改 → 复查 → 销号, with responsible units.

Read from the cases already written (source spot_check), so the loop follows the ledger: 发现 is the
case's reported_at, 交办 its responded_at (dispatch to the unit), the first 整改 its resolved_at. A case
the ledger never saw resolved is a straggler, rectified long after its deadline if at all by the data's
end. Each 复查 fails with a small chance that falls over the years; a failure re-opens the item with a
new, shorter deadline. Steps after the data's end are not known yet and are left out.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from data import calibration

# The units that rectify what a spot check finds, by subcategory: (kind of unit, share). A street-level
# unit is named after the item's street, a district-level one after its district (plain generated names
# where the real one is not certain).
UNIT_KINDS = {
    "停车秩序": (("traffic", 0.5), ("street", 0.3), ("enforcement", 0.2)),
    "文明驾车礼让行人": (("traffic", 1.0),),
    "交通设施": (("traffic", 0.5), ("city_management", 0.5)),
    "农贸市场环境": (("market", 0.6), ("street", 0.4)),
    "占道经营": (("enforcement", 0.7), ("street", 0.3)),
    "非法小广告": (("enforcement", 0.5), ("street", 0.5)),
    "违法建设": (("enforcement", 0.7), ("street", 0.3)),
    "堆物堆料": (("street", 0.6), ("enforcement", 0.4)),
    "门前三包": (("street", 0.6), ("enforcement", 0.4)),
    "市民文明行为": (("street", 1.0),),
    "公共设施维护": (("city_management", 0.6), ("street", 0.4)),
    "道路破损": (("city_management", 0.7), ("street", 0.3)),
    "垃圾清运": (("city_management", 0.5), ("street", 0.5)),
    "绿化养护": (("greening", 0.6), ("street", 0.4)),
    "老旧小区改造": (("housing", 0.6), ("street", 0.4)),
    "公共卫生": (("street", 0.6), ("health", 0.4)),
}
_DISTRICT_UNITS = {
    "city_management": "城市管理委员会",
    "market": "市场监督管理局",
    "greening": "园林绿化局",
    "housing": "住房和城乡建设委员会",
    "health": "卫生健康委员会",
}
# Days from 交办 to the deadline: what can be put right at once (立行立改) gets three days, works a month.
DUE_DAYS = {
    **dict.fromkeys(("非法小广告", "市民文明行为", "门前三包", "堆物堆料", "停车秩序", "文明驾车礼让行人", "占道经营"), 3),
    **dict.fromkeys(("农贸市场环境", "垃圾清运", "公共卫生", "绿化养护"), 7),
    **dict.fromkeys(("公共设施维护", "交通设施", "道路破损"), 15),
    **dict.fromkeys(("违法建设", "老旧小区改造"), 30),
}
OTHER_DUE_DAYS = 7
# 复查 fails about one time in eight in 2020 and one in sixteen by 2023; a second 复查 fails less often.
FIRST_FAIL = (0.12, 0.06)
LATER_FAIL = 0.15
# Its own random stream, apart from the ones data/build.py spawns, so that adding this domain left the
# others identical and a new domain there can never share it.
STREAM = 100


def build_stages(con: duckdb.DuckDBPyConnection, seed: int) -> pd.DataFrame:
    """The spot_check_stages rows for the spot-check cases in `con`, deterministic for `seed`."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(STREAM,)))
    items = con.execute(
        """
        select c.case_id, c.subcategory, c.reported_at, c.responded_at, c.resolved_at,
               s.name as street_name, s.kind as street_kind, d.name as district_name, d.short_name
        from cases as c
        join streets as s using (street_code)
        join districts as d on d.district_code = c.district_code
        where c.source = 'spot_check'
        order by c.case_id
        """
    ).df()
    n = len(items)
    end = np.datetime64(calibration.DATA_END, "D")
    found = items["reported_at"].to_numpy().astype("datetime64[D]")
    assigned = _days(items["responded_at"], found)
    due_days = items["subcategory"].map(DUE_DAYS).fillna(OTHER_DUE_DAYS).astype(int).to_numpy()
    due = assigned + due_days

    resolved = items["resolved_at"].notna().to_numpy()
    straggle = rng.integers(15, 201, n)  # days past the deadline a straggler is put right
    rectified = np.where(resolved, _days(items["resolved_at"], found), due + straggle)
    rectified = np.maximum(rectified, assigned)

    span = (np.datetime64(calibration.DATA_END, "D") - np.datetime64(calibration.DATA_START, "D")).astype(int)
    t = (found - np.datetime64(calibration.DATA_START, "D")).astype(int) / span
    fail_chance = FIRST_FAIL[0] + (FIRST_FAIL[1] - FIRST_FAIL[0]) * t

    events = [_frame(items, "assigned", assigned, assigned <= end, unit=_units(rng, items), due=due)]
    known = rectified <= end
    for round_ in range(3):
        events.append(_frame(items, "rectified", rectified, known))
        checked = rectified + rng.integers(1, 8, n)
        known &= checked <= end
        chance = fail_chance if round_ == 0 else np.full(n, LATER_FAIL)
        failed = (rng.random(n) < chance) if round_ < 2 else np.zeros(n, dtype=bool)  # the third 复查 passes
        # The new deadline is shorter: what failed once should be put right quickly.
        new_days = np.maximum(3, due_days // 2)
        new_due = checked + new_days
        results = np.where(failed, "未通过", "通过")
        events.append(_frame(items, "rechecked", checked, known, result=results, due=np.where(failed, new_due, _NAT)))
        closed = checked + rng.integers(0, 5, n)
        events.append(_frame(items, "closed", closed, known & ~failed & (closed <= end)))
        # Only the re-opened go round again; at least a day after the failed 复查, so that the day's
        # last step is the new 整改 and not the 复查 it answers.
        known &= failed
        rework = np.maximum(1, np.ceil(new_days * rng.lognormal(np.log(0.5), 0.6, n))).astype(int)
        rectified = checked + rework
        known &= rectified <= end
    stages = pd.concat(events, ignore_index=True)
    order = stages["stage"].map({"assigned": 1, "rectified": 2, "rechecked": 3, "closed": 4})
    return (
        stages.assign(_order=order)
        .sort_values(["case_id", "stage_on", "_order"], kind="stable", ignore_index=True)
        .drop(columns="_order")
    )


_NAT = np.datetime64("NaT", "D")


def _days(stamps: pd.Series, fallback: np.ndarray) -> np.ndarray:
    days = stamps.to_numpy().astype("datetime64[D]")
    return np.where(np.isnat(days), fallback, days)


def _units(rng: np.random.Generator, items: pd.DataFrame) -> np.ndarray:
    """The unit each item is handed to (交办), by its subcategory's mix of units."""
    draw = rng.random(len(items))
    kinds = np.full(len(items), "street", dtype=object)
    for subcategory, mix in UNIT_KINDS.items():
        rows = (items["subcategory"] == subcategory).to_numpy()
        edges = np.cumsum([share for _, share in mix])
        picked = np.searchsorted(edges, draw[rows], side="right").clip(max=len(mix) - 1)
        kinds[rows] = np.array([kind for kind, _ in mix], dtype=object)[picked]
    # A street's or town's office, named as data/semantic.sql's street_office() names it for the red list.
    street_office_names = items["street_name"] + np.where(items["street_kind"] == "街道", "办事处", "人民政府")
    names = np.select(
        [kinds == "street", kinds == "enforcement", kinds == "traffic"],
        [street_office_names, items["street_name"] + "综合行政执法队", items["short_name"] + "交通支队"],
        default="",
    ).astype(object)
    for kind, suffix in _DISTRICT_UNITS.items():
        rows = kinds == kind
        names[rows] = (items.loc[rows, "district_name"] + suffix).to_numpy()
    return names


def _frame(
    items: pd.DataFrame,
    stage: str,
    on: np.ndarray,
    keep: np.ndarray,
    unit: np.ndarray | None = None,
    due: np.ndarray | None = None,
    result: np.ndarray | None = None,
) -> pd.DataFrame:
    """One step's rows, for the items where `keep` holds, in the table's column order."""
    return pd.DataFrame(
        {
            "case_id": items["case_id"].to_numpy()[keep],
            "stage": stage,
            "stage_on": on[keep],
            "responsible_unit": unit[keep] if unit is not None else None,
            "due_on": due[keep] if due is not None else _NAT,
            "recheck_result": result[keep] if result is not None else None,
            "note": None,
        }
    )
