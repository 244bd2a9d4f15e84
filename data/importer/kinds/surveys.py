"""创建成效满意度调查 (satisfaction): survey results per quarter, for the city and the districts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data import dictionary
from data.geography import CITY_CODE
from data.importer.columns import Field, KindSpec
from data.importer.kinds import table_frame
from data.importer.values import compact

CITY_SPELLINGS = ("110000", "全市", "北京市", "北京", "市级")
_PERIOD = r"^(?P<year>\d{4})\s*(?:年)?\s*(?:第)?\s*[Qq]?\s*(?P<quarter>[1-4一二三四])\s*(?:季度|季)?$"
_QUARTER_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
PCT_TOLERANCE = 0.051  # a stated percentage may be rounded to one decimal
BEIJING_RESIDENTS = 22_000_000  # no survey asks more people than live in the city (21.9 million in 2020)


def _surveys(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    # Quarter: from 季度 (2023Q3, 2023年第3季度) or from 年份 and 季度序号; both, if given, must agree.
    period = compact(raw["period"]).str.replace("-", "", regex=False)
    parts = period.str.extract(_PERIOD)
    p_year = pd.to_numeric(parts["year"], errors="coerce")
    p_quarter = pd.to_numeric(parts["quarter"].replace(_QUARTER_DIGITS), errors="coerce")
    problems.add(
        ((period != "") & p_year.isna()).to_numpy(),
        "period",
        "无法识别的季度“" + raw["period"] + "”，应写作 2023Q3 或 2023年第3季度",
    )
    year, quarter = values["year"], values["quarter"]
    clash = p_year.notna() & ((year.notna() & (year != p_year)) | (quarter.notna() & (quarter != p_quarter)))
    problems.add(clash.to_numpy(), "period", "季度“" + raw["period"] + "”与年份、季度序号不一致")
    year = p_year.where(p_year.notna(), year)
    quarter = p_quarter.where(p_quarter.notna(), quarter)
    problems.add((year.isna() | quarter.isna()).to_numpy() & (period == "").to_numpy(), "period", "缺少季度（或年份与季度序号）")
    quarter_start = pd.to_datetime({"year": year, "month": quarter * 3 - 2, "day": 1}, errors="coerce")
    problems.add(
        (quarter_start > pd.Timestamp(ref.today)).to_numpy(),
        "period",
        "季度“"
        + year.astype("Int64").astype(str)
        + "Q"
        + quarter.astype("Int64").astype(str)
        + f"”尚未开始（今天是 {ref.today}）",
    )
    values["year"], values["quarter"] = year, quarter
    values["period"] = (year.astype("Int64").astype(str) + "Q" + quarter.astype("Int64").astype(str)).where(
        year.notna() & quarter.notna()
    )

    # Area: the city or a district, by code or name.
    area_text = compact(raw["area_code"])
    city = area_text.isin(CITY_SPELLINGS)
    district = ref.places.district_codes(raw["area_code"])
    problems.add(
        ((area_text != "") & ~city & district.isna()).to_numpy(),
        "area_code",
        "未知的地区“" + raw["area_code"] + "”，应为 全市（110000）或 16 个区之一",
    )
    values["area_code"] = district.where(~city, CITY_CODE)

    sample, satisfied, pct = values["sample_size"], values["satisfied_count"], values["satisfaction_pct"]
    problems.add(
        (satisfied > sample).to_numpy(),
        "satisfied_count",
        "满意人数“" + raw["satisfied_count"] + "”大于样本量“" + raw["sample_size"] + "”",
    )
    problems.add((satisfied.isna() & pct.isna()).to_numpy(), "satisfaction_pct", "满意度和满意人数至少填写一项")
    computed = (satisfied / sample * 100).round(2)
    problems.add(
        ((computed - pct).abs() > PCT_TOLERANCE).to_numpy(),
        "satisfaction_pct",
        "满意度“" + raw["satisfaction_pct"] + "”与满意人数 ÷ 样本量（" + computed.map("{:.2f}".format) + "%）不符",
    )
    values["satisfied_count"] = satisfied.where(satisfied.notna(), (pct * sample / 100).round())
    values["satisfaction_pct"] = pd.Series(np.where(computed.notna(), computed, pct), index=raw.index)
    return table_frame(parsed, [c.name for c in dictionary.TABLE_BY_NAME["satisfaction_surveys"].columns])


SPEC = KindSpec(
    kind="satisfaction",
    zh="创建成效满意度调查",
    table="satisfaction_surveys",
    key=("period", "area_code"),
    fields=(
        Field(
            "period",
            "季度",
            "custom",
            "2023Q3、2023年第3季度 或 2023年三季度；也可改填“年份”和“季度序号”两列",
            ("调查季度",),
            example="2023Q3",
        ),
        Field("year", "年份", "int", "与季度序号一起使用，可代替“季度”列", ("年度",), minimum=2000, maximum=2100, example="2023"),
        Field("quarter", "季度序号", "int", "1–4", minimum=1, maximum=4, example="3"),
        Field(
            "area_code",
            "地区",
            "custom",
            "全市（或 北京市、110000）或 区名/区代码",
            ("地区代码", "区", "所属区"),
            required=True,
            needed=True,
            example="全市",
        ),
        Field(
            "sample_size",
            "样本量",
            "int",
            "受访人数，1–22000000 的整数（不超过北京常住人口）",
            ("样本数", "受访人数"),
            required=True,
            minimum=1,
            maximum=BEIJING_RESIDENTS,
            example="20000",
        ),
        Field(
            "satisfied_count",
            "满意人数",
            "int",
            "不大于样本量；可留空，由满意度 × 样本量算出",
            minimum=0,
            maximum=BEIJING_RESIDENTS,
            example="19470",
        ),
        Field(
            "satisfaction_pct",
            "满意度",
            "percent",
            "百分数，0–100，可带 %；可留空，由满意人数 ÷ 样本量算出；两者都填时须一致（容差 0.05）",
            ("满意率", "满意度（%）", "满意度(%)"),
            minimum=0,
            maximum=100,
            example="97.35",
        ),
    ),
    normalise=_surveys,
    one_of=(("period",), ("year", "quarter")),
    derived={
        "period": ("year", "quarter"),
        "year": ("period",),
        "quarter": ("period",),
        "satisfied_count": ("satisfaction_pct",),
        "satisfaction_pct": ("satisfied_count", "sample_size"),
    },
    doc="群众对创建成效的满意度调查结果（不是 12345 的满意率），一行一个季度 × 地区；同一季度和地区再次导入时更新。",
)
