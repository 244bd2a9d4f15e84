"""Read an export file into a table of text cells, whatever system and encoding it came from.

CSV exports from Chinese systems are UTF-8, UTF-8 with a BOM, GBK or GB18030 (and Excel's
"Unicode text" is UTF-16); the encoding is detected, not asked for. XLSX is read with
openpyxl with cached cell values only, so formulas in a workbook are never evaluated, and
with each cell's number format, so a cell Excel shows as 97.35% reads as 97.35%.
Every cell comes back as trimmed text; types are the validators' business.

A CSV quote that opens and never closes would swallow the rest of the file into one cell.
So CSV is read record by record with the lines each record spans; a record whose quoting
is broken keeps only its own line, is marked broken (with the line its quote opened on)
and reading starts again on the next line, so every other row is still read as a row.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from data.importer.errors import FileRefused, os_error_text

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other Office 97 files)
# Whitespace a copy from a web page or Word brings along: full-width space, no-break space, zero-width marks.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00]")
_EDGE_SPACE = re.compile(r"^[\s\u3000\xa0]+|[\s\u3000\xa0]+$")
HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common in exports
# Physical lines, each with its line break ("\r\n", "\r" or "\n"); other Unicode breaks are cell text.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# The whole file is in memory already, so the csv module's cell limit (131,072 characters)
# protects nothing; an over-long cell is reported by validation as a row problem instead.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


@dataclass
class RawTable:
    """The file's cells as text, with the row number a spreadsheet would show for each."""

    headers: list[str]
    cells: pd.DataFrame  # columns 0..n-1 in header order, values str ("" for empty)
    row_numbers: np.ndarray  # spreadsheet row of each data row
    file_format: str  # e.g. "csv/gb18030" or "xlsx"
    sheet: str | None
    ragged_rows: list[int]  # row numbers of rows with more filled cells than the header has columns
    # CSV rows whose quoting is broken: row number → (position of the cell where it broke, reason).
    broken_rows: dict[int, tuple[int, str]] = field(default_factory=dict)


def read_table(
    path: Path, sheet: str | None = None, known_headers: frozenset[str] = frozenset(), name: str | None = None
) -> RawTable:
    """Read CSV or XLSX; `known_headers` (normalised) helps find the header below a title line.

    `name` is the file's name as messages show it (masked by the caller); its own name by default.
    """
    name = path.name if name is None else name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileRefused(f"{name}：文件不存在") from None
    except OSError as error:
        raise FileRefused(f"{name}：无法读取文件（{os_error_text(error)}）") from None
    if not data.strip():
        raise FileRefused(f"{name}：文件是空的，没有表头也没有数据")
    if data.startswith(OLE_MAGIC):
        raise FileRefused(f"{name}：这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")
    broken: dict[int, tuple[int, str]] = {}
    if data.startswith(ZIP_MAGIC):
        rows, sheet_name = _xlsx_rows(path, sheet, name)
        file_format = "xlsx"
    else:
        if sheet is not None:
            raise FileRefused(f"{name}：这是 CSV 文件，没有工作表，不能使用 --sheet")
        text, encoding = decode(data, name)
        rows, broken = _csv_rows(text, known_headers)
        file_format, sheet_name = f"csv/{encoding}", None
    return _table(name, rows, file_format, sheet_name, known_headers, broken)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-16 by its BOM, else UTF-8 (with or without BOM), else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise FileRefused(
                f"{name}：文件以 UTF-16 标记开头，但第 {error.start} 字节起无法按 UTF-16 读取（文件可能被截断），"
                "请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入"
            ) from None
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


