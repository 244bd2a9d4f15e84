"""街乡镇 (streets): the office's own list of streets, towns and townships with real names."""

from __future__ import annotations

import pandas as pd

from data import dictionary
from data.importer.columns import Field, KindSpec
from data.importer.kinds import table_frame
from data.importer.places import check_point
from data.importer.values import compact

STREET_KINDS = {"街道": "街道", "镇": "镇", "乡": "乡", "地区": "乡", "民族乡": "乡"}


def _streets(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    places = ref.places
    code = compact(raw["street_code"])
    code = code.where(~code.str.fullmatch(r"\d{9}000").fillna(False), code.str[:9])  # 12-digit statistical codes
    well_formed = code.str.fullmatch(r"\d{9}").fillna(False)
    problems.add(
        ((code != "") & ~well_formed).to_numpy(),
        "street_code",
        "街乡镇代码“" + raw["street_code"] + "”应为 9 位数字（区代码 6 位 + 3 位序号），或以 000 结尾的 12 位统计用代码",
    )
    code_district = code.str[:6].where(well_formed)
    known_prefix = code_district.isin(places.district_name.keys())
    problems.add(
        (well_formed & ~known_prefix).to_numpy(),
        "street_code",
        "街乡镇代码“" + raw["street_code"] + "”的前 6 位不是北京市的区代码",
    )
    stated = places.district_codes(raw["district_code"])
    problems.add(
        ((raw["district_code"] != "") & stated.isna()).to_numpy(),
        "district_code",
        "未知的区“" + raw["district_code"] + "”，应为北京市 16 个区之一，可写作 朝阳区、朝阳 或 110105",
    )
    problems.add(
        (stated.notna() & known_prefix & (stated != code_district)).to_numpy(),
        "street_code",
        "街乡镇代码“" + raw["street_code"] + "”的前 6 位与所属区“" + raw["district_code"] + "”的代码不符",
    )
    district = stated.where(stated.notna(), code_district.where(known_prefix))
    values["street_code"] = code.where(well_formed)
    values["district_code"] = district

    name = values["name"]
    suffix_kind = pd.Series(None, index=raw.index, dtype=object)
    for suffix, kind in (("街道", "街道"), ("地区", "乡"), ("乡", "乡"), ("镇", "镇")):
        suffix_kind = suffix_kind.where(suffix_kind.notna() | ~name.fillna("").str.endswith(suffix), kind)
    kind = values["kind"]
    problems.add(
        (kind.isna() & suffix_kind.isna() & (raw["kind"] == "")).to_numpy(),
        "kind",
        "无法从名称“" + raw["name"] + "”判断类型，请填写“类型”（街道 / 镇 / 乡）",
    )
    values["kind"] = kind.where(kind.notna(), suffix_kind)

    # A name already used by another street of the same district would make matching by name ambiguous.
    existing = places.streets.set_index(["district_code", "name"])["street_code"]
    pairs = pd.MultiIndex.from_arrays([district.fillna(""), name.fillna("")])
    other = pd.Series(existing.reindex(pairs).to_numpy(), index=raw.index)
    problems.add(
        (other.notna() & (other != values["street_code"])).to_numpy(),
        "name",
        district.map(places.district_name).fillna("") + "已有名为“" + raw["name"] + "”的街乡镇（代码 " + other.fillna("") + "）",
    )
    check_point(values, raw, problems, places, district, ("center_lon", "center_lat"))
    return table_frame(parsed, [c.name for c in dictionary.TABLE_BY_NAME["streets"].columns])


SPEC = KindSpec(
    kind="streets",
    zh="街乡镇",
    table="streets",
    key=("street_code",),
    fields=(
        Field(
            "street_code",
            "街乡镇代码",
            "custom",
            "9 位：区代码 + 3 位序号（如 110101001）；也接受以 000 结尾的 12 位统计用代码",
            ("代码", "街道代码", "乡镇代码"),
            required=True,
            example="110101001",
        ),
        Field(
            "district_code",
            "所属区",
            "place",
            "区名或代码；可留空，由代码前 6 位确定",
            ("区", "区县", "district"),
            example="东城区",
        ),
        Field(
            "name",
            "名称",
            "text",
            "街道、镇或乡的名称",
            ("街乡镇名称", "街道名称", "乡镇名称"),
            required=True,
            example="东华门街道",
        ),
        Field(
            "kind",
            "类型",
            "choice",
            "街道 / 镇 / 乡（地区办事处按乡）；留空时按名称结尾判断",
            choices=STREET_KINDS,
            example="街道",
        ),
        Field(
            "population",
            "常住人口",
            "int",
            "人，0–1000000 的整数（北京最大的街乡镇也远不到 100 万人）",
            ("人口",),
            minimum=0,
            maximum=1_000_000,
            example="76143",
        ),
        Field("center_lon", "中心点经度", "place", "WGS-84，须在所属区内", ("经度",), example="116.3952"),
        Field("center_lat", "中心点纬度", "place", "WGS-84", ("纬度",), example="39.9133"),
    ),
    normalise=_streets,
    derived={"district_code": ("street_code",), "kind": ("name",)},
    doc="街道、镇、乡名录。示例仓库中东城、西城、石景山以外的街乡镇名称是生成的标签，导入真实名录后按代码替换。"
    "问题台账、街巷、村（社区）按名称匹配街乡镇，所以宜先导入街乡镇。",
)
