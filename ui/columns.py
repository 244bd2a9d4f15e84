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
