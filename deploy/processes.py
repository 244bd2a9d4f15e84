"""Servers on this machine's loopback: a free port to start one on, and waiting until it answers.

Shared by the intranet set-up (deploy/intranet.py), the benchmark and the browser tests.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answers(url: str, timeout: float = 60, process: subprocess.Popen | None = None, name: str = "") -> None:
    """Until `url` answers 200; an error if `process` (the server) exits first or time runs out."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{name or url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{name or url} did not answer within {timeout} s")
