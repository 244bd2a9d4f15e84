"""Identity through the real nginx, as deployed (deploy/nginx-intranet.conf.template), in front of echo
upstreams that record the exact headers an app process would get, with the stub portal check
(deploy/sso_stub.py) mapping the `portal_session` cookie to a user."""

from __future__ import annotations

import http.client
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from deploy.intranet import ConfigError, Nginx, check_values, nginx_binary
from deploy.processes import free_port
from deploy.sso_stub import SsoStub

PREFIX = "chuangcheng"
SESSIONS = {"s-alice": "wang.li", "s-bob": "zhao", "s-nobody": ""}  # "": the portal answers 200 but names no one


class Echo:
    """An upstream that records each request's headers (as pairs, repeats kept) and answers 200."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, list[tuple[str, str]]]] = []
        echo = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                echo.seen.append((self.path, list(self.headers.items())))
                body = json.dumps({"port": echo.port}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def sso():
    with SsoStub(SESSIONS) as stub:
        yield stub


@pytest.fixture(scope="module")
def echoes():
    servers = [Echo(), Echo()]
    yield servers
    for server in servers:
        server.server.shutdown()


def _nginx(tmp_path_factory, echoes, sso, **options):
    if nginx_binary() is None:
        pytest.skip("nginx 未安装：运行 scripts/setup_browser.sh（需要 root）")
    return Nginx(
        tmp_path_factory.mktemp("nginx"), free_port(), [e.port for e in echoes], PREFIX, sso_check=sso.check_url, **options
    )


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, echoes, sso):
    with _nginx(tmp_path_factory, echoes, sso) as proxy:
        yield proxy


@pytest.fixture
def fresh(echoes, sso):
    """Forget what the upstreams and the portal saw so far."""
    for echo in echoes:
        echo.seen.clear()
    sso.requests.clear()
    return echoes


def _get(proxy: Nginx, path: str, headers: list[tuple[str, str]] | None = None) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", proxy.listen_port, timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    for name, value in headers or []:  # putheader: the same name may be sent twice, as a forger might
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _upstream_headers(echoes) -> list[list[tuple[str, str]]]:
    return [headers for echo in echoes for _path, headers in echo.seen]


def _values(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key.lower() == name.lower()]


def _secret(proxy: Nginx) -> str:
    return proxy.secret_file.read_text().strip()


WEBSOCKET = [
    ("Upgrade", "websocket"),
    ("Connection", "Upgrade"),
    ("Sec-WebSocket-Version", "13"),
    ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
]


@pytest.mark.parametrize(
    "path",
    [f"/{PREFIX}/", f"/{PREFIX}/cases?district=110101", f"/{PREFIX}/_stcore/stream", f"/{PREFIX}/media/abc123.csv"],
)
@pytest.mark.parametrize("cookie", [None, "portal_session=unknown", "other=1"])
def test_no_identity_gets_the_chinese_signin_page_and_reaches_no_app(nginx, fresh, path, cookie):
    headers = [("Cookie", cookie)] if cookie else []
    if path.endswith("stream"):
        headers += WEBSOCKET
    status, response_headers, body = _get(nginx, path, [*headers, ("X-Remote-User", "wang.li")])
    assert status == 401
    assert "未登录" in body and "门户" in body
    assert response_headers["content-type"].startswith("text/html") and "charset=utf-8" in response_headers["content-type"]
    assert _upstream_headers(fresh) == []


def test_a_forged_user_header_is_replaced_by_the_portals(nginx, fresh):
    status, _, _ = _get(
        nginx,
        f"/{PREFIX}/cases",
        [
            ("Cookie", "portal_session=s-alice"),
            ("X-Remote-User", "admin"),
            ("X-Remote-User", "city-boss"),
            ("x-remote-user", "root"),
            ("X-Dashboard-Proxy-Key", "guessed"),
        ],
    )
    assert status == 200
    (headers,) = _upstream_headers(fresh)
    assert _values(headers, "X-Remote-User") == ["wang.li"]
    assert _values(headers, "X-Dashboard-Proxy-Key") == [_secret(nginx)]


def test_the_secret_header_reaches_the_app_on_every_checked_path(nginx, fresh):
    for path in (f"/{PREFIX}/", f"/{PREFIX}/media/abc123.csv", f"/{PREFIX}/static/js/index.js"):
        assert _get(nginx, path, [("Cookie", "portal_session=s-bob")])[0] == 200
    seen = _upstream_headers(fresh)
    assert len(seen) == 3
    for headers in seen:
        assert _values(headers, "X-Remote-User") == ["zhao"]
        assert _values(headers, "X-Dashboard-Proxy-Key") == [_secret(nginx)]


def test_the_websocket_is_checked_and_carries_the_identity(nginx, fresh):
    status, _, _ = _get(
        nginx, f"/{PREFIX}/_stcore/stream", [("Cookie", "portal_session=s-alice"), ("X-Remote-User", "admin"), *WEBSOCKET]
    )
    assert status == 200  # the echo does not upgrade; what matters is what it was sent
    (headers,) = _upstream_headers(fresh)
    assert _values(headers, "Upgrade") == ["websocket"] and _values(headers, "Connection") == ["upgrade"]
    assert _values(headers, "X-Remote-User") == ["wang.li"]
    assert _values(headers, "X-Dashboard-Proxy-Key") == [_secret(nginx)]


def test_signed_in_at_the_portal_but_named_no_one(nginx, fresh):
    # A portal answering 200 without a user: the app gets no X-Remote-User at all, and says 未登录 itself.
    assert _get(nginx, f"/{PREFIX}/", [("Cookie", "portal_session=s-nobody"), ("X-Remote-User", "admin")])[0] == 200
    (headers,) = _upstream_headers(fresh)
    assert _values(headers, "X-Remote-User") == []
    assert _values(headers, "X-Dashboard-Proxy-Key") == [_secret(nginx)]


def test_the_portal_sees_the_cookie_but_not_the_browsers_claims(nginx, fresh, sso):
    _get(
        nginx,
        f"/{PREFIX}/x?y=1",
        [("Cookie", "portal_session=s-alice"), ("X-Remote-User", "admin"), ("X-Dashboard-Proxy-Key", "k"), *WEBSOCKET],
    )
    (check,) = sso.requests
    assert check["cookie"] == "portal_session=s-alice" and check["x-original-uri"] == f"/{PREFIX}/x?y=1"
    assert "x-remote-user" not in check and "x-dashboard-proxy-key" not in check and "upgrade" not in check


def test_route_cookie_load_balancing_is_kept(nginx, fresh):
    ports = set()
    for n in range(12):
        cookie = f"portal_session=s-alice; dashboard_route=browser{n}"
        first = json.loads(_get(nginx, f"/{PREFIX}/", [("Cookie", cookie)])[2])["port"]
        again = json.loads(_get(nginx, f"/{PREFIX}/_stcore/stream", [("Cookie", cookie), *WEBSOCKET])[2])["port"]
        assert first == again  # a browser stays on its process, websocket included
        ports.add(first)
    assert ports == {e.port for e in fresh}


def test_health_is_open_and_carries_no_identity(nginx, fresh):
    assert _get(nginx, f"/{PREFIX}/_stcore/health", [("X-Remote-User", "admin"), ("X-Dashboard-Proxy-Key", "k")])[0] == 200
    (headers,) = _upstream_headers(fresh)
    assert _values(headers, "X-Remote-User") == [] and _values(headers, "X-Dashboard-Proxy-Key") == []


def test_the_secret_is_only_in_its_own_files(nginx):
    secret = _secret(nginx)
    assert secret not in nginx.config.read_text()
    assert secret not in (nginx.workdir / "access.log").read_text() + (nginx.workdir / "error.log").read_text()
    include = nginx.workdir / "proxy-secret.conf"
    assert secret in include.read_text()
    assert os.stat(include).st_mode & 0o777 == 0o600
    assert os.stat(nginx.secret_file).st_mode & 0o777 == 0o600


def test_a_configured_login_page_gets_a_redirect(tmp_path_factory, echoes, sso):
    login = "https://portal.example/login?next=$scheme://$http_host$request_uri"
    with _nginx(tmp_path_factory, echoes, sso, sso_login=login) as proxy:
        status, headers, _ = _get(proxy, f"/{PREFIX}/cases?district=110105")
        assert status == 302
        assert (
            headers["location"]
            == f"https://portal.example/login?next=http://127.0.0.1:{proxy.listen_port}/{PREFIX}/cases?district=110105"
        )
        assert _get(proxy, f"/{PREFIX}/", [("Cookie", "portal_session=s-alice")])[0] == 200


def test_a_portal_that_is_down_gets_a_chinese_page_and_no_data(tmp_path_factory, echoes):
    if nginx_binary() is None:
        pytest.skip("nginx 未安装")
    dead = f"http://127.0.0.1:{free_port()}/check"
    with Nginx(tmp_path_factory.mktemp("nginx"), free_port(), [e.port for e in echoes], PREFIX, sso_check=dead) as proxy:
        for echo in echoes:
            echo.seen.clear()
        status, _, body = _get(proxy, f"/{PREFIX}/", [("Cookie", "portal_session=s-alice")])
        assert status == 503 and "暂时无法访问" in body
        assert _upstream_headers(echoes) == []


@pytest.mark.parametrize(
    ("prefix", "check", "login"),
    [
        ("chuang cheng", "http://127.0.0.1:9000/check", None),
        ("a;b", "http://127.0.0.1:9000/check", None),
        ("chuangcheng", "http://127.0.0.1:9000/check; return 200", None),
        ("chuangcheng", 'http://127.0.0.1:9000/check"', None),
        ("chuangcheng", "http://$host/check", None),
        ("chuangcheng", "ftp://127.0.0.1/check", None),
        ("chuangcheng", "http://127.0.0.1:9000/check", 'https://portal/login"; return 200 "x'),
        ("chuangcheng", "http://127.0.0.1:9000/check", "https://portal/login}"),
    ],
)
def test_values_that_could_rewrite_nginxs_configuration_are_refused(prefix, check, login):
    with pytest.raises(ConfigError):
        check_values(prefix, check, login)


def test_the_stub_portal_signs_a_browser_in_for_trying_it_out(sso):
    connection = http.client.HTTPConnection("127.0.0.1", sso.port, timeout=10)
    connection.request("GET", "/login?user=li.na&next=http://127.0.0.1:8080/chuangcheng/")
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 302 and response.getheader("Location") == "http://127.0.0.1:8080/chuangcheng/"
    assert response.getheader("Set-Cookie").startswith("portal_session=li.na;")
    assert sso.user_for("portal_session=li.na") == "li.na" and sso.user_for("portal_session=someone") is None
