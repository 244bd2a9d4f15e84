"""抽查问题督办环节 (spot_check_stages): 交办, 整改, 复查 (with its result) and 销号 of spot-check problems.

Each row is one step of one problem. Beyond the generic checks, a step must belong to a 创城抽查 case
already in the warehouse, fall on or after the day the problem was found, and fit the loop as the
warehouse already has it: 交办 → 整改 → 复查 → 销号, a failed 复查 sending it back to 整改. The steps of the
file and those stored are walked together in date order, so a 复查 file may follow the 整改 reports of an
earlier import, and importing the same file again replaces its own rows and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data import dictionary
from data.importer.columns import Field, KindSpec
from data.importer.kinds import table_frame
from data.importer.values import parse_choice

STAGES = {
    **{code: code for code in dictionary.SPOT_CHECK_STEPS},
    **{zh: code for code, zh in dictionary.SPOT_CHECK_STEPS.items()},
    "转办": "assigned",
    "派单": "assigned",
    "整改完成": "rectified",
    "已整改": "rectified",
    "复核": "rechecked",
    "已销号": "closed",
}
RESULTS = {"通过": "通过", "未通过": "未通过", "合格": "通过", "不合格": "未通过", "passed": "通过", "failed": "未通过"}
_RANK = {"assigned": 1, "rectified": 2, "rechecked": 3, "closed": 4}
# What each step needs before it, said to the person whose row broke the order.
_NEEDS = {
    "assigned": "交办（含转办）只能在整改完成之前",
    "rectified": "整改须在交办之后（复查未通过后可再次整改），且不能重复报送",
    "rechecked": "复查须在整改之后",
    "closed": "销号须在复查通过之后",
}
# State of the loop → the steps that may come next.
_ALLOWED = {
    "found": {"assigned"},
    "assigned": {"assigned", "rectified"},
    "rectified": {"rechecked"},
    "passed": {"closed"},
    "closed": set(),
}


def _stages(parsed, ref) -> pd.DataFrame:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    stage = values["stage"]
    if "stage" in parsed.present:  # the column may be left out (a 复查结果 file), not a cell of it
        problems.add((raw["stage"] == "").to_numpy(), "stage", "必填，不能为空")
        # An empty or unreadable cell is not a 复查 (the default is for the missing column): no step's rules apply.
        stage, _ = parse_choice(raw["stage"], STAGES)
    _fields_of_each_step(parsed, stage)
    problems.add(
        (values["due_on"] < values["stage_on"]).to_numpy(),
        "due_on",
        "整改期限“" + raw["due_on"] + "”早于环节日期“" + raw["stage_on"] + "”",
    )
    items = _items(ref, values["case_id"])
    _belongs_to_a_spot_check(parsed, items)
    _fits_the_loop(parsed, items, _stored_steps(ref, items.index))
    return table_frame(parsed, [c.name for c in dictionary.TABLE_BY_NAME["spot_check_stages"].columns])


def _fields_of_each_step(parsed, stage: pd.Series) -> None:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    label = problems.column_label
    assigned, rechecked = (stage == "assigned").to_numpy(), (stage == "rechecked").to_numpy()
    # Whether a cell is filled, read or not: an unreadable value has its own reason already.
    unit, due, result = ((raw[name] != "").to_numpy() for name in ("responsible_unit", "due_on", "recheck_result"))
    problems.add(assigned & ~unit, "responsible_unit", f"交办须填写{label('responsible_unit')}")
    problems.add(assigned & ~due, "due_on", f"交办须填写{label('due_on')}")
    problems.add(~assigned & unit, "responsible_unit", f"{label('responsible_unit')}只在交办时填写（再次交办即转办）")
    problems.add(rechecked & ~result, "recheck_result", f"复查须填写{label('recheck_result')}：通过 或 未通过")
    problems.add(~rechecked & result, "recheck_result", f"{label('recheck_result')}只在复查时填写")
    failed = (values["recheck_result"] == "未通过").to_numpy()
    problems.add(~assigned & ~failed & due, "due_on", f"{label('due_on')}只在交办或复查未通过（重新整改）时填写")


def _items(ref, case_ids: pd.Series) -> pd.DataFrame:
    """The warehouse's cases among the file's ids: source name and the day found, by case_id."""
    return (
        ref.con.execute(
            "select c.case_id, c.source, s.name as source_name, c.reported_at::date as found_on "
            "from cases as c join case_sources as s using (source) "
            "join (select unnest($ids::varchar[]) as case_id) as wanted using (case_id)",
            {"ids": case_ids.dropna().unique().tolist()},
        )
        .df()
        .set_index("case_id")
    )


def _belongs_to_a_spot_check(parsed, items: pd.DataFrame) -> None:
    values, raw, problems = parsed.values, parsed.raw, parsed.problems
    case_id = values["case_id"]
    known = case_id.isin(items.index)
    problems.add(
        (case_id.notna() & ~known).to_numpy(),
        "case_id",
        "问题编号“" + raw["case_id"] + "”不在仓库中；请先导入这条问题（cases）",
    )
    source_name = case_id.map(items["source_name"])
    problems.add(
        (known & (case_id.map(items["source"]) != "spot_check")).to_numpy(),
        "case_id",
        "问题编号“" + raw["case_id"] + "”的来源是“" + source_name.fillna("") + "”：只有创城抽查发现的问题有督办环节",
    )
    found = pd.to_datetime(case_id.map(pd.to_datetime(items["found_on"]).to_dict()))  # a dict: an empty frame maps too
    problems.add(
        (values["stage_on"] < found).to_numpy(),
        "stage_on",
        "环节日期“" + raw["stage_on"] + "”早于该问题的发现日期 " + found.dt.strftime("%Y-%m-%d").fillna(""),
    )


def _stored_steps(ref, case_ids: pd.Index) -> pd.DataFrame:
    """The steps the warehouse already holds for these cases (none in a warehouse from before the table)."""
    if not ref.con.execute("select 1 from duckdb_tables() where table_name = 'spot_check_stages'").fetchall():
        return pd.DataFrame({"case_id": [], "stage": [], "stage_on": pd.to_datetime([]), "recheck_result": []})
    return ref.con.execute(
        "select g.case_id, g.stage, g.stage_on, g.recheck_result from spot_check_stages as g "
        "join (select unnest($ids::varchar[]) as case_id) as wanted using (case_id)",
        {"ids": case_ids.tolist()},
    ).df()


@dataclass
class _Step:
    stage: str
    on: pd.Timestamp
    result: str | None
    position: int | None  # the file row's position; None for a step already stored

    @property
    def label(self) -> str:
        if self.stage == "rechecked":
            return f"复查{self.result}"
        return dictionary.SPOT_CHECK_STEPS[self.stage]


def _fits_the_loop(parsed, items: pd.DataFrame, stored: pd.DataFrame) -> None:
    """Walk each problem's steps, stored and from the file, in date order (steps of one day in the
    loop's order); a file row that does not follow from the steps before it is kept aside with why."""
    values, problems = parsed.values, parsed.problems
    good = ~problems.bad
    rows = pd.DataFrame(
        {
            "case_id": values["case_id"],
            "stage": values["stage"],
            "stage_on": values["stage_on"],
            "result": values["recheck_result"],
            "position": np.arange(len(good)),
        }
    )[good]
    # A file row replaces the stored step with its key (so a second import changes nothing); the same
    # key twice in the file is left to the duplicate check, which names both rows.
    rows = rows.drop_duplicates(["case_id", "stage", "stage_on"])
    stored = stored.assign(stage_on=pd.to_datetime(stored["stage_on"]))
    replaced = stored.set_index(["case_id", "stage", "stage_on"]).index.isin(
        rows.set_index(["case_id", "stage", "stage_on"]).index
    )
    stored = stored[~replaced]
    stored_by_case = {case_id: group for case_id, group in stored.groupby("case_id")}
    reasons: dict[int, str] = {}
    for case_id, group in rows.groupby("case_id", sort=False):
        steps = [_Step(r.stage, r.stage_on, r.result, r.position) for r in group.itertuples(index=False)]
        if case_id in stored_by_case:
            steps += [_Step(r.stage, r.stage_on, r.recheck_result, None) for r in stored_by_case[case_id].itertuples()]
        steps.sort(key=lambda s: (s.on, _RANK[s.stage]))
        reasons.update(_walk(steps, items.at[case_id, "found_on"]))
    if reasons:
        mask = np.zeros(len(good), dtype=bool)
        mask[list(reasons)] = True
        text = pd.Series("", index=parsed.raw.index, dtype=object)
        text.iloc[list(reasons)] = list(reasons.values())
        problems.add(mask, "stage_on", text)


