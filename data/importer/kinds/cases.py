"""问题台账 (cases): 12345 work orders, grid staff findings and creation spot checks."""

from __future__ import annotations

import re
import unicodedata

import h3
import numpy as np
import pandas as pd

from data.demo_places import H3_RESOLUTION
from data.importer import callers
from data.importer.columns import Field, KindSpec
from data.importer.errors import FileRefused
from data.importer.kinds import table_frame
from data.importer.places import resolve_place
from data.importer.values import compact

SOURCES = {
    "hotline": "hotline",
    "12345": "hotline",
    "12345热线": "hotline",
    "12345市民服务热线": "hotline",
    "热线": "hotline",
    "市民热线": "hotline",
    "接诉即办": "hotline",
    "grid": "grid",
    "网格": "grid",
    "网格员": "grid",
    "网格员发现": "grid",
    "网格巡查": "grid",
    "网格上报": "grid",
    "spot_check": "spot_check",
    "抽查": "spot_check",
    "创城抽查": "spot_check",
    "创城抽查抽测": "spot_check",
    "抽查抽测": "spot_check",
}
RATING_WORDS = {
    "满意": "满意",
    "非常满意": "满意",
    "很满意": "满意",
    "基本满意": "基本满意",
    "比较满意": "基本满意",
    "不满意": "不满意",
    "非常不满意": "不满意",
    "很不满意": "不满意",
}
NOT_RATED = {"未评价", "未评", "无", "-", "—", "/", "null", "none", "n/a"}
SATISFIED_FROM, BASICALLY_FROM = 80, 60  # 0–100 scores: ≥ 80 满意, 60–79 基本满意, < 60 不满意
RATING_DOC = f"""满意度存为 满意、基本满意、不满意 三者之一，留空（或 未评价、无、-）表示未评价。接受：

- 文字：满意（也可写 非常满意、很满意）、基本满意（比较满意）、不满意（非常不满意、很不满意）；
- 0–100 的分数：≥ {SATISFIED_FROM} 为满意，{BASICALLY_FROM}–{SATISFIED_FROM - 1} 为基本满意，< {BASICALLY_FROM} 为不满意；
- 1–5 星：写作 `4星` 或 `★★★★`，按 星数 × 20 折成分数后同上（5、4 星满意，3 星基本满意，1、2 星不满意）。若该列的数字
  **全部**是 1–5 的整数，整列按星级理解，并在结果的说明中写明；否则数字按 0–100 分理解。"""

