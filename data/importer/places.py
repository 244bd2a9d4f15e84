"""Districts, streets and coordinates: matched however the source system spelled them.

A district may be written 110105, 朝阳区, 朝阳 or 北京市朝阳区 (full-width or spaced); a
street by its code or by its name within the district, with or without 街道/镇/乡/地区.
A point must lie in Beijing and in the stated district; when the district is missing it
is taken from the point (or from the street code). Boundaries are simplified, so a point
within about 500 m of the stated district's border still counts as inside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import shapely

from data.geography import district_shapes
from data.importer.errors import Problems
from data.importer.values import compact, parse_number, unreadable_number

BORDER_TOLERANCE_DEG = 0.005  # about 430 m east-west and 550 m north-south at Beijing's latitude
_STREET_SUFFIX = re.compile(r"(街道办事处|街道|地区办事处|地区|办事处|镇|乡)$")


@cache
def _buffered_shapes() -> dict[str, shapely.Geometry]:
    shapes = {}
    for code, geometry in district_shapes().items():
        buffered = geometry.buffer(BORDER_TOLERANCE_DEG)
        shapely.prepare(buffered)
        shapes[code] = buffered
    return shapes


def district_key(text: str) -> str:
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for prefix in ("北京市", "北京"):
        key = key.removeprefix(prefix)
    return key


def street_key(text: str) -> str:
    return _STREET_SUFFIX.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def map_unique(values: pd.Series, function) -> pd.Series:
    """`values.map(function)`, calling it once per distinct value (files repeat names a lot)."""
    distinct = pd.unique(values)
    return values.map(dict(zip(distinct, map(function, distinct), strict=True))).astype(object)


@dataclass
class Places:
    """District and street names from the warehouse, for matching what a file says."""

    districts: pd.DataFrame  # district_code, name, short_name
    streets: pd.DataFrame  # street_code, district_code, name, kind

    def __post_init__(self) -> None:
        self.district_name = dict(zip(self.districts["district_code"], self.districts["name"], strict=True))
        self.district_lookup: dict[str, str] = {}
        for code, name, short in self.districts[["district_code", "name", "short_name"]].itertuples(index=False):
            for spelling in (code, name, short, f"{short}县"):
                self.district_lookup[district_key(spelling)] = code
        self.street_district = dict(zip(self.streets["street_code"], self.streets["district_code"], strict=True))
        self.street_name = dict(zip(self.streets["street_code"], self.streets["name"], strict=True))
        # (district, spelling) → street code; a spelling shared by two streets of a district is left out.
        by_name: dict[tuple[str, str], set[str]] = {}
        city_wide: dict[str, set[str]] = {}
        for code, district, name in self.streets[["street_code", "district_code", "name"]].itertuples(index=False):
            for spelling in {re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)), street_key(name)}:
                by_name.setdefault((district, spelling), set()).add(code)
                city_wide.setdefault(spelling, set()).add(code)
        self.street_lookup = {k: next(iter(v)) for k, v in by_name.items() if len(v) == 1}
        self.street_city_lookup = {k: next(iter(v)) for k, v in city_wide.items() if len(v) == 1}

    def district_codes(self, values: pd.Series) -> pd.Series:
        """District code for each spelling; None where empty or unknown."""
        return map_unique(values, lambda v: self.district_lookup.get(district_key(v)) if v else None)

    def street_code_of(self, values: pd.Series) -> pd.Series:
        """The street code a cell names by code (9 digits, or 12 ending in 000); None otherwise."""
        key = compact(values)
        key = key.where(~key.str.fullmatch(r"\d{9}000").fillna(False), key.str[:9])
        return key.where(key.isin(self.street_district.keys()), None).astype(object)

    def containing_district(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """The district whose boundary contains each point (None outside them all)."""
        out = np.full(len(lon), None, dtype=object)
        todo = ~(np.isnan(lon) | np.isnan(lat))
        for code, geometry in district_shapes().items():
            if not todo.any():
                break
            idx = np.flatnonzero(todo)
            inside = shapely.contains_xy(geometry, lon[idx], lat[idx])
            out[idx[inside]] = code
            todo[idx[inside]] = False
        return out

    def near_district(self, codes: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Whether each point is inside its district, allowing the border tolerance."""
        out = np.zeros(len(lon), dtype=bool)
        shapes = _buffered_shapes()
        for code in pd.unique(codes[pd.notna(codes)]):
            idx = np.flatnonzero(codes == code)
            out[idx] = shapely.contains_xy(shapes[code], lon[idx], lat[idx])
        return out


