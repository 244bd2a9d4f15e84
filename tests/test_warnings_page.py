"""The 预警 page, run by AppTest as a link opens it: this week's warnings for the reader's area, each with
its reason, its link and the records behind it; a signed-in user moves one 待处理 → 已交办 → 已处理 (or 误报),
the state kept in the access database through imports and every step in the audit trail; a 区级 user sees
and moves only their district's warnings. A warning is picked through the link (`warning`: its key), as
AppTest cannot click a table's row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from shown import shown
from test_import_helpers import copy_warehouse, csv_bytes, good_case, run_import, write
from test_pages import _demo_warehouse, _navigation_as_on_a_running_server, open_page  # noqa: F401

import queries
from access import audit, identity, warning_states
from access.grants import Grants
from access.identity import Result, Status
from access.scope import Scope
from data import calibration
from data.warnings import collect, warning_key
from ui import labels

AS_OF = calibration.DATA_END
CHAOYANG = "110105"


@pytest.fixture
def access_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own grants, states and audit trail."""
    path = tmp_path / "access.sqlite3"
    monkeypatch.setenv("DASHBOARD_ACCESS_DB", str(path))
    return path


@pytest.fixture(scope="module")
def city_warnings(warehouse_path: Path) -> pd.DataFrame:
    con = queries.connect(warehouse_path)
    try:
        return collect(lambda name, **p: queries.run(con, name, scope=Scope.city(), **p), AS_OF)
    finally:
        con.close()


def _ran(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _texts(at) -> str:
    return "\n".join(shown(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.success, *at.error, *at.warning])


def _list(at) -> pd.DataFrame:
    (table,) = [d for d in at.dataframe if d.key and d.key.startswith("warnings_table_")]
    return table.value


def _pick(city_warnings: pd.DataFrame, kind: str, district: str | None = None) -> pd.Series:
    rows = city_warnings[city_warnings["kind"] == kind]
    if district:
        rows = rows[rows["district_code"] == district]
    return rows.iloc[0]


def test_the_page_lists_this_weeks_warnings_with_a_card_per_kind(access_db, city_warnings):
    at = open_page("warnings")
    _ran(at)
    assert at.title[0].value == labels.WARNINGS_TITLE
    assert "截至：2023年9月30日" in shown(at.caption[0].value)
    cards = {m.label: m.value for m in at.metric}
    for kind, label in (
        ("surge", "异动"),
        ("repeat", "重复诉求"),
        ("caller", "一人多诉"),
        ("overdue", "逾期"),
        ("lagging", "连续靠后"),
    ):
        assert cards[label] == f"{int((city_warnings['kind'] == kind).sum()):,} 条"
    listed = _list(at)
    assert len(listed) == len(city_warnings)  # nothing moved yet: every warning is 待处理
    assert set(listed["处理状态"]) == {"待处理"}
    assert listed.columns.tolist() == ["处理状态", "类型", "地方", "问题", "数字", "起始"]
    assert labels.WARNINGS_PICK in _texts(at)


def test_a_picked_warning_says_what_where_and_since_when_with_its_link_and_records(access_db, city_warnings):
    surge = _pick(city_warnings, "surge")
    at = open_page("warnings", warning=warning_key(surge["id"]))
    _ran(at)
    assert surge["reason"] in _texts(at)
    (link,) = [b for b in at.get("link_button") if b.proto.label.startswith("在“接诉即办”")]
    assert link.proto.url == surge["link"] and "cases_list_sub=" in link.proto.url
    # Drawn from the cache as drawn before (ui.draw), the table carries no key: found by its columns.
    records = next(d.value for d in at.dataframe if "工单编号" in d.value.columns)
    assert len(records) >= surge["count"]
    assert set(records["问题子类"]) == {surge["subcategory"]} and set(records["来源"]) == {"12345热线"}
    assert {b.key for b in at.button if b.key and b.key.startswith("warnings_to_")} == {
        "warnings_to_assigned",
        "warnings_to_done",
        "warnings_to_false_alarm",
    }


def test_moving_a_warning_is_kept_and_audited(access_db, city_warnings):
    repeat = _pick(city_warnings, "repeat")
    key = warning_key(repeat["id"])
    at = open_page("warnings", warning=key)
    at.button(key="warnings_to_assigned").click().run()
    _ran(at)
    assert "已将这条预警改为“已交办”。" in _texts(at)
    assert warning_states.WarningStates(access_db).states([key])[key].state == "assigned"
    at.button(key="warnings_to_done").click().run()
    _ran(at)
    assert warning_states.WarningStates(access_db).states([key])[key].state == "done"
    # Done is out of the default list, but the linked warning stays picked, with its way back.
    assert {b.key for b in at.button if b.key and b.key.startswith("warnings_to_")} == {"warnings_to_pending"}
    events = audit.AuditLog(access_db).events(kind="warning_state")
    assert [(e.detail["from"], e.detail["to"]) for e in events] == [("pending", "assigned"), ("assigned", "done")]
    assert {e.user for e in events} == {identity.LOCAL_USER}
    assert events[0].detail["warning"] == key and events[0].detail["district"] == repeat["district_code"]
    # A new session sees it 已处理: the default list (待处理, 已交办) no longer holds it.
    again = open_page("warnings")
    assert len(_list(again)) == len(city_warnings) - 1


def test_the_state_outlives_an_import(access_db, city_warnings, warehouse_path, tmp_path, monkeypatch):
    caller = _pick(city_warnings, "caller")
    key = warning_key(caller["id"])
    scope = Scope.city()
    warning = warning_states.WarningRef(
        key, "caller", caller["district_code"], caller["street_code"], None, caller["since"].isoformat()
    )
    warning_states.WarningStates(access_db).move(warning, "pending", "false_alarm", user="wang.li", scope=scope)
    copy = copy_warehouse(warehouse_path, tmp_path)
    header = ["工单编号", "来源", "问题子类", "所属区", "所属街乡", "受理时间"]
    row = good_case("NEW-1", 受理时间="2023-09-29 10:00")
    result = run_import("cases", write(tmp_path / "new.csv", csv_bytes(header, [row])), copy)
    assert result.rows_loaded == 1
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(copy))
    at = open_page("warnings", warning=key)
    _ran(at)
    assert "误报：wang.li" in _texts(at)