def _walk(steps: list[_Step], found_on) -> dict[int, str]:
    """Reasons by file position for the steps of one problem that break the loop."""
    state, last = "found", f"{pd.Timestamp(found_on):%Y-%m-%d} 发现"
    accepted: list[int] = []
    reasons: dict[int, str] = {}
    for step in steps:
        if step.stage not in _ALLOWED[state]:
            if step.position is not None:
                reasons[step.position] = f"{_NEEDS[step.stage]}；该问题此前的最近环节是 {last}"
                continue
            # A stored step no longer follows: the file's earlier-dated rows broke it.
            for position in accepted:
                reasons[position] = (
                    f"本行早于仓库中该问题已有的环节（{step.on:%Y-%m-%d} {step.label}），插入后环节顺序不成立；"
                    "请按时间顺序导入环节"
                )
            return reasons
        if step.position is not None:
            accepted.append(step.position)
        state = {"assigned": "assigned", "rectified": "rectified", "closed": "closed"}.get(step.stage)
        if step.stage == "rechecked":
            state = "passed" if step.result == "通过" else "assigned"
        last = f"{step.on:%Y-%m-%d} {step.label}"
    return reasons


SPEC = KindSpec(
    kind="spot_check_stages",
    zh="抽查问题督办环节",
    table="spot_check_stages",
    key=("case_id", "stage", "stage_on"),
    fields=(
        Field(
            "case_id",
            "问题编号",
            "id",
            "创城抽查问题的工单编号，须已在仓库中（先导入问题台账 cases）",
            ("工单编号", "抽查问题编号"),
            required=True,
            example="SAMPLE-2023-0004",
        ),
        Field(
            "stage",
            "环节",
            "choice",
            "交办（转办）、整改（整改完成）、复查、销号；整列省略时每行都是复查（复查结果文件）",
            ("督办环节",),
            choices=STAGES,
            default="rechecked",
            example="复查",
        ),
        Field(
            "stage_on",
            "环节日期",
            "date",
            "不能晚于今天，不能早于问题的发现日期；同一问题的环节须依次为 交办 → 整改 → 复查 → 销号，复查未通过后重新整改",
            ("日期", "复查日期", "交办日期", "整改日期", "整改完成日期", "销号日期"),
            required=True,
            past_only=True,
            example="2023-04-14",
        ),
        Field(
            "recheck_result",
            "复查结果",
            "choice",
            "通过 或 未通过（也可写 合格、不合格），只用于复查；未通过即重新整改",
            ("结果",),
            choices=RESULTS,
            example="未通过",
        ),
        Field(
            "responsible_unit",
            "责任单位",
            "text",
            "只用于交办：负责整改的单位；再次交办即转办给新的单位",
            ("承办单位", "整改责任单位"),
            example="朝阳街道03办事处",
        ),
        Field(
            "due_on",
            "整改期限",
            "date",
            "交办时必填；复查未通过时可填新的期限；可以是将来的日期，不能早于环节日期",
            ("整改时限", "新整改期限"),
            example="2023-04-20",
        ),
        Field(
            "note",
            "说明",
            "text",
            "自由文本，如复查意见；手机号、身份证号和姓名等在保存前脱敏",
            ("备注", "复查意见"),
            example="复查发现楼道仍有小广告",
        ),
    ),
    normalise=_stages,
    depends_on=("cases",),
    doc=(
        "创城抽查发现的问题的督办环节：交办 → 整改 → 复查 → 销号，一行一个环节；复查未通过即重新整改（可填新的整改期限）。"
        "发现日期是问题台账中该问题的受理时间。只有“问题编号、复查日期、复查结果、说明”几列的复查结果文件也可直接导入："
        "省略“环节”列时每行都是复查。同一问题同一环节同一天只有一行，再次导入同一文件按此更新，数据不变。"
    ),
)
