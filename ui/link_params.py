"""Values read from the link, parsed with limits: a link is typed, pasted and forwarded by people,
and anyone can write one. Numbers must be finite and small, text short; anything else is None
and the caller says so in a notice (never an error page)."""

from __future__ import annotations

import re
from datetime import date

MAX_LENGTH = 64  # longer than any value the app itself writes into a link
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,9}(?:\.0*)?")  # ASCII digits only: int("²") and int("１") pass isdigit()


def whole_number(raw: str | None) -> int | None:
    """A whole number written plainly (`30`, `30.0`), or None: no `inf`, `1e400`, `²` or 5,000 digits."""
    if raw is None or len(raw) > MAX_LENGTH:
        return None
    raw = raw.strip()
    if not _WHOLE_NUMBER.fullmatch(raw):
        return None
    return int(raw.split(".", 1)[0])


def day(raw: str | None) -> date | None:
    """A date written 2023-11-03 (or 2023/11/03, 2023.11.03, 2023年11月3日), or None."""
    if raw is None or len(raw) > MAX_LENGTH:
        return None
    found = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", raw)
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def number(raw: str | None) -> float | None:
    """A finite decimal number written plainly (`97.5`), or None."""
    if raw is None or len(raw) > MAX_LENGTH:
        return None
    raw = raw.strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,9}(?:\.[0-9]{1,6})?", raw):
        return None
    return float(raw)
