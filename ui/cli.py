"""Command lines in Chinese: one argument parser for every `python -m …` tool of the project.

The person at the server's shell (or reading a timer's log) reads argparse's own words too: its usage
line, its section titles and its errors are given here in Chinese, and an error exits with code 2,
as every tool's "refused, nothing written" does.
"""

from __future__ import annotations

import argparse
import re
import sys

# argparse's own error messages, in Chinese (the first pattern that matches the whole message wins).
_ARGPARSE_ERRORS = (
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"one of the arguments (.*) is required", r"必须指定其中之一：\1"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"argument (\S+): expected at least one argument", r"参数 \1 至少需要一个值"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"参数 \1 的值 \2 无效（可选：\3）"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"参数 \1 的值 \3 无效"),
    (r"argument (\S+): (.*)", r"参数 \1：\2"),
)


def in_chinese(message: str) -> str:
    """One of argparse's error messages, in Chinese (unchanged when it is not one it knows)."""
    for pattern, replacement in _ARGPARSE_ERRORS:
        if re.fullmatch(pattern, message, flags=re.DOTALL):
            return re.sub(pattern, replacement, message, flags=re.DOTALL)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "用法：")


class Parser(argparse.ArgumentParser):
    """argparse.ArgumentParser with its usage, titles, -h and errors in Chinese; errors exit with 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{in_chinese(message)}\n")