FIELDS = (
    Field(
        "case_id",
        "工单编号",
        "id",
        "工单或案件编号，唯一；已在仓库中的编号会被本次内容更新",
        ("案件编号", "编号"),
        required=True,
        example="G2023010500001",
    ),
    Field(
        "source",
        "来源",
        "choice",
        "12345热线、热线、12345 → hotline；网格、网格员、网格员发现 → grid；抽查、创城抽查 → spot_check",
        ("问题来源", "工单来源", "案件来源"),
        required=True,
        choices=SOURCES,
        example="12345热线",
    ),
    Field(
        "category",
        "问题类别",
        "text",
        "一级类别；可留空，由问题子类确定；填写时须与子类相符",
        ("一级类别", "一级分类"),
        example="城市管理",
    ),
    Field(
        "subcategory",
        "问题子类",
        "text",
        "已知子类之一（见下方列表）",
        ("二级类别", "二级分类", "问题小类"),
        required=True,
        example="堆物堆料",
    ),
    Field(
        "district_code",
        "所属区",
        "place",
        "区名或代码：朝阳区、朝阳、北京市朝阳区、110105 均可；留空时由街乡镇代码或坐标确定",
        ("区", "区县", "所属区县", "行政区", "district"),
        example="朝阳区",
    ),
    Field(
        "street_code",
        "所属街乡",
        "place",
        "街乡镇名称（带不带“街道/镇/乡/地区”均可）或 9 位代码，须属于所属区",
        ("所属街乡镇", "街乡镇", "街道", "所属街道", "street"),
        required=True,
        needed=True,
        example="东华门街道",
    ),
    Field(
        "reported_at",
        "受理时间",
        "datetime",
        "不能晚于今天",
        ("登记时间", "发现时间", "立案时间"),
        required=True,
        past_only=True,
        example="2023-01-05 08:00",
    ),
    Field(
        "responded_at",
        "响应时间",
        "datetime",
        "不能早于受理时间；未响应留空",
        ("首次响应时间",),
        past_only=True,
        example="2023-01-05 09:30",
    ),
    Field(
        "resolved_at",
        "办结时间",
        "datetime",
        "不能早于受理时间和响应时间；未办结留空",
        ("结案时间",),
        past_only=True,
        example="2023-01-06 17:00",
    ),
    Field(
        "rating",
        "满意度",
        "custom",
        "满意 / 基本满意 / 不满意；或 0–100 分（≥80 满意，60–79 基本满意，<60 不满意）；或 1–5 星（写作 4星、★★★★，"
        "或整列都是 1–5 的整数时按星级读）；未评价留空",
        ("满意度评价", "评价结果", "回访满意度"),
        example="满意",
    ),
    Field(
        "lon", "经度", "place", "WGS-84 经度，须在北京市内并在所属区内（容差约 500 米）", ("lng", "longitude"), example="116.4183"
    ),
    Field("lat", "纬度", "place", "WGS-84 纬度，与经度同时填写或同时留空", ("latitude",), example="39.9120"),
    Field(
        "description",
        "诉求内容",
        "text",
        "自由文本，最多 10000 个字符；手机号、座机、身份证号、邮箱和“我叫…”“联系人…”“张先生”等姓名在保存前脱敏",
        ("问题描述", "诉求描述", "内容"),
        example="小区门口堆放杂物，联系人王先生13812345678",
        max_length=10_000,  # a 12345 request runs to a few hundred characters; Excel's own cell limit is 32767
    ),
    Field(
        "address",
        "地址",
        "text",
        "问题发生的地点，到楼栋或小区，例如 朝阳区××街道××小区3号楼东侧；自由文本，门牌号、房间号等个人信息在保存前脱敏，"
        "空格去掉、全角数字转半角（同一地址写法一致，重复诉求才能认出）",
        ("问题地址", "事发地址", "发生地址", "详细地址", "事发地点"),
        example="朝阳区朝外街道吉庆里小区3号楼东侧",
        max_length=200,
    ),
    Field(
        "caller_hash",
        "来电号码",
        "custom",
        "来电人的电话号码，只用于识别“一人多诉”：导入时换成加密哈希（HMAC-SHA256，密钥在仓库之外，见 "
        "$DASHBOARD_CALLER_KEY_FILE），号码本身不保存在任何地方；手机、座机写法均可（+86、空格、横线不影响）",
        ("来电电话", "主叫号码", "来电人电话", "来电人号码"),
        example="13812345678",
        max_length=40,
    ),
    Field(
        "due_at",
        "办理时限",
        "datetime",
        "工单的办理截止时间，不能早于受理时间；留空时按 config/targets.toml 中该来源的办理天数计算（用于“逾期”预警）",
        ("截止时间", "办结时限", "处理时限"),
        example="2023-01-12 08:00",
    ),
)


