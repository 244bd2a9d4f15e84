"""Every word a user reads, in one place, so pages say the same thing the same way."""

from __future__ import annotations

from dataclasses import dataclass

APP_TITLE = "首都“创城+”工作看板"
APP_SUBTITLE = "创城+热线+网格 · 创城+街巷治理 · 创城+乡村振兴"
DEMO_NOTICE = (
    "示例数据：本看板当前载入的是按《首都精神文明建设情况简报》2023 年第 16 期数字校准的合成数据，"
    "不是真实记录；街巷、村（社区）名称及郊区街乡镇名称为生成的标签。"
)
DEMO_BADGE = "示例数据"
SOURCE_NOTE = "数据来源：首都精神文明办 · 简报 2023 年第 16 期（总第 2228 期）"
ROLLUPS_MISSING = (
    "数据仓库由旧版本生成，缺少或需要更新看板所需的汇总表和定义：{tables}。"
    "请在服务器上运行 `python -m data rollups`（由明细表重算汇总表，写法与导入相同，不影响正在使用的看板），"
    "完成后刷新本页。"
)

PAGE_ERROR = (
    "本页的这一部分未能显示：看板内部出现了错误，已记录在服务器日志中（编号 {incident}）。"
    "请刷新页面或放宽筛选条件再试；如仍出现，请把编号告诉看板管理员。"
)

PAGES = {
    "overview": ("总览", ":material/dashboard:"),
    "warnings": ("预警", ":material/notifications_active:"),
    "cases": ("接诉即办", ":material/support_agent:"),
    "satisfaction": ("满意度", ":material/sentiment_satisfied:"),
    "alleys": ("背街小巷", ":material/signpost:"),
    "closed_loop": ("闭环台账", ":material/task_alt:"),
    "villages": ("乡村振兴", ":material/agriculture:"),
    "districts": ("区域对比", ":material/leaderboard:"),
    "brief": ("简报", ":material/description:"),
}
# Pages in the navigation of 管理员 only (issue 14): who looked at what, who exported what, the grants.
ADMIN_PAGES = {
    "audit": ("审计与授权", ":material/admin_panel_settings:"),
}

FILTER_DISTRICTS = "区"
FILTER_DISTRICTS_HELP = "不选即为全市。可多选；在地图或表格中点击某区也会筛选到该区。"
FILTER_DISTRICTS_PLACEHOLDER = "全市（16 个区）"
FILTER_PERIOD = "时段（按月）"
FILTER_PERIOD_HELP = "包含起止两个月。同比为上一年相同月份。"
QUICK_GROUPS = {"all": "全市", "core": "非涉农区（东城、西城、石景山）", "agri": "13 个涉农区"}
CITY = "全市"
SELECTION = "所选区域"

SOURCES = {"hotline": "12345热线", "grid": "网格员发现", "spot_check": "创城抽查"}
TARGET_STATUS = {"met": "达标", "near": "接近目标", "missed": "未达标"}
TARGET_NOTE = (
    "目标进度按“实际 ÷ 目标”计（越低越好的指标为“目标 ÷ 实际”），1.00 即达标，最高记 1.25；"
    "0.98 以上为接近目标。目标由办公室在看板的目标配置中设定，区可有本区目标。"
)
FEW_CASES_NOTE = "街乡镇的比率依据的件数（满意率为参评件数）少于 {minimum} 件时不计算，显示为“—”：几件问题不足以排出名次。"
RATING_NOTE = "满意率 = （满意 + 基本满意）÷ 参评件数；仅 12345 热线来电人参评。"
RESPONSE_NOTE = "响应率 = 24 小时内响应件数 ÷ 受理件数；解决率 = 已办结件数 ÷ 受理件数。"


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str
    higher_is_better: bool
    kind: str  # how it is written: ui.formats.KINDS


