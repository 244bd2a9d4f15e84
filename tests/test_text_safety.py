"""Text from data or from the link is text: the escaping helpers (ui/text.py) and a guard that
every page and ui module goes through them, so the next page cannot bring markup back in."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from ui import link_params, text

ROOT = Path(__file__).resolve().parent.parent
CHECKED = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]

# Streamlit calls that render their first argument (and `help=`) as markdown.
MARKDOWN_CALLS = {
    "markdown",
    "caption",
    "warning",
    "info",
    "error",
    "success",
    "subheader",
    "header",
    "title",
    "write",
    "toast",
    "button",
    "download_button",
    "expander",
    "metric",
    "popover",
    "status",
}
MARKDOWN_KEYWORDS = {"help", "label"}
ESCAPING = {"md", "md_format", "bold"}  # ui.text functions that make markdown from values


def _is_safe(node: ast.AST) -> bool:
    """A constant, our own wording (ui.labels), or a value passed through ui.text."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "labels":
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
        owner, name = node.func.value.id, node.func.attr
        return (owner == "text" and name in ESCAPING) or owner == "labels"
    if isinstance(node, ast.IfExp):
        return _is_safe(node.body) and _is_safe(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_safe(node.left) and _is_safe(node.right)
    return False


def _unsafe_calls(path: Path) -> list[str]:
    found = []
    if path.name == "text.py":  # where escaped markup is put on the page
        return found
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MARKDOWN_CALLS):
            continue
        if isinstance(node.func.value, ast.Name) and node.func.value.id in {"text", "parser", "figure", "logging", "_log"}:
            continue
        if node.func.attr == "write" and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "st"):
            continue  # a file's write(), not st.write
        arguments = node.args[:1] + [k.value for k in node.keywords if k.arg in MARKDOWN_KEYWORDS]
        for argument in arguments:
            if not _is_safe(argument):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}({ast.unparse(argument)[:60]})")
    return found


def test_every_markdown_call_takes_constants_or_escaped_values():
    unsafe = [line for path in CHECKED for line in _unsafe_calls(path)]
    assert unsafe == [], "markdown built from values without ui.text:\n" + "\n".join(unsafe)


def test_html_reaches_the_page_only_through_ui_text():
    offenders = []
    for path in CHECKED:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html" and path.name != "text.py":
                offenders.append(f"{path.relative_to(ROOT)}: unsafe_allow_html")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "html":
                owner = node.func.value
                if isinstance(owner, ast.Name) and owner.id == "text":
                    template = node.args[0] if node.args else None
                    constant = isinstance(template, ast.Constant) or (isinstance(template, ast.Name) and template.id.isupper())
                    if not constant:
                        offenders.append(
                            f"{path.relative_to(ROOT)}:{node.lineno} text.html with a template that is not a constant"
                        )
                elif isinstance(owner, ast.Name) and owner.id == "st":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} st.html")
    assert offenders == []


HOSTILE = [
    '<img src="http://203.0.113.9/b.png"><a href="http://evil.example/login">请重新登录</a>',
    "![x](http://203.0.113.9/beacon.png)",
    "[请点此重新登录](http://evil.example/login)",
    ":red[警告] **加粗** $x^2$ :material/home: :smile:",
    "http://evil.example/login www.evil.example a@evil.example",
    "`code` # 标题\n- 列表\n> 引用",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_md_leaves_no_markdown_syntax_unescaped(value):
    escaped = text.md(value)
    assert "\n" not in escaped
    # Every ASCII punctuation character is preceded by a backslash, so nothing is syntax.
    for i, char in enumerate(escaped):
        if char in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" and char != "\\":
            assert escaped[i - 1] == "\\", (value, escaped, i)


def test_md_format_escapes_values_but_keeps_our_template():
    assert text.md_format("**{}**：{name}", "a*b", name="[x](y)") == r"**a\*b**：\[x\]\(y\)"
    assert text.bold("97.35%") == r"**97\.35\%**"
    assert text.bold("") == ""


def test_html_escapes_values_and_render_html_refuses_plain_strings():
    markup = text.html("<div class='x'>{v}</div>", v='<a href="http://evil.example">x</a>')
    joiner = text.WORD_JOINER  # no autolink either
    assert markup == f"<div class='x'>&lt;a href=&quot;http{joiner}://evil.example&quot;&gt;x&lt;/a&gt;</div>"
    with pytest.raises(TypeError):
        text.render_html("<b>raw</b>")


@pytest.mark.parametrize("value", ["http://evil.example/x", "HTTPS://a.cn", "www.evil.example", "a@evil.example"])
def test_md_breaks_every_autolink(value):
    # GitHub autolinks are found after escapes are resolved: the word joiner is what stops them.
    assert text.WORD_JOINER in text.md(value)
    assert text.md("http请求 2023.09 邮箱") == r"http请求 2023\.09 邮箱"


def test_plotly_labels_cannot_carry_tags():
    assert text.plotly_text(["<a href='x'>y</a>", None, 3]) == ["&lt;a href='x'&gt;y&lt;/a&gt;", "", "3"]


def test_clip_cuts_long_echoes_and_says_how_long():
    assert text.clip("短") == "短"
    clipped = text.clip("x" * 100_000)
    assert clipped.startswith("x" * text.ECHO_LIMIT + "…") and "100,000" in clipped
    assert len(clipped) < 80


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("30", 30),
        ("30.0", 30),
        (" 7 ", 7),
        ("inf", None),
        ("1e400", None),
        ("²", None),
        ("１２", None),
        ("9" * 5000, None),
        ("-3", -3),
    ],
)
def test_whole_numbers_from_the_link_are_finite_and_short(raw, expected):
    assert link_params.whole_number(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("97.5", 97.5), ("abc", None), ("nan", None), ("1e3", None), ("97", 97.0)])
def test_numbers_from_the_link_are_plain_decimals(raw, expected):
    assert link_params.number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-11-03", date(2023, 11, 3)),
        ("2023/11/3", date(2023, 11, 3)),
        ("2023年11月3日", date(2023, 11, 3)),
        ("2023-02-30", None),
        ("明天", None),
        ("", None),
    ],
)
def test_a_day_typed_in_chinese_or_iso_form(raw, expected):
    assert link_params.day(raw) == expected
