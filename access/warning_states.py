"""Where each early warning (预警) stands: 待处理 → 已交办 → 已处理, or 误报, as the people working on
it have marked it.

Kept in the access database (access/db.py) beside the grants and the audit trail, not in the warehouse:
an import or a rebuild replaces the warehouse whole, and the work done on a warning must outlive that.
A warning is keyed by the digest of its stable id (kind, place, subcategory, since: data.warnings), so
the same warning found again after an import has the same state, and the database holds no address and
no caller's hash. A warning nobody has touched is 待处理 and has no row.

A change is one transaction with its audit event (`warning_state`, with who, which warning, from what to
what): there is never a state the trail does not explain. A change is refused when the warning stood
elsewhere than the person saw (two people at once), when the step is not allowed, or when the warning's
district or street is outside the person's remit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from access import audit, db
from access.scope import Scope

PENDING, ASSIGNED, DONE, FALSE_ALARM = "pending", "assigned", "done", "false_alarm"
LABELS = {PENDING: "待处理", ASSIGNED: "已交办", DONE: "已处理", FALSE_ALARM: "误报"}
# The steps a person may take; back to 待处理 undoes a mistaken 已处理 or 误报 (in the trail like any step).
STEPS = {
    PENDING: (ASSIGNED, DONE, FALSE_ALARM),
    ASSIGNED: (DONE, FALSE_ALARM, PENDING),
    DONE: (PENDING,),
    FALSE_ALARM: (PENDING,),
}
ACTIONS = {ASSIGNED: "交办", DONE: "已处理", FALSE_ALARM: "误报", PENDING: "退回待处理"}


class StateRefused(ValueError):
    """A change that was not made; the message is Chinese, for the person who asked."""


@dataclass(frozen=True)
class WarningRef:
    """What identifies a warning and where it is: enough to check the remit and to read the trail."""

    key: str  # data.warnings.warning_key(id)
    kind: str
    district_code: str
    street_code: str | None
    subcategory: str | None
    since: str  # YYYY-MM-DD


@dataclass(frozen=True)
class State:
    state: str
    updated_at: str | None = None
    updated_by: str | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        return LABELS[self.state]


class WarningStates:
    def __init__(self, file: Path | None = None) -> None:
        self.file = Path(file or db.path())

    def states(self, keys: Iterable[str]) -> dict[str, State]:
        """The state of each warning asked for; a warning with no row is 待处理."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, State] = {}
        con = db.connect(self.file)
        try:
            # In chunks: SQLite limits the number of bound parameters of one statement.
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = con.execute(
                    f"SELECT warning_key, state, updated_at, updated_by, note FROM warning_states WHERE warning_key IN ({marks})",  # noqa: S608 - placeholders only
                    chunk,
                ).fetchall()
                found.update({key: State(state, at, by, note) for key, state, at, by, note in rows})
        finally:
            con.close()
        return {key: found.get(key, State(PENDING)) for key in wanted}

    def move(
        self,
        warning: WarningRef,
        seen: str,
        to: str,
        *,
        user: str,
        scope: Scope,
        session: str | None = None,
        note: str | None = None,
    ) -> State:
        """Move `warning` from the state the person saw (`seen`) to `to`, with its audit event."""
        if to not in LABELS or seen not in LABELS:
            raise ValueError(f"unknown warning state {to!r} or {seen!r}")
        if not scope.allows(warning.district_code, warning.street_code):
            raise StateRefused("这条预警不在您的权限范围内，不能更改其处理状态。")
        if to not in STEPS[seen]:
            raise StateRefused(f"“{LABELS[seen]}”的预警不能直接改为“{LABELS[to]}”。")
        now = db.now()
        con = db.connect(self.file)
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                row = con.execute("SELECT state, updated_by FROM warning_states WHERE warning_key = ?", (warning.key,)).fetchone()
                current = row[0] if row else PENDING
                if current != seen:
                    by = f"已被 {row[1]} " if row else "已"
                    raise StateRefused(f"这条预警{by}改为“{LABELS[current]}”，请看过最新状态后再操作。")
                con.execute(
                    "INSERT INTO warning_states (warning_key, kind, district_code, street_code, subcategory, since, state, "
                    "note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (warning_key) DO UPDATE SET state = excluded.state, note = excluded.note, "
                    "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    (
                        warning.key,
                        warning.kind,
                        warning.district_code,
                        warning.street_code,
                        warning.subcategory,
                        warning.since,
                        to,
                        note,
                        now,
                        user,
                    ),
                )
                audit.insert(
                    con,
                    audit.new_event(
                        "warning_state",
                        user,
                        session,
                        warning=warning.key,
                        warning_kind=warning.kind,
                        district=warning.district_code,
                        street=warning.street_code,
                        subcategory=warning.subcategory,
                        since=warning.since,
                        **{"from": current, "to": to},
                        note=note,
                    ),
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as error:
            raise StateRefused("处理状态暂时无法保存（数据库忙或不可写），请稍后再试。") from error
        finally:
            con.close()
        return State(to, now, user, note)
