"""What can go wrong in an import, and how it is told to the person importing, in Chinese.

Two levels: a file refused as a whole (`FileRefused`, exit code 2, nothing written) and
problems in single rows (`Problems`, collected column by column, the rows kept aside).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

import numpy as np
import pandas as pd


class FileRefused(Exception):
    """The whole file is refused: unreadable, empty, wrong columns, or another import is running."""

    def __init__(self, message: str, rows_read: int = 0):
        super().__init__(message)
        self.message = message
        self.rows_read = rows_read


class Interrupted(BaseException):
    """The import was stopped from outside (SIGTERM); like Ctrl-C, it unwinds so the copy is removed."""

    def __init__(self, signal_name: str):
        super().__init__(signal_name)
        self.signal_name = signal_name


# What the operating system's English error text means, for the person importing.
_OS_ERRORS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ELOOP: "符号链接层数过多（可能是指向自身的循环链接）",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "文件系统是只读的",
    errno.EIO: "读写磁盘时出错",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "系统打开的文件过多",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EFBIG: "文件过大",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
    errno.EINVAL: "参数无效（可能是特殊文件，不是普通文件）",
}


def os_error_text(error: OSError) -> str:
    """An OSError in Chinese: what it means, and its error number for whoever looks further."""
    meaning = _OS_ERRORS.get(error.errno)
    if meaning is None:
        return f"系统错误（错误号 {error.errno}）" if error.errno else "系统错误"
    return f"{meaning}（错误号 {error.errno}）"


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

    def add(
        self,
        mask,
        field: str,
        reason: str | pd.Series,
        value: pd.Series | None = None,
        column: str | None = None,
        overrides: str | None = None,
    ) -> None:
        """Mark rows where `mask` holds as bad, for `reason` (one text, or one per row).

        `overrides` = "row" or "cell": this problem makes the others of its row (or of its cell)
        meaningless, e.g. a row cut short by a broken quote, or a cell too long to read, so only
        this one is reported for them.
        """
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
                    "overrides": overrides,
                }
            )
        )
        self.bad |= mask

    def add_at(
        self,
        positions: np.ndarray,
        field: str,
        reasons: list[str] | str,
        values=None,
        column: str | None = None,
        overrides: str | None = None,
    ) -> None:
        """Like `add`, for checks that find row positions rather than a mask."""
        mask = np.zeros(len(self.raw), dtype=bool)
        mask[positions] = True
        if isinstance(reasons, list):
            series = pd.Series("", index=self.raw.index, dtype=object)
            series.iloc[positions] = reasons
            reasons = series
        self.add(mask, field, reasons, values, column, overrides)

    def frame(self) -> pd.DataFrame:
        """All problems as rows (row, column, value, reason), in file order."""
        if not self._parts:
            return pd.DataFrame({"row": pd.Series(dtype="int64"), "column": [], "value": [], "reason": []})
        parts = pd.concat(self._parts, ignore_index=True)
        parts = parts[~self._overridden(parts)]
        parts["row"] = self.row_numbers[parts["position"].to_numpy()]
        parts = parts.sort_values(["row"], kind="stable", ignore_index=True)
        parts["value"] = parts["value"].fillna("").astype(str)
        return parts[["row", "column", "value", "reason"]]

    @staticmethod
    def _overridden(parts: pd.DataFrame) -> np.ndarray:
        """Problems that another of their row or cell makes meaningless (see `add`)."""
        kind = parts["overrides"]
        rows = parts["position"].isin(parts.loc[kind == "row", "position"]) & (kind != "row")
        cell = pd.MultiIndex.from_frame(parts[["position", "column"]])
        cells = cell.isin(cell[(kind == "cell").to_numpy()]) & kind.isna().to_numpy()
        return (rows.to_numpy() | cells).astype(bool)
