"""A stand-in for the office portal's sign-on check, for tests, the benchmark and trying the set-up on a
laptop. Never for a real server: anyone can sign in as anyone.

nginx's `auth_request` sends each request's headers (the browser's cookies among them) to `GET /check`;
the stub answers 200 with `X-Remote-User: <user>` when the `portal_session` cookie names a known session,
else 401, as a portal's check endpoint does. `GET /login?user=U&next=URL` sets that cookie and goes back
to `next` (a browser keeps cookies per host, not per port, so the cookie set here on 127.0.0.1:9000 is
sent to nginx on 127.0.0.1:8080 too).

    python -m deploy.sso_stub --port 9000                 # any portal_session=<user> signs in as <user>
    python -m deploy.sso_stub --port 9000 --session s1=wang.li --session s2=   # only these; s2: 200, no user
"""

from __future__ import annotations

import argparse
import re
import threading
from collections.abc import Mapping
from http import cookies
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

COOKIE = "portal_session"
_SAFE = re.compile(r"[\w.@+-]{1,128}")


class SsoStub:
    """`with SsoStub(sessions) as sso:` a check endpoint at `sso.check_url` on a free loopback port.

    `sessions` maps a cookie value to a user id ("" = answer 200 without a user, as a misconfigured
    portal might); None accepts any well-formed value as the user's own id. `sso.requests` holds the
    headers of every check request, to see what nginx passed on.
    """

    def __init__(self, sessions: Mapping[str, str] | None = None, port: int = 0) -> None:
        self.sessions = dict(sessions) if sessions is not None else None
        self.requests: list[dict[str, str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                if url.path == "/login":
                    stub._login(self, parse_qs(url.query))
                    return
                stub.requests.append({name.lower(): value for name, value in self.headers.items()})
                user = stub.user_for(self.headers.get("Cookie", ""))
                self.send_response(401 if user is None else 200)
                if user:
                    self.send_header("X-Remote-User", user)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args) -> None:  # quiet: tests read `requests` instead
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.check_url = f"http://127.0.0.1:{self.port}/check"
        self.login_url = f"http://127.0.0.1:{self.port}/login"
        self._thread: threading.Thread | None = None

    def user_for(self, cookie_header: str) -> str | None:
        jar = cookies.SimpleCookie()
        try:
            jar.load(cookie_header)
        except cookies.CookieError:
            return None
        if COOKIE not in jar:
            return None
        value = jar[COOKIE].value
        if self.sessions is None:
            return value if _SAFE.fullmatch(value) else None
        return self.sessions.get(value)

    def _login(self, handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        user = (query.get("user") or [""])[0]
        target = (query.get("next") or ["/"])[0]
        if not _SAFE.fullmatch(user):
            body = "<!doctype html><meta charset=utf-8><title>测试门户</title><form>用户：<input name=user><input type=hidden name=next value='{}'><button>登录</button></form>".format(
                target.replace("'", "")
            ).encode()
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return
        if self.sessions is not None:
            self.sessions[user] = user
        handler.send_response(302)
        handler.send_header("Set-Cookie", f"{COOKIE}={user}; Path=/; HttpOnly; SameSite=Lax")
        handler.send_header("Location", target if target.startswith(("http://127.0.0.1", "http://localhost", "/")) else "/")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def __enter__(self) -> SsoStub:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.sso_stub", description="测试用的门户登录检查服务（仅供测试，切勿用于生产）"
    )
    parser.add_argument("--port", type=int, default=9000, help="监听端口（仅 127.0.0.1），默认 9000")
    parser.add_argument("--session", action="append", metavar="COOKIE=USER", help="只接受这些会话；不给则任何会话值即用户名")
    args = parser.parse_args(argv)
    sessions = dict(item.split("=", 1) for item in args.session) if args.session else None
    with SsoStub(sessions, args.port) as stub:
        print(f"测试门户：检查地址 {stub.check_url}，登录地址 {stub.login_url}?user=用户名&next=返回地址（Ctrl-C 结束）")
        try:
            stub._thread.join()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
