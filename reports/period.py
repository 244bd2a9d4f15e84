"""A brief's period: one quarter, written "2023Q3", with the quarter before and the year before.

The query layer takes months as their first day: `start` is the quarter's first month, `end`
its last month (inclusive), and `as_of` the quarter's last day, never past the data's end.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ui import formats

_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")


class PeriodError(ValueError):
    """A period that is not a quarter, or a quarter outside the warehouse's data."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = _PATTERN.match(text or "")
        if not match:
            raise PeriodError(f"时段“{text}”格式不对：应为年份加季度，例如 2023Q3。")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        """'2023年三季度', as ui.formats writes a quarter everywhere."""
        return formats.quarter(self.code)

    @property
    def start(self) -> date:
        """First day of the quarter's first month."""
        return date(self.year, self.quarter * 3 - 2, 1)

    @property
    def end(self) -> date:
        """First day of the quarter's last month (the query layer's inclusive `end`)."""
        return date(self.year, self.quarter * 3, 1)

    @property
    def last_day(self) -> date:
        month = self.quarter * 3
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def previous(self) -> Quarter:
        """The quarter before (环比)."""
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    @property
    def year_before(self) -> Quarter:
        """The same quarter a year earlier (同比)."""
        return Quarter(self.year - 1, self.quarter)

    def as_of(self, data_end: date) -> date:
        """The quarter's last day, capped at the data's end."""
        return min(self.last_day, data_end)

    def covered_by(self, data_start: date, data_end: date) -> bool:
        """True when every month of the quarter has data (the last may end before its last day)."""
        return self.start >= date(data_start.year, data_start.month, 1) and self.end <= data_end

    def params(self) -> dict[str, date]:
        return {"start": self.start, "end": self.end}


def complete_quarters(months: Iterable[date]) -> list[Quarter]:
    """The quarters all three of whose months are among `months` (the warehouse's months), in order."""
    seen: dict[Quarter, int] = {}
    for month in months:
        quarter = Quarter(month.year, (month.month - 1) // 3 + 1)
        seen[quarter] = seen.get(quarter, 0) + 1
    return sorted(q for q, n in seen.items() if n == 3)


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def check_in_data(quarter: Quarter, data_start: date, data_end: date) -> None:
    """Raise PeriodError (in Chinese) when the warehouse does not cover the quarter."""
    if not quarter.covered_by(data_start, data_end):
        first = Quarter(data_start.year, (data_start.month - 1) // 3 + 1)
        if first.start < data_start:
            first = Quarter(first.year + (first.quarter == 4), first.quarter % 4 + 1)
        last = Quarter(data_end.year, (data_end.month - 1) // 3 + 1)
        if last.end > data_end:
            last = last.previous
        raise PeriodError(
            f"时段 {quarter.code} 超出数据范围：数据仓库中的数据为 {data_start:%Y年%-m月%-d日} 至 {data_end:%Y年%-m月%-d日}，"
            f"可选季度为 {first.code} 至 {last.code}。"
        )
