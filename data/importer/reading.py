"""Read an export file into a table of text cells, whatever system and encoding it came from.

CSV exports from Chinese systems are UTF-8, UTF-8 with a BOM, GBK or GB18030 (and Excel's
"Unicode text" is UTF-16); the encoding is detected, not asked for. XLSX is read with
openpyxl with cached cell values only, so formulas in a workbook are never evaluated.
Every cell comes back as trimmed text; types are the validators' business.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from data.importer.errors import FileRefused

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other Office 97 files)
# Whitespace a copy from a web page or Word brings along: full-width space, no-break space, zero-width marks.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00]")
_EDGE_SPACE = re.compile(r"^[\s\u3000\xa0]+|[\s\u3000\xa0]+$")
HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common in exports


@dataclass
class RawTable:
    """The file's cells as text, with the row number a spreadsheet would show for each."""

    headers: list[str]
    cells: pd.DataFrame  # columns 0..n-1 in header order, values str ("" for empty)
    row_numbers: np.ndarray  # spreadsheet row of each data row
    file_format: str  # e.g. "csv/gb18030" or "xlsx"
    sheet: str | None
    ragged_rows: list[int]  # row numbers of rows with more filled cells than the header has columns


def read_table(path: Path, sheet: str | None = None, known_headers: frozenset[str] = frozenset()) -> RawTable:
    """Read CSV or XLSX; `known_headers` (normalised) helps find the header below a title line."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileRefused(f"{name}：文件不存在") from None
    except OSError as error:
        raise FileRefused(f"{name}：无法读取文件（{error.strerror}）") from None
    if not data.strip():
        raise FileRefused(f"{name}：文件是空的，没有表头也没有数据")
    if data.startswith(OLE_MAGIC):
        raise FileRefused(f"{name}：这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")
    if data.startswith(ZIP_MAGIC):
        rows, sheet_name = _xlsx_rows(path, sheet)
        file_format = "xlsx"
    else:
        if sheet is not None:
            raise FileRefused(f"{name}：这是 CSV 文件，没有工作表，不能使用 --sheet")
        text, encoding = decode(data, name)
        rows = _csv_rows(text)
        file_format, sheet_name = f"csv/{encoding}", None
    return _table(name, rows, file_format, sheet_name, known_headers)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-16 by its BOM, else UTF-8 (with or without BOM), else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312, so one attempt covers all three.
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        raise FileRefused(
            f"{name}：无法识别文件编码（第 {error.start} 字节起既不是 UTF-8 也不是 GBK/GB18030），"
            "请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入"
        ) from None


def _csv_rows(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    # The delimiter is whichever of these the header line uses most; commas if none.
    delimiter = max([",", "\t", ";", "|"], key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise FileRefused(f"CSV 格式错误：{error}") from None


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[list[list], str]:
    from openpyxl import load_workbook

    try:
        # data_only: cached values of formula cells, never the formulas themselves.
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged or encrypted file
        raise FileRefused(f"{path.name}：无法作为 Excel 工作簿打开（{type(error).__name__}），文件可能已损坏或加密") from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            names = "、".join(book.sheetnames)
            raise FileRefused(f"{path.name}：没有名为“{sheet}”的工作表（现有：{names}）")
        # Row numbers must match Excel's, so pad from row 1 even if the sheet's data starts lower.
        rows: list[list] = []
        for row in worksheet.iter_rows(values_only=True):
            rows.append(list(row))
        return rows, worksheet.title
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float):
        # Excel stores every number as a float: 110105.0 is the code 110105.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def clean_cell(text: str) -> str:
    return _EDGE_SPACE.sub("", _INVISIBLE.sub("", text))


def normalise_header(text: str) -> str:
    """Headers compare after NFKC (full-width → ASCII), without spaces, stars or (必填)-style marks."""
    text = unicodedata.normalize("NFKC", clean_cell(str(text))).lower()
    text = re.sub(r"\((必填|选填|可选|必填项)\)|[*\s]", "", text)
    return text


def _table(name: str, rows: list[list], file_format: str, sheet: str | None, known: frozenset[str]) -> RawTable:
    top = [[clean_cell(_cell_text(v)) for v in row] for row in rows[: HEADER_SEARCH_ROWS * 5]]
    non_empty = [i for i, row in enumerate(top) if any(row)]
    if not non_empty:
        raise FileRefused(f"{name}：文件是空的，没有表头也没有数据")
    header_index = non_empty[0]
    # Prefer the first of the top rows that names at least two known columns (skips a title line).
    for i in non_empty[:HEADER_SEARCH_ROWS]:
        if sum(normalise_header(h) in known for h in top[i]) >= 2:
            header_index = i
            break
    headers = top[header_index]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body = rows[header_index + 1 :]
    if not body:
        raise FileRefused(f"{name}：只有表头，没有数据行")
    # A row longer than the header usually has an unquoted comma inside a cell: its values are shifted.
    ragged = [
        header_index + 2 + i for i, row in enumerate(body) if len(row) > width and any(_cell_text(c).strip() for c in row[width:])
    ]
    # Pad short rows (trailing empty cells are often dropped) and cut off empty overflow.
    padded = [(list(row) + [None] * width)[:width] for row in body]
    cells = pd.DataFrame(padded, columns=range(width), dtype=object)
    for column in cells.columns:
        cells[column] = _clean_column(cells[column])
    row_numbers = np.arange(header_index + 2, header_index + 2 + len(body), dtype=np.int64)
    # A blank line is not a row and is not counted (unless it overflows the header: that is reported).
    keep = (cells != "").any(axis=1).to_numpy() | np.isin(row_numbers, ragged)
    if not keep.any():
        raise FileRefused(f"{name}：只有表头，没有数据行")
    cells = cells[keep].reset_index(drop=True)
    return RawTable(headers, cells, row_numbers[keep], file_format, sheet, ragged)


def _clean_column(values: pd.Series) -> pd.Series:
    if values.isna().any() or not values.map(type).eq(str).all():
        values = values.map(_cell_text)  # XLSX cells and padding: numbers, dates, None
    values = values.astype(object)
    if values.str.contains(_INVISIBLE, regex=True).any():
        values = values.str.replace(_INVISIBLE, "", regex=True)
    return values.str.strip().astype(object)