def test_a_district_user_sees_and_moves_only_their_districts_warnings(access_db, city_warnings, monkeypatch):
    Grants(access_db).grant("chen", "district", [CHAOYANG], by="test")
    monkeypatch.setattr(identity, "current", lambda: Result(Status.SIGNED_IN, "chen"))
    mine = city_warnings[city_warnings["district_code"] == CHAOYANG]
    at = open_page("warnings")
    _ran(at)
    listed = _list(at)
    assert len(listed) == len(mine) > 0
    assert not listed["地方"].str.contains("区").any()  # one district: streets only
    assert {m.label: m.value for m in at.metric}["逾期"] == f"{int((mine['kind'] == 'overdue').sum())} 条"
    # Another district's warning named in the link is not theirs to see.
    other = city_warnings[city_warnings["district_code"] != CHAOYANG].iloc[0]
    at = open_page("warnings", warning=warning_key(other["id"]))
    _ran(at)
    assert other["reason"] not in _texts(at)
    assert "链接中的预警编号" in _texts(at)
    # Nor is it theirs to move, whatever reaches the store.
    other_warning = warning_states.WarningRef(
        warning_key(other["id"]), other["kind"], other["district_code"], other["street_code"], None, str(other["since"])
    )
    with pytest.raises(warning_states.StateRefused, match="权限范围"):
        warning_states.WarningStates(access_db).move(
            other_warning, "pending", "assigned", user="chen", scope=Scope.of_districts([CHAOYANG])
        )
    # Their own they move.
    own = mine.iloc[0]
    at = open_page("warnings", warning=warning_key(own["id"]))
    at.button(key="warnings_to_assigned").click().run()
    _ran(at)
    (event,) = audit.AuditLog(access_db).events(kind="warning_state", district=CHAOYANG)
    assert event.user == "chen" and event.detail["to"] == "assigned"


def test_two_people_at_once_the_second_sees_the_first_ones_step(access_db, city_warnings):
    surge = _pick(city_warnings, "surge")
    key = warning_key(surge["id"])
    at = open_page("warnings", warning=key)
    warning = warning_states.WarningRef(
        key, "surge", surge["district_code"], surge["street_code"], surge["subcategory"], "2023-09-18"
    )
    store = warning_states.WarningStates(access_db)
    store.move(warning, "pending", "false_alarm", user="li.si", scope=Scope.city())
    at.button(key="warnings_to_assigned").click().run()  # drawn when it was 待处理; the rerun reads it anew
    _ran(at)
    assert "误报：li.si" in _texts(at)
    assert store.states([key])[key].state == "false_alarm"
    assert len(audit.AuditLog(access_db).events(kind="warning_state")) == 1
    # Had the click reached the store, it would have been refused: the step started from what was seen.
    with pytest.raises(warning_states.StateRefused, match=r"已被 li\.si 改为“误报”"):
        store.move(warning, "pending", "assigned", user="local", scope=Scope.city())


