"""A page's own options, kept in the link (`bind="query-params"`), with a notice when the link's
value could not be used.

Streamlit seeds a bound widget from the link and silently drops a value that is not one of its
options (`?satisfaction_target=abc`, `?cases_rate=x`). A colleague who opens a forwarded link
should know when it did not show what the sender saw, so `bound` draws the widget and then says
which value it ignored, as the shared filters do for districts and months.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui import link_params, text

_LINK_AT_START = "link_at_session_start"
_WARNED = "link_options_warned"


def remember_link() -> None:
    """Keep the link as the session opened it: Streamlit seeds widgets from that, not from later changes."""
    if _LINK_AT_START not in st.session_state:
        st.session_state[_LINK_AT_START] = {key: st.query_params.get_all(key) for key in st.query_params}


def _normalised(values: list[str]) -> list[str]:
    out = []
    for value in values:
        number = link_params.number(value)
        out.append(repr(number) if number is not None else value.strip().lower())
    return sorted(out)


def _as_link_values(value: Any, format_func: Callable[[Any], str] | None) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    return [str(format_func(item) if format_func else item) for item in items if item is not None]


def bound(widget: Callable[..., Any], label: str, *args: Any, key: str, **kwargs: Any) -> Any:
    """`widget(label, *args, key=key, bind="query-params", **kwargs)`, then a notice if the link
    asked for a value this widget could not take."""
    value = widget(label, *args, key=key, bind="query-params", **kwargs)
    asked = st.session_state.get(_LINK_AT_START, {}).get(key)
    warned = st.session_state.setdefault(_WARNED, set())
    if asked and key not in warned:
        warned.add(key)
        shown = _as_link_values(value, kwargs.get("format_func"))
        if _normalised(asked) != _normalised(shown):
            st.warning(
                text.md(
                    f"链接中的“{label}”取值 {text.clip('、'.join(asked))} 无法使用，已显示为“{'、'.join(shown) or '（不选）'}”。"
                ),
                icon=":material/link_off:",
            )
    return value


def in_link(param: str) -> bool:
    """Whether the link the session opened with names `param` (a warning's link to the case list, say)."""
    return bool(st.session_state.get(_LINK_AT_START, {}).get(param))


def linked_choice(param: str, allowed: list[str], label: str) -> str | None:
    """A choice that is not a widget (a clicked table row) read from the link: one of `allowed`,
    or None with a notice when the link names something else."""
    raw = st.session_state.get(_LINK_AT_START, {}).get(param)
    value = raw[0] if raw else None
    if value is None or value in allowed:
        return value
    warned = st.session_state.setdefault(_WARNED, set())
    if param not in warned:
        warned.add(param)
        st.warning(text.md(f"链接中的{label} {text.clip(value)} 无效，已忽略。"), icon=":material/link_off:")
    return None


def keep_in_link(param: str, value: str | None) -> None:
    """Write a clicked choice into the link (or take it out), so the link opens the same drill-down."""
    if value is None:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value
