"""The audit trail: who signed in, looked at which page with which filters, exported what, wrote which
简报, and who was refused, with Beijing time, process and session. Append-only (triggers refuse UPDATE
and DELETE), in the access database (access/db.py, SQLite in WAL mode).

Several app processes write at once. A write is one short `BEGIN IMMEDIATE` transaction that waits for
another process's lock (busy_timeout) and is retried, but for at most `max_wait` seconds, so a page is
never held up for long. If the database stays busy beyond that (a long checkpoint, a backup holding a
lock), the event goes to a spool file beside the database instead, appended under an exclusive lock and
fsync'd, and the next successful write moves the spool into the database. Every event carries a random
`event_id` that is UNIQUE in the table and inserted with OR IGNORE, so a retry, or a spool drained twice
after a crash, still stores each event exactly once.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import random
import sqlite3
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from access import db

KINDS = ("sign_in", "page_view", "export", "brief", "refused", "grant", "revoke", "warning_state")
# What each kind must say, so that "who exported what" can always be answered.
REQUIRED = {
    "page_view": ("page", "filters"),
    "export": ("table", "rows"),
    "brief": ("period", "district"),
    "refused": ("reason",),
    "grant": ("by",),
    "revoke": ("by",),
    # An early warning moved on (预警: 待处理 → 已交办 → 已处理, or 误报): which, where, from what to what.
    "warning_state": ("warning", "warning_kind", "district", "from", "to"),
}
DEFAULT_MAX_WAIT = 1.0  # seconds a page may wait for its audit write before the event is spooled

_log = logging.getLogger(__name__)


class AuditUnavailable(RuntimeError):
    """Neither the database nor the spool file could take the event (disk full, read-only file system).
    The caller should refuse the action it was about to record (an export with no audit, say)."""


@dataclass(frozen=True)
class Event:
    event_id: str
    at: str  # Beijing time, ISO 8601, +08:00
    kind: str
    user: str | None
    session: str | None
    pid: int
    detail: dict[str, Any] = field(default_factory=dict)
    seq: int | None = None  # order of arrival in the database (None until read back)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def new_event(kind: str, user: str | None, session: str | None = None, **detail: Any) -> Event:
    if kind not in KINDS:
        raise ValueError(f"unknown audit event kind {kind!r}")
    missing = [name for name in REQUIRED.get(kind, ()) if name not in detail]
    if missing:
        raise ValueError(f"audit event {kind!r} lacks {missing}")
    return Event(uuid.uuid4().hex, db.now(), kind, user, session, os.getpid(), _plain(detail))


def insert(con: sqlite3.Connection, event: Event) -> None:
    """Add `event` inside the caller's transaction (grants use this to record a grant atomically with it)."""
    con.execute(
        "INSERT OR IGNORE INTO audit_events (event_id, at, kind, user, session, pid, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (event.event_id, event.at, event.kind, event.user, event.session, event.pid, _json(event.detail)),
    )