def _csv_rows(text: str, known: frozenset[str]) -> tuple[list[list[str]], dict[int, tuple[int, str]]]:
    """The file's records, and which of them have broken quoting: record index → (cell position, reason)."""
    lines = _LINE.findall(text)
    first_line = lines[0] if lines else ""
    # The delimiter is whichever of these the header line uses most; commas if none.
    delimiter = max([",", "\t", ";", "|"], key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    width = _header_width(lines, delimiter, known)
    rows: list[list[str]] = []
    broken: dict[int, tuple[int, str]] = {}
    start = 0
    while start < len(lines):
        feed = _Lines(lines, start)
        reader = csv.reader(feed, delimiter=delimiter, strict=True)
        while True:
            first = feed.position
            try:
                cells = next(reader)
            except StopIteration:
                start = len(lines)
                break
            except csv.Error as error:
                broken[len(rows)] = _broken_quote(lines, first, feed.position - 1, delimiter, str(error))
                rows.append(_loose_cells(lines[first], delimiter))
                start = first + 1  # read on from the next line, as if the quote were not there
                break
            last = feed.position - 1
            if last > first and _merges_rows(cells, width, delimiter):
                broken[len(rows)] = _broken_quote(lines, first, last, delimiter, "merged")
                rows.append(_loose_cells(lines[first], delimiter))
                start = first + 1
                break
            rows.append(cells)
    return rows, broken


class _Lines:
    """The file's lines fed to csv.reader one at a time, so the lines each record took are known."""

    def __init__(self, lines: list[str], start: int):
        self.lines = lines
        self.position = start  # index of the next line to hand out

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def _header_width(lines: list[str], delimiter: str, known: frozenset[str]) -> int:
    """How many columns the header has, from the top lines read one by one (a header is one line)."""
    top = [[clean_cell(c) for c in _loose_cells(line, delimiter)] for line in lines[: HEADER_SEARCH_ROWS * 5]]
    index = _find_header(top, known)
    if index is None:
        return 0
    header = top[index]
    while header and not header[-1]:
        header.pop()
    return len(header)


def _merges_rows(cells: list[str], width: int, delimiter: str) -> bool:
    """Whether a record spanning several lines looks like rows run together rather than a cell with line breaks.

    A quote opened by mistake ends only at the next quote, taking the lines between into one
    cell: that cell then holds at least a whole row's worth of delimiters, or the record ends
    up with more cells than the header. Real multi-line text (a 诉求内容 with line breaks) has neither.
    """
    if width and len(cells) > width and any(c.strip() for c in cells[width:]):
        return True
    threshold = max(width - 1, 1)
    return any(("\n" in c or "\r" in c) and c.count(delimiter) >= threshold for c in cells)


def _loose_cells(line: str, delimiter: str) -> list[str]:
    """One line's cells as the lenient reader sees them: an unclosed quote runs to the end of the line."""
    return next(csv.reader([line], delimiter=delimiter), [])


def _broken_quote(lines: list[str], first: int, last: int, delimiter: str, error: str) -> tuple[int, str]:
    """Where a record's quoting broke and why, in the words of the person who must fix the file."""
    position, problem = _quote_problem(lines[first], delimiter)
    line = first + 1
    if problem == "after":
        return position, (
            f"引号用法有误（文件第 {line} 行）：这一格以英文双引号开头，引号结束后还有内容；本行未导入，后面的行照常读取。"
            '请去掉这一格开头的引号，或把内容中的引号写成两个（""）'
        )
    if error == "merged":
        return position, (
            f"引号没有闭合：这一格在文件第 {line} 行以英文双引号开头，直到第 {last + 1} 行才遇到下一个引号，"
            "中间的行会被并成一格；本行未导入，后面的行照常读取。请删去多余的引号，或在这一格内容的末尾补上引号"
        )
    if problem == "open":
        return position, (
            f"引号没有闭合：这一格在文件第 {line} 行以英文双引号开头，之后再没有结束的引号，"
            "后面的内容都会被并入这一格；本行未导入，后面的行照常读取。请删去多余的引号，或在这一格内容的末尾补上引号"
        )
    return position, f"文件第 {line} 行无法按 CSV 格式读取（引号或分隔符有误）；本行未导入，后面的行照常读取"


def _quote_problem(line: str, delimiter: str) -> tuple[int, str | None]:
    """(cell position, "open" | "after" | None) for the first quoted cell on the line that is not closed properly."""
    position, i, n = 0, 0, len(line.rstrip("\r\n"))
    text = line[:n]
    while i < n:
        if text[i] == '"':  # a quoted cell: runs to a quote not doubled
            i += 1
            while True:
                close = text.find('"', i)
                if close < 0:
                    return position, "open"
                if close + 1 < n and text[close + 1] == '"':
                    i = close + 2
                    continue
                i = close + 1
                break
            if i < n and text[i] != delimiter:
                return position, "after"
        else:
            next_delimiter = text.find(delimiter, i)
            i = n if next_delimiter < 0 else next_delimiter
        if i < n:  # at a delimiter
            position += 1
            i += 1
    return position, None


def _xlsx_rows(path: Path, sheet: str | None, name: str) -> tuple[list[list], str]:
    from openpyxl import load_workbook

    try:
        # data_only: cached values of formula cells, never the formulas themselves.
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or encrypted file; none says more to a clerk
        raise FileRefused(f"{name}：无法作为 Excel 工作簿打开，文件可能已损坏、加密，或不是 .xlsx 格式") from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            names = "、".join(book.sheetnames)
            raise FileRefused(f"{name}：没有名为“{sheet}”的工作表（现有：{names}）")
        # Row numbers must match Excel's, so pad from row 1 even if the sheet's data starts lower.
        # Cells, not bare values: a number's format says whether Excel shows it as a percentage.
        rows: list[list] = []
        for row in worksheet.iter_rows():
            rows.append([_shown_as_percent(cell.value, getattr(cell, "number_format", None)) for cell in row])
        return rows, worksheet.title
    finally:
        book.close()


class Percent(float):
    """A number Excel shows as a percentage: 0.9735 formatted 0.00% is the 97.35% a person reads."""


def _shown_as_percent(value, number_format: str | None):
    if isinstance(value, (int, float)) and not isinstance(value, bool) and is_percent_format(number_format):
        return Percent(value)
    return value


def is_percent_format(number_format: str | None) -> bool:
    """Whether an Excel number format scales by 100: a % outside quotes and not escaped (0.0"%" and 0.0\\% do not)."""
    if not number_format:
        return False
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format)
    return "%" in bare


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
    if isinstance(value, Percent):
        # The number as the person sees it, without float noise (0.9735 × 100 = 97.35000000000001).
        return f"{float(value) * 100:.12g}%"
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