def normalise(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    resolve_place(values, raw, problems, ref.places, point=("lon", "lat"))

    category_of = dict(zip(ref.categories["subcategory"], ref.categories["category"], strict=True))
    subcategory = compact(raw["subcategory"])
    known = subcategory.isin(category_of.keys())
    problems.add(
        (subcategory != "") & ~known,
        "subcategory",
        "未知的问题子类“" + raw["subcategory"] + "”（可用的子类见 docs/IMPORT.md）",
    )
    category = compact(raw["category"])
    expected = subcategory.map(category_of)
    problems.add(
        known & (category != "") & (category != expected),
        "category",
        "问题类别“" + raw["category"] + "”与问题子类“" + subcategory + "”不符（该子类属于“" + expected.fillna("") + "”）",
    )
    values["subcategory"] = subcategory.where(known, None)
    values["category"] = expected

    reported, responded, resolved = values["reported_at"], values["responded_at"], values["resolved_at"]
    for later, earlier, later_field, earlier_field in (
        (responded, reported, "responded_at", "reported_at"),
        (resolved, reported, "resolved_at", "reported_at"),
        (resolved, responded, "resolved_at", "responded_at"),
    ):
        problems.add(
            (later < earlier).to_numpy(),
            later_field,
            f"{problems.column_label(later_field)}“"
            + raw[later_field]
            + f"”早于{problems.column_label(earlier_field)}“"
            + raw[earlier_field]
            + "”",
        )

    problems.add(
        (values["due_at"] < reported).to_numpy(),
        "due_at",
        f"{problems.column_label('due_at')}“"
        + raw["due_at"]
        + f"”早于{problems.column_label('reported_at')}“"
        + raw["reported_at"]
        + "”",
    )
    values["address"] = _same_spelling(values["address"])
    if "caller_hash" in parsed.present:
        values["caller_hash"] = _caller_hashes(parsed)
    values["rating"] = _ratings(parsed)
    values["campaign_id"] = _campaigns(values["subcategory"], reported, ref.campaigns)
    values["h3_cell"] = _h3_cells(values["lon"], values["lat"])
    return table_frame(
        parsed,
        [
            "case_id",
            "source",
            "category",
            "subcategory",
            "district_code",
            "street_code",
            "lon",
            "lat",
            "reported_at",
            "responded_at",
            "resolved_at",
            "rating",
            "campaign_id",
            "description",
            "h3_cell",
            "address",
            "caller_hash",
            "due_at",
        ],
    )


def _same_spelling(address: pd.Series) -> pd.Series:
    """One address, one spelling: full-width digits and letters as ASCII (NFKC), no spaces."""
    return address.map(lambda a: re.sub(r"\s+", "", unicodedata.normalize("NFKC", a)) if isinstance(a, str) else a)


def _caller_hashes(parsed) -> pd.Series:
    """来电号码 as the keyed hash; a cell that is no phone number rejects its row (without repeating it)."""
    try:
        key = callers.load_key()
    except callers.CallerKeyError as error:
        raise FileRefused(f"{error}；整个文件未导入", len(parsed.raw)) from None
    hashed, bad = callers.hashes(parsed.raw["caller_hash"], key)
    parsed.problems.add(
        bad.to_numpy(), "caller_hash", f"不是有效的电话号码（应为 {callers.MIN_DIGITS}–{callers.MAX_DIGITS} 位数字）"
    )
    return hashed


def _ratings(parsed) -> pd.Series:
    """满意度 as one of the three words: from words, 0–100 scores or 1–5 stars."""
    raw, problems = parsed.raw["rating"], parsed.problems
    text = compact(raw).str.lower()
    words = text.map(RATING_WORDS).astype(object)
    blank = (text == "") | text.isin(NOT_RATED)
    star_text = text.str.extract(r"^(?:([1-5])星|(★{1,5})☆*)$")
    digit_stars = pd.to_numeric(star_text[0], errors="coerce").astype("float64")
    stars = digit_stars.where(digit_stars.notna(), star_text[1].str.len().astype("float64"))
    number = pd.to_numeric(text.where(words.isna() & stars.isna() & ~blank), errors="coerce")
    numeric = number.notna()
    # A column of nothing but whole numbers 1–5 is a star rating, not scores out of 100.
    if numeric.any() and bool(((number[numeric] % 1 == 0) & number[numeric].between(1, 5)).all()):
        parsed.notes.append(
            f"「{problems.column_label('rating')}」的数字全部是 1–5 的整数，已按星级理解（5、4 星为满意，3 星为基本满意，1、2 星为不满意）"
        )
        stars, number = stars.where(stars.notna(), number), number.where(~numeric)
    score = number.where(number.notna(), stars * 20)
    problems.add(((score < 0) | (score > 100)).to_numpy(), "rating", "满意度“" + raw + "”超出范围，分数应在 0–100 之间")
    by_score = pd.Series(
        np.select([score >= SATISFIED_FROM, score >= BASICALLY_FROM], ["满意", "基本满意"], "不满意"),
        index=raw.index,
        dtype=object,
    ).where(score.between(0, 100), None)
    unreadable = ~blank & words.isna() & score.isna()
    problems.add(unreadable, "rating", "无法识别的满意度“" + raw + "”（可填 满意/基本满意/不满意、0–100 分或 1–5 星）")
    return words.where(words.notna(), by_score)


def _campaigns(subcategory: pd.Series, reported: pd.Series, campaigns: pd.DataFrame) -> pd.Series:
    """The campaign targeting the case's subcategory on the day it was reported (first by start date)."""
    out = pd.Series(None, index=subcategory.index, dtype=object)
    day = reported.dt.normalize()
    for row in campaigns.itertuples(index=False):
        hit = (
            out.isna()
            & (subcategory == row.subcategory)
            & (day >= pd.Timestamp(row.started_on))
            & (day <= pd.Timestamp(row.ended_on))
        )
        out[hit] = row.campaign_id
    return out


def _h3_cells(lon: pd.Series, lat: pd.Series) -> pd.Series:
    points = pd.DataFrame({"lon": lon, "lat": lat})
    # Rows whose point is off the globe are already rejected; H3 would raise on them, not return a cell.
    on_earth = points["lon"].between(-180, 180) & points["lat"].between(-90, 90)
    distinct = points[on_earth].drop_duplicates()
    cells = {(x, y): h3.latlng_to_cell(y, x, H3_RESOLUTION) for x, y in distinct.itertuples(index=False)}
    return pd.Series([cells.get((x, y)) for x, y in points.itertuples(index=False)], index=lon.index, dtype=object)


SPEC = KindSpec(
    kind="cases",
    zh="问题台账",
    table="cases",
    key=("case_id",),
    fields=FIELDS,
    normalise=normalise,
    one_of=(("district_code",), ("lon", "lat")),
    secret=("caller_hash",),
    derived={
        "category": ("subcategory",),
        "campaign_id": ("subcategory", "reported_at"),
        "h3_cell": ("lon", "lat"),
        "district_code": ("street_code", "lon", "lat"),
    },
    doc="12345 热线工单、网格员发现和创城抽查的问题，一行一件。专项行动编号由问题子类和受理日期自动确定，H3 格网由坐标计算。",
)