class AuditLog:
    """`AuditLog().page_view(user, session, page, filters)` and so on; `events(...)` reads them back."""

    def __init__(self, file: Path | None = None, *, max_wait: float = DEFAULT_MAX_WAIT) -> None:
        self.file = Path(file or db.path())
        self.max_wait = max_wait

    @property
    def spool(self) -> Path:
        return self.file.with_name(self.file.name + ".audit-spool.jsonl")

    # What the app records.
    def sign_in(self, user: str, session: str | None) -> Event:
        return self.record("sign_in", user, session)

    def page_view(self, user: str, session: str | None, page: str, filters: dict[str, Any]) -> Event:
        return self.record("page_view", user, session, page=page, filters=filters)

    def export(
        self, user: str, session: str | None, table: str, rows: int, filters: dict[str, Any] | None = None, **more: Any
    ) -> Event:
        return self.record("export", user, session, table=table, rows=int(rows), filters=filters or {}, **more)

    def brief(self, user: str, session: str | None, period: str, district: str | None) -> Event:
        return self.record("brief", user, session, period=period, district=district)

    def refused(self, user: str | None, session: str | None, reason: str, **more: Any) -> Event:
        return self.record("refused", user, session, reason=reason, **more)

    def record(self, kind: str, user: str | None, session: str | None = None, **detail: Any) -> Event:
        """Store one event: in the database within `max_wait` seconds, else in the spool file."""
        event = new_event(kind, user, session, **detail)
        self.write([event])
        return event

    def write(self, events: list[Event]) -> str:
        """Store events made by `new_event`; "db" or "spool" says where they went."""
        deadline = time.monotonic() + self.max_wait
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            try:
                # Short waits inside SQLite, retried here: SQLite's own busy handler backs off to 100 ms
                # naps, so under contention one writer can starve while others get in; jittered short
                # retries keep every process's wait close to the others'.
                self._insert(events, busy_ms=max(min(int(remaining * 1000), 50), 1))
                break
            except sqlite3.OperationalError as error:
                if not _is_contention(error) or deadline - time.monotonic() <= 0:
                    _log.warning("audit database unavailable (%s): %d event(s) spooled", type(error).__name__, len(events))
                    self._append_to_spool(events)
                    return "spool"
                attempt += 1
                # Jittered back-off: processes that collided should not collide again in step.
                time.sleep(min(random.uniform(0.001, 0.005) * min(attempt, 4), max(deadline - time.monotonic(), 0)))
        if self._spool_has_events():
            self.flush_spool()
        return "db"

    def _insert(self, events: list[Event], busy_ms: int) -> None:
        con = db.connect(self.file, busy_timeout_ms=busy_ms)
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                for event in events:
                    insert(con, event)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.close()

    def _append_to_spool(self, events: list[Event]) -> None:
        lines = "".join(_json(event.as_dict()) + "\n" for event in events).encode("utf-8")
        try:
            fd = os.open(self.spool, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # one writer or drainer at a time, across processes
                os.write(fd, lines)
                os.fsync(fd)
            finally:
                os.close(fd)  # also releases the lock
        except OSError as error:
            _log.error("audit event lost: neither database nor spool writable (%s)", type(error).__name__)
            raise AuditUnavailable("审计记录无法写入") from error

    def _spool_has_events(self) -> bool:
        try:
            return self.spool.stat().st_size > 0
        except FileNotFoundError:
            return False

    def flush_spool(self) -> int:
        """Move spooled events into the database; how many lines were read (0 if another process is at it)."""
        try:
            fd = os.open(self.spool, os.O_RDWR)
        except FileNotFoundError:
            return 0
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return 0  # another process is appending or draining; the next write tries again
            with os.fdopen(os.dup(fd), "r", encoding="utf-8") as handle:
                lines = handle.read().splitlines()
            events = []
            for line in lines:
                try:
                    events.append(Event(**json.loads(line)))
                except (ValueError, TypeError):
                    _log.error("audit spool: an unreadable line was skipped")
            if events:
                try:
                    self._insert(events, busy_ms=int(self.max_wait * 1000))
                except sqlite3.OperationalError:
                    return 0  # still busy: the spool stays as it is
            # Only after the commit: a crash before this line leaves the spool to be drained again, and
            # OR IGNORE on event_id keeps that from storing anything twice.
            os.ftruncate(fd, 0)
            os.fsync(fd)
            return len(lines)
        finally:
            os.close(fd)

    def events(
        self,
        since: date | None = None,
        until: date | None = None,
        user: str | None = None,
        kind: str | None = None,
        district: str | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[Event]:
        """Events in order of arrival (`newest_first`: the other way, so that `limit` keeps the latest),
        filtered: from `since` to `until` (days, inclusive, Beijing time), one user, one kind, or touching
        one district (in the filters of a page view or export, the districts of an export's rows, or a
        brief's district)."""
        self.flush_spool()
        clauses, params = [], []
        if since is not None:
            clauses.append("at >= ?")
            params.append(since.isoformat())
        if until is not None:
            clauses.append("at < ?")
            params.append((until + timedelta(days=1)).isoformat())
        if user is not None:
            clauses.append("user = ?")
            params.append(user)
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        if district is not None:
            clauses.append(
                "(json_extract(detail, '$.district') = ? OR EXISTS "
                "(SELECT 1 FROM json_each(detail, '$.filters.districts') WHERE value = ?) OR EXISTS "
                "(SELECT 1 FROM json_each(detail, '$.districts') WHERE value = ?))"
            )
            params += [district, district, district]
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        order = " ORDER BY seq DESC" if newest_first else " ORDER BY seq"
        # Only the constant clauses above are joined into the text; every value is a bound parameter.
        sql = "SELECT seq, event_id, at, kind, user, session, pid, detail FROM audit_events" + where + order  # noqa: S608
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        con = db.connect(self.file)
        try:
            rows = con.execute(sql, params).fetchall()
        finally:
            con.close()
        return [
            Event(event_id, at, kind_, user_, session, pid, json.loads(detail), seq)
            for seq, event_id, at, kind_, user_, session, pid, detail in rows
        ]


def _is_contention(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "locked" in text or "busy" in text


def _plain(value: Any) -> Any:
    """Detail as JSON-ready values: sets and tuples become sorted lists, dates text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(_plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
