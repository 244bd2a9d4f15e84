"""The access database: one small SQLite file holding the grants and the audit trail.

It lives beside the DuckDB warehouse but apart from it (`DASHBOARD_ACCESS_DB`, default
data/access.sqlite3), because the warehouse is replaced whole by every build and import and the
grants and the audit trail must outlive that. SQLite in WAL mode: several app processes write audit
events at once, readers never wait for writers, and a writer waits for another writer only for the
length of one small transaction.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "access.sqlite3"
SCHEMA_VERSION = 2  # 2: warning_states (the early warnings' progress)

# Beijing time without the tz database: China has kept UTC+8 without daylight saving since 1991, and
# an offline server may lack tzdata, so a fixed offset is both exact and dependency-free.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

# How long one statement waits for another process's write lock before SQLite reports it busy.
BUSY_TIMEOUT_MS = 5000

SCHEMA = """
CREATE TABLE IF NOT EXISTS grants (
    user        TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('city', 'district', 'street')),
    admin       INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
    granted_by  TEXT NOT NULL,
    granted_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS grant_areas (
    user  TEXT NOT NULL REFERENCES grants(user) ON DELETE CASCADE,
    code  TEXT NOT NULL,
    PRIMARY KEY (user, code)
);
CREATE TABLE IF NOT EXISTS audit_events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id  TEXT NOT NULL UNIQUE,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    user      TEXT,
    session   TEXT,
    pid       INTEGER NOT NULL,
    detail    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_at ON audit_events (at);
CREATE INDEX IF NOT EXISTS audit_events_user_at ON audit_events (user, at);
CREATE INDEX IF NOT EXISTS audit_events_kind_at ON audit_events (kind, at);
-- An audit trail that can be edited is no audit trail: rows are only ever added.
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
-- Where each early warning stands (预警: 待处理 → 已交办 → 已处理, or 误报), by the digest of its stable id
-- (data.warnings.warning_key): kept here, not in the warehouse, so it outlives every import and rebuild.
-- Every change is also an audit event (warning_state), written in the same transaction.
CREATE TABLE IF NOT EXISTS warning_states (
    warning_key    TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    district_code  TEXT,
    street_code    TEXT,
    subcategory    TEXT,
    since          TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'assigned', 'done', 'false_alarm')),
    note           TEXT,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS warning_states_district ON warning_states (district_code);
"""

_ready: set[Path] = set()
_ready_lock = threading.Lock()


def path() -> Path:
    """The access database: $DASHBOARD_ACCESS_DB, or data/access.sqlite3."""
    return Path(os.environ.get("DASHBOARD_ACCESS_DB") or DEFAULT_PATH)


def now() -> str:
    """Now in Beijing time, ISO 8601 with microseconds and +08:00 (so text order is time order)."""
    return datetime.now(SHANGHAI).isoformat(timespec="microseconds")


def connect(file: Path | None = None, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A new connection (one per call: Streamlit runs sessions in threads, and a connection is cheap).

    The file and its schema are created on first use. Transactions are explicit (`isolation_level=None`)
    so that each write is one short `BEGIN IMMEDIATE` ... `COMMIT`.
    """
    file = Path(file or path())
    first = file not in _ready
    if first:
        file.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(file, timeout=busy_timeout_ms / 1000, isolation_level=None)
    con.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    con.execute("PRAGMA foreign_keys = ON")
    # FULL: a committed audit event survives a power cut too, not only a crash of the process.
    con.execute("PRAGMA synchronous = FULL")
    if first:
        try:
            _create_with_retry(con, file)
        except BaseException:
            con.close()
            raise
    return con


def _create_with_retry(con: sqlite3.Connection, file: Path, attempts: int = 20) -> None:
    # Several processes starting together may all create the schema; switching to WAL needs a moment
    # alone with the file, which busy_timeout does not always wait for.
    for attempt in range(attempts):
        try:
            _create(con, file)
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _create(con: sqlite3.Connection, file: Path) -> None:
    with _ready_lock:
        if file in _ready:
            return
        # WAL is a property of the file: set once, kept by every later connection of every process.
        if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            con.execute("PRAGMA journal_mode = WAL")
        if con.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            con.execute("BEGIN IMMEDIATE")
            try:
                # One statement at a time: executescript() would commit the transaction it runs in.
                for statement in _statements(SCHEMA):
                    con.execute(statement)
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        try:  # the file holds who may see what and who looked: only its owner reads it
            os.chmod(file, 0o600)
        except OSError:
            pass
        _ready.add(file)


def _statements(script: str) -> list[str]:
    """Split the schema into statements, keeping each trigger's BEGIN ... END; whole."""
    statements, current = [], []
    for line in script.splitlines():
        if line.startswith("--") or not line.strip():
            continue
        current.append(line)
        text = "\n".join(current)
        if sqlite3.complete_statement(text):
            statements.append(text)
            current = []
    return statements
