"""The brief's figures that the demo warehouse reproduces exactly, and the demo's period.

Tests read these back from the built warehouse through the query layer; the generator
uses them as targets. Source: 首都精神文明建设情况简报 2023 年第 16 期 (../shared/seed).
"""

from datetime import date

DATA_START = date(2020, 1, 1)
DATA_END = date(2023, 9, 30)  # the demo's "today": end of 2023 Q3, the brief's latest quarter

DISTRICTS = 16
AGRICULTURAL_DISTRICTS = 13
ALLEYS = 5_393
CIVILIZED_ALLEYS = 762
VILLAGES_WITH_RULES_AT_LEAST = 7_000
VOLUNTEER_PROJECTS_AT_LEAST = 12_000
HISTORY_ROOMS = 685
VIDEO_SCREENS = 1_226
SURVEY_2020_PCT = 91.7
SURVEY_2023Q3_PCT = 97.35
CAMPAIGN_INTAKE_CHANGE_PCT = -30.6
MUNICIPAL_DEPARTMENTS = 34
FARMERS_ART_FESTIVALS = 34

# Figures of the work itself, stored in `programme_facts` as the brief states them.
BRIEF_SOURCE = "首都精神文明建设情况简报 2023 年第 16 期（总第 2228 期）"
PROGRAMME_FACTS: tuple[tuple[str, str, str, int, str], ...] = (
    ("municipal_departments", "乡村振兴", "乡村文化振兴工作专班成员市级部门", MUNICIPAL_DEPARTMENTS, "个"),
    ("agricultural_districts", "乡村振兴", "乡村文化振兴工作专班成员涉农区", AGRICULTURAL_DISTRICTS, "个"),
    ("measure_areas", "乡村振兴", "丰富乡村文化生活等具体举措涉及方面", 5, "个"),
    ("measures", "乡村振兴", "具体举措", 17, "条"),
    ("farmers_art_festivals", "乡村振兴", "连续举办“北京农民艺术节”", FARMERS_ART_FESTIVALS, "届"),
    ("alley_mobilisation_years", "街巷治理", "连续召开背街小巷环境精细化治理动员部署大会", 7, "年"),
)

# The six campaigns the brief names, each on one targeted subcategory; windows are whole
# months so that "the same period a year before" is the same calendar months of 2022.
CAMPAIGNS: tuple[tuple[str, str, str, date, date, tuple[str, ...]], ...] = (
    (
        "ZX2023-01",
        "“文明驾车 礼让行人”专项整治",
        "主要路口、背街小巷",
        date(2023, 3, 1),
        date(2023, 9, 30),
        ("文明驾车礼让行人",),
    ),
    ("ZX2023-02", "非法小广告专项整治", "老旧小区、背街小巷", date(2023, 4, 1), date(2023, 9, 30), ("非法小广告",)),
    ("ZX2023-03", "堆物堆料专项整治", "老旧小区、背街小巷", date(2023, 4, 1), date(2023, 9, 30), ("堆物堆料",)),
    ("ZX2023-04", "“门前三包”专项行动", "背街小巷、农贸市场", date(2023, 5, 1), date(2023, 9, 30), ("门前三包",)),
    ("ZX2023-05", "停车秩序专项整治", "老旧小区、背街小巷", date(2023, 3, 1), date(2023, 9, 30), ("停车秩序",)),
    ("ZX2023-06", "市民文明行为专项引导", "农贸市场、公共场所", date(2023, 6, 1), date(2023, 9, 30), ("市民文明行为",)),
)
