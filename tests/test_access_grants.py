"""Grants: the `python -m access` round trip, refused codes, and the store outliving the warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from access.__main__ import main
from access.audit import AuditLog
from access.grants import BadGrant, Grants
from access.scope import Scope

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def access_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "access.sqlite3"
    monkeypatch.setenv("DASHBOARD_ACCESS_DB", str(path))
    # No warehouse by default: codes are checked against the built-in district list.
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(tmp_path / "none.duckdb"))
    return path


def _json(capsys) -> object:
    return json.loads(capsys.readouterr().out)


def test_grant_list_revoke_round_trip(access_db, capsys):
    assert main(["grant", "wang.li", "--district", "110105", "110108", "--admin", "--by", "zhang"]) == 0
    assert "已授权 wang.li：区级（110105、110108），管理员" in capsys.readouterr().out
    assert main(["grant", "zhao", "--street", "110105001"]) == 0
    assert main(["grant", "陈静", "--city"]) == 0
    capsys.readouterr()

    assert main(["list", "--json"]) == 0
    listed = {grant["user"]: grant for grant in _json(capsys)}
    assert listed["wang.li"]["role"] == "district" and listed["wang.li"]["districts"] == ["110105", "110108"]
    assert listed["wang.li"]["admin"] is True and listed["wang.li"]["granted_by"] == "zhang"
    assert listed["zhao"]["role_label"] == "街乡镇级" and listed["zhao"]["streets"] == ["110105001"]
    assert listed["zhao"]["districts"] == ["110105"] and listed["zhao"]["admin"] is False
    assert listed["陈静"]["role"] == "city" and listed["陈静"]["districts"] == []

    store = Grants(access_db)
    assert store.scope_of("wang.li") == Scope.of_districts(["110105", "110108"])
    assert store.scope_of("zhao") == Scope.of_street("110105001")
    assert store.scope_of("陈静") == Scope.city()
    assert store.scope_of("nobody") is None
    assert store.admins() == ["wang.li"]

    # A second grant replaces the first.
    assert main(["grant", "wang.li", "--district", "110101"]) == 0
    assert store.scope_of("wang.li") == Scope.of_districts(["110101"]) and store.admins() == []

    assert main(["revoke", "zhao", "--by", "zhang"]) == 0
    assert store.get("zhao") is None
    assert main(["revoke", "zhao"]) == 2
    assert "没有授权" in capsys.readouterr().err

    # Every grant and revoke is in the audit trail, with who did it.
    capsys.readouterr()
    assert main(["audit", "--json"]) == 0
    events = _json(capsys)
    assert [(e["kind"], e["user"]) for e in events] == [
        ("grant", "wang.li"),
        ("grant", "zhao"),
        ("grant", "陈静"),
        ("grant", "wang.li"),
        ("revoke", "zhao"),
    ]
    assert events[0]["detail"]["by"] == "zhang" and events[3]["detail"]["previous"]["districts"] == ["110105", "110108"]
    assert events[1]["detail"]["by"].startswith("system:")
    assert main(["audit", "--kind", "revoke", "--user", "zhao", "--json"]) == 0
    assert len(_json(capsys)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--district", "110103"], "110103"),  # 崇文区, merged into 东城 in 2010
        (["--district", "110105", "12345"], "12345"),
        (["--district", "朝阳"], "朝阳"),
        (["--street", "1101050"], "格式不对"),
        (["--street", "110199001"], "格式不对"),  # not a district's street
        (["--street", "110105001", "110105002"], "只能授权一个"),
    ],
)
def test_bad_codes_are_refused_and_nothing_is_written(access_db, capsys, args, message):
    assert main(["grant", "li", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("未执行：") and message in err
    assert Grants(access_db).all() == []
    assert AuditLog(access_db).events() == []


@pytest.mark.parametrize("args", [[], ["--city", "--district", "110105"], ["--district"], ["--admin"]])
def test_a_grant_needs_exactly_one_role(access_db, capsys, args):
    with pytest.raises(SystemExit) as exit_:
        main(["grant", "li", *args])
    assert exit_.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_bad_user_ids_are_refused(access_db):
    for user in ["", "a b", "x" * 129, "alice\n", "a;b"]:
        with pytest.raises(BadGrant):
            Grants(access_db).grant(user, "city", by="t")


def test_streets_are_checked_against_the_warehouse(access_db, warehouse_path, capsys):
    import duckdb

    con = duckdb.connect(str(warehouse_path), read_only=True)
    real = con.execute("select street_code from streets where district_code = '110105' order by 1 limit 1").fetchone()[0]
    con.close()
    assert main(["grant", "li", "--street", real, "--warehouse", str(warehouse_path)]) == 0
    assert main(["grant", "li", "--street", "110105999", "--warehouse", str(warehouse_path)]) == 2
    assert "不存在" in capsys.readouterr().err
    assert Grants(access_db).scope_of("li") == Scope.of_street(real)


def test_the_command_runs_as_documented(tmp_path):
    env = {**os.environ, "DASHBOARD_ACCESS_DB": str(tmp_path / "a.sqlite3"), "DASHBOARD_WAREHOUSE": str(tmp_path / "x")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "access", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    assert run("grant", "li", "--district", "110105").returncode == 0
    refused = run("grant", "li", "--district", "999999")
    assert refused.returncode == 2 and "不是北京市的区" in refused.stderr
    listed = run("list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["districts"] == ["110105"]
    assert "授权" in run("--help").stdout
    assert oct((tmp_path / "a.sqlite3").stat().st_mode & 0o777) == "0o600"


def test_grants_live_apart_from_the_warehouse(access_db, tmp_path):
    # The warehouse is replaced whole by builds and imports; the grants are in another file.
    Grants(access_db).grant("li", "district", ["110105"], by="t")
    assert access_db.exists() and access_db.parent == tmp_path
    assert Grants(access_db).scope_of("li") == Scope.of_districts(["110105"])


def test_a_damaged_grant_counts_as_none(access_db):
    import sqlite3

    Grants(access_db).grant("li", "district", ["110105"], by="t")
    con = sqlite3.connect(access_db)
    con.execute("delete from grant_areas where user = 'li'")  # e.g. edited by hand
    con.commit()
    con.close()
    assert Grants(access_db).scope_of("li") is None
    assert Grants(access_db).revoke("li", by="t")


def test_the_command_refuses_a_database_that_belongs_to_another_user(access_db, capsys):
    Grants(access_db).grant("li", "city", by="t")
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    os.chown(access_db, 65534, 65534)  # as if it were the service user's
    assert main(["list", "--json"]) == 2
    assert "sudo -u" in capsys.readouterr().err