MEASURES: dict[str, Measure] = {
    "cases": Measure("问题数", "件", False, "count"),
    "cases_per_10k": Measure("每万人问题数", "件/万人", False, "per_10k"),
    "grid_share": Measure("网格员主动发现占比", "%", True, "rate"),
    "response_rate": Measure("响应率", "%", True, "rate"),
    "resolution_rate": Measure("解决率", "%", True, "rate"),
    "satisfaction_rate": Measure("12345 满意率", "%", True, "rate"),
    "survey_satisfaction": Measure("群众满意度（调查）", "%", True, "survey"),
    "alley_score": Measure("背街小巷月评均分", "分", True, "score"),
    "red_list_open": Measure("挂牌督办在办", "条", False, "count"),
    "red_list_overdue": Measure("挂牌督办逾期", "条", False, "count"),
    "red_list_on_time": Measure("挂牌督办按期整改率", "%", True, "rate"),
    "rules_coverage": Measure("村规民约覆盖率", "%", True, "rate"),
    "history_rooms": Measure("乡情村史陈列室", "个", True, "count"),
    "video_screens": Measure("精神文明宣传视屏", "块", True, "count"),
    "volunteer_projects": Measure("志愿服务项目", "个", True, "count"),
    "projects_per_10k": Measure("每万人志愿服务项目", "个/万人", True, "per_10k_fine"),
}


def measure_label(key: str, with_unit: bool = True) -> str:
    measure = MEASURES[key]
    return f"{measure.label}（{measure.unit}）" if with_unit and measure.unit else measure.label


INSPECTION_KINDS = {"daily_patrol": "日巡", "weekly_check": "周查", "monthly_score": "月评", "quarterly_naming": "季点名"}
RED_LIST_STATUSES = {"listed": "已挂牌", "rectifying": "整改中", "rechecked": "已复查待摘牌", "delisted": "已摘牌"}
# 闭环台账: spot-check problems and red-listed alleys as one list of items (data/semantic.sql, closed_loop_as_of).
LOOP_KINDS = {"spot_check": "抽查问题", "red_list": "挂牌街巷"}
LOOP_STAGES = {
    "found": "待交办",
    "assigned": "整改中",
    "rectified": "整改完成待复查",
    "rechecked": "复查通过待销号",
    "closed": "已销号（摘牌）",
}
LOOP_STEPS = {"found": "发现", "assigned": "交办/挂牌", "rectified": "整改完成", "rechecked": "复查通过", "closed": "销号/摘牌"}
LOOP_WAITING = {"found": "待交办", "assigned": "整改中", "rectified": "待复查", "rechecked": "待销号"}
OVERDUE_BANDS = {"week": "7 天以内", "month": "8–30 天", "longer": "30 天以上"}
LOOP_VIEWS = {"overdue": "逾期事项", "open": "全部在办"}
LOOP_NOTE = (
    "抽查问题：创城抽查发现的问题，发现 → 交办 → 整改 → 复查 → 销号；挂牌街巷：挂牌 → 整改 → 复查 → 摘牌，挂牌即交办、"
    "摘牌即销号，责任单位为街巷所在的街道办事处（乡镇人民政府）。逾期：过了整改期限仍未报整改完成；复查未通过的重新整改，"
    "按新定的期限计（未定新期限的按原期限）。返工率 = 复查未通过的问题 ÷ 时段内复查过的问题，只计抽查问题（挂牌督办不记录"
    "复查结果）。销号用时：从发现（挂牌）到销号（摘牌）的天数，取中位数。"
)
LOOP_COLUMNS = {
    "kind": "类别",
    "item_id": "编号",
    "subject": "问题",
    "alley_name": "街巷",
    "responsible_unit": "责任单位",
    "found_on": "发现（挂牌）日期",
    "due_on": "整改期限",
    "stage": "环节",
    "is_overdue": "逾期",
    "days_overdue": "逾期天数",
    "reopen_count": "复查未通过次数",
    "failed_rechecks": "时段内复查未通过次数",
    "recheck_result": "最近复查结果",
    "rectified_on": "最近整改",
    "rechecked_on": "最近复查",
    "closed_on": "销号日期",
    "open_items": "在办（项）",
    "overdue_items": "逾期（项）",
    "overdue_spot_check": "逾期抽查问题（件）",
    "overdue_red_list": "逾期挂牌街巷（条）",
    "overdue_longer": "逾期 30 天以上（项）",
    "longest_overdue_days": "最长逾期（天）",
    "overdue_share": "逾期占在办（%）",
    "rechecked_items": "复查（件）",
    "reopened_items": "复查未通过（件）",
    "reopen_rate": "返工率（%）",
    "closed_spot_check": "抽查问题销号（件）",
    "median_days_spot_check": "销号用时中位数（天）",
    "closed_red_list": "挂牌街巷摘牌（条）",
    "median_days_red_list": "摘牌用时中位数（天）",
}
VILLAGE_KINDS = {"village": "村", "community": "社区"}

