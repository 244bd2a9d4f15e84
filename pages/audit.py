"""审计与授权 (管理员 only, issue 14): who looked at what, who exported what, sign-ins, 简报 and refusals,
from the audit trail; and who may read which records. The page is in the navigation of 管理员 only, and
checks again here. Grants are given and revoked at the server (`python -m access grant …`): a grant is
a decision someone signs for, with the command line's operator in the trail."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from access import audit, db, identity, texts, warning_states
from access.grants import Grants
from data.warnings.wording import KIND_LABELS as KIND_OF_WARNING
from ui import components, gate, labels, text
from ui.filters import district_names

SHOWN = 5_000  # the newest events shown; narrow the filters (or use `python -m access audit`) for more


def _shown(user: str) -> str:
    """A user as the page names them: the laptop demo's user by its Chinese name, the others by their id."""
    return texts.LOCAL_USER_NAME if user == identity.LOCAL_USER else user


KIND_LABELS = {
    "sign_in": "登录",
    "page_view": "查看页面",
    "export": "导出",
    "brief": "生成简报",
    "refused": "拒绝访问",
    "grant": "授权",
    "revoke": "撤销授权",
    "warning_state": "预警处理",
}
REFUSAL_LABELS = {
    "no_grant": "未授权",
    "no_user": "门户未给出用户",
    "bad_user_id": "用户标识不合规",
    "no_proxy_key": "未经门户代理",
    "wrong_proxy_key": "未经门户代理",
    "repeated_header": "未经门户代理",
    "not_loopback": "非本机访问演示模式",
    "proxied": "经代理访问演示模式",
    "no_session": "无会话",
    "access_db_unavailable": "授权数据库不可用",
}
PAGE_TITLES = {
    **{path: title for path, (title, _icon) in {**labels.PAGES, **labels.ADMIN_PAGES}.items()},
    "briefing": "投屏汇报",
}

gate.require_admin()
names = district_names()
components.page_header("审计与授权", "谁在何时查看了哪些页面、导出了哪些表格；谁有权查看哪些记录", "仅限管理员")

today = date.fromisoformat(db.now()[:10])  # Beijing time, as the trail records it
first, second, third = st.columns(3)
since = first.date_input("起始日期", value=today - timedelta(days=30), format="YYYY-MM-DD", key="audit_since")
until = second.date_input("截止日期", value=today, format="YYYY-MM-DD", key="audit_until")
user = third.text_input("用户", placeholder="全部用户", help="门户用户标识，需完整填写。", key="audit_user").strip()
first, second = st.columns(2)
kind = first.selectbox("事件类型", ["", *audit.KINDS], format_func=lambda k: KIND_LABELS.get(k, "全部事件"), key="audit_kind")
district = second.selectbox(
    "涉及的区",
    ["", *names],
    format_func=lambda c: names.get(c, "全部"),
    help="页面筛选或导出的记录涉及该区的事件，以及该区的简报。",
    key="audit_district",
)

events = audit.AuditLog().events(
    since=since or None,
    until=until or None,
    user=user or None,
    kind=kind or None,
    district=district or None,
    limit=SHOWN + 1,
    newest_first=True,
)
if len(events) > SHOWN:
    st.caption(
        text.md_format(
            "只显示最近的 {shown} 条；请缩小筛选范围，或在服务器上运行 `python -m access audit` 查看全部。", shown=f"{SHOWN:,}"
        )
    )
    events = events[:SHOWN]


def _areas(codes) -> str:
    return "、".join(names.get(code, code) for code in codes or []) or labels.CITY


def _period(filters: dict) -> str:
    start, end = filters.get("from"), filters.get("to")
    return f"{start} 至 {end}" if start and end and start != end else (start or "")


