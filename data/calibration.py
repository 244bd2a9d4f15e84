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