# 预警 (early warnings): the page's words; the reasons themselves are worded in data/warnings/wording.py.
WARNINGS_TITLE = "预警 · 本周需要处理的事项"
WARNINGS_SUMMARY = "异动、重复诉求、一人多诉、逾期、连续靠后：每条写明是什么、在哪里、比预期多多少、从何时起，点开看背后的记录"
# Filled with the thresholds of config/targets.toml ([warnings]), so the note says what the list applies.
WARNINGS_NOTE = (
    "异动：街乡镇某子类本周或上周的 12345 受理量，不少于 {surge_min_count:g} 件、至少是预期的 {surge_min_ratio:g} 倍，"
    "且按泊松分布如此之多的概率约在万分之一以下；预期取往年同期与近期水平中较高者，按节假日和调休折算。"
    "重复诉求：12345 诉求中同一地址（无地址时同一约 100 米见方的格）同一子类 {repeat_days:g} 天内 {repeat_min_count:g} 次以上。"
    "一人多诉：同一来电人 {caller_days:g} 天内 {caller_min_count:g} 次以上（按来电号码的加密哈希识别，仓库不存号码）。"
    "逾期：近 {overdue_lookback_days:g} 天受理、超过办理时限（12345 {deadline_days_hotline:g} 天、网格 {deadline_days_grid:g} 天，"
    "工单自带时限的从其时限）未办结的问题，超过整改期限的创城抽查问题和挂牌督办街巷。"
    "连续靠后：连续 {lagging_months:g} 个月处于全市街乡镇后 10%。"
)
WARNINGS_EMPTY = "所选区域在本周没有预警。"
WARNINGS_NONE_SHOWN = "没有符合所选类型和状态的预警。请在上方多选几种类型或状态。"
WARNINGS_PICK = "点击表格中的一行，查看这条预警的说明、背后的记录，并标记处理进度。"
WARNINGS_KIND_FILTER = "类型"
WARNINGS_STATE_FILTER = "处理状态"
WARNINGS_RECORDS = "背后的记录"
WARNINGS_LINKS = {
    "cases": "在“接诉即办”中打开该街乡镇的问题清单",
    "alleys": "在“背街小巷”中查看挂牌督办",
    "districts": "在“区域对比”中查看该街乡镇",
}
WARNINGS_NO_RECORDS = "这条预警来自各月的汇总指标，没有逐条记录：请打开上方的链接，在“区域对比”中查看该街乡镇的各项数字。"
WARNINGS_ALLEY_RECORD = "这条预警是一条挂牌督办：请打开上方的链接，在“背街小巷”的挂牌督办清单中查看（逾期的排在最前）。"
WARNINGS_STATE_NOTE = "处理状态保存在看板自己的数据库中（不随数据导入而改变），每次更改都记入审计记录。"
WARNINGS_MOVED = "已将这条预警改为“{state}”。"
WARNINGS_CHANGED_BY = "{state}：{user}，{at}"

TABLE_EXPANDER = "查看数据表"
DOWNLOAD_CSV = "下载 CSV（Excel 可直接打开）"
DOWNLOAD_XLSX = "下载 Excel"
EMPTY_SELECTION = "所选区域和时段内没有数据。请放宽筛选条件：选择更多区或更长的时段。"

