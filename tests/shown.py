"""What a user reads in markdown the app wrote: ui.text escapes every punctuation character of a
value with a backslash, which the browser does not show."""

import re

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")  # and the word joiners that stop autolinks
