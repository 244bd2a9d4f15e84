"""The frame's gate (issue 14): who is asking, what they may read, and the audit trail of what they do.

dashboard.py calls `admit()` on every run, before any page and before any query: the identity comes
from the portal's proxy only (access.identity), the grant is read again on every run (a revoke takes
effect at the next click), and anyone not signed in or without a grant gets a Chinese notice and
`st.stop()`. The admitted visitor (user, scope, 管理员) is kept for the run; ui.data binds its scope to
every record query, so a page can neither forget the scope nor pass another one.

What is recorded (access.audit): the session's sign-in, once; a page view whenever the page or the
shared filters change (`viewing`); every export (`export_recorder`, called while the download button is
drawn and run when the file is made); each 简报 (`brief_generated`); a refusal, once per session and
reason. If the audit trail cannot be written, nothing is shown: no look without a record.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from access import audit, identity, texts
from access.grants import LOCAL_GRANT, Grant, Grants
from access.scope import Scope
from ui import compat, text

VISITOR_KEY = "_access_visitor"
_SIGNED_IN_KEY = "_access_signed_in"
_REFUSED_KEY = "_access_refused"
_LAST_VIEW_KEY = "_access_last_view"
_RERUN_FOR_GATE_KEY = "_access_rerun_for_gate"
SSO_LOGIN_ENV = "DASHBOARD_SSO_LOGIN"  # the portal's login page, for the 未登录 notice (deploy.intranet sets it)

_log = logging.getLogger(__name__)


class NoVisitor(RuntimeError):
    """Records were asked for outside a run the gate admitted: nothing is read."""


@dataclass(frozen=True)
class Visitor:
    user: str
    scope: Scope
    admin: bool
    session: str | None


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def _grant_for(user: str) -> Grant | None:
    # The laptop demo's one user has the city; a portal user who happens to be called "local" does not.
    if identity.mode() == "local" and user == identity.LOCAL_USER:
        return LOCAL_GRANT
    return Grants().get(user)


def admit() -> Visitor:
    """The visitor of this run, or a Chinese notice and `st.stop()` (no query runs)."""
    st.session_state.pop(VISITOR_KEY, None)  # nothing admitted in an earlier run counts in this one
    st.session_state.pop(_RERUN_FOR_GATE_KEY, None)
    session = _session_id()
    who = identity.current()
    if not who.signed_in:
        _refused(None, session, who.reason or who.status.value)
        _stop(who.message, login=who.status is identity.Status.NOT_SIGNED_IN)
    try:
        grant = _grant_for(who.user)
        scope = grant.scope if grant is not None else None
    except ValueError:  # a grant whose codes do not fit its role: treated as none (fails closed)
        grant, scope = None, None
    except sqlite3.Error as error:
        _log.error("access database unreadable (%s): session refused", type(error).__name__)
        _refused(who.user, session, "access_db_unavailable")
        _stop(texts.MISCONFIGURED)
    if grant is None or scope is None:
        _refused(who.user, session, "no_grant")
        _stop(_no_grant_message(who.user))
    if st.session_state.get(_SIGNED_IN_KEY) != who.user:
        _record(lambda log: log.sign_in(who.user, session))
        st.session_state[_SIGNED_IN_KEY] = who.user
    visitor = Visitor(who.user, scope, grant.admin, session)
    st.session_state[VISITOR_KEY] = visitor
    return visitor


def visitor() -> Visitor:
    """The visitor `admit()` let in for this run; raises NoVisitor when there is none.

    A deep link opened as a fresh process's first run (or while another tab's first run switches the
    mode off) runs its page in Streamlit's pages-directory mode, without dashboard.py's frame and gate:
    that run starts again once, through the frame, rather than fail with Streamlit's English error."""
    found = st.session_state.get(VISITOR_KEY)
    if isinstance(found, Visitor):
        return found
    if get_script_run_ctx(suppress_warning=True) is not None and not st.session_state.get(_RERUN_FOR_GATE_KEY):
        st.session_state[_RERUN_FOR_GATE_KEY] = True  # once: a frame that admits no one stops by itself
        compat.leave_pages_directory_mode()
        st.rerun()
    raise NoVisitor("no visitor admitted in this run: records are not read")


def scope() -> Scope:
    """The records this run may read (ui.data binds it to every record query)."""
    return visitor().scope


def require_admin() -> Visitor:
    """For the 管理员 page itself, besides its absence from everyone else's navigation."""
    found = visitor()
    if not found.admin:
        st.error(text.md(texts.ADMIN_ONLY), icon=":material/lock:")
        st.stop()
    return found


# --- what the user reads about their remit ---------------------------------------------------------


def _district_names() -> dict[str, str]:
    from ui.data import query

    frame = query("districts")
    return dict(zip(frame["district_code"], frame["name"], strict=True))


def describe(scope: Scope) -> str:
    """The remit in Chinese: 全市, 朝阳区, 朝阳区、海淀区, or 朝阳区 某街道."""
    if scope.is_all:
        return texts.SCOPE_CITY
    names = _district_names()
    districts = "、".join(names.get(code, code) for code in scope.default_districts)
    if scope.streets is None:
        return districts
    from ui.data import query

    streets = query("streets", districts=list(scope.default_districts))
    street_names = dict(zip(streets["street_code"], streets["name"], strict=True))
    return f"{districts} " + "、".join(street_names.get(code, code) for code in sorted(scope.streets))


