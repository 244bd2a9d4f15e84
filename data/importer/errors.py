"""What can go wrong in an import, and how it is told to the person importing, in Chinese.

Two levels: a file refused as a whole (`FileRefused`, exit code 2, nothing written) and
problems in single rows (`Problems`, collected column by column, the rows kept aside).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


class FileRefused(Exception):
    """The whole file is refused: unreadable, empty, wrong columns, or another import is running."""

    def __init__(self, message: str, rows_read: int = 0):
        super().__init__(message)
        self.message = message
        self.rows_read = rows_read


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: header row 1, first data row 2
    column: str  # as headed in the file
    value: str  # masked
    reason: str

    def message(self, file_name: str) -> str:
        return row_message(file_name, self.row, self.column, self.reason)


def row_message(file_name: str, row: int, column: str, reason: str) -> str:
    return f"{file_name} 第 {row} 行「{column}」：{reason}"


class Problems:
    """Row problems found by vectorised checks: each check adds a mask over the rows.

    `raw` is the file's text (after trimming) under warehouse column names; `header_of`
    gives the heading the file used, so messages name the column the person sees.
    """

    def __init__(self, raw: pd.DataFrame, row_numbers: np.ndarray, header_of: dict[str, str], label_of: dict[str, str]):
        self.raw = raw
        self.row_numbers = row_numbers
        self.header_of = header_of
        self.label_of = label_of
        self._parts: list[pd.DataFrame] = []
        self.bad = np.zeros(len(raw), dtype=bool)

    def column_label(self, field: str) -> str:
        return self.header_of.get(field) or self.label_of.get(field, field)

    def add(self, mask, field: str, reason: str | pd.Series, value: pd.Series | None = None, column: str | None = None) -> None:
        """Mark rows where `mask` holds as bad, for `reason` (one text, or one per row)."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if value is None:
            value = self.raw[field] if field in self.raw else pd.Series("", index=self.raw.index)
        reasons = reason[mask] if isinstance(reason, pd.Series) else reason
        self._parts.append(
            pd.DataFrame(
                {
                    "position": np.flatnonzero(mask),
                    "column": column or self.column_label(field),
                    "value": np.asarray(value.astype(object))[mask],
                    "reason": np.asarray(reasons, dtype=object) if isinstance(reasons, pd.Series) else reasons,
                }
            )
        )
        self.bad |= mask

    def add_at(self, positions: np.ndarray, field: str, reasons: list[str] | str, values=None, column: str | None = None) -> None:
        """Like `add`, for checks that find row positions rather than a mask."""
        mask = np.zeros(len(self.raw), dtype=bool)
        mask[positions] = True
        if isinstance(reasons, list):
            series = pd.Series("", index=self.raw.index, dtype=object)
            series.iloc[positions] = reasons
            reasons = series
        self.add(mask, field, reasons, values, column)

    def frame(self) -> pd.DataFrame:
        """All problems as rows (row, column, value, reason), in file order."""
        if not self._parts:
            return pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "value": [], "reason": []})
        parts = pd.concat(self._parts, ignore_index=True)
        parts["row"] = self.row_numbers[parts["position"].to_numpy()]
        parts = parts.sort_values(["row"], kind="stable", ignore_index=True)
        parts["value"] = parts["value"].fillna("").astype(str)
        return parts[["row", "column", "value", "reason"]]
