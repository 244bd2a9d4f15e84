"""Parsers for cell text, one column at a time: numbers, dates, yes/no, codes, free text.

Each parser takes the trimmed text of a column and returns the parsed values together
with the mask of cells that were filled in but could not be read, so the kind's rules
can turn them into row problems with one vectorised step. Empty cells are never "bad"
here; whether a value is needed is the caller's rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd

BEIJING = timezone(timedelta(hours=8))  # no daylight saving in China, so a fixed offset is exact
EARLIEST = pd.Timestamp(2000, 1, 1)  # older dates in these systems are typing mistakes

# Leading characters that make Excel or LibreOffice treat a cell as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_DATE = re.compile(
    r"^(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?"
    r"(?:\s*[T\s]?\s*(?P<hour>\d{1,2})\s*[:时点]\s*(?P<minute>\d{1,2})"
    r"(?:\s*[:分]\s*(?P<second>\d{1,2})(?:\.\d+)?)?\s*[秒分]?)?$"
)
_COMPACT_DATE = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$")
_FAST_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")

TRUE_WORDS = ("是", "有", "已建", "已建成", "y", "yes", "true", "1", "√", "✓", "对")
FALSE_WORDS = ("否", "无", "没有", "未建", "n", "no", "false", "0", "×", "✗", "x")
BOOLEANS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


def today_in_beijing() -> date:
    return datetime.now(BEIJING).date()


def nfkc(values: pd.Series) -> pd.Series:
    """Full-width digits, letters and punctuation to ASCII (１１０１０５ → 110105), only where needed."""
    values = values.astype(object)
    wide = ~values.map(str.isascii).astype(bool)
    if wide.any():
        values = values.copy()
        values[wide] = values[wide].map(lambda v: unicodedata.normalize("NFKC", v))
    return values


def compact(values: pd.Series) -> pd.Series:
    """NFKC without any whitespace: for codes, numbers and names compared by spelling."""
    values = nfkc(values)
    spaced = values.str.contains(r"\s", regex=True).to_numpy(dtype=bool)  # rare: replace only where needed
    if spaced.any():
        values = values.copy()
        values[spaced] = values[spaced].str.replace(r"\s+", "", regex=True)
    return values


def parse_number(values: pd.Series, percent: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Numbers, NaN where empty or bad; bad = filled in but not a finite number ("inf" and 1e400 are not figures)."""
    text = number_text(values, percent)
    numbers = pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
    infinite = np.isinf(numbers.to_numpy())
    if infinite.any():
        numbers = numbers.where(~infinite)
    bad = ((text != "") & numbers.isna()).to_numpy()
    return numbers, bad


def number_text(values: pd.Series, percent: bool = False) -> pd.Series:
    text = compact(values).str.replace(",", "", regex=False)
    return text.str.removesuffix("%") if percent else text


def unreadable_number(values: pd.Series, percent: bool = False) -> pd.Series:
    """Why `parse_number` found a cell bad, quoting it: not a number at all, or one too large to be a figure."""
    text = number_text(values, percent)
    infinite = np.isinf(pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64").to_numpy())
    return pd.Series(
        np.where(infinite, "”不是有限的数字（无穷大，或大到无法表示）", "”不是数字"), index=values.index, dtype=object
    ).radd("“" + values.astype(str))


def parse_datetime(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Dates and times in the usual Chinese spellings; NaT where empty or unreadable."""
    text = compact_date_text(values)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    todo = (text != "").to_numpy(copy=True)
    for fmt in _FAST_FORMATS:  # most system exports use one ISO-like spelling: parse those at C speed
        if not todo.any():
            break
        attempt = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        hit = attempt.notna().to_numpy()
        parsed.iloc[np.flatnonzero(todo)[hit]] = attempt[hit].astype("datetime64[s]")
        todo[np.flatnonzero(todo)[hit]] = False
    if todo.any():
        rest = text[todo]
        parts = rest.str.extract(_DATE)
        compact_parts = rest.str.extract(_COMPACT_DATE)
        parts = parts.fillna(compact_parts.reindex(columns=parts.columns))
        numbers = parts.apply(pd.to_numeric, errors="coerce")
        numbers[["hour", "minute", "second"]] = numbers[["hour", "minute", "second"]].fillna(0)
        # pandas adds hours and minutes as durations, so 25:00 would roll over into the next day.
        clock_ok = (numbers["hour"] <= 23) & (numbers["minute"] <= 59) & (numbers["second"] <= 59)
        attempt = pd.to_datetime(numbers, errors="coerce").where(clock_ok)
        hit = attempt.notna().to_numpy()
        parsed.iloc[np.flatnonzero(todo)[hit]] = attempt[hit].astype("datetime64[s]")
    bad = ((text != "") & parsed.isna()).to_numpy()
    return parsed, bad


def compact_date_text(values: pd.Series) -> pd.Series:
    return nfkc(values).str.strip().str.replace(r"\s+", " ", regex=True).astype(object)


def date_reasons(values: pd.Series, parsed: pd.Series, bad: np.ndarray, today: date, past_only: bool, with_time: bool):
    """(mask, reason) pairs for unreadable, too early and future dates, reasons quoting the value."""
    quoted = "“" + values.astype(str) + "”"
    serial = values.str.fullmatch(r"\d{5}(\.\d+)?").fillna(False).to_numpy()
    example = "2023-01-05 08:00、2023/1/5 或 2023年1月5日" if with_time else "2023-01-05、2023/1/5 或 2023年1月5日"
    out = [
        (bad & ~serial, "无法识别的日期" + quoted + f"，应为 {example} 等格式"),
        (bad & serial, "无法识别的日期" + quoted + "（像是 Excel 的日期序号，请把该列设为日期格式后再导出）"),
        ((parsed < EARLIEST).to_numpy(), "日期" + quoted + "早于 2000 年，请核对"),
    ]
    if past_only:
        end_of_today = pd.Timestamp(today) + pd.Timedelta(days=1)
        out.append(((parsed >= end_of_today).to_numpy(), "日期" + quoted + f"晚于今天（{today.isoformat()}）"))
    return out


def parse_bool(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    key = compact(values).str.lower()
    parsed = key.map(BOOLEANS)
    bad = ((key != "") & parsed.isna()).to_numpy()
    return parsed, bad


def parse_choice(values: pd.Series, choices: Mapping[str, str]) -> tuple[pd.Series, np.ndarray]:
    key = compact(values).str.lower()
    lookup = {choice_key(k): v for k, v in choices.items()}
    parsed = key.map(lookup)
    bad = ((key != "") & parsed.isna()).to_numpy()
    return parsed.astype(object), bad


def choice_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def neutralise_formulas(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, shown but inert."""
    risky = values.str.startswith(FORMULA_START).fillna(False).to_numpy()
    if risky.any():
        values = values.copy()
        values[risky] = "'" + values[risky]
    return values, risky
