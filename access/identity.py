"""Who is asking: taken only from what the intranet proxy says, never from what a browser says.

In the intranet (`DASHBOARD_AUTH=proxy`, set by `python -m deploy.intranet` and the systemd units),
nginx asks the portal's check endpoint about every request (`auth_request`), then sets `X-Remote-User`
towards the app, overwriting whatever the browser sent, and adds `X-Dashboard-Proxy-Key`, a secret
read from a file that only nginx and the app can read (`DASHBOARD_PROXY_SECRET_FILE`, mode 600). App
processes listen on 127.0.0.1, and a session whose headers lack that secret did not come through the
proxy: a header forged by a browser, or a request sent straight to an app port, identifies no one.

On a laptop (`DASHBOARD_AUTH=local`, the default, the README's one-command demo) there is no portal: a
single local user with the city role, allowed only over a direct loopback connection. The address is
the TCP peer of the session's websocket (Streamlit's raw `remote_ip`; `st.context.ip_address` hides
loopback as None, which a missing address also gives), and a session carrying any proxy header is
refused, since a proxy on this machine could be relaying someone from elsewhere.

Streamlit keeps the headers of the websocket's upgrade request (the request that went through nginx)
for the session; `streamlit_request()` reads them there. `server.trustedUserHeaders`, which copies a
header into `st.user`, is not used: it copies the header from any connection, whoever sent it, with no
way to require the proxy's secret, and the option is hidden and marked experimental in Streamlit 1.67.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from access import texts

USER_HEADER = "X-Remote-User"
KEY_HEADER = "X-Dashboard-Proxy-Key"
SECRET_FILE_ENV = "DASHBOARD_PROXY_SECRET_FILE"
MODE_ENV = "DASHBOARD_AUTH"
MODES = ("local", "proxy")
LOCAL_USER = "local"

# Headers a proxy adds: in local mode their presence means the browser may not be on this machine.
_PROXY_HEADERS = frozenset(
    {"x-forwarded-for", "x-forwarded-host", "x-real-ip", "forwarded", USER_HEADER.lower(), KEY_HEADER.lower()}
)
_USER_ID = re.compile(r"[\w.@+-]{1,128}")
# URL-safe base64 as `secrets.token_urlsafe` writes it: also what can sit between quotes in nginx's config.
_SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")


def valid_user_id(text: str | None) -> bool:
    """A portal user id: letters (汉字 too), digits and . _ @ + -, at most 128 characters."""
    return bool(text) and _USER_ID.fullmatch(text) is not None


class Status(Enum):
    SIGNED_IN = "signed_in"
    NOT_SIGNED_IN = "not_signed_in"  # came through the proxy, but the portal named no one
    NOT_THROUGH_PROXY = "not_through_proxy"  # no or wrong proxy secret: forged, or straight to an app port
    NOT_LOCAL = "not_local"  # local mode, but not a direct loopback connection
    MISCONFIGURED = "misconfigured"  # no usable secret file, or an unknown DASHBOARD_AUTH


_MESSAGES = {
    Status.NOT_SIGNED_IN: texts.NOT_SIGNED_IN,
    Status.NOT_THROUGH_PROXY: texts.NOT_THROUGH_PROXY,
    Status.NOT_LOCAL: texts.NOT_LOCAL,
    Status.MISCONFIGURED: texts.MISCONFIGURED,
}


@dataclass(frozen=True)
class Result:
    status: Status
    user: str | None = None
    reason: str = ""  # an English code for the audit trail's `refused` event; never a header's value

    @property
    def signed_in(self) -> bool:
        return self.status is Status.SIGNED_IN

    @property
    def message(self) -> str:
        """What the page says instead of any data (Chinese); empty when signed in."""
        return _MESSAGES.get(self.status, "")


class ProxySecret:
    """The shared secret between nginx and the app. It shows as `ProxySecret(***)` in any repr, str, log
    line or f-string, and cannot be pickled (so it never lands in session state or a cache file)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not _SECRET.fullmatch(value):
            raise ValueError("a proxy secret is 32 to 256 characters of A-Z a-z 0-9 _ -")
        self._value = value

    def matches(self, presented: str | None) -> bool:
        if presented is None:
            return False
        # Bytes, because compare_digest refuses non-ASCII text, and a forged header may hold any.
        return hmac.compare_digest(presented.encode("utf-8", "replace"), self._value.encode("ascii"))

    def reveal(self) -> str:
        """The value itself: only for writing nginx's include file."""
        return self._value

    def __repr__(self) -> str:
        return "ProxySecret(***)"

    __str__ = __repr__

    def __format__(self, _spec: str) -> str:
        return repr(self)

    def __reduce__(self):
        raise TypeError("a ProxySecret is not to be pickled")


class SecretFileError(RuntimeError):
    """The secret file is missing, unreadable, readable by others, or malformed (the message never holds its content)."""


