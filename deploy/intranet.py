"""The intranet set-up on this machine: app processes behind nginx, from the project's template.

`nginx_config(...)` fills deploy/nginx-intranet.conf.template; `Nginx(...)` runs it in the
foreground for as long as a `with` block lasts. The proxy tests and the benchmark's load test
use these, so what they check is the configuration the README tells the office to deploy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from deploy.processes import wait_until_answers

TEMPLATE = Path(__file__).with_name("nginx-intranet.conf.template")


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def nginx_config(workdir: Path, listen_port: int, app_ports: list[int], prefix: str) -> Path:
    """Write nginx.conf into `workdir` for these app processes and return its path."""
    upstream = "\n".join(f"        server 127.0.0.1:{port};" for port in app_ports)
    text = TEMPLATE.read_text(encoding="utf-8").format(
        workdir=workdir, listen_port=listen_port, upstream_servers=upstream, prefix=prefix
    )
    path = workdir / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


class Nginx:
    """`with Nginx(workdir, listen_port, app_ports, prefix):` nginx in the foreground, then stopped."""

    def __init__(self, workdir: Path, listen_port: int, app_ports: list[int], prefix: str) -> None:
        self.workdir, self.listen_port, self.app_ports, self.prefix = Path(workdir), listen_port, list(app_ports), prefix
        self.config = nginx_config(self.workdir, listen_port, app_ports, prefix)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Nginx:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed: run scripts/setup_browser.sh (as root)")
        self.process = subprocess.Popen(
            [binary, "-c", str(self.config), "-p", str(self.workdir), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self._wait_healthy()
        return self

    def __exit__(self, *_exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def routes(self) -> dict[str, set[str]]:
        """Route cookie -> the app processes (upstream addresses) that served it, from the access log
        (the template's `routed` format: a request is logged when it ends, a websocket when it closes)."""
        served: dict[str, set[str]] = {}
        for line in (self.workdir / "access.log").read_text(encoding="utf-8").splitlines():
            match = re.search(r" (\S+) route=(\S+)$", line)
            if match:
                served.setdefault(match.group(2), set()).add(match.group(1))
        return served

    def _wait_healthy(self, timeout: float = 30) -> None:
        url = f"http://127.0.0.1:{self.listen_port}/{self.prefix}/_stcore/health"
        try:
            wait_until_answers(url, timeout, self.process, "nginx")
        except RuntimeError as error:
            log = (self.workdir / "error.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"{error}: {log}") from error
