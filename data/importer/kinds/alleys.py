"""背街小巷 (alleys), 街巷检查记录 (alley_inspections) and 挂牌督办 (alley_supervisions)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from data import dictionary
from data.importer.columns import Field, KindSpec
from data.importer.kinds import table_frame
from data.importer.places import check_point, keep_anchored, resolve_place

_DISTRICT = Field(
    "district_code",
    "所属区",
    "place",
    "区名或代码（朝阳区、朝阳、110105）；留空时由街乡镇代码或起点坐标确定",
    ("区", "区县", "district"),
    example="东城区",
)
_STREET = Field(
    "street_code",
    "所属街乡",
    "place",
    "街乡镇名称或 9 位代码，须属于所属区",
    ("所属街乡镇", "街乡镇", "街道", "所属街道", "street"),
    required=True,
    needed=True,
    example="景山街道",
)
_ALLEY_ID = Field("alley_id", "街巷编号", "id", "街巷的唯一编号", ("小巷编号",), required=True, example="JX90001")


def _alleys(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    resolve_place(values, raw, problems, ref.places, point=("start_lon", "start_lat"))
    check_point(values, raw, problems, ref.places, values["district_code"], ("end_lon", "end_lat"))
    keep_anchored(values, raw, problems, ref.places, "alley_id", ref.anchored_alleys, "街巷")
    civilized = values["is_civilized"].astype(bool)
    since, last, following = values["civilized_since"], values["last_reviewed_on"], values["next_review_on"]
    for column in ("civilized_since", "last_reviewed_on", "next_review_on"):
        problems.add(
            (values[column].notna() & ~civilized).to_numpy(),
            column,
            f"填写了{problems.column_label(column)}，但“是否首都文明街巷”为否",
        )
    problems.add(
        (last < since).to_numpy(),
        "last_reviewed_on",
        "最近复查日期“" + raw["last_reviewed_on"] + "”早于命名日期“" + raw["civilized_since"] + "”",
    )
    problems.add(
        (following <= last).to_numpy(),
        "next_review_on",
        "下次复查日期“" + raw["next_review_on"] + "”应晚于最近复查日期“" + raw["last_reviewed_on"] + "”",
    )
    return table_frame(parsed, [c.name for c in dictionary.TABLE_BY_NAME["alleys"].columns])


ALLEYS = KindSpec(
    kind="alleys",
    zh="背街小巷",
    table="alleys",
    key=("alley_id",),
    fields=(
        _ALLEY_ID,
        Field("name", "街巷名称", "text", "街巷名称", ("名称",), required=True, example="景山后街"),
        _DISTRICT,
        _STREET,
        Field(
            "length_m",
            "长度",
            "int",
            "长度，单位米，1–20000 的整数",
            ("长度（米）", "长度(米)", "街巷长度"),
            required=True,
            minimum=1,
            maximum=20_000,
            example="320",
        ),
        Field("start_lon", "起点经度", "place", "WGS-84；起点经纬度同时填写或同时留空", example="116.3963"),
        Field("start_lat", "起点纬度", "place", "WGS-84", example="39.9288"),
        Field("end_lon", "终点经度", "place", "WGS-84；须在所属区内", example="116.3990"),
        Field("end_lat", "终点纬度", "place", "WGS-84", example="39.9290"),
        Field("is_civilized", "是否首都文明街巷", "bool", "是/否，留空为否", ("首都文明街巷",), default=False, example="是"),
        Field(
            "civilized_since", "命名日期", "date", "命名为首都文明街巷的日期，不能晚于今天", past_only=True, example="2022-12-16"
        ),
        Field("last_reviewed_on", "最近复查日期", "date", "不能晚于今天，不能早于命名日期", past_only=True, example="2023-06-30"),
        Field("next_review_on", "下次复查日期", "date", "可以是将来的日期，须晚于最近复查日期", example="2024-06-30"),
    ),
    normalise=_alleys,
    one_of=(("district_code",), ("start_lon", "start_lat")),
    derived={"district_code": ("street_code", "start_lon", "start_lat")},
    doc="背街小巷台账，一行一条街巷。检查记录和挂牌督办引用街巷编号，所以先导入街巷。",
)


INSPECTION_KINDS = {
    **{code: code for code in dictionary.INSPECTION_KINDS},
    **{zh: code for code, zh in dictionary.INSPECTION_KINDS.items()},
    "日常巡查": "daily_patrol",
    "每周检查": "weekly_check",
    "月度评价": "monthly_score",
    "月度考评": "monthly_score",
    "季度点名": "quarterly_naming",
}
_ITEM_FIELDS = tuple(
    Field(code, name, "int", f"{group}分项得分，0–{points} 分", minimum=0, maximum=points, example=str(points))
    for code, group, name, points in dictionary.ALLEY_STANDARD_ITEMS
)


def _alley_exists(parsed, ref, column: str = "alley_id") -> None:
    alley = parsed.values[column]
    parsed.problems.add(
        (alley.notna() & ~alley.isin(ref.alley_ids)).to_numpy(),
        column,
        "街巷编号“" + parsed.raw[column] + "”不在仓库中，请先导入这条街巷（alleys）",
    )


def _inspections(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    _alley_exists(parsed, ref)
    kind = values["kind"]
    problems.add(
        (values["naming_result"].notna() & (kind != "quarterly_naming")).to_numpy(),
        "naming_result",
        "点名结果只用于季点名，此行的检查类型是“" + raw["kind"] + "”",
    )
    items = pd.DataFrame({code: values[code] for code in dictionary.ALLEY_ITEM_COLUMNS})
    filled = items.notna().sum(axis=1)
    partial = ((kind == "monthly_score") & (filled > 0) & (filled < len(items.columns))).to_numpy()
    missing_names = items.isna().apply(
        lambda row: "、".join(problems.column_label(c) for c in items.columns[row.to_numpy()][:3]), axis=1
    )
    problems.add(
        partial,
        dictionary.ALLEY_ITEM_COLUMNS[0],
        "月评须填写全部 19 项分项得分，缺少 " + (len(items.columns) - filled).astype(str) + " 项（如「" + missing_names + "」）",
        value=pd.Series("", index=raw.index),
        column="（分项得分）",
    )
    complete = filled == len(items.columns)
    total = items.sum(axis=1, min_count=len(items.columns))
    score = values["score"]
    mismatch = (complete & score.notna() & ((score - total).abs() > 0.05)).to_numpy()
    problems.add(mismatch, "score", "得分“" + raw["score"] + "”不等于 19 项分项得分之和 " + total.map("{:g}".format))
    values["score"] = score.where(score.notna() | ~complete, total)
    problems.add(
        ((kind == "monthly_score") & values["score"].isna()).to_numpy(),
        "score",
        "月评须填写得分或全部 19 项分项得分",
    )
    return table_frame(parsed, [c.name for c in dictionary.TABLE_BY_NAME["alley_inspections"].columns])


INSPECTIONS = KindSpec(
    kind="alley_inspections",
    zh="街巷检查记录",
    table="alley_inspections",
    key=("inspection_id",),
    fields=(
        Field(
            "inspection_id",
            "检查编号",
            "int",
            "检查记录的唯一编号，正整数，最多 15 位（更长的编号无法精确保存）",
            ("记录编号",),
            required=True,
            minimum=1,
            example="900001",
        ),
        _ALLEY_ID,
        Field("inspected_on", "检查日期", "date", "不能晚于今天", ("日期",), required=True, past_only=True, example="2023-09-30"),
        Field(
            "kind",
            "检查类型",
            "choice",
            "日巡、周查、月评、季点名（或 daily_patrol 等英文代码）",
            ("类型",),
            required=True,
            choices=INSPECTION_KINDS,
            example="月评",
        ),
        Field(
            "score",
            "得分",
            "float",
            "0–100；月评可留空，由 19 项分项得分相加；填写时须等于其和",
            ("总分",),
            minimum=0,
            maximum=100,
            example="92",
        ),
        Field(
            "issues_found",
            "发现问题数",
            "int",
            "一次检查发现的问题数，0–1000 的整数",
            ("问题数",),
            minimum=0,
            maximum=1000,  # one round of one alley; more is a typing mistake (the column holds up to 32767)
            example="1",
        ),
        Field(
            "naming_result",
            "点名结果",
            "choice",
            "表扬 或 通报，只用于季点名",
            choices={"表扬": "表扬", "通报": "通报"},
            example="",
        ),
        *_ITEM_FIELDS,
    ),
    normalise=_inspections,
    derived={"score": dictionary.ALLEY_ITEM_COLUMNS},
    depends_on=("alleys",),
    doc="日巡、周查、月评、季点名，一行一次检查。月评带“十无五好四有” 19 项分项得分，列名为条目名称（如 无私搭乱建）或条目代码。",
)


STATUSES = {
    **{code: code for code in dictionary.SUPERVISION_STATUSES},
    **{zh: code for code, zh in dictionary.SUPERVISION_STATUSES.items()},
    "挂牌": "listed",
    "整改": "rectifying",
    "复查": "rechecked",
    "摘牌": "delisted",
}


def _supervisions(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    _alley_exists(parsed, ref)
    problems.add(
        (values["deadline"] < values["listed_on"]).to_numpy(),
        "deadline",
        "整改期限“" + raw["deadline"] + "”早于挂牌日期“" + raw["listed_on"] + "”",
    )
    steps = ("listed_on", "rectified_on", "rechecked_on", "delisted_on")
    for earlier, later in itertools.pairwise(steps):
        label_later, label_earlier = problems.column_label(later), problems.column_label(earlier)
        problems.add(
            (values[later] < values[earlier]).to_numpy(),
            later,
            f"{label_later}“" + raw[later] + f"”早于{label_earlier}“" + raw[earlier] + "”",
        )
        if earlier != "listed_on":
            problems.add(
                (values[later].notna() & values[earlier].isna()).to_numpy(),
                later,
                f"有{label_later}却没有{label_earlier}：督办须依次经过整改、复查、摘牌",
            )
    derived = pd.Series(
        np.select(
            [values["delisted_on"].notna(), values["rechecked_on"].notna(), values["rectified_on"].notna()],
            ["delisted", "rechecked", "rectifying"],
            "listed",
        ),
        index=raw.index,
        dtype=object,
    )
    status = values["status"]
    # A stated status must agree with the dates: the rungs it has reached and none beyond.
    consistent = (
        ((status == "delisted") == values["delisted_on"].notna())
        & ~((status == "rechecked") & values["rechecked_on"].isna())
        & ~(status.isin(["listed", "rectifying"]) & values["rechecked_on"].notna())
        & ~((status == "listed") & values["rectified_on"].notna())
    )
    problems.add(
        (status.notna() & ~consistent).to_numpy(),
        "status",
        "状态“" + raw["status"] + "”与所填日期不符（按日期应为“" + derived.map(dictionary.SUPERVISION_STATUSES) + "”）",
    )
    values["status"] = status.where(status.notna(), derived)
    return table_frame(parsed, [c.name for c in dictionary.TABLE_BY_NAME["alley_supervisions"].columns])


_ITEM_NAMES = {**{name: name for _, _, name, _ in dictionary.ALLEY_STANDARD_ITEMS}}
_ITEM_NAMES.update({code: name for code, _, name, _ in dictionary.ALLEY_STANDARD_ITEMS})

SUPERVISIONS = KindSpec(
    kind="alley_supervisions",
    zh="挂牌督办",
    table="alley_supervisions",
    key=("supervision_id",),
    fields=(
        Field("supervision_id", "督办编号", "id", "督办记录的唯一编号", ("挂牌编号",), required=True, example="GP90001"),
        _ALLEY_ID,
        Field("trigger_score", "挂牌时月评分", "float", "0–100", ("月评分", "挂牌分数"), minimum=0, maximum=100, example="71"),
        Field(
            "main_problem",
            "主要问题",
            "choice",
            "“十无五好四有”条目名称（如 无乱停车）或条目代码",
            choices=_ITEM_NAMES,
            example="无乱停车",
        ),
        Field("listed_on", "挂牌日期", "date", "不能晚于今天", required=True, past_only=True, example="2023-08-05"),
        Field(
            "deadline",
            "整改期限",
            "date",
            "可以是将来的日期，不能早于挂牌日期",
            ("整改时限",),
            required=True,
            example="2023-09-04",
        ),
        Field("rectified_on", "整改完成日期", "date", "不能晚于今天，不能早于挂牌日期", past_only=True, example="2023-08-28"),
        Field("rechecked_on", "复查日期", "date", "须有整改完成日期，且不早于它", past_only=True, example="2023-09-05"),
        Field("delisted_on", "摘牌日期", "date", "须有复查日期，且不早于它", past_only=True, example="2023-09-10"),
        Field(
            "status",
            "状态",
            "choice",
            "已挂牌 / 整改中 / 已复查 / 已摘牌；留空时按日期确定，填写时须与日期相符",
            choices=STATUSES,
            example="已摘牌",
        ),
    ),
    normalise=_supervisions,
    derived={"status": ("rectified_on", "rechecked_on", "delisted_on")},
    depends_on=("alleys",),
    doc="低分街巷挂牌督办的全过程：挂牌 → 整改 → 复查 → 摘牌，一行一次挂牌。",
)
