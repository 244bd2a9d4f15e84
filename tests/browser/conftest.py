"""A real server and Debian's Chromium for the browser tests.

The app runs as `python serve.py` (`streamlit run dashboard.py`, see serve.py) on a free port against the test warehouse;
Playwright drives /usr/bin/chromium (Playwright's own browser download does not work
offline). Screenshots go to test-output/screens/ for people to look at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from deploy.processes import free_port, wait_until_answers

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "test-output" / "screens"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PROBE_ENDPOINTS = ("/_stcore/health", "/_stcore/host-config")

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium 未安装：运行 scripts/setup_browser.sh（需要 root）", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


def wait_http(url: str, timeout: float = 60) -> None:
    wait_until_answers(url, timeout)


def start_app(warehouse: Path, port: int, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`serve.py` on 127.0.0.1:`port`; `env`: the environment to run in (default this one, local mode)."""
    env = {**(env if env is not None else os.environ), "DASHBOARD_WAREHOUSE": str(warehouse)}
    command = [
        sys.executable,
        str(ROOT / "serve.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        *extra,
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


@contextlib.contextmanager
def running_app(warehouse: Path) -> Iterator[str]:
    """A new app process on `warehouse`, on a free port, until the block ends: its base URL."""
    port = free_port()
    process = start_app(warehouse, port)
    try:
        wait_http(f"http://127.0.0.1:{port}/_stcore/health")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(warehouse_path) -> Iterator[str]:
    with running_app(warehouse_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Watched:
    """A page with every request and console error recorded."""

    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Console errors, less the 404s of Streamlit's own base-path probe.

        On a page URL such as /cases the Streamlit frontend first asks /cases/_stcore/health
        and /cases/_stcore/host-config to find the app's base path, gets 404 and falls back to
        /. Chromium logs each 404 as a console error; they are Streamlit's, expected, harmless.
        """
        probes = [url for status, url in self.failed_responses if status == 404 and url.endswith(PROBE_ENDPOINTS)]
        unexplained = [f"HTTP {status} on {url}" for status, url in self.failed_responses if url not in probes]
        resource_errors = sum(e.startswith("Failed to load resource") for e in self.console_errors)
        other_errors = [e for e in self.console_errors if not e.startswith("Failed to load resource")]
        if resource_errors > len(probes):
            other_errors.append(f"{resource_errors - len(probes)} failed resource loads besides the base-path probe")
        return other_errors + unexplained

    def outside_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    record = Watched(page)
    page.on("request", lambda request: record.requests.append(request.url))
    page.on("console", lambda message: record.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: record.console_errors.append(str(error)))
    page.on(
        "response",
        lambda response: record.failed_responses.append((response.status, response.url)) if response.status >= 400 else None,
    )
    yield record
    context.close()


def wait_for_app(page, timeout_s: float = 60) -> None:
    """Until Streamlit has finished its script run and the page has stopped changing."""
    page.wait_for_selector("[data-testid='stMain']", timeout=timeout_s * 1000)
    deadline = time.time() + timeout_s
    quiet_since = None
    while time.time() < deadline:
        busy = page.locator("[data-testid='stStatusWidget']").count() or page.locator("[data-testid='stSkeleton']").count()
        if busy:
            quiet_since = None
        else:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 1.2:
                return
        time.sleep(0.2)
    raise AssertionError("the app did not finish running within the time limit")


def screenshot(page, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