def resolve_place(
    values: dict[str, pd.Series],
    raw: pd.DataFrame,
    problems: Problems,
    places: Places,
    district: str = "district_code",
    street: str | None = "street_code",
    point: tuple[str, str] | None = None,
) -> None:
    """Fill `values[district]` and `values[street]` with codes (and the point's floats), adding problems.

    Order: the district as written; else the district of a street code; else the district
    containing the point. Then the street within that district, and the point checked
    against it.
    """
    n = len(raw)
    district_text = raw[district]  # every field has a column here, "" where the file lacks it
    stated = places.district_codes(district_text)
    unknown = (district_text != "") & stated.isna()
    problems.add(
        unknown,
        district,
        "未知的区“" + district_text + "”，应为北京市 16 个区之一，可写作 朝阳区、朝阳 或 110105",
    )
    code = stated.copy()

    street_text = raw[street] if street else pd.Series("", index=raw.index, dtype=object)
    street_by_code = places.street_code_of(street_text) if street else pd.Series(None, index=raw.index, dtype=object)
    street_district = street_by_code.map(places.street_district)
    code = code.where(code.notna(), street_district)

    lon = lat = None
    if point is not None:
        lon_field, lat_field = point
        lon, lat, has_point = _read_point(raw, problems, point)
        where = "（" + raw[lon_field] + "，" + raw[lat_field] + "）"
        swapped = has_point & (lon > 35) & (lon < 45) & (lat > 110) & (lat < 125)
        problems.add(swapped, lon_field, "坐标" + where + "的经度和纬度像是填反了（北京经度约 115.4–117.5，纬度约 39.4–41.1）")
        containing = places.containing_district(np.where(has_point, lon, np.nan), np.where(has_point, lat, np.nan))
        unplaced = has_point & pd.isna(containing)
        if unplaced.any():
            # Not strictly inside any district: near a border (tolerance) or outside Beijing.
            near_any = np.zeros(n, dtype=bool)
            idx = np.flatnonzero(unplaced)
            for geometry_code in _buffered_shapes():
                hit = places.near_district(np.full(len(idx), geometry_code, dtype=object), lon[idx], lat[idx])
                near_any[idx[hit]] = True
            problems.add(unplaced & ~near_any & ~swapped, lon_field, "坐标" + where + "不在北京市范围内")
        # A stated (or street-given) district must contain the point.
        disagree = has_point & code.notna().to_numpy() & (containing != code.to_numpy())
        if disagree.any():
            near = places.near_district(np.where(disagree, code.to_numpy(), None), lon, lat)
            off = disagree & ~near & ~unplaced
            if off.any():
                located = pd.Series(containing, index=raw.index).map(places.district_name).fillna("")
                problems.add(
                    off,
                    lon_field,
                    "坐标" + where + "不在" + code.map(places.district_name).fillna("") + "内，而在" + located,
                )
        code = code.where(code.notna(), pd.Series(containing, index=raw.index))
        # Stored to 6 decimals (about 0.1 m), as the demo's points are.
        values[lon_field] = pd.Series(np.where(has_point, lon, np.nan), index=raw.index).round(6)
        values[lat_field] = pd.Series(np.where(has_point, lat, np.nan), index=raw.index).round(6)

    if street:
        # A street code that belongs to another district than the one stated.
        clash = stated.notna() & street_district.notna() & (stated != street_district)
        problems.add(
            clash,
            street,
            "街乡镇代码“"
            + street_text
            + "”属于"
            + street_district.map(places.district_name).fillna("")
            + "，与所属区“"
            + district_text
            + "”不符",
        )
        # By name: within the district, else (district unknown) a name unique in the city.
        name_key = map_unique(street_text, lambda v: re.sub(r"\s+", "", unicodedata.normalize("NFKC", v)) if v else "")
        stripped = map_unique(street_text, lambda v: street_key(v) if v else "")
        by_name = pd.Series(
            [
                places.street_lookup.get((d, k)) or places.street_lookup.get((d, s))
                if isinstance(d, str) and k
                else (places.street_city_lookup.get(k) or places.street_city_lookup.get(s) if k else None)
                for d, k, s in zip(code, name_key, stripped, strict=True)
            ],
            index=raw.index,
            dtype=object,
        )
        street_code = street_by_code.where(street_by_code.notna(), by_name)
        code = code.where(code.notna(), street_code.map(places.street_district))
        unmatched = (street_text != "") & street_code.isna() & ~clash
        district_label = code.map(places.district_name)
        problems.add(
            unmatched & code.notna(),
            street,
            district_label.fillna("") + "没有名为“" + street_text + "”的街乡镇（可写名称或 9 位街乡镇代码）",
        )
        problems.add(
            unmatched & code.isna(),
            street,
            "无法识别的街乡镇“" + street_text + "”：全市有多个同名或没有此名，请同时填写所属区",
        )
        needed = street_text == ""
        problems.add(needed, street, "必填，不能为空")
        values[street] = street_code

    problems.add(
        code.isna() & (district_text == "") & ~problems.bad,
        district,
        "缺少所属区，且无法由街乡镇代码或坐标确定",
    )
    values[district] = code