def link_districts(asked: list[str], notices: list[str]) -> list[str]:
    """The districts the shared filters open on: the link's, cut to the reader's remit (with a notice in
    `notices`), or with none in the link the reader's own (none, the whole city, for 市级).

    A 朝阳 user opening `?district=110101` gets 朝阳 and a notice, never 东城's records. Aggregates are
    everyone's, so the user may still choose 东城 in the sidebar; the record queries stay in the scope."""
    remit = scope()
    if not asked:
        return list(remit.default_districts)
    cut = remit.restrict(asked)
    if cut.dropped:
        names = _district_names()
        dropped = "、".join(names.get(code, code) for code in cut.dropped)
        notices.append(texts.SCOPE_NARROWED.format(scope=describe(remit), dropped=dropped))
    return list(cut.districts)


def _filters_detail(filters: Any) -> dict[str, Any]:
    """The shared filters as the link writes them, for the audit trail."""
    if filters is None:
        return {}
    return {"districts": list(filters.districts), "from": f"{filters.start:%Y-%m}", "to": f"{filters.end:%Y-%m}"}


def viewing(page: str, filters: Any, *, notes: bool = True) -> None:
    """Called by the frame once the filters are drawn: a page view in the audit trail when the page or
    the filters changed, and (with `notes`) in the sidebar who is signed in and what the records cover."""
    who = visitor()
    if notes:
        remit = describe(who.scope)
        with st.sidebar:
            shown_as = texts.LOCAL_USER_NAME if who.user == identity.LOCAL_USER else who.user
            line = texts.WHO.format(user=shown_as, scope=remit) + ("　" + texts.ADMIN_LABEL if who.admin else "")
            st.caption(text.md(line))
            if not who.scope.is_all:
                outside = [code for code in filters.districts if code not in who.scope.districts]
                if outside or not filters.districts:
                    names = _district_names()
                    chosen = "、".join(names.get(code, code) for code in outside) if outside else texts.SCOPE_CITY
                    st.info(text.md(texts.RECORDS_OUTSIDE_SCOPE.format(outside=chosen, scope=remit)), icon=":material/lock:")
    view = (page, tuple(filters.districts), filters.start, filters.end)
    if st.session_state.get(_LAST_VIEW_KEY) != view:
        _record(lambda log: log.page_view(who.user, who.session, page, _filters_detail(filters)))
        st.session_state[_LAST_VIEW_KEY] = view


# --- exports and the 简报 ---------------------------------------------------------------------------


def export_recorder() -> Callable[..., None]:
    """Called while a download button is drawn (the session's reader and filters are known then); the
    function it returns is called by ui.exports.build once the file is written, on the download's own
    thread: `record(table, rows, districts, file_format, **detail)`, `districts` the codes or names
    the rows belong to. It raises AuditUnavailable if it cannot record: the file is then not handed
    out, since no export goes unrecorded."""
    who = visitor()
    filters = _filters_detail(st.session_state.get("current_filters"))
    names = _district_names()
    codes = {name: code for code, name in names.items()}

    def record(table: str, rows: int, districts: Iterable[str], file_format: str, **detail: Any) -> None:
        found = sorted({code if code in names else codes[code] for code in districts if code in names or code in codes})
        audit.AuditLog().export(who.user, who.session, table, rows, filters, format=file_format, districts=found, **detail)

    return record


def brief_generated(period: str, district: str | None) -> None:
    """A 简报 was written (pages/brief.py, after generate())."""
    who = visitor()
    _record(lambda log: log.brief(who.user, who.session, period, district))


# --- refusals and the audit trail -------------------------------------------------------------------


def _record(write: Callable[[audit.AuditLog], object]) -> None:
    try:
        write(audit.AuditLog())
    except audit.AuditUnavailable:
        st.session_state.pop(VISITOR_KEY, None)
        _stop(texts.AUDIT_UNAVAILABLE)


def _refused(user: str | None, session: str | None, reason: str) -> None:
    """One `refused` event per session and reason (a refused page reruns on every click)."""
    seen = st.session_state.get(_REFUSED_KEY) or frozenset()
    if (user, reason) in seen:
        return
    try:
        audit.AuditLog().refused(user, session, reason)
    except audit.AuditUnavailable:
        return  # refused all the same
    st.session_state[_REFUSED_KEY] = seen | {(user, reason)}


def _no_grant_message(user: str) -> str:
    try:
        admins = Grants().admins()
    except sqlite3.Error:
        admins = []
    if admins:
        return texts.NO_GRANT.format(user=user, admins="、".join(admins))
    return texts.NO_GRANT_NO_ADMIN.format(user=user)


def _login_url() -> str | None:
    """The portal's login page for a link, when configured. nginx's form may hold nginx variables
    (`?next=$scheme://…`), which mean nothing here: the page itself is linked then."""
    url = os.environ.get(SSO_LOGIN_ENV, "").strip()
    if "$" in url:
        url = url.split("?", 1)[0]
    if not url or "$" in url or not url.startswith(("https://", "http://", "/")):
        return None
    return url


def _stop(message: str, *, login: bool = False) -> NoReturn:
    st.error(text.md(message), icon=":material/lock:")
    url = _login_url() if login else None
    if url:
        st.link_button(texts.SIGN_IN_LINK, url, type="primary")
    st.stop()
    # st.stop() ends the run in a session; run bare (python dashboard.py), it returns: go no further.
    raise NoVisitor(message)
