"""The dashboard itself behind the real nginx, as the intranet runs it (issue 14, phase 2): two app
processes in proxy mode (deploy.intranet's command and environment), nginx from the deployed template
asking a stub portal that maps the `portal_session` cookie to a user, grants and the audit trail in one
access database.

Sessions are driven over the websocket (tests/browser/streamlit_client.py: the frontend's own
messages, downloads fetched through nginx as a click fetches them), and in Chromium where what a person
sees matters: no identity, a forged header, an app port reached directly, the 区级 user's notice and
download.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import queries
from access import audit, texts
from access.grants import Grants
from deploy.intranet import Nginx, app_command, app_environment, ensure_secret, nginx_binary
from deploy.processes import free_port, wait_until_answers
from deploy.sso_stub import COOKIE, SsoStub
from tests.browser.conftest import wait_for_app
from tests.browser.streamlit_client import Client, csv_rows, get

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "chuangcheng"
CHAOYANG, DONGCHENG, HAIDIAN = "110105", "110101", "110108"
NAMES = {CHAOYANG: "朝阳区", DONGCHENG: "东城区", HAIDIAN: "海淀区"}
GRANTS = {  # user -> (role, codes, admin)
    "chen.cy": ("district", [CHAOYANG], False),
    "wang.city": ("city", [], False),
    "zhang.admin": ("city", [], True),
    "sun.cy": ("district", [CHAOYANG], False),
    "zhou.city": ("city", [], False),
    **{f"load.cy{i}": ("district", [CHAOYANG], False) for i in range(3)},
    **{f"load.hd{i}": ("district", [HAIDIAN], False) for i in range(2)},
    **{f"load.city{i}": ("city", [], False) for i in range(3)},
}

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx 未安装：运行 scripts/setup_browser.sh（需要 root）")


class Intranet:
    def __init__(self, nginx: Nginx, app_ports: list[int], access_db: Path, sso: SsoStub) -> None:
        self.nginx, self.app_ports, self.access_db, self.sso = nginx, app_ports, access_db, sso

    @property
    def port(self) -> int:
        return self.nginx.listen_port

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{PREFIX}/{path}"

    def client(self, user: str | None, route: str | None = None) -> Client:
        return Client(self.port, PREFIX, user, route or f"{user}-tab")

    def events(self, **filters) -> list[audit.Event]:
        return audit.AuditLog(self.access_db).events(**filters)


@pytest.fixture(scope="module")
def intranet(warehouse_path, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("intranet")
    secret = ensure_secret(workdir / "proxy-secret")
    access_db = workdir / "access.sqlite3"
    grants = Grants(access_db)
    for user, (role, codes, admin) in GRANTS.items():
        grants.grant(user, role, codes, admin=admin, by="test")
    env = app_environment(secret, warehouse_path, access_db)
    ports = [free_port(), free_port()]
    logs = [open(workdir / f"app-{port}.log", "wb") for port in ports]
    apps = [
        subprocess.Popen(app_command(port, PREFIX), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for port, log in zip(ports, logs, strict=True)
    ]
    try:
        for port, app in zip(ports, apps, strict=True):
            wait_until_answers(f"http://127.0.0.1:{port}/{PREFIX}/_stcore/health", 120, app, "app process")
        with (
            SsoStub() as sso,  # any portal_session=<user> cookie signs in as <user>
            Nginx(workdir / "nginx", free_port(), ports, PREFIX, sso_check=sso.check_url, secret_file=secret) as nginx,
        ):
            yield Intranet(nginx, ports, access_db, sso)
    finally:
        for app in apps:
            app.terminate()
        for app in apps:
            app.wait(timeout=30)
        for log in logs:
            log.close()


@pytest.fixture(scope="module")
def streets(warehouse_path) -> dict[str, tuple[str, str]]:
    """A street of each district the tests use: district -> (street code, street name)."""
    con = queries.connect(warehouse_path)
    try:
        frame = queries.run(con, "streets", districts=list(NAMES))
    finally:
        con.close()
    return {code: tuple(frame.loc[frame["district_code"] == code, ["street_code", "name"]].iloc[0]) for code in NAMES}


def _districts(frame) -> set[str]:
    return set(frame["区"])


# --- who gets in ---------------------------------------------------------------------------------


def test_no_identity_no_data(intranet, browser):
    status, body = get(intranet.port, f"/{PREFIX}/cases?district={CHAOYANG}")
    assert status == 401 and "未登录" in body.decode()
    with pytest.raises(Exception, match="401"):
        intranet.client(None)  # the websocket itself is refused by nginx
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(intranet.url("cases"))
        assert "未登录" in page.content() and page.locator("[data-testid='stMetric']").count() == 0
    finally:
        context.close()


def test_a_forged_user_header_is_ignored(intranet, browser):
    # Without a portal session the forged header gets nowhere …
    status, _ = get(intranet.port, f"/{PREFIX}/", headers={"X-Remote-User": "wang.city"})
    assert status == 401
    # … and with one, the portal's user counts, not the header: 朝阳's remit, not the city's.
    context = browser.new_context(extra_http_headers={"X-Remote-User": "wang.city", "X-Dashboard-Proxy-Key": "x" * 40})
    try:
        context.add_cookies([{"name": COOKIE, "value": "chen.cy", "url": intranet.url()}])
        page = context.new_page()
        page.goto(intranet.url(f"cases?district={DONGCHENG}"))
        wait_for_app(page)
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert "当前用户：chen.cy" in sidebar and "权限：朝阳区" in sidebar
        notice = texts.SCOPE_NARROWED.format(scope="朝阳区", dropped="东城区")
        assert any(notice in alert for alert in page.locator("[data-testid='stAlert']").all_inner_texts())
        # The case list, downloaded with a click as a person would: 朝阳's cases only.
        page.locator(".st-key-cases_list_open summary").click()
        wait_for_app(page)
        with page.expect_download(timeout=60_000) as download:
            page.locator(".st-key-cases_detail_csv button").click()
        rows = csv_rows(Path(download.value.path()).read_bytes())
        assert len(rows) > 0 and _districts(rows) == {"朝阳区"}
    finally:
        context.close()


def test_an_app_port_reached_directly_gives_no_data(intranet, browser):
    context = browser.new_context(extra_http_headers={"X-Remote-User": "wang.city", "X-Dashboard-Proxy-Key": "x" * 40})
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{intranet.app_ports[0]}/{PREFIX}/cases")
        wait_for_app(page)
        assert any(texts.NOT_THROUGH_PROXY in alert for alert in page.locator("[data-testid='stAlert']").all_inner_texts())
        assert page.locator("[data-testid='stMetric']").count() == 0
        assert page.locator("[data-testid='stDataFrame']").count() == 0
        assert page.locator("[data-testid='stDownloadButton']").count() == 0
    finally:
        context.close()
    refused = [e for e in intranet.events(kind="refused") if e.detail["reason"] == "wrong_proxy_key"]
    assert len(refused) == 1 and refused[0].user is None


def test_signed_in_without_a_grant_sees_whom_to_ask_and_no_data(intranet):
    with intranet.client("wu.nogrant") as tab:
        tab.open("cases")
        (message,) = [t for t in tab.texts if "无权访问" in t]
        assert "zhang.admin" in message and not tab.metrics and not tab.downloads
        tab.rerun()
    assert [(e.kind, e.detail["reason"]) for e in intranet.events(user="wu.nogrant")] == [("refused", "no_grant")]


# --- records: the remit, whatever the link says ------------------------------------------------------


def _red_list(tab: Client) -> set[str]:
    return _districts(csv_rows(tab.download("alleys_red_csv")))


def test_a_district_users_records_and_exports_are_their_districts_whatever_the_link_says(intranet, streets):
    with intranet.client("sun.cy") as tab:
        tab.open("alleys", f"district={DONGCHENG}")
        assert any("链接中的东城区不在范围内" in t for t in tab.texts)
        assert _red_list(tab) == {"朝阳区"}
        for name in ("alleys_scores", "alleys_civilized", "alleys_naming"):
            assert _districts(csv_rows(tab.download(f"{name}_csv"))) <= {"朝阳区"}
        # Choosing 东城 in the sidebar shows 东城's figures (everyone's) and none of its records.
        tab.change(filter_districts=["东城区"])
        assert tab.metrics["背街小巷"] != "0 条"
        assert "alleys_red_csv" not in tab.downloads and any("没有挂牌督办的街巷" in t for t in tab.texts)
        assert csv_rows(tab.download("alleys_civilized_csv")).empty

        # The case list of the whole city, asked for: 朝阳's.
        tab.open("cases", "")
        tab.change(filter_districts=[])
        tab.change_value("cases_list_open", bool_value=True)
        cases = csv_rows(tab.download("cases_detail_csv"))
        assert len(cases) > 0 and _districts(cases) == {"朝阳区"}

    # The drill-down, to a 东城 street by its link (read when a tab opens it): 东城's street figures, no
    # 东城 record …
    code, _name = streets[DONGCHENG]
    with intranet.client("sun.cy") as tab:
        tab.open("districts", f"drill_district={DONGCHENG}&drill_street={code}")
        assert "drill_cases_csv" in tab.downloads
        assert csv_rows(tab.download("drill_cases_csv")).empty
    # … and to a 朝阳 street: its cases.
    code, name = streets[CHAOYANG]
    with intranet.client("sun.cy") as tab:
        tab.open("districts", f"drill_district={CHAOYANG}&drill_street={code}")
        cases = csv_rows(tab.download("drill_cases_csv"))
        assert len(cases) > 0 and _districts(cases) == {"朝阳区"} and set(cases["街乡镇"]) == {name}


def test_a_city_user_sees_every_district(intranet):
    with intranet.client("zhou.city") as tab:
        tab.open("alleys")
        assert len(_red_list(tab)) > 5
    with intranet.client("zhou.city") as tab:  # a link is read when a tab opens it
        tab.open("alleys", f"district={DONGCHENG}")
        assert not any("不在范围内" in t for t in tab.texts)
        assert _red_list(tab) == {"东城区"}


def test_aggregates_are_the_same_for_a_district_user_and_a_city_user(intranet):
    seen = {}
    for user in ("chen.cy", "wang.city"):
        with intranet.client(user) as tab:
            tab.open("districts")
            league = csv_rows(tab.download("districts_league_csv"))
            tab.open("overview", "")
            tab.change(filter_districts=[])  # the city's cards (a 区级 user's filters open on their own district)
            seen[user] = (league, dict(tab.metrics))
    (chen_league, chen_cards), (wang_league, wang_cards) = seen["chen.cy"], seen["wang.city"]
    assert len(chen_league) == 16 and chen_league.equals(wang_league)
    assert chen_cards == wang_cards and len(chen_cards) >= 6


# --- the audit trail -----------------------------------------------------------------------------


def _summary(events: list[audit.Event]) -> list[tuple]:
    out = []
    for event in events:
        if event.kind == "page_view":
            out.append(("page_view", event.detail["page"], tuple(event.detail["filters"]["districts"])))
        elif event.kind == "export":
            out.append(("export", event.detail["table"], event.detail["format"]))
        else:
            out.append((event.kind,))
    return out


def test_every_action_appears_in_the_audit_trail_exactly_once(intranet):
    user = "chen.cy"
    before = {e.event_id for e in intranet.events(user=user)}
    with intranet.client(user, route="audit-tab") as tab:
        tab.open("alleys")
        tab.rerun()  # nothing changed: no page view
        red = csv_rows(tab.download("alleys_red_csv"))
        tab.download("alleys_red_xlsx")
        tab.change(filter_districts=["东城区"])
        tab.open("overview")
        session = tab.session_id
    new = [e for e in intranet.events(user=user) if e.event_id not in before]
    assert _summary(new) == [
        ("sign_in",),
        ("page_view", "alleys", (CHAOYANG,)),
        ("export", "挂牌督办清单", "csv"),
        ("export", "挂牌督办清单", "xlsx"),
        ("page_view", "alleys", (DONGCHENG,)),
        ("page_view", "overview", (DONGCHENG,)),
    ]
    assert {e.session for e in new} == {session}
    csv_export = new[2]
    assert csv_export.detail["rows"] == len(red) and csv_export.detail["districts"] == [CHAOYANG]
    # "Who exported 朝阳's red list?" — the question the office will ask, answered by the CLI.
    question = [sys.executable, "-m", "access", "--db", str(intranet.access_db), "audit", "--kind", "export"]
    answer = subprocess.run(
        [*question, "--district", CHAOYANG, "--user", user, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0 and '"table": "挂牌督办清单"' in answer.stdout


def _session(intranet: Intranet, user: str, route: str, changes: list[list[str]], done: list, errors: list) -> None:
    """One tab under load: a page, two exports, the district filter changed, another page, one more export."""
    try:
        with intranet.client(user, route=route) as tab:
            tab.open("alleys")
            tab.download("alleys_red_csv")
            for districts in changes:
                tab.change(filter_districts=districts)
                tab.rerun()
            tab.download("alleys_scores_xlsx")
            tab.open("cases")
            tab.change_value("cases_list_open", bool_value=True)
            tab.download("cases_detail_csv")
            done.append((user, tab.session_id))
    except Exception as error:  # reported by the test, with the others still running
        errors.append(f"{user}: {type(error).__name__}: {error}")


def test_with_two_processes_under_load_every_action_is_recorded_exactly_once(intranet):
    users = [user for user in GRANTS if user.startswith("load.")]
    before = {e.event_id for e in intranet.events()}
    changes = [["东城区"], ["海淀区"], ["东城区"], []]
    done, errors = [], []
    threads = [
        threading.Thread(target=_session, args=(intranet, user, f"load-route-{i}", changes, done, errors))
        for i, user in enumerate(users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    elapsed = time.perf_counter() - started
    assert errors == [] and len(done) == len(users)
    new = [e for e in intranet.events() if e.event_id not in before]
    for user in users:
        mine = [e for e in new if e.user == user]
        kinds = [e.kind for e in mine]
        # sign-in; alleys, then 4 filter changes (the reruns change nothing), then cases; 3 exports
        assert kinds.count("sign_in") == 1 and kinds.count("page_view") == 6 and kinds.count("export") == 3, (user, kinds)
        assert len(mine) == 10 and len({e.event_id for e in mine}) == 10
        assert len({e.session for e in mine}) == 1 and len({e.pid for e in mine}) == 1  # one tab, one process
        role, codes, _admin = GRANTS[user]
        for export in (e for e in mine if e.kind == "export"):
            assert export.detail["rows"] >= 0
            if role == "district":
                assert set(export.detail["districts"]) <= set(codes), (user, export.detail)
    assert len({e.pid for e in new}) == 2, "both app processes took sessions"
    print(f"{len(users)} sessions, {len(new)} audit events, {elapsed:.1f} s")
