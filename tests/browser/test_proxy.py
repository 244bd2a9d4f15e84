"""The dashboard behind the intranet portal's own path: Streamlit's baseUrlPath, directly (the laptop's
local mode) and through nginx with the project's configuration (deploy/nginx-intranet.conf.template),
signed in at the stub portal (deploy/sso_stub.py) by its session cookie, the app processes in proxy mode
with the secret nginx sends and a grant for the portal's user, as the intranet runs them."""

from __future__ import annotations

import time
import urllib.request

import pytest

from access.grants import Grants
from deploy.intranet import Nginx, app_environment, ensure_secret, nginx_binary
from deploy.processes import free_port
from deploy.sso_stub import COOKIE, SsoStub
from tests.browser.conftest import screenshot, start_app, wait_for_app, wait_http

PREFIX = "chuangcheng"


@pytest.fixture(scope="module")
def prefixed_apps(warehouse_path):
    """Two app processes under the portal's path, as the intranet server runs them (one per core)."""
    ports = [free_port(), free_port()]
    processes = [start_app(warehouse_path, port, "--server.baseUrlPath", PREFIX) for port in ports]
    try:
        for port in ports:
            wait_http(f"http://127.0.0.1:{port}/{PREFIX}/_stcore/health")
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def nginx(warehouse_path, tmp_path_factory):
    if nginx_binary() is None:
        pytest.skip("nginx 未安装：运行 scripts/setup_browser.sh（需要 root）")
    workdir = tmp_path_factory.mktemp("nginx")
    secret = ensure_secret(workdir / "proxy-secret")
    access_db = workdir / "access.sqlite3"
    Grants(access_db).grant("wang.li", "city", by="test")  # the user the portal's cookie names (_sign_in)
    env = app_environment(secret, access_db=access_db)
    ports = [free_port(), free_port()]
    processes = [start_app(warehouse_path, port, "--server.baseUrlPath", PREFIX, env=env) for port in ports]
    try:
        for port in ports:
            wait_http(f"http://127.0.0.1:{port}/{PREFIX}/_stcore/health")
        with (
            SsoStub() as sso,
            Nginx(workdir, free_port(), ports, PREFIX, sso_check=sso.check_url, secret_file=secret) as proxy,
        ):
            yield proxy
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def _sign_in(page, port: int) -> None:
    """The portal's session cookie, as the browser has it after signing in at the portal."""
    page.context.add_cookies([{"name": COOKIE, "value": "wang.li", "url": f"http://127.0.0.1:{port}"}])


def _assert_page_works(watched, url: str, title: str, shot: str) -> None:
    page = watched.page
    page.goto(url)
    wait_for_app(page)
    time.sleep(1)
    assert title in page.locator("h1").first.inner_text()
    assert "示例数据" in page.locator("[data-testid='stMain']").inner_text()
    assert not page.locator("[data-testid='stException']").count()
    screenshot(page, shot)
    assert watched.outside_requests() == []
    assert watched.errors == []


def test_app_under_a_path_prefix(prefixed_apps, watched):
    _assert_page_works(
        watched, f"http://127.0.0.1:{prefixed_apps[0]}/{PREFIX}/alleys?district=110101", "背街小巷", "proxy_direct_alleys"
    )


def test_app_through_nginx_under_the_portal_path(nginx, watched):
    _sign_in(watched.page, nginx.listen_port)
    _assert_page_works(watched, f"http://127.0.0.1:{nginx.listen_port}/{PREFIX}/cases", "接诉即办", "proxy_nginx_cases")
    # The link's filters and a page switch work through the proxy as well.
    page = watched.page
    page.goto(f"http://127.0.0.1:{nginx.listen_port}/{PREFIX}/satisfaction?district=110105&embed=true")
    wait_for_app(page)
    assert "朝阳区" in page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
    assert watched.errors == []


def test_nginx_spreads_browsers_over_the_processes_and_keeps_each_on_one(nginx, watched, tmp_path):
    # A browser session: its page, scripts, websocket and a download all go to one process,
    # or the download (made by the session that asked for it) would fail.
    page = watched.page
    _sign_in(page, nginx.listen_port)
    page.goto(f"http://127.0.0.1:{nginx.listen_port}/{PREFIX}/districts")
    wait_for_app(page)
    (route,) = [c["value"] for c in page.context.cookies() if c["name"] == "dashboard_route"]
    page.get_by_text("下载各区指标").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV（Excel 可直接打开）").first.click()
    target = tmp_path / "export.csv"
    download.value.save_as(target)
    assert "朝阳区" in target.read_text(encoding="utf-8-sig")
    assert watched.errors == []
    page.context.close()  # ends the websocket, so nginx logs it

    # Sixteen other browsers (their route cookies set by hand, so this is deterministic).
    for n in range(16):
        request = urllib.request.Request(
            f"http://127.0.0.1:{nginx.listen_port}/{PREFIX}/_stcore/health", headers={"Cookie": f"dashboard_route=browser{n}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    time.sleep(0.5)
    routes = nginx.routes()
    assert len(routes[route]) == 1, f"one browser was served by {routes[route]}"
    assert all(len(routes[f"browser{n}"]) == 1 for n in range(16))
    used = set().union(*(routes[f"browser{n}"] for n in range(16)))
    assert used == {f"127.0.0.1:{port}" for port in nginx.app_ports}


def test_a_browser_not_signed_in_at_the_portal_gets_the_signin_page(nginx, watched):
    page = watched.page
    response = page.goto(f"http://127.0.0.1:{nginx.listen_port}/{PREFIX}/cases")
    assert response.status == 401
    assert "未登录" in page.locator("h1").inner_text()
    screenshot(page, "proxy_nginx_not_signed_in")
