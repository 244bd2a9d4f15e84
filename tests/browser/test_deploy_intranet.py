"""`python -m deploy.intranet` as the office runs it: the secret file, N app processes on loopback in
proxy mode, nginx in front asking the (stub) portal, and Ctrl-C stopping all of it. Also the
configuration it writes for a real server (`--write-config-only`), checked by `nginx -t`."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.intranet import nginx_binary
from deploy.processes import free_port
from deploy.sso_stub import SsoStub

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "chuangcheng"

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx 未安装：运行 scripts/setup_browser.sh（需要 root）")


def _get(port: int, path: str, cookie: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as /proc/net/tcp* writes them) with a socket listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_the_command_runs_signs_in_through_the_portal_and_stops_on_ctrl_c(warehouse_path, tmp_path):
    listen = free_port()
    secret_file = tmp_path / "secret" / "proxy-secret"
    with SsoStub({"s1": "wang.li"}) as sso:
        command = [sys.executable, "-m", "deploy.intranet", "--listen", f"127.0.0.1:{listen}", "--processes", "2"]
        command += ["--prefix", PREFIX, "--sso-check", sso.check_url, "--warehouse", str(warehouse_path)]
        command += ["--access-db", str(tmp_path / "access.sqlite3"), "--secret-file", str(secret_file)]
        command += ["--app-port", "0", "--workdir", str(tmp_path / "nginx")]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            started = time.perf_counter()
            line = process.stdout.readline()
            assert "看板已启动" in line, line + process.stderr.read()
            print(f"started in {time.perf_counter() - started:.1f} s: {line.strip()}")
            ports = [int(p) for p in re.search(r"端口 ([\d ]+)；", line).group(1).split()]
            assert len(ports) == 2

            assert os.stat(secret_file).st_mode & 0o777 == 0o600
            secret = secret_file.read_text().strip()

            status, body = _get(listen, f"/{PREFIX}/cases")
            assert status == 401 and "未登录" in body
            status, body = _get(listen, f"/{PREFIX}/cases", "portal_session=s1")
            assert status == 200 and "<html" in body.lower()
            assert sso.requests and sso.requests[-1]["cookie"] == "portal_session=s1"

            apps = _children(process.pid)
            nginx_master = [pid for pid in apps if "nginx" in Path(f"/proc/{pid}/cmdline").read_text()]
            app_pids = [pid for pid in apps if pid not in nginx_master]
            assert len(nginx_master) == 1 and len(app_pids) == 2
            for pid in app_pids:
                environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
                assert b"DASHBOARD_AUTH=proxy" in environ
                assert f"DASHBOARD_PROXY_SECRET_FILE={secret_file.resolve()}".encode() in environ
                assert secret.encode() not in b"\0".join(environ)  # the path is passed, never the value
                assert secret.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes()
            for port in ports:
                assert _listening_addresses(port) == {"0100007F"}, "an app process listens beyond 127.0.0.1"

            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=60) == 0
            for pid in apps:
                assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
            for port in [listen, *ports]:
                assert _listening_addresses(port) == set()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
            process.stderr.close()


def test_write_config_only_gives_a_configuration_nginx_accepts(tmp_path):
    workdir = tmp_path / "nginx"
    secret_file = tmp_path / "etc" / "proxy-secret"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "deploy.intranet", "--write-config-only", "--listen", "0.0.0.0:8080", "--processes", "3"),
            # nginx resolves the check's host when it starts: an address here, as `nginx -t` runs offline.
            *("--sso-check", "https://10.0.0.8:8443/sso/check", "--sso-login", "https://portal.example/login?next=$request_uri"),
            *("--secret-file", str(secret_file), "--workdir", str(workdir)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    config = (workdir / "nginx.conf").read_text()
    assert "listen 0.0.0.0:8080;" in config
    assert all(f"server 127.0.0.1:{port};" in config for port in (8501, 8502, 8503))
    assert secret_file.read_text().strip() not in config
    assert os.stat(workdir / "proxy-secret.conf").st_mode & 0o777 == 0o600
    checked = subprocess.run(
        [nginx_binary(), "-t", "-c", str(workdir / "nginx.conf"), "-p", str(workdir)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_bad_values_are_refused_in_chinese(tmp_path):
    result = subprocess.run(
        [
            *(sys.executable, "-m", "deploy.intranet", "--sso-check", "http://x/check; return 200", "--write-config-only"),
            *("--secret-file", str(tmp_path / "s"), "--workdir", str(tmp_path / "w")),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "登录检查地址" in result.stderr
    assert not (tmp_path / "w" / "nginx.conf").exists()