def test_filters_by_kind_and_state_are_in_the_link(access_db, city_warnings):
    at = open_page("warnings")
    at.pills(key="warnings_kinds").set_value(["surge", "repeat"]).run()
    _ran(at)
    listed = _list(at)
    assert set(listed["类型"]) == {"异动", "重复诉求"}
    assert len(listed) == int(city_warnings["kind"].isin(["surge", "repeat"]).sum())
    # The link a colleague opens names them as the page does (a bound widget writes its labels).
    again = open_page("warnings", warnings_kinds=["异动", "重复诉求"], warnings_states=["待处理"])
    _ran(again)
    assert len(_list(again)) == len(listed)
    at.pills(key="warnings_states").set_value(["done"]).run()
    _ran(at)
    assert labels.WARNINGS_NONE_SHOWN in _texts(at)


def test_a_street_with_no_warnings_is_told_so(access_db, city_warnings, warehouse_path, monkeypatch):
    streets = queries.run(queries.connect(warehouse_path), "streets", districts=[CHAOYANG])
    quiet = sorted(set(streets["street_code"]) - set(city_warnings["street_code"]))
    assert quiet, "some street of 朝阳 has no warning this week"
    Grants(access_db).grant("zhou", "street", [quiet[0]], by="test")
    monkeypatch.setattr(identity, "current", lambda: Result(Status.SIGNED_IN, "zhou"))
    at = open_page("warnings")
    _ran(at)
    assert labels.WARNINGS_EMPTY in _texts(at)
    assert not [d for d in at.dataframe if d.key and d.key.startswith("warnings_table_")]


def test_the_dates_of_the_period_set_this_week(access_db):
    at = open_page("warnings", **{"from": "2023-01", "to": "2023-06"})
    _ran(at)
    assert "截至：2023年6月30日" in shown(at.caption[0].value)
    assert date(2023, 6, 30) < AS_OF


def test_the_list_is_remembered_per_remit_never_handed_to_another(monkeypatch):
    """warning_list.collected keeps the composed list between reruns; a 区级 reader asking after the city's
    reader (or the other way round) gets their own, as every record query's cache does."""
    from ui import gate, warning_list

    asked = []

    def fake_collect(run, as_of):
        asked.append(gate.scope().key())
        return pd.DataFrame({"id": [f"list for {gate.scope().key()}"]})

    monkeypatch.setattr(warning_list, "collect", fake_collect)
    monkeypatch.setattr(warning_list, "stamp", lambda: ("a test's warehouse", 1.0))
    city, chaoyang = Scope.city(), Scope.of_districts(["110105"])
    seen = []
    for scope in (city, chaoyang, city, chaoyang):
        monkeypatch.setattr(gate, "scope", lambda scope=scope: scope)
        seen.append(warning_list.collected(date(2031, 1, 5))["id"].iat[0])
    assert seen == [f"list for {city.key()}", f"list for {chaoyang.key()}"] * 2
    assert asked == [city.key(), chaoyang.key()]  # composed once per remit, then remembered


def test_the_remembered_list_follows_a_new_warehouse(monkeypatch):
    """After an import the warehouse file is new (its stamp changes): the list is composed again."""
    from ui import gate, warning_list

    stamps = iter([("the warehouse", 1.0), ("the warehouse", 2.0)])
    monkeypatch.setattr(warning_list, "collect", lambda run, as_of: pd.DataFrame({"id": [f"from {current}"]}))
    monkeypatch.setattr(gate, "scope", Scope.city)
    seen = []
    for _ in range(2):
        current = next(stamps)
        monkeypatch.setattr(warning_list, "stamp", lambda current=current: current)
        seen.append(warning_list.collected(date(2031, 2, 2))["id"].iat[0])
    assert seen == ["from ('the warehouse', 1.0)", "from ('the warehouse', 2.0)"]
