"""Synthetic villages, communities and volunteer service projects (创城+乡村振兴).

Villages sit in the 13 agricultural districts around their towns and townships;
communities are everywhere. History rooms (685) and video screens (1,226) are exact.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data import calibration
from data.demo_alleys import exact_split
from data.geography import DISTRICTS

# Administrative villages per agricultural district (approximate public figures) and
# communities per district (scaled by population).
_VILLAGES = {
    "110105": 60,
    "110106": 25,
    "110108": 80,
    "110109": 180,
    "110111": 462,
    "110112": 475,
    "110113": 426,
    "110114": 303,
    "110115": 523,
    "110116": 286,
    "110117": 273,
    "110118": 330,
    "110119": 376,
}
COMMUNITIES = 3_650
RULES_SHARE = 0.975

VOLUNTEER_PROJECTS = 12_486
VOLUNTEER_CATEGORIES = {  # category → relative number of projects
    "文化艺术": 24,
    "医疗健身": 18,
    "理论宣讲": 10,
    "教育服务": 12,
    "科技科普": 9,
    "助老助残": 12,
    "环境保护": 8,
    "文明风尚": 5,
    "法律服务": 2,
}
FEATURED = (("天使巡诊送关爱", "医疗健身"), ("“夕阳再晨”科技助老", "科技科普"))


def build_villages(rng: np.random.Generator, points: dict) -> pd.DataFrame:
    [d.code for d in DISTRICTS]
    populations = np.array([d.population for d in DISTRICTS], dtype=float)
    communities = exact_split(COMMUNITIES, populations)
    rows = []
    for d_index, district in enumerate(DISTRICTS):
        in_district = points["district_of_street"] == d_index
        rural = np.flatnonzero(in_district & (points["kind"] != "街道"))
        urban = np.flatnonzero(in_district & (points["kind"] == "街道"))
        for kind, count, candidates in (
            ("village", _VILLAGES.get(district.code, 0), rural if len(rural) else np.flatnonzero(in_district)),
            ("community", int(communities[d_index]), urban if len(urban) else np.flatnonzero(in_district)),
        ):
            if count == 0:
                continue
            street_i = rng.choice(candidates, size=count)
            point_i = points["pool_offset"][street_i] + rng.integers(0, points["pool_size"][street_i])
            for k in range(count):
                rows.append(
                    (
                        district.code,
                        points["codes"][street_i[k]],
                        kind,
                        points["pool_lon"][point_i[k]],
                        points["pool_lat"][point_i[k]],
                    )
                )
    villages = pd.DataFrame(rows, columns=["district_code", "street_code", "kind", "lon", "lat"])
    villages.insert(0, "village_id", [f"CS{i:05d}" for i in range(1, len(villages) + 1)])
    short = {d.code: d.short_name for d in DISTRICTS}
    label = villages["kind"].map({"village": "村", "community": "社区"})
    villages.insert(
        1, "name", [f"{short[c]}{k}{i:04d}" for i, (c, k) in enumerate(zip(villages["district_code"], label, strict=True), 1)]
    )
    villages["has_rules"] = rng.random(len(villages)) < RULES_SHARE

    # History rooms and screens: villages in agricultural districts, favouring those with rules.
    is_rural_village = (villages["kind"] == "village").to_numpy()
    weight = np.where(is_rural_village, 1.0, 0.0) * np.where(villages["has_rules"], 1.0, 0.3)
    rooms = rng.choice(len(villages), size=calibration.HISTORY_ROOMS, replace=False, p=weight / weight.sum())
    villages["has_history_room"] = False
    villages.loc[rooms, "has_history_room"] = True
    screen_weight = weight + np.where(villages["has_history_room"], 2.0, 0.0)
    screens = rng.choice(len(villages), size=calibration.VIDEO_SCREENS, replace=False, p=screen_weight / screen_weight.sum())
    villages["has_video_screen"] = False
    villages.loc[screens, "has_video_screen"] = True
    opened = pd.to_datetime(date(2013, 3, 1)) + pd.to_timedelta(rng.integers(0, 3800, len(villages)), unit="D")
    villages["history_room_opened_on"] = pd.Series(opened.date, index=villages.index).where(villages["has_history_room"])
    return villages[
        [
            "village_id",
            "name",
            "district_code",
            "street_code",
            "kind",
            "has_rules",
            "has_history_room",
            "has_video_screen",
            "history_room_opened_on",
            "lon",
            "lat",
        ]
    ]


def build_volunteer_projects(rng: np.random.Generator, villages: pd.DataFrame, streets: pd.DataFrame) -> pd.DataFrame:
    """Projects by category and place; mostly serving villages of the agricultural districts."""
    categories = list(VOLUNTEER_CATEGORIES)
    cat_p = np.array(list(VOLUNTEER_CATEGORIES.values()), dtype=float)
    n_village = int(VOLUNTEER_PROJECTS * 0.7)
    served = villages.sample(
        n=n_village, replace=True, random_state=rng, weights=np.where(villages["kind"] == "village", 3.0, 1.0)
    )
    urban_streets = streets.sample(
        n=VOLUNTEER_PROJECTS - n_village, replace=True, random_state=rng, weights=streets["population"].astype(float)
    )
    places = pd.concat(
        [
            served[["district_code", "street_code", "village_id"]],
            urban_streets[["district_code", "street_code"]].assign(village_id=None),
        ],
        ignore_index=True,
    )
    n = len(places)
    category = rng.choice(categories, size=n, p=cat_p / cat_p.sum())
    projects = places.assign(category=category)
    projects["is_featured"] = False
    # The brief's named projects: 天使巡诊送关爱 in every agricultural district, 夕阳再晨 in eight.
    short = {d.code: d.short_name for d in DISTRICTS}
    agri = [d.code for d in DISTRICTS if d.is_agricultural]
    featured_rows = []
    for (name, cat), districts in zip(FEATURED, (agri, agri[:8]), strict=True):
        for code in districts:
            row = projects.index[(projects["district_code"] == code) & projects["village_id"].notna() & ~projects["is_featured"]][
                0
            ]
            projects.loc[row, ["category", "is_featured"]] = [cat, True]
            featured_rows.append((row, f"{name}（{short[code]}）"))
    counters: dict[str, int] = {}
    names = []
    for code, cat in zip(projects["district_code"], projects["category"], strict=True):
        counters[(code, cat)] = counters.get((code, cat), 0) + 1
        names.append(f"{short[code]}{cat}志愿服务项目{counters[(code, cat)]:03d}")
    projects["name"] = names
    for row, name in featured_rows:
        projects.loc[row, "name"] = name
    projects["started_on"] = (pd.Timestamp(2018, 1, 1) + pd.to_timedelta(rng.integers(0, 2098, n), unit="D")).date
    volunteers = np.clip(rng.lognormal(np.log(18), 0.8, n), 3, 600).round().astype(int)
    projects["volunteers"] = volunteers
    projects["beneficiaries"] = (volunteers * np.clip(rng.lognormal(np.log(9), 0.7, n), 1, 200)).round().astype(int)
    projects["service_hours"] = (volunteers * np.clip(rng.lognormal(np.log(14), 0.6, n), 2, 300)).round().astype(int)
    projects.loc[projects["is_featured"], ["volunteers", "beneficiaries", "service_hours"]] *= 4
    projects.insert(0, "project_id", [f"ZY{i:05d}" for i in range(1, n + 1)])
    return projects[
        [
            "project_id",
            "name",
            "category",
            "district_code",
            "street_code",
            "village_id",
            "started_on",
            "volunteers",
            "beneficiaries",
            "service_hours",
            "is_featured",
        ]
    ]


def build_surveys(rng: np.random.Generator) -> pd.DataFrame:
    """Quarterly survey satisfaction with creation results; the city row sums the districts.

    2020's four quarters together give exactly 91.7%, and 2023 Q3 exactly 97.35%.
    """
    per_quarter = 20_000
    # City satisfied counts per quarter (of 20,000): 2020 sums to 73,360 = 91.70% of 80,000.
    city_pct = {
        (2020, 1): 90.95,
        (2020, 2): 91.40,
        (2020, 3): 92.05,
        (2020, 4): 92.40,
        (2021, 1): 92.85,
        (2021, 2): 93.30,
        (2021, 3): 93.90,
        (2021, 4): 94.20,
        (2022, 1): 94.60,
        (2022, 2): 95.10,
        (2022, 3): 95.70,
        (2022, 4): 96.05,
        (2023, 1): 96.60,
        (2023, 2): 97.00,
        (2023, 3): calibration.SURVEY_2023Q3_PCT,
    }
    codes = [d.code for d in DISTRICTS]
    samples = exact_split(per_quarter, np.sqrt([d.population for d in DISTRICTS]))
    district_effect = rng.normal(0, 0.9, len(codes))
    rows = []
    for (year, quarter), pct in city_pct.items():
        target = round(per_quarter * pct / 100)
        rate = np.clip(pct + district_effect + rng.normal(0, 0.35, len(codes)), 80, 99.8) / 100
        satisfied = np.minimum(np.round(samples * rate).astype(int), samples)
        # Nudge districts one respondent at a time until the city total is exact.
        i = 0
        while satisfied.sum() != target:
            j = i % len(codes)
            step = 1 if satisfied.sum() < target else -1
            if 0 <= satisfied[j] + step <= samples[j]:
                satisfied[j] += step
            i += 1
        period = f"{year}Q{quarter}"
        for code, n, s in zip(codes, samples, satisfied, strict=True):
            rows.append((period, year, quarter, code, int(n), int(s)))
        rows.append((period, year, quarter, "110000", per_quarter, target))
    surveys = pd.DataFrame(rows, columns=["period", "year", "quarter", "area_code", "sample_size", "satisfied_count"])
    surveys["satisfaction_pct"] = (surveys["satisfied_count"] / surveys["sample_size"] * 100).round(2)
    return surveys
