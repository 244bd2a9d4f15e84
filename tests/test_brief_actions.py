"""The brief's 四、目标、预警与待办事项 (issue 15): each brief carries its area's targets, its warnings and
its overdue items, from the same queries as 总览's target tiles, `python -m data warnings` and 闭环台账;
and `python -m reports.brief --each-district` writes the city's brief and one per district at once."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from test_brief import _text

import queries
from access import audit
from access.scope import Scope
from reports import brief, content
from ui import formats, labels

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2023, 9, 30)
CHAOYANG = "110105"


def _warnings(warehouse_path: Path) -> list[dict]:
    """The warnings as at the quarter's end, as the office's command prints them."""
    done = subprocess.run(
        [sys.executable, "-m", "data", "warnings", "--as-of", AS_OF.isoformat(), "--warehouse", str(warehouse_path), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def city_warnings(warehouse_path) -> list[dict]:
    return _warnings(warehouse_path)


@pytest.fixture(scope="module")
def city(con):
    return brief.generate(con, "2023Q3", with_charts=False)


@pytest.fixture(scope="module")
def chaoyang(con):
    return brief.generate(con, "2023Q3", CHAOYANG, with_charts=False)


def _section(generated: brief.Generated) -> content.Section:
    return next(s for s in generated.brief.sections if s.title.startswith("四、"))


def _table(generated: brief.Generated, caption_part: str) -> list[list[str]]:
    return next(t.rows for t in _section(generated).tables if caption_part in t.caption)


def test_the_targets_table_is_target_scores_for_the_area(con, chaoyang):
    scores = queries.run(con, "target_scores", districts=[], start=date(2023, 7, 1), end=date(2023, 9, 1), as_of=AS_OF)
    mine = scores[scores["area_code"] == CHAOYANG]
    rows = {row[0]: row for row in _table(chaoyang, "目标完成情况")}
    assert len(rows) == len(mine) >= 6
    for r in mine.itertuples():
        assert rows[r.label][1:] == [
            formats.measure(r.measure, r.actual),
            formats.measure(r.measure, r.target),
            f"{r.score:.2f}",
            labels.TARGET_STATUS[r.status],
        ]
    missed = mine[mine["status"] == "missed"]
    text = _section(chaoyang).paragraphs[0].text
    assert f"{len(mine)} 项目标中 {int((mine['status'] == 'met').sum())} 项达标" in text
    assert all(label in text for label in missed["label"])


def test_the_city_brief_names_the_districts_that_missed_a_target(con, city):
    scores = queries.run(con, "target_scores", districts=[], start=date(2023, 7, 1), end=date(2023, 9, 1), as_of=AS_OF)
    missed = scores[(scores["area_code"] != "110000") & (scores["status"] == "missed")]
    assert len(missed), "the demo has districts below a target"
    text = _section(city).paragraphs[0].text
    assert "未达标的区：" in text and all(name in text for name in missed["area_name"])


def test_the_warnings_are_the_commands_warnings(city, chaoyang, city_warnings):
    assert f"全市有预警 {len(city_warnings):,} 条" in _section(city).paragraphs[1].text
    by_district = {row[0]: row for row in _table(city, "各区预警")}
    assert len(by_district) == 16
    kinds = list(content.KIND_LABELS)
    for name, row in by_district.items():
        theirs = [w for w in city_warnings if w["district_name"] == name]
        assert row[1:] == [f"{sum(w['kind'] == k for w in theirs):,}" for k in kinds] + [f"{len(theirs):,}"], name
    mine = [w for w in city_warnings if w["district_code"] == CHAOYANG]
    assert f"朝阳区有预警 {len(mine):,} 条" in _section(chaoyang).paragraphs[1].text
    listed = _table(chaoyang, "朝阳区预警")
    assert 0 < len(listed) <= content.LISTED
    reasons = {w["reason"] for w in mine}
    assert all(reason in reasons for _, reason in listed), "each row is one of 朝阳's warnings, word for word"


def test_a_callers_warning_is_counted_but_never_listed(con, city_warnings):
    callers = [w for w in city_warnings if w["kind"] == "caller"]
    assert callers, "the demo plants repeat callers"
    code, name = callers[0]["district_code"], callers[0]["district_name"]
    generated = brief.generate(con, "2023Q3", code, with_charts=False)
    assert "一人多诉" in _section(generated).paragraphs[1].text, "counted"
    listed = _table(generated, f"{name}预警")
    assert all(kind != "一人多诉" for kind, _ in listed)
    assert "来电人" not in json.dumps(listed, ensure_ascii=False)


def test_the_overdue_items_are_the_closed_loops(con, chaoyang):
    summary = queries.run(con, "closed_loop_summary", districts=[CHAOYANG], start=date(2023, 7, 1), as_of=AS_OF).iloc[0]
    items = queries.run(con, "closed_loop_items", districts=[CHAOYANG], as_of=AS_OF, scope=Scope.city())
    overdue = items[items["is_overdue"]]
    text = _section(chaoyang).paragraphs[2].text
    assert f"在办 {int(summary['open_items']):,} 项，其中逾期 {int(summary['overdue_items']):,} 项" in text
    assert f"最长逾期 {int(summary['longest_overdue_days'])} 天" in text
    rows = _table(chaoyang, "朝阳区逾期事项")
    assert len(rows) == min(content.LISTED, len(overdue))
    assert [int(row[-1]) for row in rows] == overdue["days_overdue"].head(len(rows)).astype(int).tolist()
    assert {row[1] for row in rows} <= set(overdue["street_name"]), "only 朝阳's streets"


def test_tables_are_numbered_in_reading_order(city, chaoyang):
    city_text, _ = _text(city.docx)
    for number, caption in enumerate(["全市目标完成情况", "各区预警", "全市逾期事项"], start=1):
        assert f"表 {number}　{caption}" in city_text
    assert "附表　各区“创城+”主要指标" in city_text
    district_text, tables = _text(chaoyang.docx)
    assert "与全市对比见表 1，各区数据见表 5" in district_text and "表 5　各区“创城+”主要指标" in district_text
    assert len(tables) == 5


def test_a_district_officers_city_brief_lists_only_their_records(con):
    officer = Scope.of_districts([CHAOYANG])
    generated = brief.generate(con, "2023Q3", remit=officer, remit_name="朝阳区", with_charts=False)
    section = _section(generated)
    assert "全市（仅统计朝阳区）有预警" in section.paragraphs[1].text
    assert [row[0] for row in _table(generated, "各区预警")] == ["朝阳区"]
    assert "（仅列朝阳区）" in section.paragraphs[2].text
    assert {row[1] for row in _table(generated, "全市逾期事项")} == {"朝阳区"}


def test_each_district_writes_seventeen_briefs(warehouse_path, tmp_path, monkeypatch):
    out = tmp_path / "briefs"
    monkeypatch.setenv("DASHBOARD_ACCESS_DB", str(tmp_path / "access.sqlite3"))
    done = subprocess.run(
        [sys.executable, "-m", "reports.brief", "--period", "latest", "--each-district", "--no-charts",
         "--warehouse", str(warehouse_path), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "季度：2023Q3" in done.stdout and "共生成 17 份简报" in done.stdout
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 17 and not [n for n in names if n.startswith(".")], "no partial file left behind"
    assert "首都精神文明建设情况简报_2023Q3_全市.docx" in names and "首都精神文明建设情况简报_2023Q3_延庆区.docx" in names
    text, _ = _text((out / "首都精神文明建设情况简报_2023Q3_延庆区.docx").read_bytes())
    assert "延庆区 6 项目标中" in text and "延庆区有预警" in text and "延庆区创城抽查问题和挂牌督办街巷在办" in text
    assert "示例数据" in text
    # Each brief is in the audit trail, as one written on the 简报 page is: who, which quarter, which district.
    written = audit.AuditLog(tmp_path / "access.sqlite3").events(kind="brief")
    assert len(written) == 17
    districts = {e.detail["district"] for e in written}
    assert len(districts) == 17 and None in districts and CHAOYANG in districts
    assert all(e.user.startswith("system:") and e.detail["period"] == "2023Q3" for e in written)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2019Q3", "--each-district"], "超出数据范围"),
        (["--period", "2023Q3", "--each-district", "--district", CHAOYANG], "不能与 --each-district 同时使用"),
    ],
)
def test_each_district_refuses_and_writes_nothing(warehouse_path, tmp_path, capsys, args, message):
    out = tmp_path / "briefs"
    try:
        code = brief.main([*args, "--warehouse", str(warehouse_path), "--no-charts", "--out", str(out)])
    except SystemExit as stop:
        code = stop.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_each_district_wants_a_directory(warehouse_path, tmp_path, capsys):
    code = brief.main(
        ["--period", "2023Q3", "--each-district", "--warehouse", str(warehouse_path), "--out", str(tmp_path / "a.docx")]
    )
    assert code == 2 and "应为输出目录" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_monthly_timer_runs_a_command_the_brief_accepts():
    """deploy/systemd/chuangcheng-brief.service's command line parses, and runs the monthly delivery."""
    unit = (ROOT / "deploy" / "systemd" / "chuangcheng-brief.service").read_text(encoding="utf-8")
    command = next(line.removeprefix("ExecStart=") for line in unit.splitlines() if line.startswith("ExecStart="))
    words = command.split()
    assert words[1:3] == ["-m", "reports.brief"]
    args = brief.parser().parse_args(words[3:])
    assert args.each_district and args.period == brief.LATEST
    timer = (ROOT / "deploy" / "systemd" / "chuangcheng-brief.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*-*-03 06:30:00" in timer and "Persistent=true" in timer
