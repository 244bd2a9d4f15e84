"""Identity only from the proxy: a forged header, a wrong or missing secret, or a direct connection
identifies no one; the secret never shows; the laptop demo only from loopback."""

from __future__ import annotations

import logging
import os
import pickle
import secrets

import pytest

from access import identity
from access.identity import KEY_HEADER, USER_HEADER, ProxySecret, Request, SecretFileError, Status, identify

SECRET = secrets.token_urlsafe(32)


def test_signed_in_through_the_proxy():
    result = identify({KEY_HEADER: SECRET, USER_HEADER: "wang.li"}, SECRET)
    assert result.signed_in and result.user == "wang.li" and result.message == ""


def test_header_names_are_matched_without_case():
    assert identify({KEY_HEADER.lower(): SECRET, USER_HEADER.upper(): "wang.li"}, ProxySecret(SECRET)).user == "wang.li"


def test_a_forged_user_header_without_the_secret_is_not_through_the_proxy():
    result = identify({USER_HEADER: "admin"}, SECRET)
    assert result.status is Status.NOT_THROUGH_PROXY and result.user is None and result.reason == "no_proxy_key"
    assert "门户" in result.message


@pytest.mark.parametrize(
    "wrong", ["", "x", SECRET[:-1], SECRET + "x", SECRET.upper() if SECRET.upper() != SECRET else "A" * 43, "密钥" * 20]
)
def test_a_wrong_secret_is_refused(wrong):
    result = identify({KEY_HEADER: wrong, USER_HEADER: "wang.li"}, SECRET)
    assert result.status is Status.NOT_THROUGH_PROXY and result.user is None and result.reason == "wrong_proxy_key"


def test_through_the_proxy_but_no_one_signed_in():
    for headers in ({KEY_HEADER: SECRET}, {KEY_HEADER: SECRET, USER_HEADER: "  "}):
        result = identify(headers, SECRET)
        assert result.status is Status.NOT_SIGNED_IN and "未登录" in result.message
    assert identify({KEY_HEADER: SECRET, USER_HEADER: "a b;c"}, SECRET).status is Status.NOT_SIGNED_IN


def test_repeated_security_headers_are_refused():
    pairs = [(KEY_HEADER, SECRET), (USER_HEADER, "wang.li"), ("x-remote-user", "admin")]
    assert identity.identify_pairs(pairs, SECRET).status is Status.NOT_THROUGH_PROXY
    pairs = [(KEY_HEADER, SECRET), (KEY_HEADER.lower(), SECRET), (USER_HEADER, "wang.li")]
    assert identity.identify_pairs(pairs, SECRET).status is Status.NOT_THROUGH_PROXY


def test_without_a_configured_secret_no_one_is_identified():
    for secret in (None, "short"):
        result = identify({KEY_HEADER: "short", USER_HEADER: "wang.li"}, secret)
        assert result.status is Status.MISCONFIGURED and result.user is None


def test_the_secret_never_shows(caplog):
    secret = ProxySecret(SECRET)
    assert (
        SECRET not in repr(secret) and SECRET not in str(secret) and SECRET not in f"{secret}" and SECRET not in f"{secret!r:>80}"
    )
    assert SECRET not in repr([secret]) and SECRET not in repr({"k": secret})
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").warning("secret is %s / %r", secret, secret)
    assert SECRET not in caplog.text
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    for result in (
        identify({KEY_HEADER: SECRET, USER_HEADER: "wang.li"}, secret),
        identify({KEY_HEADER: "forged-value-xyz", USER_HEADER: "wang.li"}, secret),
    ):
        assert SECRET not in repr(result) and SECRET not in str(result) and "forged-value-xyz" not in repr(result)
    with pytest.raises(ValueError) as error:
        ProxySecret('not a secret at all; quotes " and spaces')
    assert "quotes" not in str(error.value)


def test_secret_file_must_be_private(tmp_path):
    path = tmp_path / "proxy-secret"
    path.write_text(SECRET + "\n")
    os.chmod(path, 0o600)
    assert identity.load_secret(path).matches(SECRET)
    os.chmod(path, 0o644)
    with pytest.raises(SecretFileError, match="chmod 600") as error:
        identity.load_secret(path)
    assert SECRET not in str(error.value)
    path.write_text("too short")
    os.chmod(path, 0o600)
    with pytest.raises(SecretFileError) as error:
        identity.load_secret(path)
    assert "too short" not in str(error.value)
    with pytest.raises(SecretFileError):
        identity.load_secret(tmp_path / "missing")


def test_proxy_mode_reads_the_secret_file_named_by_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "proxy-secret"
    path.write_text(SECRET)
    os.chmod(path, 0o600)
    monkeypatch.setenv("DASHBOARD_PROXY_SECRET_FILE", str(path))
    request = Request(((KEY_HEADER, SECRET), (USER_HEADER, "wang.li"), ("x-forwarded-for", "10.1.2.3")), "127.0.0.1")
    assert identity.check(request, "proxy").user == "wang.li"
    forged = Request(((USER_HEADER, "wang.li"),), "127.0.0.1")
    assert identity.check(forged, "proxy").status is Status.NOT_THROUGH_PROXY
    # A rotated secret is picked up without a restart.
    new = secrets.token_urlsafe(32)
    path.write_text(new)
    assert identity.check(request, "proxy").status is Status.NOT_THROUGH_PROXY
    monkeypatch.delenv("DASHBOARD_PROXY_SECRET_FILE")
    assert identity.check(request, "proxy").status is Status.MISCONFIGURED
    assert identity.check(request, "ldap").status is Status.MISCONFIGURED


@pytest.mark.parametrize("peer", ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"])
def test_local_mode_allows_a_direct_loopback_connection(peer):
    result = identity.check(Request((("host", "localhost:8501"), ("cookie", "a=b")), peer), "local")
    assert result.signed_in and result.user == identity.LOCAL_USER


@pytest.mark.parametrize("peer", ["10.0.0.5", "192.168.1.20", "::ffff:10.0.0.5", "fe80::1", None, "", "garbage"])
def test_local_mode_refuses_other_machines(peer):
    result = identity.check(Request((), peer), "local")
    assert result.status is Status.NOT_LOCAL and "本机" in result.message


@pytest.mark.parametrize("header", ["X-Forwarded-For", "x-real-ip", "Forwarded", USER_HEADER, KEY_HEADER])
def test_local_mode_refuses_a_proxied_connection(header):
    # nginx on this machine connects from loopback too, on behalf of someone elsewhere.
    assert identity.check(Request(((header, "x"),), "127.0.0.1"), "local").status is Status.NOT_LOCAL


def test_default_mode_is_local(monkeypatch):
    monkeypatch.delenv("DASHBOARD_AUTH", raising=False)
    assert identity.mode() == "local"
    monkeypatch.setenv("DASHBOARD_AUTH", "proxy")
    assert identity.mode() == "proxy"


@pytest.mark.real_identity
def test_outside_a_streamlit_session_no_one_is_identified():
    assert identity.streamlit_request() is None
    assert identity.current().status is Status.NOT_THROUGH_PROXY
