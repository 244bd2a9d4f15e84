"""serve.py: the dashboard's server connections have Nagle's algorithm off, and its modules
are loaded before the first visitor.

Without the first every rerun waited ~40 ms on the browser's delayed ACK (serve.py's docstring).
These use real sockets: the listener Streamlit binds, and a connection accepted from it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

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


def test_the_dashboard_listens_on_this_machine_only_unless_told():
    script = (
        "from streamlit import config; config.get_config_options(force_reparse=True); print(config.get_option('server.address'))"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=serve.ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "127.0.0.1"


def test_first_start_builds_the_warehouse_before_serving_and_only_once(tmp_path):
    # scripts/run_dashboard.sh runs this before serve.py, so the address it prints is ready when printed.
    warehouse = tmp_path / "w.duckdb"
    command = [sys.executable, "-m", "data", "build", "--if-missing", "--scale", "0.02", "--out", str(warehouse)]
    first = subprocess.run(command, cwd=serve.ROOT, capture_output=True, text=True, check=True)
    assert warehouse.exists() and "首次启动" in first.stderr
    built = warehouse.stat().st_mtime
    again = subprocess.run(command, cwd=serve.ROOT, capture_output=True, text=True, check=True)
    assert "已存在" in again.stderr and warehouse.stat().st_mtime == built
    script = (Path(serve.ROOT) / "scripts" / "run_dashboard.sh").read_text(encoding="utf-8")
    assert script.index("data build --if-missing") < script.index("serve.py")
