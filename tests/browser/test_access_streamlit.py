"""access.identity inside a real Streamlit session: the identity is read from the headers of the
websocket's upgrade request, as nginx passed them (proxy mode), or from the TCP peer (local mode).
The app is a probe script (identity_probe.py) served by serve.py as the dashboard is."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.intranet import Nginx, ensure_secret, nginx_binary
from deploy.processes import free_port, wait_until_answers
from deploy.sso_stub import COOKIE, SsoStub

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("identity_probe.py")
PREFIX = "chuangcheng"


def _start_probe(port: int, env: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "serve.py"), str(PROBE), "--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.baseUrlPath", PREFIX, "--server.headless", "true"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A proxy-mode probe and a local-mode probe, each behind its own nginx with the stub portal."""
    if nginx_binary() is None:
        pytest.skip("nginx 未安装：运行 scripts/setup_browser.sh（需要 root）")
    workdir = tmp_path_factory.mktemp("identity")
    secret = ensure_secret(workdir / "proxy-secret")
    base = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_AUTH", "DASHBOARD_PROXY_SECRET_FILE")}
    ports = {"proxy": free_port(), "local": free_port()}
    apps = [
        _start_probe(ports["proxy"], {**base, "DASHBOARD_AUTH": "proxy", "DASHBOARD_PROXY_SECRET_FILE": str(secret)}),
        _start_probe(ports["local"], base),
    ]
    try:
        for port, app in zip(ports.values(), apps, strict=True):
            wait_until_answers(f"http://127.0.0.1:{port}/{PREFIX}/_stcore/health", 90, app, "probe app")
        with (
            SsoStub({"s-alice": "wang.li"}) as sso,
            Nginx(
                workdir / "nginx-proxy", free_port(), [ports["proxy"]], PREFIX, sso_check=sso.check_url, secret_file=secret
            ) as proxied,
            Nginx(workdir / "nginx-local", free_port(), [ports["local"]], PREFIX, sso_check=sso.check_url) as local_behind_nginx,
        ):
            yield {"apps": ports, "nginx": proxied, "nginx_local": local_behind_nginx}
    finally:
        for app in apps:
            app.terminate()
            app.wait(timeout=20)


def _probe(browser, url: str, headers: dict[str, str] | None = None, cookie: bool = False) -> str:
    context = browser.new_context(extra_http_headers=headers or {})
    try:
        if cookie:
            context.add_cookies([{"name": COOKIE, "value": "s-alice", "url": url}])
        page = context.new_page()
        page.goto(url)
        locator = page.locator("[data-testid='stText']").first
        locator.wait_for(timeout=60_000)
        time.sleep(0.3)
        return locator.inner_text()
    finally:
        context.close()


def test_signed_in_through_nginx_whatever_the_browser_claims(stack, browser):
    text = _probe(browser, stack["nginx"].url, {"X-Remote-User": "admin"}, cookie=True)
    assert "status=signed_in user=wang.li" in text
    assert "x-remote-user=['wang.li']" in text  # the browser's "admin" never reached the session


def test_straight_to_the_app_port_with_forged_headers_identifies_no_one(stack, browser):
    url = f"http://127.0.0.1:{stack['apps']['proxy']}/{PREFIX}/"
    text = _probe(browser, url, {"X-Remote-User": "admin", "X-Dashboard-Proxy-Key": "guessed-guessed-guessed-guessed-1"})
    assert "status=not_through_proxy user=- reason=wrong_proxy_key" in text
    assert "x-remote-user=['admin']" in text  # the forged header did arrive, and counted for nothing
    assert "status=not_through_proxy user=- reason=no_proxy_key" in _probe(browser, url, {"X-Remote-User": "admin"})


def test_local_mode_is_the_local_user_only_over_direct_loopback(stack, browser):
    assert "status=signed_in user=local" in _probe(browser, f"http://127.0.0.1:{stack['apps']['local']}/{PREFIX}/")
    # The same app reached through a proxy on this machine: loopback too, but on someone else's behalf.
    assert "status=not_local user=- reason=proxied" in _probe(browser, stack["nginx_local"].url, cookie=True)