# Column headers for every table shown or downloaded; English names stay in code.
COLUMNS = {
    "district_code": "区划代码",
    "district_name": "区",
    "name": "名称",
    "short_name": "区",
    "is_agricultural": "涉农区",
    "population": "常住人口",
    "area_km2": "面积（平方千米）",
    "cases": "问题数（件）",
    "hotline_cases": "12345热线（件）",
    "grid_cases": "网格员发现（件）",
    "cases_per_10k": "每万人问题数",
    "grid_share": "网格员发现占比（%）",
    "response_rate": "响应率（%）",
    "resolution_rate": "解决率（%）",
    "satisfaction_rate": "满意率（%）",
    "alley_score": "月评均分",
    "alleys": "背街小巷（条）",
    "civilized_alleys": "首都文明街巷（条）",
    "red_list_open": "挂牌在办（条）",
    "red_list_overdue": "挂牌逾期（条）",
    "villages_and_communities": "村（社区）数",
    "villages_with_rules": "建有村规民约（个）",
    "rules_coverage": "村规民约覆盖率（%）",
    "history_rooms": "村史陈列室（个）",
    "video_screens": "宣传视屏（块）",
    "volunteer_projects": "志愿服务项目（个）",
    "projects_per_10k": "每万人项目数",
    "beneficiaries": "服务人次",
    "survey_satisfaction": "群众满意度（%）",
    "month_start": "月份",
    "source": "来源",
    "source_name": "来源",
    "category": "问题类别",
    "subcategory": "问题子类",
    "cases_year_before": "上年同期（件）",
    "change_pct": "同比（%）",
    "campaign_id": "行动编号",
    "targets": "目标问题",
    "started_on": "开始",
    "ended_on": "结束",
    "before_start": "对比期开始",
    "before_end": "对比期结束",
    "target_before": "目标类上年同期（件）",
    "target_during": "目标类行动期间（件）",
    "target_change_pct": "目标类同比（%）",
    "others_before": "其他类上年同期（件）",
    "others_during": "其他类行动期间（件）",
    "others_change_pct": "其他类同比（%）",
    "net_change_pct": "相对对照净变化（%）",
    "net_low_pct": "净变化 95% 区间下限（%）",
    "net_high_pct": "净变化 95% 区间上限（%）",
    "street_code": "街乡镇代码",
    "street_name": "街乡镇",
    "kind": "类型",
    "period": "季度",
    "area_name": "地区",
    "sample_size": "样本量",
    "satisfied_count": "满意人数",
    "satisfaction_pct": "满意度（%）",
    "rated": "参评件数",
    "satisfied": "满意件数",
    "alley_id": "街巷编号",
    "alley_name": "街巷",
    "length_m": "长度（米）",
    "score": "最新月评分",
    "is_civilized": "首都文明街巷",
    "on_red_list": "挂牌督办中",
    "scored_on": "评分日期",
    "supervision_id": "督办编号",
    "trigger_score": "挂牌时得分",
    "main_problem": "主要问题",
    "listed_on": "挂牌日期",
    "deadline": "整改期限",
    "rectified_on": "整改完成",
    "rechecked_on": "复查日期",
    "delisted_on": "摘牌日期",
    "status": "状态",
    "days_open": "已挂牌天数",
    "is_overdue": "逾期",
    "rectified_late": "逾期完成",
    "civilized_since": "命名日期",
    "last_reviewed_on": "最近复查",
    "next_review_on": "下次复查",
    "days_to_review": "距复查（天）",
    "latest_score": "最新月评分",
    "named_on": "点名日期",
    "naming_result": "点名结果",
    "quarter_score": "季度均分",
    "item_name": "标准条目",
    "standard_group": "类别",
    "fail_pct": "失分比例（%）",
    "scored": "评分次数",
    "short": "失分次数",
    "mean_score": "平均分",
    "p10_score": "后 10% 分位",
    "alleys_scored": "参评街巷",
    "below_line": "低于挂牌线",
    "villages": "村",
    "communities": "社区",
    "with_rules": "建有村规民约",
    "history_room_coverage": "陈列室覆盖率（%）",
    "video_screen_coverage": "视屏覆盖率（%）",
    "village_id": "编号",
    "has_rules": "村规民约",
    "has_history_room": "村史陈列室",
    "has_video_screen": "宣传视屏",
    "history_room_opened_on": "陈列室建成",
    "projects": "项目数",
    "volunteers": "志愿者（人）",
    "service_hours": "服务时长（小时）",
    "project_id": "项目编号",
    "village_name": "服务村（社区）",
    "value": "数值",
    "rank": "排名",
    "case_id": "工单编号",
    "reported_at": "受理时间",
    "responded_at": "响应时间",
    "resolved_at": "办结时间",
    "rating": "评价",
    "index_vs_year_before": "同比指数（上年同月=100）",
    "is_target": "专项行动目标类",
    "started": "当月新增",
    "cumulative": "累计",
    "h3_cell": "格网编号",
    "focus_area": "重点区域",
    "kind_label": "类型",
    "state_label": "处理状态",
    "place": "地点",
    "count": "件数",
    "expected": "预期",
    "since": "起始",
    "reason": "说明",
    "address": "地址",
    "due": "办理时限",
}