def _find_header(top: list[list[str]], known: frozenset[str]) -> int | None:
    """Index of the header among the top rows: the first naming two known columns, else the first non-empty."""
    non_empty = [i for i, row in enumerate(top) if any(row)]
    if not non_empty:
        return None
    for i in non_empty[:HEADER_SEARCH_ROWS]:
        if sum(normalise_header(h) in known for h in top[i]) >= 2:
            return i
    return non_empty[0]


def _table(
    name: str,
    rows: list[list],
    file_format: str,
    sheet: str | None,
    known: frozenset[str],
    broken: dict[int, tuple[int, str]] | None = None,
) -> RawTable:
    broken = broken or {}
    top = [[clean_cell(_cell_text(v)) for v in row] for row in rows[: HEADER_SEARCH_ROWS * 5]]
    header_index = _find_header(top, known)
    if header_index is None:
        raise FileRefused(f"{name}：文件是空的，没有表头也没有数据")
    if header_index in broken:
        raise FileRefused(f"{name}：无法读取表头，{broken[header_index][1].split('；')[0]}")
    headers = top[header_index]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body = rows[header_index + 1 :]
    if not body:
        raise FileRefused(f"{name}：只有表头，没有数据行")
    # A row longer than the header usually has an unquoted comma inside a cell: its values are shifted.
    ragged = [
        header_index + 2 + i
        for i, row in enumerate(body)
        if len(row) > width and any(_cell_text(c).strip() for c in row[width:]) and header_index + 1 + i not in broken
    ]
    # Pad short rows (trailing empty cells are often dropped) and cut off empty overflow.
    padded = [(list(row) + [None] * width)[:width] for row in body]
    cells = pd.DataFrame(padded, columns=range(width), dtype=object)
    for column in cells.columns:
        cells[column] = _clean_column(cells[column])
    row_numbers = np.arange(header_index + 2, header_index + 2 + len(body), dtype=np.int64)
    broken_rows = {i + 1: problem for i, problem in broken.items() if i > header_index}  # record i is on row i + 1
    # A blank line is not a row and is not counted (unless it overflows the header or breaks a quote: that is reported).
    keep = (cells != "").any(axis=1).to_numpy() | np.isin(row_numbers, ragged) | np.isin(row_numbers, list(broken_rows))
    if not keep.any():
        raise FileRefused(f"{name}：只有表头，没有数据行")
    cells = cells[keep].reset_index(drop=True)
    return RawTable(headers, cells, row_numbers[keep], file_format, sheet, ragged, broken_rows)


def _clean_column(values: pd.Series) -> pd.Series:
    if values.isna().any() or not values.map(type).eq(str).all():
        values = values.map(_cell_text)  # XLSX cells and padding: numbers, dates, None
    values = values.astype(object)
    if values.str.contains(_INVISIBLE, regex=True).any():
        values = values.str.replace(_INVISIBLE, "", regex=True)
    return values.str.strip().astype(object)
