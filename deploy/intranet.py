"""The intranet set-up: app processes behind nginx, every request signed in through the portal.

`python -m deploy.intranet --listen 8080 --processes 2 --prefix chuangcheng --sso-check URL` runs the real
thing in the foreground: it makes the proxy secret file (0600) if missing, starts N app processes
(`serve.py` on 127.0.0.1 only, `DASHBOARD_AUTH=proxy`, the secret file named in their environment), then
nginx from deploy/nginx-intranet.conf.template; Ctrl-C stops everything. `--write-config-only` writes
nginx's configuration for a real server instead (deploy/systemd/).

`nginx_config(...)` fills the template; `Nginx(...)` runs it for as long as a `with` block lasts. The
proxy tests and the benchmark's load test use these, so what they check is what the office deploys.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy.processes import free_port, wait_until_answers
from ui.cli import Parser

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx-intranet.conf.template")
DEFAULT_SECRET_FILE = ROOT / "data" / "proxy-secret"
SECRET_HEADER = "X-Dashboard-Proxy-Key"  # the same name as access.identity.KEY_HEADER

# What may go into nginx's configuration from the command line: no quotes, spaces, semicolons or braces,
# which would let a value end its directive and start another.
_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_CHECK_URL = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~!&()*+,=:@%/?-]*)?")
_LOGIN_URL = re.compile(r"(https?://[A-Za-z0-9.\-\[\]:]+)?/[A-Za-z0-9._~!&()*+,=:@%/?$#-]*")
_SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")

SIGNIN_PAGE = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>未登录</title>'
    '<body style="font-family: sans-serif; margin: 4em"><h1>未登录</h1>'
    "<p>首都“创城+”工作看板需要先通过单位门户登录。请登录门户后，从门户进入看板。</p></body></html>"
)


class ConfigError(ValueError):
    """A value that cannot go into nginx's configuration; the message is Chinese."""


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def ensure_secret(path: Path) -> Path:
    """Make the proxy secret file (random, mode 0600) unless it exists; its path. The value is not returned,
    so that it is only ever read where it is used (nginx's include, the app's check)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _read_secret(path)  # refuse a file with loose permissions or a bad value now, not at the first visitor
        return path
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    return path


def _read_secret(path: Path) -> str:
    from access.identity import SecretFileError, load_secret

    try:
        return load_secret(path).reveal()
    except SecretFileError as error:
        raise ConfigError(f"代理密钥文件不可用：{error}") from None


def _signin_block(sso_login: str | None) -> str:
    if sso_login:
        return f'            return 302 "{sso_login}";'
    return "\n".join(
        [
            '            default_type "text/html; charset=utf-8";',
            '            add_header Cache-Control "no-store" always;',
            f"            return 401 '{SIGNIN_PAGE}';",
        ]
    )


def check_values(prefix: str, sso_check: str, sso_login: str | None) -> None:
    if not _PREFIX.fullmatch(prefix):
        raise ConfigError(f"路径前缀“{prefix}”只能含字母、数字、- 和 _")
    if not _CHECK_URL.fullmatch(sso_check):
        raise ConfigError(f"登录检查地址“{sso_check}”应为 http:// 或 https:// 开头的网址，且不含空格、引号、分号或 $")
    if sso_login is not None and not _LOGIN_URL.fullmatch(sso_login):
        raise ConfigError(f"登录页地址“{sso_login}”应为网址或以 / 开头的路径，且不含空格、引号、分号或花括号")


def nginx_config(
    workdir: Path,
    listen_port: int,
    app_ports: list[int],
    prefix: str,
    *,
    sso_check: str,
    sso_login: str | None = None,
    secret_file: Path | None = None,
    listen_address: str = "127.0.0.1",
) -> Path:
    """Write nginx.conf and its secret include (0600) into `workdir`; the path of nginx.conf.

    Without `secret_file`, a secret is made in `workdir` (tests and the benchmark, whose app processes
    are given the same file).
    """
    check_values(prefix, sso_check, sso_login)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    secret = _read_secret(ensure_secret(Path(secret_file) if secret_file else workdir / "proxy-secret"))
    if not _SECRET.fullmatch(secret):  # load_secret checked this; it is what keeps the include well-formed
        raise ConfigError("代理密钥格式不对")
    include = workdir / "proxy-secret.conf"
    fd = os.open(include, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f'proxy_set_header {SECRET_HEADER} "{secret}";\n')
    os.chmod(include, 0o600)
    upstream = "\n".join(f"        server 127.0.0.1:{port};" for port in app_ports)
    listen = f"[{listen_address}]:{listen_port}" if ":" in listen_address else f"{listen_address}:{listen_port}"
    text = TEMPLATE.read_text(encoding="utf-8").format(
        workdir=workdir,
        listen=listen,
        upstream_servers=upstream,
        prefix=prefix,
        sso_check=sso_check,
        secret_include=include,
        signin=_signin_block(sso_login),
    )
    path = workdir / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


class Nginx:
    """`with Nginx(workdir, listen_port, app_ports, prefix, sso_check=URL):` nginx in the foreground, then stopped."""

    def __init__(
        self,
        workdir: Path,
        listen_port: int,
        app_ports: list[int],
        prefix: str,
        *,
        sso_check: str,
        sso_login: str | None = None,
        secret_file: Path | None = None,
        listen_address: str = "127.0.0.1",
    ) -> None:
        self.workdir, self.listen_port, self.app_ports, self.prefix = Path(workdir), listen_port, list(app_ports), prefix
        self.listen_address = listen_address
        self.secret_file = Path(secret_file) if secret_file else self.workdir / "proxy-secret"
        self.config = nginx_config(
            self.workdir,
            listen_port,
            app_ports,
            prefix,
            sso_check=sso_check,
            sso_login=sso_login,
            secret_file=self.secret_file,
            listen_address=listen_address,
        )
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
        try:
            self._wait_healthy()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.listen_address in ("0.0.0.0", "::") else self.listen_address
        return f"http://{host}:{self.listen_port}/{self.prefix}/"

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


def app_command(port: int, prefix: str) -> list[str]:
    """One app process as the intranet runs it: loopback only, under the portal's path."""
    return [
        sys.executable,
        str(ROOT / "serve.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.baseUrlPath",
        prefix,
        "--server.headless",
        "true",
        # Downloads go through the dashboard's own buttons, each one in the audit trail (issue 14);
        # Streamlit's table toolbar would write a CSV in the browser that no one records.
        "--client.disableDataExport",
        "true",
    ]


def app_environment(
    secret_file: Path, warehouse: Path | None = None, access_db: Path | None = None, sso_login: str | None = None
) -> dict[str, str]:
    env = {**os.environ, "DASHBOARD_AUTH": "proxy", "DASHBOARD_PROXY_SECRET_FILE": str(Path(secret_file).resolve())}
    if sso_login:  # the app's own 未登录 notice links to it (a portal that answers 200 but names no one)
        env["DASHBOARD_SSO_LOGIN"] = sso_login
    if warehouse is not None:
        env["DASHBOARD_WAREHOUSE"] = str(Path(warehouse).resolve())
    if access_db is not None:
        env["DASHBOARD_ACCESS_DB"] = str(Path(access_db).resolve())
    return env


class _Stop(Exception):
    pass


def _listen(text: str) -> tuple[str, int]:
    address, _, port = text.rpartition(":")
    try:
        number = int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”应为端口号或 地址:端口") from None
    if not 0 < number < 65536:
        raise argparse.ArgumentTypeError(f"端口 {number} 不在 1–65535 之间")
    return address.strip("[]") or "127.0.0.1", number


def parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="python -m deploy.intranet",
        description="在前台运行内网部署：nginx（经单位门户登录检查）加 N 个看板进程；Ctrl-C 全部停止。",
    )
    p.add_argument("--listen", type=_listen, default=("127.0.0.1", 8080), help="nginx 监听的 [地址:]端口，默认 127.0.0.1:8080")
    p.add_argument("--processes", type=int, default=2, help="看板进程数（每核一个），默认 2")
    p.add_argument("--prefix", default="chuangcheng", help="门户下的路径前缀，默认 chuangcheng")
    p.add_argument("--sso-check", required=True, help="门户登录检查地址：返回 200 与 X-Remote-User，或 401")
    p.add_argument(
        "--sso-login",
        help="未登录时跳转的门户登录页（可含 nginx 变量，例如 https://portal/login?next=$scheme://$http_host$request_uri）；"
        "不给则显示“未登录”页",
    )
    p.add_argument("--warehouse", type=Path, help="数据仓库（默认：$DASHBOARD_WAREHOUSE 或 data/warehouse.duckdb）")
    p.add_argument("--access-db", type=Path, help="授权与审计数据库（默认：$DASHBOARD_ACCESS_DB 或 data/access.sqlite3）")
    p.add_argument("--secret-file", type=Path, default=DEFAULT_SECRET_FILE, help="代理密钥文件（不存在则生成，权限 600）")
    p.add_argument("--app-port", type=int, default=8501, help="第一个看板进程的端口（其后依次加一；0 为任选空闲端口），默认 8501")
    p.add_argument("--workdir", type=Path, help="nginx 的配置与日志目录（默认：临时目录）")
    p.add_argument("--write-config-only", action="store_true", help="只写出 nginx 配置（供 systemd 使用），不启动")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.processes < 1:
        return _fail("--processes 至少为 1", 2)
    address, listen_port = args.listen
    ports = (
        [free_port() for _ in range(args.processes)]
        if args.app_port == 0
        else list(range(args.app_port, args.app_port + args.processes))
    )
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="chuangcheng-nginx-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        check_values(args.prefix, args.sso_check, args.sso_login)
        secret_file = ensure_secret(args.secret_file)
        if args.write_config_only:
            config = nginx_config(
                workdir,
                listen_port,
                ports,
                args.prefix,
                sso_check=args.sso_check,
                sso_login=args.sso_login,
                secret_file=secret_file,
                listen_address=address,
            )
            print(f"已写出 nginx 配置：{config}（密钥在 {workdir / 'proxy-secret.conf'}，权限 600）")
            print(f"看板进程端口：{' '.join(map(str, ports))}；密钥文件：{secret_file}")
            return 0
    except ConfigError as error:
        return _fail(str(error), 2)
    if nginx_binary() is None:
        return _fail("未安装 nginx：请以 root 运行 apt-get install nginx（或 scripts/setup_browser.sh）", 1)

    env = app_environment(secret_file, args.warehouse, args.access_db, args.sso_login)
    apps: list[subprocess.Popen] = []
    logs = []

    def stop(*_args) -> None:
        raise _Stop

    previous = signal.signal(signal.SIGTERM, stop), signal.signal(signal.SIGINT, stop)
    try:
        for port in ports:
            log = open(workdir / f"app-{port}.log", "ab")  # closed in `finally`, after the process ends
            logs.append(log)
            # A session of its own: Ctrl-C reaches this command only, which stops nginx before the apps.
            apps.append(
                subprocess.Popen(
                    app_command(port, args.prefix),
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        for port, app in zip(ports, apps, strict=True):
            wait_until_answers(f"http://127.0.0.1:{port}/{args.prefix}/_stcore/health", 120, app, f"看板进程（端口 {port}）")
        with Nginx(
            workdir,
            listen_port,
            ports,
            args.prefix,
            sso_check=args.sso_check,
            sso_login=args.sso_login,
            secret_file=secret_file,
            listen_address=address,
        ) as proxy:
            print(
                f"看板已启动：{proxy.url}（{len(apps)} 个进程，端口 {' '.join(map(str, ports))}；日志在 {workdir}）", flush=True
            )
            print("按 Ctrl-C 停止。", flush=True)
            while True:
                for name, process in [
                    ("nginx", proxy.process),
                    *((f"看板进程（端口 {p}）", a) for p, a in zip(ports, apps, strict=True)),
                ]:
                    if process.poll() is not None:
                        return _fail(f"{name} 意外退出（返回码 {process.returncode}），已停止全部服务；日志在 {workdir}", 1)
                time.sleep(0.5)
    except _Stop:
        print("正在停止……", file=sys.stderr, flush=True)
        return 0
    except (RuntimeError, FileNotFoundError, ConfigError) as error:
        return _fail(f"启动失败：{error}（日志在 {workdir}）", 1)
    finally:
        # A second Ctrl-C (or systemd's TERM) must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for app in apps:
            if app.poll() is None:
                app.terminate()
        for app in apps:
            try:
                app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
        for log in logs:
            log.close()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