def _read_point(raw: pd.DataFrame, problems: Problems, point: tuple[str, str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A row's longitude and latitude as numbers, the unreadable and the half-given reported; and
    which rows have a whole readable point."""
    lon_field, lat_field = point
    lon_s, lon_bad = parse_number(raw[lon_field])
    lat_s, lat_bad = parse_number(raw[lat_field])
    problems.add(lon_bad, lon_field, "经度" + unreadable_number(raw[lon_field]))
    problems.add(lat_bad, lat_field, "纬度" + unreadable_number(raw[lat_field]))
    lon, lat = lon_s.to_numpy(), lat_s.to_numpy()
    half = (np.isnan(lon) ^ np.isnan(lat)) & ~lon_bad & ~lat_bad  # an unreadable one is reported as such
    problems.add(half & np.isnan(lat), lat_field, "只填了经度，缺少纬度")
    problems.add(half & np.isnan(lon), lon_field, "只填了纬度，缺少经度")
    return lon, lat, ~(np.isnan(lon) | np.isnan(lat)) & ~lon_bad & ~lat_bad


def check_point(
    values: dict[str, pd.Series],
    raw: pd.DataFrame,
    problems: Problems,
    places: Places,
    district_codes: pd.Series,
    point: tuple[str, str],
) -> None:
    """A second point of a row (an alley's end): both or neither given, inside the row's district."""
    lon_field, lat_field = point
    lon, lat, has_point = _read_point(raw, problems, point)
    codes = district_codes.to_numpy(dtype=object)
    known = has_point & pd.notna(codes)
    inside = places.near_district(np.where(known, codes, None), lon, lat)
    where = "（" + raw[lon_field] + "，" + raw[lat_field] + "）"
    problems.add(known & ~inside, lon_field, "坐标" + where + "不在" + district_codes.map(places.district_name).fillna("") + "内")
    values[lon_field] = pd.Series(np.where(has_point, lon, np.nan), index=raw.index).round(6)
    values[lat_field] = pd.Series(np.where(has_point, lat, np.nan), index=raw.index).round(6)


def keep_anchored(
    values: dict[str, pd.Series], raw: pd.DataFrame, problems: Problems, places: Places, key: str, anchored: pd.Series, what: str
) -> None:
    """Rows that would move a record others point to (an alley with inspections) to another street are kept aside."""
    old = values[key].map(anchored)
    moved = old.notna() & values["street_code"].notna() & (old != values["street_code"])
    problems.add(
        moved.to_numpy(),
        "street_code",
        f"{what}“"
        + raw[key]
        + "”在仓库中属于"
        + old.map(places.street_name).fillna("")
        + "，且已有记录引用它，不能改属“"
        + raw["street_code"]
        + "”",
    )
