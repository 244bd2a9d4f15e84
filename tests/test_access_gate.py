"""The frame's gate (ui/gate.py) in the app itself, run by AppTest: who gets in, what a 区级 user reads
whatever the link says, and what the audit trail holds afterwards. The identity is given by
monkeypatching access.identity.current (tests/conftest.py); the proxy, the secret and the portal are
tested through the real nginx in tests/browser/test_access_app.py."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from shown import shown
from streamlit.testing.v1 import AppTest
from test_pages import _demo_warehouse, _navigation_as_on_a_running_server, open_page  # noqa: F401

import queries
from access import audit, identity, texts
from access.grants import Grants
from access.identity import Result, Status
from access.scope import Scope
from ui import data, gate

CHAOYANG, DONGCHENG = "110105", "110101"


@pytest.fixture
def access_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "access.sqlite3"
    monkeypatch.setenv("DASHBOARD_ACCESS_DB", str(path))
    return path


@pytest.fixture
def proxied(monkeypatch: pytest.MonkeyPatch, access_db: Path):
    """`proxied(result)`: the app in proxy mode, the proxy having said `result` about this session."""

    def as_(result: Result) -> None:
        monkeypatch.setenv("DASHBOARD_AUTH", "proxy")
        monkeypatch.setattr(identity, "current", lambda: result)

    return as_


def _events(access_db: Path, **filters) -> list[audit.Event]:
    return audit.AuditLog(access_db).events(**filters)


def _kinds(access_db: Path) -> list[str]:
    return [event.kind for event in _events(access_db)]


def _nothing_shown(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart") and not at.get("download_button")
    assert not at.multiselect  # not even the filters: the districts come from the warehouse


def _signed_in(user: str) -> Result:
    return Result(Status.SIGNED_IN, user)


def _grant(access_db: Path, user: str, role: str, codes=(), admin: bool = False) -> None:
    Grants(access_db).grant(user, role, codes, admin=admin, by="test")


# --- who gets in ---------------------------------------------------------------------------------


def test_not_signed_in_sees_the_chinese_notice_and_no_data(proxied, access_db):
    proxied(Result(Status.NOT_SIGNED_IN, reason="no_user"))
    at = open_page("cases", district=DONGCHENG)
    _nothing_shown(at)
    assert [shown(e.value) for e in at.error] == [texts.NOT_SIGNED_IN]
    at.run()  # a refused page reruns on every click: refused once per session all the same
    refused = _events(access_db, kind="refused")
    assert [(e.user, e.detail["reason"]) for e in refused] == [(None, "no_user")]
    assert _kinds(access_db) == ["refused"]


def test_not_signed_in_gets_the_portals_login_link_when_configured(proxied, monkeypatch):
    monkeypatch.setenv(gate.SSO_LOGIN_ENV, "https://portal.example/login?next=$scheme://$http_host$request_uri")
    proxied(Result(Status.NOT_SIGNED_IN, reason="no_user"))
    at = open_page("overview")
    _nothing_shown(at)
    (button,) = at.get("link_button")
    assert button.proto.label == texts.SIGN_IN_LINK and button.proto.url == "https://portal.example/login"


@pytest.mark.parametrize("reason", ["no_proxy_key", "wrong_proxy_key"])
def test_a_session_that_did_not_come_through_the_proxy_sees_nothing(proxied, access_db, reason):
    proxied(Result(Status.NOT_THROUGH_PROXY, reason=reason))
    at = open_page("alleys", district=CHAOYANG)
    _nothing_shown(at)
    assert [shown(e.value) for e in at.error] == [texts.NOT_THROUGH_PROXY]
    assert [e.detail["reason"] for e in _events(access_db)] == [reason]


def test_signed_in_without_a_grant_is_told_whom_to_ask(proxied, access_db):
    _grant(access_db, "zhang.admin", "city", admin=True)
    proxied(_signed_in("nobody"))
    at = open_page("cases")
    _nothing_shown(at)
    (message,) = [shown(e.value) for e in at.error]
    assert message.startswith("无权访问") and "nobody" in message and "zhang.admin" in message
    at.run()
    assert [(e.kind, e.user, e.detail.get("reason")) for e in _events(access_db) if e.kind == "refused"] == [
        ("refused", "nobody", "no_grant")
    ]


def test_a_revoke_takes_effect_at_the_next_click(proxied, access_db):
    _grant(access_db, "chen", "district", [CHAOYANG])
    proxied(_signed_in("chen"))
    at = open_page("overview")
    assert at.metric and not at.error
    Grants(access_db).revoke("chen", by="test")
    at.run()
    _nothing_shown(at)
    assert shown(at.error[0].value).startswith("无权访问")


def test_the_laptops_local_user_is_the_city_and_admin_only_in_local_mode(proxied, access_db):
    # The portal may well have someone called "local": in proxy mode that is an ordinary user, ungranted.
    proxied(_signed_in(identity.LOCAL_USER))
    _nothing_shown(open_page("overview"))


# --- what a 区级 user reads --------------------------------------------------------------------


def _frames(at: AppTest) -> list:
    return [frame.value for frame in at.dataframe]


def _district_names_in(at: AppTest) -> set[str]:
    found = set()
    for frame in _frames(at):
        for column in ("区", "district_name"):
            if column in frame.columns:
                found |= set(frame[column].dropna())
    return found


def test_a_district_user_opening_another_districts_link_gets_their_own_records_and_a_notice(proxied, access_db):
    _grant(access_db, "chen", "district", [CHAOYANG])
    proxied(_signed_in("chen"))
    at = open_page("alleys", district=DONGCHENG)
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="filter_districts").value == [CHAOYANG]
    assert at.query_params["district"] in (CHAOYANG, [CHAOYANG])  # the link now says 朝阳
    assert texts.SCOPE_NARROWED.format(scope="朝阳区", dropped="东城区") in [shown(w.value) for w in at.warning]
    assert _district_names_in(at) == {"朝阳区"}  # the red list, the civilized alleys, the 季点名


def test_a_district_user_choosing_another_district_sees_its_figures_but_no_records(proxied, access_db, warehouse_path):
    _grant(access_db, "chen", "district", [CHAOYANG])
    proxied(_signed_in("chen"))
    at = open_page("alleys")
    assert at.multiselect(key="filter_districts").value == [CHAOYANG]  # the filters open on their own district
    at.multiselect(key="filter_districts").set_value([DONGCHENG]).run()
    assert not at.exception, [e.value for e in at.exception]
    # Aggregates are everyone's: 东城's count of alleys, as the city publishes it …
    filters = at.session_state["current_filters"]
    con = queries.connect(warehouse_path)
    try:
        stock = queries.run(con, "alley_summary", **filters.with_as_of()).iloc[0]
    finally:
        con.close()
    assert filters.districts == (DONGCHENG,)
    assert [m.value for m in at.metric if m.label == "背街小巷"] == [f"{int(stock['alleys']):,} 条"]
    # … records are not: no 东城 alley, listing or naming, and the sidebar says why.
    assert _district_names_in(at) == set()
    assert any("不在您的权限范围" in shown(i.value) for i in at.sidebar.info)


def test_the_records_of_a_street_user_are_one_street(proxied, access_db, warehouse_path):
    con = queries.connect(warehouse_path)
    try:
        street = queries.run(con, "streets", districts=[CHAOYANG]).iloc[3]
    finally:
        con.close()
    _grant(access_db, "liu", "street", [street["street_code"]])
    proxied(_signed_in("liu"))
    at = open_page("alleys")
    assert not at.exception, [e.value for e in at.exception]
    streets = set()
    for frame in _frames(at):
        for column in ("街乡镇", "street_name"):
            if column in frame.columns:
                streets |= set(frame[column].dropna())
    assert streets <= {street["name"]} and _district_names_in(at) <= {"朝阳区"}


def test_a_city_user_sees_every_district_and_opens_on_the_city(proxied, access_db):
    _grant(access_db, "wang", "city")
    proxied(_signed_in("wang"))
    at = open_page("alleys")
    assert at.multiselect(key="filter_districts").value == []
    assert len(_district_names_in(at)) > 5
    assert not at.sidebar.info


# --- the 管理员 page -----------------------------------------------------------------------------


def test_the_admin_page_is_for_admins_only(proxied, access_db):
    _grant(access_db, "chen", "district", [CHAOYANG])
    _grant(access_db, "zhang", "city", admin=True)
    proxied(_signed_in("chen"))
    # Not in chen's navigation at all: the link to it opens the overview.
    at = open_page("audit")
    assert not at.exception, [e.value for e in at.exception]
    assert [shown(t.value) for t in at.title] == ["总览"]
    assert not [s for s in at.subheader if "导出" in s.value] and not at.text_input
    proxied(_signed_in("zhang"))
    at = open_page("audit")
    assert not at.exception, [e.value for e in at.exception]
    assert [shown(t.value) for t in at.title] == ["审计与授权"]
    headings = [shown(s.value) for s in at.subheader]
    assert headings == ["谁查看了什么", "谁导出了什么", "登录、简报、拒绝访问与授权变更", "授权名单"]
    (grants,) = [frame for frame in _frames(at) if "授权人" in frame.columns]
    assert list(grants["用户"]) == ["chen", "zhang"] and list(grants["管理员"]) == ["否", "是"]
    (views,) = [frame for frame in _frames(at) if "页面" in frame.columns]
    assert list(views["用户"]) == ["zhang", "chen"] and list(views["页面"]) == ["审计与授权", "总览"]  # newest first
    at.text_input(key="audit_user").set_value("chen").run()
    (views,) = [frame for frame in _frames(at) if "页面" in frame.columns]
    assert list(views["用户"]) == ["chen"]


# --- the audit trail of a session ----------------------------------------------------------------


def test_sign_in_once_and_a_page_view_whenever_page_or_filters_change(proxied, access_db):
    _grant(access_db, "chen", "district", [CHAOYANG])
    proxied(_signed_in("chen"))
    at = open_page("overview")
    at.run()  # the same page and filters: no new page view
    at.multiselect(key="filter_districts").set_value([DONGCHENG]).run()
    at.switch_page("pages/cases.py").run()
    at.run()
    events = [e for e in _events(access_db) if e.kind != "grant"]
    assert [e.kind for e in events] == ["sign_in", "page_view", "page_view", "page_view"]
    assert {e.user for e in events} == {"chen"} and len({e.session for e in events}) == 1
    views = [(e.detail["page"], e.detail["filters"]["districts"]) for e in events[1:]]
    assert views == [("overview", [CHAOYANG]), ("overview", [DONGCHENG]), ("cases", [DONGCHENG])]
    assert events[1].detail["filters"]["from"] == "2023-01" and events[1].detail["filters"]["to"] == "2023-09"


def test_the_brief_is_recorded_when_generated(access_db, monkeypatch):
    from reports import brief

    made = SimpleNamespace(
        warning=None, docx=b"docx", file_stem="简报", pictures=(), brief=SimpleNamespace(headline="标题", sections=())
    )
    monkeypatch.setattr(brief, "generate", lambda *args, **kwargs: made)
    at = open_page("brief")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    (event,) = _events(access_db, kind="brief")
    assert event.user == identity.LOCAL_USER and event.detail == {"period": "2023Q3", "district": None}


# --- the query layer, outside a page -------------------------------------------------------------


def test_outside_an_admitted_run_no_record_query_is_even_built():
    with pytest.raises(gate.NoVisitor):
        data.named("case_list", districts=[], start=None, end=None, street_code="", subcategory="", limit=1)
    with pytest.raises(TypeError):
        data.named("case_list", scope=Scope.city())
    data.named("districts")  # aggregates and reference tables need no visitor
