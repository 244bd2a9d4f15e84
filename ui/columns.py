"""Which columns the tables of several pages show, in order: kept in one place so that the same
table reads the same on every page (headers: ui.labels.COLUMNS; number formats: ui.formats)."""

# A street's row: 接诉即办's list of streets and 区域对比's streets of a district.
STREETS = [
    "name",
    "kind",
    "population",
    "cases",
    "cases_per_10k",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "alleys",
    "red_list_open",
    "villages_and_communities",
    "history_rooms",
]

# A district's row in 区域对比's league table.
LEAGUE = [
    "name",
    "cases_per_10k",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "grid_share",
    "survey_satisfaction",
    "alley_score",
    "red_list_open",
    "red_list_overdue",
    "rules_coverage",
    "history_rooms",
    "video_screens",
    "projects_per_10k",
]

# Short headers for the wide tables on screen (the downloads keep the full ones of ui.labels.COLUMNS),
# so that every column fits a 1366-px laptop; the caption under a table says the units.
COMPACT_HEADERS = {
    "name": "名称",
    "kind": "类型",
    "population": "常住人口",
    "cases": "问题数",
    "cases_per_10k": "每万人问题",
    "response_rate": "响应率",
    "resolution_rate": "解决率",
    "satisfaction_rate": "满意率",
    "grid_share": "网格发现",
    "survey_satisfaction": "群众满意度",
    "alley_score": "月评均分",
    "alleys": "背街小巷",
    "red_list_open": "挂牌在办",
    "red_list_overdue": "挂牌逾期",
    "rules_coverage": "村规覆盖",
    "villages_and_communities": "村（社区）",
    "history_rooms": "陈列室",
    "video_screens": "宣传视屏",
    "projects_per_10k": "每万人项目",
}
UNITS_NOTE = "响应率、解决率、满意率、网格发现、群众满意度、村规覆盖单位为 %；每万人指标按 2020 年人口普查常住人口折算。"
