"""serve.py: the dashboard's server connections have Nagle's algorithm off, and its modules
are loaded before the first visitor.

Without the first every rerun waited ~40 ms on the browser's delayed ACK (serve.py's docstring).
These use real sockets: the listener Streamlit binds, and a connection accepted from it.
"""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from streamlit.web.server.starlette import starlette_server

import serve


@pytest.fixture
def installed():
    original = starlette_server._bind_socket
    assert serve.install(), "this Streamlit no longer binds its socket in _bind_socket: serve.py needs a new hook"
    yield
    starlette_server._bind_socket = original


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_streamlit_alone_leaves_nagle_on():
    """The reason for serve.py: if this starts failing, Streamlit fixed it and serve.py can go."""
    listener = starlette_server._bind_socket("127.0.0.1", 0, 8)
    with listener:
        assert listener.proto == 0
        assert _nodelay(listener) == 0


def test_accepted_connections_have_nodelay(installed):
    listener = starlette_server._bind_socket("127.0.0.1", 0, 8)
    with listener:
        listener.setblocking(True)
        assert _nodelay(listener) == 1
        with socket.create_connection(listener.getsockname(), timeout=5):
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.proto == 0  # so asyncio would not have set it
                assert _nodelay(accepted) == 1


def test_runs_the_dashboard_unless_told_otherwise(monkeypatch):
    seen = {}
    monkeypatch.setattr(serve.sys, "argv", list(serve.sys.argv))  # restored afterwards
    monkeypatch.setattr(serve, "install", lambda: True)
    monkeypatch.setattr(serve, "preload", lambda: [])
    monkeypatch.setattr(serve.cli, "main", lambda: seen.setdefault("argv", list(serve.sys.argv)) and 0)
    serve.main(["--server.port", "9999"])
    assert seen["argv"] == ["streamlit", "run", str(serve.ROOT / "dashboard.py"), "--server.port", "9999"]
    seen.clear()
    serve.main(["benchmarks/pandas_app/app.py", "--server.headless", "true"])
    assert seen["argv"] == ["streamlit", "run", "benchmarks/pandas_app/app.py", "--server.headless", "true"]


def test_preload_imports_what_a_first_page_run_would():
    # In a fresh interpreter: nothing heavy is loaded by importing serve, all of it by preload().
    script = (
        "import sys, serve\n"
        "heavy = ('pandas', 'pydeck', 'duckdb', 'h3', 'ui.charts', 'ui.maps', 'queries')\n"
        "before = [m for m in heavy if m in sys.modules]\n"
        "names = serve.preload()\n"
        "print(before, [m for m in heavy if m not in sys.modules], 'ui.draw' in names, 'queries' in names)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=serve.ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[0] == "[] [] True True"