def load_secret(path: str | os.PathLike) -> ProxySecret:
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SecretFileError(f"proxy secret file {path} is not a regular file")
        if info.st_mode & 0o077:
            raise SecretFileError(f"proxy secret file {path} is readable by others (mode {info.st_mode & 0o777:o}): chmod 600")
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise SecretFileError(f"proxy secret file {path} cannot be read ({type(error).__name__})") from None
    try:
        return ProxySecret(text)
    except ValueError:
        raise SecretFileError(f"proxy secret file {path} does not hold a valid secret") from None


_secret_cache: dict[tuple, ProxySecret] = {}


def secret_from_env() -> ProxySecret:
    """The secret named by $DASHBOARD_PROXY_SECRET_FILE, re-read when the file changes (a rotated secret)."""
    name = os.environ.get(SECRET_FILE_ENV)
    if not name:
        raise SecretFileError(f"{SECRET_FILE_ENV} is not set")
    try:
        info = Path(name).stat()
    except OSError as error:
        raise SecretFileError(f"proxy secret file {name} cannot be read ({type(error).__name__})") from None
    key = (name, info.st_ino, info.st_mtime_ns, info.st_size, info.st_mode)
    if key not in _secret_cache:
        _secret_cache.clear()
        _secret_cache[key] = load_secret(name)
    return _secret_cache[key]


def identify(headers: Mapping[str, str], secret: ProxySecret | str | None) -> Result:
    """Who the proxy says is asking: signed in, not signed in, or not through the proxy at all.

    Header names are compared without case. The same security header given twice (in two spellings of a
    plain dict) is refused: nginx sets each exactly once.
    """
    return _identify(list(headers.items()), secret)


def identify_pairs(pairs: Iterable[tuple[str, str]], secret: ProxySecret | str | None) -> Result:
    """`identify` for headers as (name, value) pairs, as Streamlit keeps them (a name may repeat)."""
    return _identify(list(pairs), secret)


def _identify(pairs: list[tuple[str, str]], secret: ProxySecret | str | None) -> Result:
    if secret is None:
        return Result(Status.MISCONFIGURED, reason="no_proxy_secret")
    if isinstance(secret, str):
        try:
            secret = ProxySecret(secret)
        except ValueError:
            return Result(Status.MISCONFIGURED, reason="bad_proxy_secret")
    found: dict[str, list[str]] = {}
    for name, value in pairs:
        found.setdefault(name.lower(), []).append(value)
    keys = found.get(KEY_HEADER.lower(), [])
    users = found.get(USER_HEADER.lower(), [])
    if not keys:
        return Result(Status.NOT_THROUGH_PROXY, reason="no_proxy_key")
    if len(keys) > 1 or len(users) > 1:
        return Result(Status.NOT_THROUGH_PROXY, reason="repeated_header")
    if not secret.matches(keys[0]):
        return Result(Status.NOT_THROUGH_PROXY, reason="wrong_proxy_key")
    user = users[0].strip() if users else ""
    if not user:
        return Result(Status.NOT_SIGNED_IN, reason="no_user")
    if not valid_user_id(user):
        return Result(Status.NOT_SIGNED_IN, reason="bad_user_id")
    return Result(Status.SIGNED_IN, user)


def is_loopback(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def identify_local(pairs: Iterable[tuple[str, str]], peer: str | None) -> Result:
    """The laptop demo: the local user, if the connection is direct from this machine."""
    if not is_loopback(peer):
        return Result(Status.NOT_LOCAL, reason="not_loopback")
    if any(name.lower() in _PROXY_HEADERS for name, _ in pairs):
        return Result(Status.NOT_LOCAL, reason="proxied")
    return Result(Status.SIGNED_IN, LOCAL_USER)


def mode() -> str:
    """$DASHBOARD_AUTH: `proxy` (the intranet) or `local` (default, the laptop demo); anything else as is."""
    return os.environ.get(MODE_ENV, "").strip() or "local"


@dataclass(frozen=True)
class Request:
    """What a session's websocket upgrade request brought: its headers and the TCP peer's address."""

    headers: tuple[tuple[str, str], ...]
    peer: str | None


def check(request: Request, auth_mode: str | None = None) -> Result:
    """The identity of one session under the configured mode (proxy: the secret from its file)."""
    auth_mode = auth_mode or mode()
    if auth_mode == "local":
        return identify_local(request.headers, request.peer)
    if auth_mode != "proxy":
        return Result(Status.MISCONFIGURED, reason="unknown_auth_mode")
    try:
        secret = secret_from_env()
    except SecretFileError:
        return Result(Status.MISCONFIGURED, reason="proxy_secret_unavailable")
    return identify_pairs(request.headers, secret)


def streamlit_request() -> Request | None:
    """The current Streamlit session's upgrade request (None outside a session's script run)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return None
    client = runtime.get_instance().get_client(ctx.session_id)
    context = getattr(client, "client_context", None) if client is not None else None
    if context is None:
        return None
    return Request(tuple(context.headers), context.remote_ip)


def current() -> Result:
    """Who is asking in this Streamlit session (what phase 2's frame calls on every run)."""
    request = streamlit_request()
    if request is None:
        return Result(Status.NOT_THROUGH_PROXY, reason="no_session")
    return check(request)
