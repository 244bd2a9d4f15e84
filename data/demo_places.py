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
    }
