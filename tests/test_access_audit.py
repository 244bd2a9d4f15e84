"""The audit trail: nothing lost and nothing doubled with several processes writing at once, never a
long wait for a page, append-only, and the reader's filters."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import sys
import time
import types
from datetime import date, datetime
from pathlib import Path

import pytest

from access import db
from access.__main__ import main
from access.audit import AuditLog, new_event

PROCESSES = 4
EVENTS_EACH = 1000  # 4,000 events in all


def _writer(path: str, worker: int, count: int, start) -> None:
    log = AuditLog(Path(path))
    start.wait()  # all processes begin together, to collide as much as possible
    for n in range(count):
        kind = ("page_view", "export", "sign_in")[n % 3]
        if kind == "page_view":
            log.page_view(f"user{worker}", f"s{worker}", "cases", {"districts": ["110105"], "n": n})
        elif kind == "export":
            log.export(f"user{worker}", f"s{worker}", "case_list", rows=n, filters={"districts": ["110101"], "n": n})
        else:
            log.record("sign_in", f"user{worker}", f"s{worker}", n=n)


def test_concurrent_writers_lose_nothing_and_store_each_event_once(tmp_path, monkeypatch):
    path = tmp_path / "access.sqlite3"
    # A spawned interpreter re-runs the parent's __main__ script; after an AppTest that is dashboard.py,
    # which refuses to run outside a session. The workers need nothing from __main__.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    context = multiprocessing.get_context("spawn")  # fresh interpreters, as separate app processes are
    start = context.Event()
    workers = [context.Process(target=_writer, args=(str(path), w, EVENTS_EACH, start)) for w in range(PROCESSES)]
    for worker in workers:
        worker.start()
    time.sleep(1.0)  # let every interpreter start before the gun
    began = time.perf_counter()
    start.set()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0
    elapsed = time.perf_counter() - began

    events = AuditLog(path).events()
    assert len(events) == PROCESSES * EVENTS_EACH, f"{len(events)} stored"
    seen = {(e.user, e.kind, e.detail.get("n", e.detail.get("filters", {}).get("n"))) for e in events}
    assert len(seen) == PROCESSES * EVENTS_EACH  # each (worker, kind, n) exactly once
    assert len({e.event_id for e in events}) == len(events)
    assert len({e.pid for e in events}) == PROCESSES
    assert not AuditLog(path).spool.exists() or AuditLog(path).spool.stat().st_size == 0
    print(f"{len(events)} events from {PROCESSES} processes in {elapsed:.1f} s")


def test_a_busy_database_holds_a_page_up_briefly_and_the_event_still_arrives_once(tmp_path):
    path = tmp_path / "access.sqlite3"
    log = AuditLog(path, max_wait=0.3)
    log.sign_in("early", "s0")  # creates the file
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # e.g. a backup or a long checkpoint
    try:
        began = time.perf_counter()
        spooled = log.export("li", "s1", "case_list", rows=12, filters={"districts": ["110105"]})
        waited = time.perf_counter() - began
        assert waited < 1.5, f"the page waited {waited:.2f} s"
        assert log.spool.stat().st_size > 0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    log.page_view("li", "s1", "cases", {"districts": ["110105"]})  # the next write drains the spool
    assert log.spool.stat().st_size == 0
    events = log.events()
    # The spooled export arrives after the page view that drained it: order of arrival, not of making.
    assert [e.kind for e in events] == ["sign_in", "page_view", "export"]
    assert [e.event_id for e in events].count(spooled.event_id) == 1
    # Draining the same spool again (a crash between commit and truncate) stores nothing twice.
    log._append_to_spool([spooled])
    assert log.flush_spool() == 1
    assert len(log.events()) == 3


def test_events_carry_who_when_where(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    event = log.brief("li", "sess-1", "2023Q3", "110105")
    (stored,) = log.events()
    assert stored.event_id == event.event_id and stored.user == "li" and stored.session == "sess-1"
    assert stored.pid == os.getpid() and stored.detail == {"period": "2023Q3", "district": "110105"}
    at = datetime.fromisoformat(stored.at)
    assert at.utcoffset().total_seconds() == 8 * 3600  # Beijing time
    assert abs((at - datetime.now(db.SHANGHAI)).total_seconds()) < 60


def test_each_kind_says_what_it_must(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    with pytest.raises(ValueError):
        log.record("export", "li", table="case_list")  # how many rows?
    with pytest.raises(ValueError):
        log.record("download", "li")
    with pytest.raises(ValueError):
        new_event("refused", None)


def test_the_trail_is_append_only(tmp_path):
    path = tmp_path / "a.sqlite3"
    AuditLog(path).sign_in("li", "s")
    con = db.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("UPDATE audit_events SET user = 'someone else'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("DELETE FROM audit_events")
    finally:
        con.close()
    assert AuditLog(path).events()[0].user == "li"


def test_the_database_is_in_wal_mode(tmp_path):
    path = tmp_path / "a.sqlite3"
    AuditLog(path).sign_in("li", "s")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_reader_filters_and_command(tmp_path, monkeypatch, capsys):
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("DASHBOARD_ACCESS_DB", str(path))
    log = AuditLog(path)
    log.sign_in("li", "s1")
    log.export("li", "s1", "case_list", 30, {"districts": ["110105"]})
    log.export("wang", "s2", "case_list", 5, {"districts": ["110101"]})
    log.brief("wang", "s2", "2023Q3", "110105")
    log.refused(None, "s3", "not_through_proxy")
    assert [e.kind for e in log.events(user="li")] == ["sign_in", "export"]
    assert [e.user for e in log.events(kind="export")] == ["li", "wang"]
    assert [(e.user, e.kind) for e in log.events(district="110105")] == [("li", "export"), ("wang", "brief")]
    today = datetime.now(db.SHANGHAI).date()
    assert len(log.events(since=today)) == 5 and log.events(since=date(today.year + 1, 1, 1)) == []
    assert len(log.events(until=today)) == 5 and log.events(until=date(2000, 1, 1)) == []

    # "Who exported 朝阳's case list?" from the command line.
    assert main(["audit", "--kind", "export", "--district", "110105", "--since", today.isoformat(), "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["user"] == "li" and found["detail"]["table"] == "case_list" and found["detail"]["rows"] == 30
    with pytest.raises(SystemExit) as exit_:
        main(["audit", "--since", "2023-02-30"])
    assert exit_.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_an_export_is_found_by_the_districts_of_its_rows_and_the_newest_come_first(tmp_path):
    # A 市级 user's whole-city list holds 朝阳's cases too: the export says whose rows it wrote.
    log = AuditLog(tmp_path / "a.sqlite3")
    log.export("wang", "s1", "问题明细", 120, {"districts": []}, districts=["110101", "110105"])
    log.export("li", "s2", "问题明细", 40, {"districts": ["110101"]}, districts=["110101"])
    log.page_view("li", "s2", "cases", {"districts": []})
    assert [e.user for e in log.events(district="110105")] == ["wang"]
    assert [e.user for e in log.events(district="110101", kind="export")] == ["wang", "li"]
    assert [e.kind for e in log.events(newest_first=True, limit=2)] == ["page_view", "export"]
