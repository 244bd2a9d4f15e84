"""Synthetic street geography: populations, centres and point pools per street.

Each street gets a centre inside its district and a pool of points around it (all inside
the district's polygon). Cases, alleys and villages draw their locations from these pools,
which keeps every point inside its own district and places problems where people live.
"""

from __future__ import annotations

import h3
import numpy as np
import pandas as pd

from data.geography import DISTRICTS, sample_inside, street_names

POOL_SIZE = 400
H3_RESOLUTION = 7
POINTS_PER_PLACE = 10  # a 小区 (or a village) holds ten of a street's pool points, one building each

# Generated place labels for addresses: 40 first parts, so that a street's 40 小区 never share a name.
_PLACE_FIRST = tuple(
    "和平 幸福 建安 光明 安华 育新 友谊 华兴 金台 东兴 西苑 南湖 北辰 长青 明德 嘉园 朝晖 景泰 康乐 丰和 "
    "永安 瑞祥 春晖 紫荆 新源 清河 宏达 锦绣 文华 馨园 广源 富力 晨光 顺心 安贞 望京 绿洲 天润 万兴 松榆".split()
)
_COMMUNITY_KINDS = ("小区", "家园", "东里", "西里", "北里", "南里", "花园", "苑")
_SIDES = ("东侧", "西侧", "南侧", "北侧", "门口", "东门", "西门", "南门", "北门", "底商", "路口", "楼下")


def build_streets(rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """The `streets` table and a point index used to place records."""
    rows = []
    pools = []
    for district in DISTRICTS:
        names = street_names(district)
        n = len(names)
        # Street populations: a lopsided split of the district total (街道 denser than 乡镇).
        density = np.array([3.0 if kind == "街道" else 1.0 for _, kind in names])
        shares = rng.dirichlet(np.full(n, 4.0)) * density
        shares /= shares.sum()
        population = np.floor(shares * district.population).astype(int)
        population[np.argmax(population)] += district.population - population.sum()
        centers = sample_inside(district.code, rng, n)
        # Urban streets are compact; towns and townships spread over the mountains and plains.
        spread = np.sqrt(district.area_km2 / n) / 111 * 0.45
        for i, (name, kind) in enumerate(names):
            code = f"{district.code}{i + 1:03d}"
            rows.append((code, district.code, name, kind, int(population[i]), *centers[i]))
            spread_i = spread * (0.6 if kind == "街道" else 1.0)
            pools.append(sample_inside(district.code, rng, POOL_SIZE, center=centers[i], spread_deg=spread_i))
    streets = pd.DataFrame(
        rows, columns=["street_code", "district_code", "name", "kind", "population", "center_lon", "center_lat"]
    )
    return streets, _point_index(streets, pools)


def _point_index(streets: pd.DataFrame, pools: list[np.ndarray]) -> dict:
    pool_xy = np.vstack(pools)
    district_codes = [d.code for d in DISTRICTS]
    district_of_street = streets["district_code"].map({c: i for i, c in enumerate(district_codes)}).to_numpy()
    # Cumulative street weights offset by district number: district i's streets cover (i, i+1].
    # Cases follow street population, with hot spots: some streets draw far more per resident
    # (the 治理类 streets of the hotline), most often dense 街道 on the urban fringe.
    rng = np.random.default_rng(len(streets))
    fringe = streets["district_code"].isin(["110105", "110106", "110112", "110114", "110115"]) & (streets["kind"] == "街道")
    weights = streets["population"].to_numpy(dtype=float) * rng.lognormal(0, 0.3, len(streets)) * np.where(fringe, 1.4, 1.0)
    cum = np.empty(len(streets))
    for i in range(len(district_codes)):
        mask = district_of_street == i
        cum[mask] = i + np.cumsum(weights[mask]) / weights[mask].sum()

    def pick(rng: np.random.Generator, district_index: np.ndarray) -> np.ndarray:
        u = district_index + rng.random(len(district_index)) * (1 - 1e-12)
        return np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1)

    share = np.empty(len(streets))
    for i in range(len(district_codes)):
        mask = district_of_street == i
        share[mask] = weights[mask] / weights[mask].sum()
    return {
        "codes": streets["street_code"].to_numpy(dtype=object),
        "district_of_street": district_of_street,
        "kind": streets["kind"].to_numpy(dtype=object),
        "pick": pick,
        "pool_offset": np.arange(len(streets)) * POOL_SIZE,
        "pool_size": np.full(len(streets), POOL_SIZE),
        "pool_lon": pool_xy[:, 0],
        "pool_lat": pool_xy[:, 1],
        "pool_h3": np.array([h3.latlng_to_cell(y, x, H3_RESOLUTION) for x, y in pool_xy], dtype=object),
        "pool_address": point_addresses(streets),
        "street_share": share,  # each street's share of its district's cases
    }


def point_addresses(streets: pd.DataFrame) -> np.ndarray:
    """An address for every pool point, street after street, as a 12345 work order writes the place of a
    problem (朝阳区…街道…小区3号楼东侧). A pure function of the street list, so that the planted truth
    (data/demo_plants.py) names the same addresses without building the warehouse."""
    from data.geography import DISTRICT_BY_CODE

    out = []
    for seq, row in enumerate(streets.itertuples(index=False)):
        prefix = f"{DISTRICT_BY_CODE[row.district_code].name}{row.name}"
        for point in range(POOL_SIZE):
            place, building = divmod(point, POINTS_PER_PLACE)
            first = _PLACE_FIRST[(place + 7 * seq) % len(_PLACE_FIRST)]
            side = _SIDES[(point * 5 + seq) % len(_SIDES)]
            if row.kind == "街道":
                kind = _COMMUNITY_KINDS[(place + seq) % len(_COMMUNITY_KINDS)]
                out.append(f"{prefix}{first}{kind}{building + 1}号楼{side}")
            else:
                out.append(f"{prefix}{first}村{building + 1}号院{side}")
    return np.array(out, dtype=object)