def _warning_change(detail: dict) -> str:
    """预警处理: which warning (kind, where, since), from what to what."""
    where = " ".join(str(x) for x in (names.get(detail.get("district"), ""), detail.get("subcategory") or "") if x)
    moved = f"{warning_states.LABELS.get(detail.get('from'), '')} → {warning_states.LABELS.get(detail.get('to'), '')}"
    return f"{KIND_OF_WARNING.get(detail.get('warning_kind'), '')} {where}（起 {detail.get('since', '')}）：{moved}"


def _when(event: audit.Event) -> str:
    return event.at[:19].replace("T", " ")


views = [
    {
        "时间": _when(e),
        "用户": _shown(e.user),
        "页面": PAGE_TITLES.get(e.detail.get("page"), e.detail.get("page")),
        "所选区域": _areas(e.detail.get("filters", {}).get("districts")),
        "时段": _period(e.detail.get("filters", {})),
        "进程": e.pid,
    }
    for e in events
    if e.kind == "page_view"
]
exports = [
    {
        "时间": _when(e),
        "用户": _shown(e.user),
        "表格": e.detail.get("table"),
        "行数": e.detail.get("rows"),
        "格式": str(e.detail.get("format", "")).upper(),
        "文件名": e.detail.get("file", ""),
        "记录所属区": _areas(e.detail.get("districts")) if e.detail.get("districts") else "",
        "所选区域": _areas(e.detail.get("filters", {}).get("districts")),
        "时段": _period(e.detail.get("filters", {})),
    }
    for e in events
    if e.kind == "export"
]
others = [
    {
        "时间": _when(e),
        "事件": KIND_LABELS.get(e.kind, e.kind),
        "用户": _shown(e.user) if e.user else "（未识别）",
        "说明": (
            REFUSAL_LABELS.get(e.detail.get("reason"), e.detail.get("reason"))
            if e.kind == "refused"
            else f"{e.detail.get('period', '')} {names.get(e.detail.get('district'), labels.CITY)}"
            if e.kind == "brief"
            else f"操作人 {e.detail.get('by', '')}"
            if e.kind in ("grant", "revoke")
            else _warning_change(e.detail)
            if e.kind == "warning_state"
            else ""
        ),
    }
    for e in events
    if e.kind not in ("page_view", "export")
]

st.subheader("谁查看了什么")
if views:
    st.dataframe(pd.DataFrame(views), hide_index=True, width="stretch", key="audit_views")
else:
    components.empty_state("所选范围内没有页面查看记录。")

st.subheader("谁导出了什么")
if exports:
    st.dataframe(pd.DataFrame(exports), hide_index=True, width="stretch", key="audit_exports")
else:
    components.empty_state("所选范围内没有导出记录。")

st.subheader("登录、简报、拒绝访问与授权变更")
if others:
    st.dataframe(pd.DataFrame(others), hide_index=True, width="stretch", key="audit_others")
else:
    components.empty_state("所选范围内没有这类记录。")

st.subheader("授权名单")
# Command lines are code, shown as code (st.caption's markdown: backticks), not words of the page.
st.caption(
    "授权在服务器上办理：`python -m access grant 用户 --district 区划代码`（或 `--city`、`--street 街乡镇代码`，"
    "加 `--admin` 为管理员）；撤销：`python -m access revoke 用户`。每次授权和撤销都记入审计记录。"
)
grants = Grants().all()
if grants:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "用户": _shown(g.user),
                    "权限": texts.ROLE_LABELS[g.role],
                    "范围": _areas(sorted({code[:6] for code in g.codes})) if g.codes else labels.CITY,
                    "街乡镇代码": "、".join(g.codes) if g.role == "street" else "",
                    "管理员": "是" if g.admin else "否",
                    "授权人": g.granted_by,
                    "授权时间": g.granted_at[:19].replace("T", " "),
                }
                for g in grants
            ]
        ),
        hide_index=True,
        width="stretch",
        key="audit_grants",
    )
else:
    components.empty_state("尚无授权。本机演示模式下只有本机用户（市级、管理员），无需授权。")
