"""The dashboard behind the intranet portal's own path: Streamlit's baseUrlPath, directly and
through nginx with the project's configuration (deploy/nginx-intranet.conf.template)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, free_port, screenshot, start_app, wait_for_app, wait_http

PREFIX = "chuangcheng"


@pytest.fixture(scope="module")
def prefixed_app(warehouse_path):
    port = free_port()
    process = start_app(warehouse_path, port, "--server.baseUrlPath", PREFIX)
    try:
        wait_http(f"http://127.0.0.1:{port}/{PREFIX}/_stcore/health")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def nginx(prefixed_app, tmp_path_factory):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.skip("nginx 未安装：运行 scripts/setup_browser.sh（需要 root）")
    workdir = tmp_path_factory.mktemp("nginx")
    listen_port = free_port()
    template = (ROOT / "deploy" / "nginx-intranet.conf.template").read_text(encoding="utf-8")
    config = workdir / "nginx.conf"
    config.write_text(
        template.format(workdir=workdir, listen_port=listen_port, app_port=prefixed_app, prefix=PREFIX), encoding="utf-8"
    )
    process = subprocess.Popen(
        [binary, "-c", str(config), "-p", str(workdir), "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        wait_http(f"http://127.0.0.1:{listen_port}/{PREFIX}/_stcore/health", timeout=30)
        yield listen_port
    finally:
        process.terminate()
        process.wait(timeout=20)


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


def test_app_under_a_path_prefix(prefixed_app, watched):
    _assert_page_works(
        watched, f"http://127.0.0.1:{prefixed_app}/{PREFIX}/alleys?district=110101", "背街小巷", "proxy_direct_alleys"
    )


def test_app_through_nginx_under_the_portal_path(nginx, watched):
    _assert_page_works(watched, f"http://127.0.0.1:{nginx}/{PREFIX}/cases", "接诉即办", "proxy_nginx_cases")
    # The link's filters and a page switch work through the proxy as well.
    page = watched.page
    page.goto(f"http://127.0.0.1:{nginx}/{PREFIX}/satisfaction?district=110105&embed=true")
    wait_for_app(page)
    assert "朝阳区" in page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
    assert watched.errors == []
