"""Many people at once: concurrent sessions changing filters against one server, on loopback only.

Each session is a websocket client (benchmarks.client, far lighter than a Chromium tab, so the
two cores go to the server), opens one of the six pages and then, until the time is up,
changes the district or the period at random. After each rerun it waits `think` seconds on
average (uniform, half to one and a half times): a browser session cannot ask again before
its page is drawn (≈ 1–2.5 s warm here, see browser.py) and a person has clicked. `think=0`
is a stress test instead: every session asks again the moment its rerun ends.
Bounded: `sessions` clients for `seconds` seconds.

`processes=1` runs one app process and the clients talk to it directly: the laptop demo's local
mode, one local user. `processes=2` is the intranet deployment (README, 内网部署): two app processes
in proxy mode behind nginx configured from deploy/nginx-intranet.conf.template, with the proxy secret
made for the run, and the clients talk to nginx; each new session is routed to a process as a new
browser would be, and signed in at a stub portal check (deploy/sso_stub.py), which nginx asks once
per request and once per websocket, as it asks the office portal. The load-test users (bench0, …) are
given 市级 grants in the run's own access database, which also takes their audit trail.
"""

from __future__ import annotations

import contextlib
import os
import random
import tempfile
import threading
import time
from pathlib import Path

from access.grants import Grants
from access.identity import KEY_HEADER, USER_HEADER, load_secret
from benchmarks.client import Session
from benchmarks.scenario import TWINNED_PAGES, Scenario
from benchmarks.server import App
from deploy.intranet import Nginx, app_environment, ensure_secret
from deploy.processes import free_port
from deploy.sso_stub import COOKIE, SsoStub

WARM_UP_USER = "bench-warmup"

BASE_PATH = "chuangcheng"  # as behind the portal


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (user + system, all threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _user(
    port: int,
    page: str,
    scenario: Scenario,
    seed: int,
    think: float,
    deadline: float,
    latencies: list,
    errors: list,
    base_path: str = "",
    cookie: str | None = None,
) -> None:
    rng = random.Random(seed)
    try:
        with Session(port, timeout=120, base_path=base_path, cookie=cookie) as session:
            session.open(page)
            while time.perf_counter() < deadline:
                if rng.random() < 0.5:
                    run = session.change(filter_districts=[rng.choice(scenario.district_names)])
                else:
                    start = rng.randrange(len(scenario.month_labels) - 1)
                    end = rng.randrange(start, len(scenario.month_labels))
                    run = session.change(filter_period=[scenario.month_labels[start], scenario.month_labels[end]])
                latencies.append(run.seconds)
                if think:
                    time.sleep(min(rng.uniform(0.5 * think, 1.5 * think), max(deadline - time.perf_counter(), 0)))
    except Exception as error:  # counted and reported, not raised: the test goes on for the others
        errors.append(f"{type(error).__name__}: {error}")


def run(
    app_name: str,
    warehouse: Path,
    sessions: int = 20,
    seconds: float = 60,
    think: float = 2.0,
    log: Path | None = None,
    processes: int = 1,
) -> dict:
    scenario = Scenario(warehouse)
    latencies: list[float] = []
    errors: list[str] = []
    base_path = BASE_PATH if processes > 1 else ""
    with contextlib.ExitStack() as stack:
        env, warm_up_headers, secret_file = None, None, None
        if processes > 1:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-nginx-")))
            secret_file = ensure_secret(workdir / "proxy-secret")
            access_db = workdir / "access.sqlite3"
            grants = Grants(access_db)
            for user in (WARM_UP_USER, *(f"bench{i}" for i in range(sessions))):
                grants.grant(user, "city", by="benchmark")
            env = app_environment(secret_file, access_db=access_db)
            # The warm-up goes straight to each process, as nginx would send it (the run holds the secret).
            warm_up_headers = {USER_HEADER: WARM_UP_USER, KEY_HEADER: load_secret(secret_file).reveal()}
        apps = [stack.enter_context(App(app_name, warehouse, log, base_path=base_path, env=env)) for _ in range(processes)]
        # Warm the server up as a morning's first visitors would (one visit per page), then go.
        for app in apps:
            for page in TWINNED_PAGES:
                with Session(app.port, base_path=base_path, headers=warm_up_headers) as session:
                    session.open(page)
        port, proxy = apps[0].port, None
        if processes > 1:
            sso = stack.enter_context(SsoStub())  # any session cookie signs in as the user it names
            proxy = stack.enter_context(
                Nginx(
                    workdir, free_port(), [app.port for app in apps], base_path, sso_check=sso.check_url, secret_file=secret_file
                )
            )
            port = proxy.listen_port
        cpu_before = sum(_cpu_seconds(app.process.pid) for app in apps)
        deadline = time.perf_counter() + seconds
        threads = [
            threading.Thread(
                target=_user,
                # Each session a browser with its own route cookie, so the split over the processes is
                # the same in every run (nginx hashes the cookie) rather than left to chance.
                args=(
                    port,
                    TWINNED_PAGES[i % len(TWINNED_PAGES)],
                    scenario,
                    i,
                    think,
                    deadline,
                    latencies,
                    errors,
                    base_path,
                    f"dashboard_route={_route(i)}; {COOKIE}=bench{i}",
                ),
                daemon=True,
            )
            for i in range(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 180)
        peak = max(app.peak_rss_mb() for app in apps)
        cpu = sum(_cpu_seconds(app.process.pid) for app in apps) - cpu_before
        split = _sessions_per_process(proxy, sessions) if proxy else {str(apps[0].port): sessions}
    return {
        "sessions": sessions,
        "seconds": seconds,
        "think": think,
        "processes": processes,
        "changes": latencies,
        "errors": errors,
        "peak_rss_mb": peak,
        "server_cpu_seconds": cpu,
        "sessions_per_process": split,
    }


def _route(i: int) -> str:
    """Session i's route cookie value (nginx hashes it to pick the process)."""
    return f"session{i}"


def _sessions_per_process(proxy: Nginx, sessions: int) -> dict[str, int]:
    """How many of the sessions nginx sent to each process (upstream address)."""
    routes = proxy.routes()
    counts: dict[str, int] = {}
    for i in range(sessions):
        for upstream in routes.get(_route(i), ()):
            counts[upstream] = counts.get(upstream, 0) + 1
    return dict(sorted(counts.items()))
