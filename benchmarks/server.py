"""Start an app as `streamlit run` on a free loopback port, read its memory, stop it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from deploy.processes import free_port, wait_until_answers

ROOT = Path(__file__).resolve().parents[1]
APPS = {"ours": ROOT / "dashboard.py", "pandas": ROOT / "benchmarks" / "pandas_app" / "app.py"}


class App:
    """One server process; `with App("ours", warehouse) as app:` ... `app.port`, `app.peak_rss_mb()`."""

    # Extra `streamlit run` options for experiments (python -m benchmarks --streamlit-option ...).
    extra_options: tuple[str, ...] = ()

    def __init__(self, name: str, warehouse: Path, log: Path | None = None, base_path: str = "") -> None:
        self.name, self.warehouse, self.log, self.base_path = name, Path(warehouse), log, base_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> App:
        env = {**os.environ, "DASHBOARD_WAREHOUSE": str(self.warehouse)}
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
