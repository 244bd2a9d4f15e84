"""The grants store: who may read which records, and who administers access.

Roles: 市级 (`city`, every record), 区级 (`district`, one or more district codes), 街乡镇级 (`street`,
one street code); the 管理员 flag (`admin`) adds granting access and reading the audit trail. A user
with no grant may sign in but reads nothing (无权访问).

Kept in the access database (access/db.py), beside the warehouse and apart from it, so grants outlive
warehouse rebuilds and imports. A grant or revoke and its audit event are written in one transaction:
there is never a grant the audit trail does not show.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from access import areas, audit, db, texts
from access.identity import LOCAL_USER, valid_user_id
from access.scope import Scope

ROLES = ("city", "district", "street")

_log = logging.getLogger(__name__)


class BadGrant(ValueError):
    """A grant that cannot be given as asked; the message is Chinese, for the person who asked."""


@dataclass(frozen=True)
class Grant:
    user: str
    role: str
    codes: tuple[str, ...]  # district codes (区级) or the one street code (街乡镇级); empty for 市级
    admin: bool = False
    granted_by: str = ""
    granted_at: str = ""

    @property
    def scope(self) -> Scope:
        """The records this user may read. Raises ValueError for a grant whose codes do not fit its role."""
        if self.role == "city" and not self.codes:
            return Scope.city()
        if self.role == "district" and self.codes:
            return Scope.of_districts(self.codes)
        if self.role == "street" and len(self.codes) == 1:
            return Scope.of_street(self.codes[0])
        raise ValueError(f"grant of role {self.role!r} with {len(self.codes)} code(s)")

    def describe(self) -> str:
        """In Chinese, e.g. “区级（110105）”, with 管理员 when the flag is set."""
        label = texts.ROLE_LABELS[self.role]
        where = f"（{'、'.join(self.codes)}）" if self.codes else ""
        return f"{label}{where}" + ("，管理员" if self.admin else "")

    def as_dict(self) -> dict[str, object]:
        return {
            "user": self.user,
            "role": self.role,
            "role_label": texts.ROLE_LABELS[self.role],
            # From the codes, not from `scope`: a damaged grant must still list (and be revoked).
            "districts": sorted({code[:6] for code in self.codes}),
            "streets": list(self.codes) if self.role == "street" else [],
            "admin": self.admin,
            "granted_by": self.granted_by,
            "granted_at": self.granted_at,
        }


# The laptop demo's one user (DASHBOARD_AUTH=local, loopback only): the whole city, and the audit page.
LOCAL_GRANT = Grant(LOCAL_USER, "city", (), admin=True, granted_by="本机演示模式")


class Grants:
    def __init__(self, file: Path | None = None) -> None:
        self.file = Path(file or db.path())

    def grant(
        self,
        user: str,
        role: str,
        codes: Iterable[str] = (),
        *,
        admin: bool = False,
        by: str,
        warehouse: Path | None = None,
        session: str | None = None,
    ) -> Grant:
        """Give `user` this role (replacing any earlier grant), checked against the known codes."""
        if not valid_user_id(user):
            raise BadGrant(texts.BAD_USER.format(user=user))
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        codes = tuple(sorted(dict.fromkeys(codes)))
        known = areas.known(warehouse) if codes else None
        try:
            if role == "district":
                if not codes:
                    raise BadGrant(texts.NO_DISTRICTS)
                for code in codes:
                    known.check_district(code)
            elif role == "street":
                if len(codes) != 1:
                    raise BadGrant(texts.ONE_STREET_ONLY.format(count=len(codes)))
                known.check_street(codes[0])
            elif codes:
                raise ValueError("a city grant takes no codes")
        except areas.BadCode as error:
            raise BadGrant(str(error)) from None
        new = Grant(user, role, codes, admin, by, db.now())
        new.scope  # noqa: B018 -- the same check a session makes when it reads the grant back
        con = db.connect(self.file)
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                previous = self._read(con, user)
                self._delete(con, user)
                con.execute(
                    "INSERT INTO grants (user, role, admin, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)",
                    (user, role, int(admin), by, new.granted_at),
                )
                con.executemany("INSERT INTO grant_areas (user, code) VALUES (?, ?)", [(user, code) for code in codes])
                audit.insert(
                    con,
                    audit.new_event(
                        "grant",
                        user,
                        session,
                        by=by,
                        role=role,
                        codes=list(codes),
                        admin=admin,
                        previous=previous.as_dict() if previous else None,
                    ),
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.close()
        return new

    def revoke(self, user: str, *, by: str, session: str | None = None) -> bool:
        """Take `user`'s grant away; False if there was none (nothing is written then)."""
        con = db.connect(self.file)
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                previous = self._read(con, user)
                if previous is None:
                    con.execute("ROLLBACK")
                    return False
                self._delete(con, user)
                audit.insert(con, audit.new_event("revoke", user, session, by=by, previous=previous.as_dict()))
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        finally:
            con.close()
        return True

    def get(self, user: str) -> Grant | None:
        con = db.connect(self.file)
        try:
            return self._read(con, user)
        finally:
            con.close()

    def scope_of(self, user: str) -> Scope | None:
        """The user's scope, or None for no grant. A damaged grant counts as none (fails closed)."""
        grant = self.get(user)
        if grant is None:
            return None
        try:
            return grant.scope
        except ValueError:
            _log.warning("a grant does not fit its role and is treated as no grant")
            return None

    def all(self) -> list[Grant]:
        con = db.connect(self.file)
        try:
            users = [row[0] for row in con.execute("SELECT user FROM grants ORDER BY user")]
            return [grant for user in users if (grant := self._read(con, user)) is not None]
        finally:
            con.close()

    def admins(self) -> list[str]:
        """Whom a user without a grant should ask (the 无权访问 notice names them)."""
        con = db.connect(self.file)
        try:
            return [row[0] for row in con.execute("SELECT user FROM grants WHERE admin = 1 ORDER BY user")]
        finally:
            con.close()

    @staticmethod
    def _read(con: sqlite3.Connection, user: str) -> Grant | None:
        row = con.execute("SELECT role, admin, granted_by, granted_at FROM grants WHERE user = ?", (user,)).fetchone()
        if row is None:
            return None
        codes = tuple(code for (code,) in con.execute("SELECT code FROM grant_areas WHERE user = ? ORDER BY code", (user,)))
        return Grant(user, row[0], codes, bool(row[1]), row[2], row[3])

    @staticmethod
    def _delete(con: sqlite3.Connection, user: str) -> None:
        con.execute("DELETE FROM grant_areas WHERE user = ?", (user,))
        con.execute("DELETE FROM grants WHERE user = ?", (user,))
