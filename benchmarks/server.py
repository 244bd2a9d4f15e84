"""Start an app as `streamlit run` on a free loopback port, read its memory, stop it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from deploy.processes import free_port, wait_until_answers

ROOT = Path(__file__).resolve().parents[1]
APPS = {"ours": ROOT / "dashboard.py", "pandas": ROOT / "benchmarks" / "pandas_app" / "app.py"}


class App:
    """One server process; `with App("ours", warehouse) as app:` ... `app.port`, `app.peak_rss_mb()`."""

    # Extra `streamlit run` options for experiments (python -m benchmarks --streamlit-option ...).
    extra_options: tuple[str, ...] = ()

    def __init__(
        self, name: str, warehouse: Path, log: Path | None = None, base_path: str = "", env: dict[str, str] | None = None
    ) -> None:
        self.name, self.warehouse, self.log, self.base_path = name, Path(warehouse), log, base_path
        self.env = env  # the environment to run in (default: this one); the intranet's proxy mode, say
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._access_dir: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> App:
        env = {**(self.env if self.env is not None else os.environ), "DASHBOARD_WAREHOUSE": str(self.warehouse)}
        if "DASHBOARD_ACCESS_DB" not in env:
            # The audit trail of a benchmark run is no one's: a file of its own, never data/access.sqlite3.
            self._access_dir = tempfile.TemporaryDirectory(prefix="bench-access-")
            env["DASHBOARD_ACCESS_DB"] = str(Path(self._access_dir.name) / "access.sqlite3")
        command = [
            sys.executable,
            str(ROOT / "serve.py"),  # `streamlit run` with TCP_NODELAY, as the dashboard is served
            str(APPS[self.name]),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *(["--server.baseUrlPath", self.base_path] if self.base_path else []),
            *self.extra_options,
        ]
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL
        # cwd is the repo root so both apps read .streamlit/config.toml (theme, no telemetry, no file watcher).
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self._wait_healthy()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def _wait_healthy(self, timeout: float = 90) -> None:
        wait_until_answers(f"{self.url}/_stcore/health", timeout, self.process, f"{self.name} app")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}" + (f"/{self.base_path}" if self.base_path else "")

    def _status(self, field: str) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB -> MB
        raise KeyError(field)

    def peak_rss_mb(self) -> float:
        """The process's peak resident memory so far (VmHWM)."""
        return self._status("VmHWM")

    def rss_mb(self) -> float:
        return self._status("VmRSS")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._access_dir is not None:
            self._access_dir.cleanup()
            self._access_dir = None
