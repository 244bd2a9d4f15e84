"""The one way a value from data or from the link reaches markdown, HTML or a chart label: escaped.

Streamlit renders markdown in st.markdown, captions, notices, headers, labels and tooltips:
links, images (`![x](http://…)` makes the browser fetch), `:red[…]` styling, `**…**`, bare URLs
(GitHub autolinks) and `$…$` maths. Plotly renders a subset of HTML in every text it draws
(`<a href>`, `<span style>`, `<b>`). A name imported from an office's file or a value typed
into a link is text, never markup, so everything built from one goes through this module:

- `md(value)` – a value as literal markdown text;
- `md_format(template, *values)` – our own markdown template with escaped values in it;
- `bold(sentence)` – a whole generated sentence, emphasised, its values escaped;
- `html(template, **values)` and `render_html` – the only way to put HTML on a page, with
  every value escaped (`render_html` takes nothing else, so a raw string cannot slip in);
- `plotly_text(values)` – labels for a Plotly chart;
- `clip(value)` – a value echoed back to the user, cut to a readable length.

tests/test_text_safety.py checks that pages and ui modules use these and nothing else.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable
from typing import Any

import streamlit as st

ECHO_LIMIT = 40  # characters of a bad link value repeated back in a notice

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it also defeats
# Streamlit's own syntax (`:red[…]`, `:material/…:`, emoji shortcodes, `$…$`) and autolinks,
# whose triggers (`http:`, `www.`, `@`) all contain punctuation.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# GitHub's autolinks (`http://…`, `www.…`, `a@b.cn`) are found in the text after escapes are
# resolved, so escaping cannot stop them. An invisible word joiner after the scheme, after `www`
# and after `@` breaks the pattern without changing what a reader sees.
_AUTOLINK_TRIGGER = re.compile(r"(?i)(\b(?:https?|ftp|mailto|www)(?=[:.])|@)")
WORD_JOINER = "\u2060"


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return "—"
    return str(value)


def _unlinked(value: str) -> str:
    return _AUTOLINK_TRIGGER.sub(lambda m: m.group(0) + WORD_JOINER, value)


def md(value: Any) -> str:
    """`value` as markdown that renders exactly as its text, on one line, with no link in it."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", _unlinked(_LINE_BREAKS.sub(" ", _as_text(value))))


def md_format(template: str, *values: Any, **named: Any) -> str:
    """`template.format(...)` with every value escaped; the template is ours and may hold markdown."""
    return template.format(*(md(v) for v in values), **{k: md(v) for k, v in named.items()})


def bold(sentence: Any) -> str:
    """A generated sentence (our words around data values) in bold, every character literal."""
    text = md(sentence)
    return f"**{text}**" if text else ""


class Html(str):
    """Markup built by `html`: our template with escaped values. Only this reaches the page as HTML."""


def html(template: str, **values: Any) -> Html:
    """Our own HTML template (a constant: the guard test checks) filled with escaped values
    (`{name}` placeholders); with no values the template is taken as it is (a style sheet)."""
    if not values:
        return Html(template)
    return Html(template.format(**{k: _html.escape(_unlinked(_as_text(v)), quote=True) for k, v in values.items()}))


def render_html(markup: Html) -> None:
    """Put markup made by `html` on the page; a plain string is refused."""
    if not isinstance(markup, Html):
        raise TypeError("render_html takes only markup made by ui.text.html, whose values are escaped")
    st.markdown(markup, unsafe_allow_html=True)


def plotly_label(value: Any) -> str:
    """A label Plotly draws as the text it is (Plotly turns `&lt;` back into `<` for display)."""
    return _html.escape(_as_text(value), quote=False)


def plotly_text(values: Iterable[Any]) -> list[str]:
    return [plotly_label(v) for v in values]


def clip(value: Any, limit: int = ECHO_LIMIT) -> str:
    """A value to echo back (a bad link value, a search): at most `limit` characters, then how long it was."""
    text = _LINE_BREAKS.sub(" ", _as_text(value))
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共 {len(text):,} 个字符）"
