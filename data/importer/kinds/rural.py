"""村（社区） (villages) and 志愿服务项目 (volunteer_projects): the 创城+乡村振兴 registers."""

from __future__ import annotations

import pandas as pd

from data import dictionary
from data.importer.columns import Field, KindSpec
from data.importer.kinds import table_frame
from data.importer.places import keep_anchored, resolve_place

_DISTRICT = Field(
    "district_code",
    "所属区",
    "place",
    "区名或代码（朝阳区、朝阳、110105）；留空时由街乡镇代码或坐标确定",
    ("区", "区县", "district"),
    example="怀柔区",
)
_STREET = Field(
    "street_code",
    "所属街乡",
    "place",
    "街乡镇名称或 9 位代码，须属于所属区",
    ("所属街乡镇", "街乡镇", "所属乡镇", "乡镇", "街道", "street"),
    required=True,
    needed=True,
    example="怀柔镇01",
)
VILLAGE_KINDS = {
    "village": "village",
    "community": "community",
    "村": "village",
    "行政村": "village",
    "社区": "community",
    "居委会": "community",
}


def _villages(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    resolve_place(values, raw, problems, ref.places, point=("lon", "lat"))
    keep_anchored(values, raw, problems, ref.places, "village_id", ref.anchored_villages, "村（社区）")
    problems.add(
        (values["history_room_opened_on"].notna() & ~values["has_history_room"].astype(bool)).to_numpy(),
        "history_room_opened_on",
        "填写了陈列室建成日期，但“建有乡情村史陈列室”为否",
    )
    return table_frame(parsed, [c.name for c in dictionary.TABLE_BY_NAME["villages"].columns])


VILLAGES = KindSpec(
    kind="villages",
    zh="村（社区）",
    table="villages",
    key=("village_id",),
    fields=(
        Field(
            "village_id",
            "村（社区）编号",
            "id",
            "唯一编号",
            ("村社区编号", "村编号", "社区编号", "编号"),
            required=True,
            example="CS90001",
        ),
        Field("name", "名称", "text", "村或社区名称", ("村（社区）名称", "村社区名称", "村名"), required=True, example="北沟村"),
        _DISTRICT,
        _STREET,
        Field(
            "kind",
            "类型",
            "choice",
            "村（行政村）或 社区（居委会）",
            ("村社区类型",),
            required=True,
            choices=VILLAGE_KINDS,
            example="村",
        ),
        Field(
            "has_rules",
            "已建村规民约或居民公约",
            "bool",
            "是/否，留空为否",
            ("村规民约", "居民公约", "是否建立村规民约"),
            default=False,
            example="是",
        ),
        Field(
            "has_history_room",
            "建有乡情村史陈列室",
            "bool",
            "是/否，留空为否",
            ("村史陈列室", "乡情村史陈列室"),
            default=False,
            example="是",
        ),
        Field(
            "has_video_screen",
            "建有精神文明宣传视屏",
            "bool",
            "是/否，留空为否",
            ("宣传视屏", "精神文明宣传视屏"),
            default=False,
            example="否",
        ),
        Field(
            "history_room_opened_on",
            "陈列室建成日期",
            "date",
            "不能晚于今天；只在建有陈列室时填写",
            ("建成日期",),
            past_only=True,
            example="2016-05-01",
        ),
        Field("lon", "经度", "place", "WGS-84，须在所属区内", ("lng", "longitude"), example="116.6050"),
        Field("lat", "纬度", "place", "WGS-84", ("latitude",), example="40.3420"),
    ),
    normalise=_villages,
    one_of=(("district_code",), ("lon", "lat")),
    derived={"district_code": ("street_code", "lon", "lat")},
    doc="村和社区名录，一行一个村或社区，带村规民约、乡情村史陈列室和宣传视屏情况。志愿服务项目引用村（社区）编号，所以先导入村（社区）。",
)


def _volunteer_projects(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    resolve_place(values, raw, problems, ref.places)
    villages = ref.villages.set_index("village_id")
    village = values["village_id"]
    known = village.isin(villages.index)
    problems.add(
        (village.notna() & ~known).to_numpy(),
        "village_id",
        "服务村（社区）编号“" + raw["village_id"] + "”不在仓库中，请先导入该村（社区）（villages）",
    )
    village_street = village.map(villages["street_code"])
    elsewhere = known & values["street_code"].notna() & (village_street != values["street_code"])
    problems.add(
        elsewhere.to_numpy(),
        "village_id",
        "服务村（社区）“"
        + raw["village_id"]
        + "”属于"
        + village_street.map(ref.places.street_name).fillna("")
        + "，与所属街乡“"
        + raw["street_code"]
        + "”不符",
    )
    return table_frame(parsed, [c.name for c in dictionary.TABLE_BY_NAME["volunteer_projects"].columns])


VOLUNTEER_PROJECTS = KindSpec(
    kind="volunteer_projects",
    zh="志愿服务项目",
    table="volunteer_projects",
    key=("project_id",),
    fields=(
        Field("project_id", "项目编号", "id", "唯一编号", ("编号",), required=True, example="ZY90001"),
        Field("name", "项目名称", "text", "项目名称", ("名称",), required=True, example="天使巡诊送关爱"),
        Field(
            "category",
            "服务类别",
            "text",
            "如 文化艺术、医疗健身、科技科普",
            ("类别", "项目类别"),
            required=True,
            example="医疗健身",
        ),
        _DISTRICT,
        _STREET,
        Field(
            "village_id",
            "服务村（社区）编号",
            "id",
            "可留空；填写时须已在仓库中，且属于同一街乡镇",
            ("村（社区）编号", "村社区编号"),
            example="CS90001",
        ),
        Field(
            "started_on", "启动日期", "date", "不能晚于今天", ("开始日期",), required=True, past_only=True, example="2021-03-05"
        ),
        Field(
            "volunteers",
            "志愿者人数",
            "int",
            "0–1000000 的整数",
            ("志愿者数",),
            required=True,
            minimum=0,
            maximum=1_000_000,  # a quarter of Beijing's registered volunteers in one project is already a typo
            example="25",
        ),
        Field(
            "beneficiaries",
            "服务人次",
            "int",
            "0–999999999 的整数",
            ("受益人次",),
            required=True,
            minimum=0,
            example="640",
        ),
        Field(
            "service_hours",
            "服务时长",
            "int",
            "小时，0–999999999 的整数",
            ("服务时长（小时）", "服务时长(小时)", "服务小时数"),
            required=True,
            minimum=0,
            example="380",
        ),
        Field("is_featured", "简报点名项目", "bool", "是/否，留空为否", ("是否简报点名",), default=False, example="否"),
    ),
    normalise=_volunteer_projects,
    derived={"district_code": ("street_code",)},
    depends_on=("villages",),
    doc="新时代文明实践志愿服务项目，一行一个项目。",
)
