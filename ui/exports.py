"""Every file the dashboard offers for download: a table and its context (what it is, which area and
months, demo or real data, when it was exported) turned into a CSV or XLSX file and its name.

A file is forwarded by e-mail and read by people who never saw the page, so the file itself says
what it is:

- **The name** carries the area, the table and the period, and 示例数据 first for demo data:
  `示例数据_朝阳区_问题明细_2023-01至2023-09.xlsx`; safe on Windows and not too long.
- **XLSX**: sheet 数据 opens with a merged title line ("示例数据（合成，非真实记录）｜问题明细｜范围：
  朝阳区｜时段：2023年1月—2023年9月｜导出：2026-12-03 10:20"), then the header (frozen, with filters),
  then the rows; sheet 说明 gives the source, the row count and the caveats. Codes and ids are text
  cells (a 13-digit 工单编号 never turns into 2.02309E+12); times are real Excel date-times; yes/no
  are 是/否; an empty rating reads 未评价 and other empty values are blank; numbers are numbers in the
  pages' formats (counts #,##0, rates 0.0, the survey 0.00: ui.formats.KINDS and COLUMN_KINDS).
  Text from data stays inert: no live links, no formulas.
- **CSV** (UTF-8 with BOM, so Excel reads the Chinese): line 1 is the same title line as one quoted
  field, line 2 the header, then the rows. Excel shows line 1 across the top; an analyst skips it
  (`pandas.read_csv(path, skiprows=1)`). Digit strings Excel would mangle (12 or more digits, or a
  leading 0) are written after a tab, which Excel reads as text and hides, so the 工单编号 stays
  whole (`.str.strip()` removes the tab); text a spreadsheet would run as a formula gets a leading
  apostrophe, as imports do. Times are "2023-09-30 23:50:53".

`build(kind, source, context)` is the one function that produces a download's bytes: every button
on every page goes through it (see ui.components.download_buttons). An audit record of each export
(who, which table, how many rows) belongs there, where the row count is known.

A source is a frame (the table under a chart, the case list on screen) or a named query
(`ui.data.Named`, the whole case list): a named query is read from DuckDB in Arrow batches and
written batch by batch, so a list of hundreds of thousands of rows never sits in memory as one frame.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import xlsxwriter

import queries
from data.importer.values import FORMULA_START
from ui import formats, labels
from ui.data import Named

_log = logging.getLogger(__name__)

CSV, XLSX = "csv", "xlsx"
KINDS = (CSV, XLSX)
MIME = {CSV: "text/csv", XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")  # no daylight saving in China: a fixed offset is exact

# Excel's sheet holds 1,048,576 rows; the title and the header take two. A list longer than this
# cannot be opened whole in Excel, so it is not offered whole (the page asks for a narrower choice).
ROW_LIMIT = 1_000_000
BATCH_ROWS = 20_000  # rows read from DuckDB and written at a time: a few MB, whatever the list's length
NAME_PART_CHARS = 24  # an area or table name longer than this is cut in the file name
NAME_CHARS = 80  # the whole file name, extension included: well inside Windows' 255 and a mail client's view

# --- what a reader of the file sees (Chinese) -------------------------------------------------------

DEMO_MARK = "示例数据"
DEMO_TITLE = "示例数据（合成，非真实记录）"
UNRATED = "未评价"
YES, NO = "是", "否"
SHEET_DATA, SHEET_NOTES = "数据", "说明"
DEMO_NATURE = (
    "示例数据：按《首都精神文明建设情况简报》2023 年第 16 期数字校准的合成数据，不是真实记录；"
    "街巷、村（社区）名称及郊区街乡镇名称为生成的标签。请勿作为真实情况引用或转发。"
)
REAL_NATURE = "本单位“创城+”工作看板数据仓库中的记录。"
DEMO_SOURCE = "合成数据，数字按 首都精神文明办 · 简报 2023 年第 16 期（总第 2228 期）校准"
REAL_SOURCE = "“创城+”工作看板数据仓库"
CAVEATS = (
    "时间均为北京时间。",
    "工单编号、区划代码、街乡镇代码等编码按文本保存，不参与计算。",
    "空白表示没有该项（例如尚未响应、尚未办结）；“评价”为“未评价”表示来电人没有参评（网格员发现和创城抽查的问题不参评）。",
    "比率保留一位小数（%），调查满意度保留两位小数（%），与看板页面一致。",
)
XLSX_READING = "“数据”表第 1 行为说明，第 2 行为表头，数据从第 3 行起。"
CSV_READING = "CSV 第 1 行为说明，第 2 行为表头；用程序读取时跳过第 1 行（如 pandas.read_csv(文件, skiprows=1)）。"
PART_NOTE = "本表仅含最近 {rows:,} 条，全部共 {total:,} 条"

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')  # not allowed in Windows file names
_SPACE = re.compile(r"\s+")
_EXCEL_NUMBER_TEXT = r"^(?:\d{12,}|0\d+)$"  # RE2 (Arrow): digits Excel would show as 2.02309E+12 or strip of a 0
_FORMULA_START = "^[" + "".join(f"\\x{ord(c):02x}" for c in FORMULA_START) + "]"  # RE2: as the importer neutralises
_PERIOD_IN_STEM = re.compile(r"_\d{6}-\d{6}$")  # pages once put "_202301-202309" in the stem themselves
_EXCEL_EPOCH = pd.Timestamp(1899, 12, 30)


# --- the context of a table ---------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What a table is and where it comes from: everything a file needs to say besides its rows.

    `columns`, `headers` and `value_labels` choose and name the columns as the page's table does
    (ui.draw.shown_columns). `total`, when set, is the length of the whole list of which the file
    holds only the newest rows; `note` is anything else the reader must know (a search applied).
    `filters` is the page's choice as plain values (district codes, start, end), for whoever records
    the export. `audit` records the export once the file is written (ui.gate.export_recorder, set by
    ui.components.download_buttons while the page is drawn, when the session's reader is known)."""

    table: str
    area: str
    period: str  # as a reader reads it: "2023年1月—2023年9月"
    period_key: str  # as a file name carries it: "2023-01至2023-09"
    demo: bool
    source: str = ""
    total: int | None = None
    note: str = ""
    columns: tuple[str, ...] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    value_labels: Mapping[str, Mapping] = field(default_factory=dict)
    filters: Mapping[str, Any] = field(default_factory=dict)
    audit: Callable[..., None] | None = field(default=None, compare=False, repr=False)

    def with_total(self, total: int | None) -> Context:
        return replace(self, total=total)


def months(start: date, end: date) -> tuple[str, str]:
    """A period of whole months, as read ("2023年1月—2023年9月") and as in a file name ("2023-01至2023-09")."""
    if (start.year, start.month) == (end.year, end.month):
        return formats.month(start), f"{start:%Y-%m}"
    return f"{formats.month(start)}—{formats.month(end)}", f"{start:%Y-%m}至{end:%Y-%m}"


def quarters(first: str, last: str) -> tuple[str, str]:
    """A period of survey quarters ('2020Q1', '2023Q3'), as read and as in a file name."""
    if first == last:
        return formats.quarter(first), first
    return f"{formats.quarter(first)}—{formats.quarter(last)}", f"{first}至{last}"


def period_of(frame: pd.DataFrame) -> tuple[str, str] | None:
    """The months or quarters a table's own rows span, when it has a month or quarter column: a table
    by quarter since 2020 says so rather than repeating the page's period."""
    if "month_start" in frame.columns and frame["month_start"].notna().any():
        stamps = pd.to_datetime(frame["month_start"].dropna())
        return months(stamps.min().date(), stamps.max().date())
    if "period" in frame.columns:
        found = sorted(p for p in frame["period"].dropna().astype(str) if re.fullmatch(r"\d{4}Q[1-4]", p))
        if found:
            return quarters(found[0], found[-1])
    return None


def area_of(frame: pd.DataFrame, chosen: Sequence[str], names: Mapping[str, str], chosen_label: str) -> str:
    """The area a table covers: the page's choice, unless its rows reach beyond it (区域对比 always
    lists all sixteen districts), then the districts its rows hold."""
    if "district_code" in frame.columns:
        held = set(frame["district_code"].dropna())
    elif "district_name" in frame.columns:
        codes = {name: code for code, name in names.items()}
        held = {codes[n] for n in frame["district_name"].dropna() if n in codes}
    else:
        return chosen_label
    if not chosen or held <= set(chosen):
        return chosen_label
    if held >= set(names):
        return labels.CITY
    if len(held) > 4:
        return f"{len(held)} 个区"
    return "、".join(names[c] for c in names if c in held)


def table_name(stem: str) -> str:
    """The table's own name from a page's file stem, without a period the stem may still carry."""
    return _PERIOD_IN_STEM.sub("", stem)


# --- the file name ------------------------------------------------------------------------------


def _name_part(value: str, limit: int = NAME_PART_CHARS) -> str:
    part = _SPACE.sub("", _UNSAFE_NAME.sub("_", str(value))).strip("._")
    return part if len(part) <= limit else part[: limit - 1] + "等"


def file_name(context: Context, kind: str, rows: int | None = None) -> str:
    """`示例数据_朝阳区_问题明细_2023-01至2023-09.xlsx`: demo mark, area, table, period (and
    `最近5000条` for a list cut at `rows`); no character Windows refuses, no leading or trailing dot
    or space, at most NAME_CHARS characters."""
    area, table = _name_part(context.area), _name_part(context.table)
    if area and table.startswith(area):  # "朝阳区_各街乡镇" already names its district
        area = ""
    parts = [DEMO_MARK if context.demo else "", area, table, _name_part(context.period_key)]
    if context.total is not None:
        parts.append(f"最近{rows}条" if rows is not None else "部分")
    stem = "_".join(p for p in parts if p) or "导出"
    return f"{stem[: NAME_CHARS - len(kind) - 1].rstrip('._')}.{kind}"


# --- the title line and the notes ---------------------------------------------------------------


def title_line(context: Context, exported_at: datetime, rows: int | None = None) -> str:
    """The line above the header: demo mark, table, area, period, export time (and a cut list's size)."""
    parts = [DEMO_TITLE] if context.demo else []
    parts += [context.table, f"范围：{context.area}", f"时段：{context.period}", f"导出：{exported_at:%Y-%m-%d %H:%M}"]
    if context.total is not None and rows is not None:
        parts.append(PART_NOTE.format(rows=rows, total=context.total))
    if context.note:
        parts.append(context.note)
    return "｜".join(parts)


def notes(context: Context, exported_at: datetime, rows: int, headers: Sequence[str]) -> list[tuple[str, str]]:
    """The 说明 sheet, as (item, text) rows."""
    count = f"{rows:,} 行"
    if context.total is not None:
        count += f"（{PART_NOTE.format(rows=rows, total=context.total)}；看板上可下载全部）"
    found = [
        ("表格", context.table),
        ("数据性质", DEMO_NATURE if context.demo else REAL_NATURE),
        ("范围", context.area),
        ("时段", context.period),
        ("导出时间", f"{exported_at:%Y-%m-%d %H:%M}（北京时间）"),
        ("行数", count),
        *([("说明", context.note)] if context.note else []),
        ("数据来源", context.source or (DEMO_SOURCE if context.demo else REAL_SOURCE)),
        ("列", "、".join(headers)),
    ]
    found += [("口径", line) for line in CAVEATS]
    shown = set(headers)
    if shown & {labels.COLUMNS["satisfaction_rate"], labels.COLUMNS["rated"], labels.COLUMNS["rating"]}:
        found.append(("口径", labels.RATING_NOTE))
    if shown & {labels.COLUMNS["response_rate"], labels.COLUMNS["resolution_rate"]}:
        found.append(("口径", labels.RESPONSE_NOTE))
    found.append(("读取", XLSX_READING))
    return found


# --- columns: how each is written ---------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    name: str  # in the frame
    header: str  # as the reader sees it
    kind: str  # "text", "number", "date", "datetime" or "yesno"
    decimals: int = 0


def _header(column: str, context: Context) -> str:
    return {**labels.COLUMNS, **context.headers}.get(column, column)


def _chosen(columns: Sequence[str], context: Context) -> list[str]:
    chosen = list(context.columns) if context.columns else list(columns)
    return [c for c in chosen if c != "boundary_geojson"]


def _plan(frame: pd.DataFrame, context: Context, date_columns: frozenset[str] | None = None) -> list[_Column]:
    """How each chosen column is written, decided once for the whole file. Dates without a time
    are those the warehouse stores as DATE (`date_columns`, from the Arrow schema) or, for a frame,
    those whose every value falls at midnight, as the page's table decides (ui.draw.shown_columns)."""
    plan = []
    for name in _chosen(frame.columns, context):
        series, header = frame[name], _header(name, context)
        if name in context.value_labels:
            plan.append(_Column(name, header, "text"))
        elif pd.api.types.is_bool_dtype(series) or (series.dtype == object and _infer(series) == "boolean"):
            plan.append(_Column(name, header, "yesno"))
        elif pd.api.types.is_datetime64_any_dtype(series) or (series.dtype == object and _infer(series) in ("date", "datetime")):
            stamps = _stamps(series).dropna()
            whole_days = name in date_columns if date_columns is not None else bool((stamps.dt.normalize() == stamps).all())
            plan.append(_Column(name, header, "date" if whole_days else "datetime"))
        elif pd.api.types.is_numeric_dtype(series):
            kind = formats.COLUMN_KINDS.get(name, "count" if pd.api.types.is_integer_dtype(series) else "score")
            plan.append(_Column(name, header, "number", formats.KINDS[kind].decimals))
        else:
            plan.append(_Column(name, header, "text"))
    return plan


def _infer(series: pd.Series) -> str:
    return pd.api.types.infer_dtype(series, skipna=True)


def _stamps(series: pd.Series) -> pd.Series:
    """Date-times without a time zone, in the wall-clock time they were stored with."""
    stamps = pd.to_datetime(series) if not pd.api.types.is_datetime64_any_dtype(series) else series
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_localize(None)
    return stamps


def _texts(series: pd.Series, column: _Column, context: Context) -> pd.Series:
    """Text cells as strings (missing stays missing: a blank cell); a missing rating reads 未评价."""
    names = context.value_labels.get(column.name)
    values = (series.map(names) if names is not None else series).astype("string")
    if column.name == "rating":
        values = values.fillna(UNRATED)
    return values


def _yesno(series: pd.Series) -> pd.Series:
    return series.map({True: YES, False: NO}).astype("string")


# --- reading: the rows in chunks ----------------------------------------------------------------


def _chunks(source: pd.DataFrame | Named, context: Context) -> tuple[list[_Column], Iterator[pd.DataFrame]]:
    """The columns' plan and the rows in chunks of at most BATCH_ROWS, from a frame or a named query."""
    if isinstance(source, pd.DataFrame):
        frame = source.reset_index(drop=True)
        plan = _plan(frame, context)
        return plan, (frame.iloc[i : i + BATCH_ROWS] for i in range(0, len(frame), BATCH_ROWS))
    return _stream(source, context)


def _stream(named: Named, context: Context) -> tuple[list[_Column], Iterator[pd.DataFrame]]:
    """A named query run on its own read-only connection (this runs in Streamlit's download thread,
    not the page's) and read as Arrow batches: memory holds one batch, not the whole list."""
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in named.params}
    # Bound as every named query is (ui.data.named put the reader's scope in for a record query).
    bound = queries.bind(named.name, **params)
    con = queries.connect(named.stamp[0])
    try:
        reader = con.sql(queries.sql_text(named.name), params=bound).to_arrow_reader(BATCH_ROWS)
    except BaseException:
        con.close()
        raise
    date_columns = frozenset(f.name for f in reader.schema if pa.types.is_date(f.type))
    plan = _plan(reader.schema.empty_table().to_pandas(date_as_object=False), context, date_columns)

    def batches() -> Iterator[pd.DataFrame]:
        try:
            for batch in reader:
                yield batch.to_pandas(date_as_object=False)
        finally:
            con.close()

    return plan, batches()


# --- CSV ------------------------------------------------------------------------------------------


def _csv_column(chunk: pd.DataFrame, column: _Column, context: Context) -> pa.Array:
    series = chunk[column.name]
    if column.kind == "text":
        values = pa.array(_texts(series, column, context), type=pa.string())
        # Text a spreadsheet would run as a formula gets a leading apostrophe, as imports do.
        risky = pc.fill_null(pc.match_substring_regex(values, pattern=_FORMULA_START), False)
        values = pc.if_else(risky, pc.binary_join_element_wise("'", values, ""), values)
        # Digits Excel would turn into 2.02309E+12 (or strip of a leading 0) go after a tab: text to Excel.
        mangled = pc.fill_null(pc.match_substring_regex(values, pattern=_EXCEL_NUMBER_TEXT), False)
        return pc.if_else(mangled, pc.binary_join_element_wise("\t", values, ""), values)
    if column.kind == "yesno":
        return pa.array(_yesno(series), type=pa.string())
    if column.kind in ("date", "datetime"):
        seconds = pc.cast(pa.array(_stamps(series), from_pandas=True), pa.timestamp("s"), safe=False)
        return pc.strftime(seconds, format="%Y-%m-%d" if column.kind == "date" else "%Y-%m-%d %H:%M:%S")
    numbers = pd.to_numeric(series, errors="coerce").astype("float64").round(column.decimals)
    values = pa.array(numbers, from_pandas=True)
    return pc.cast(values, pa.int64()) if column.decimals == 0 else values


def _write_csv(
    plan: list[_Column], chunks: Iterator[pd.DataFrame], context: Context, exported_at: datetime, rows: int | None
) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    head = io.StringIO()
    lines = csv.writer(head, lineterminator="\n")
    # The title as one quoted field: Excel shows it across the top, a CSV reader sees a one-field line.
    lines.writerow([title_line(context, exported_at, rows)])
    lines.writerow([c.header for c in plan])
    buffer.write(head.getvalue().encode("utf-8-sig"))
    written = 0
    # Arrow's writer quotes every text value (and only text): numbers stay numbers to Excel.
    options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
    for chunk in chunks:
        table = pa.table([_csv_column(chunk, c, context) for c in plan], names=[f"c{i}" for i in range(len(plan))])
        pa_csv.write_csv(table, buffer, options)
        written += len(chunk)
    return buffer.getvalue(), written


# --- XLSX -----------------------------------------------------------------------------------------
#
# xlsxwriter writes the workbook's frame: the title, the header, the column formats and widths, the
# filter, the frozen panes and the 说明 sheet. The data rows are written here as the sheet's XML,
# a column at a time with pandas' string operations rather than a Python call per cell (which cost
# nine seconds for 100,000 cases), spooled to disk past SPOOL_BYTES, and put into xlsxwriter's
# sheet when the file is assembled. Every string is an inline string cell, never a formula or a link.

SPOOL_BYTES = 32 * 2**20
EXCEL_TEXT_CHARS = 32_767  # the most characters a cell holds
_XML_INVALID = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"  # RE2 (Arrow): not allowed in XML 1.0
_XML_INVALID_PY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_ESCAPE_LIKE = r"_(x[0-9A-Fa-f]{4}_)"  # Excel reads "_x0041_" as an escape: keep it literal
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_DATA_SHEET = "xl/worksheets/sheet1.xml"


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(values: pd.Series) -> pa.Array:
    """Text for an inline string cell: escaped as XML, characters XML cannot hold written as
    Excel writes them (_x0001_), cut at the most a cell holds."""
    found = pa.array(values.astype("string"), type=pa.string())
    found = pc.utf8_slice_codeunits(found, 0, EXCEL_TEXT_CHARS)
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        found = pc.replace_substring(found, character, entity)
    found = pc.replace_substring_regex(found, pattern=_XML_ESCAPE_LIKE, replacement=r"_x005F_\1")
    invalid = pc.fill_null(pc.match_substring_regex(found, pattern=_XML_INVALID), False)
    if pc.any(invalid).as_py():  # rare: only these few values go through Python
        texts = found.to_pylist()
        for i in pc.indices_nonzero(invalid).to_pylist():
            texts[i] = _XML_INVALID_PY.sub(lambda m: f"_x{ord(m.group(0)):04X}_", texts[i])
        found = pa.array(texts, type=pa.string())
    return found


def _xml_numbers(values: pd.Series) -> pa.Array:
    """Numbers as a cell's <v> holds them: the shortest text that reads back as the same number;
    a missing or infinite value as missing (no cell)."""
    numbers = pa.array(pd.to_numeric(values, errors="coerce").astype("float64"), from_pandas=True)
    finite = pc.if_else(pc.is_finite(numbers), numbers, pa.scalar(None, pa.float64()))
    if pd.api.types.is_integer_dtype(values.dtype):
        return pc.cast(pc.cast(finite, pa.int64()), pa.string())
    return pc.cast(finite, pa.string())


def _xml_rows(chunk: pd.DataFrame, plan: list[_Column], context: Context, first_row: int, styles: list[int]) -> memoryview:
    """The chunk's rows as <row> elements from sheet row `first_row` (0-based), each column built
    with one Arrow kernel; a missing value has no cell (a blank), never "None" or "nan"."""
    numbers = pc.cast(pa.array(range(first_row + 1, first_row + 1 + len(chunk)), pa.int64()), pa.string())
    parts: list = ['<row r="', numbers, '">']
    for index, column in enumerate(plan):
        series = chunk[column.name].reset_index(drop=True)
        if column.kind in ("text", "yesno"):
            values = _xml_text(_texts(series, column, context) if column.kind == "text" else _yesno(series))
            head, tail = f'" s="{styles[index]}" t="inlineStr"><is><t xml:space="preserve">', "</t></is></c>"
        else:
            if column.kind in ("date", "datetime"):  # a date-time cell holds days since 1899-12-30
                series = (_stamps(series) - _EXCEL_EPOCH) / pd.Timedelta(days=1)
            values = _xml_numbers(series)
            head, tail = f'" s="{styles[index]}"><v>', "</v></c>"
        # A missing value makes the whole cell missing (Arrow's default: emit null).
        parts.append(pc.binary_join_element_wise(f'<c r="{_column_letters(index)}', numbers, head, values, tail, ""))
    parts.append("</row>")
    rows = pc.binary_join_element_wise(*parts, "", null_handling="replace", null_replacement="")
    # The rows' UTF-8 side by side in Arrow's data buffer: handed on as they are, not as Python strings.
    offsets = memoryview(rows.buffers()[1]).cast("i")  # int32 offsets: a chunk is far below 2 GB
    return memoryview(rows.buffers()[2])[offsets[rows.offset] : offsets[rows.offset + len(rows)]]


_WIDTHS = {"date": 11, "datetime": 17, "yesno": 8, "number": 12}


def _width(column: _Column) -> float:
    header = sum(2 if ord(ch) > 0x2E7F else 1 for ch in column.header) + 2
    return min(max(header, _WIDTHS.get(column.kind, 16)), 40)


def _write_xlsx(
    plan: list[_Column], chunks: Iterator[pd.DataFrame], context: Context, exported_at: datetime, rows: int | None
) -> tuple[bytes, int]:
    frame_buffer = io.BytesIO()
    # Cells xlsxwriter writes from data (the title's area, the notes) stay inert text.
    options = {"strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(frame_buffer, options)
    sheet = book.add_worksheet(SHEET_DATA)
    cell_formats = {
        "text": book.add_format({"num_format": "@"}),
        "yesno": book.add_format({"num_format": "@", "align": "center"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    for decimals in sorted({k.decimals for k in formats.KINDS.values()}):
        cell_formats[f"number{decimals}"] = book.add_format({"num_format": "#,##0" if decimals == 0 else "0." + "0" * decimals})
    styles = []
    for index, column in enumerate(plan):
        cell_format = cell_formats[column.kind if column.kind != "number" else f"number{column.decimals}"]
        # The column's format also holds for its blank cells. Its style index, which the rows
        # written below carry, is the one xlsxwriter gives it when a cell first uses it.
        sheet.set_column(index, index, _width(column), cell_format)
        styles.append(cell_format._get_xf_index())

    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        written = 0
        for chunk in chunks:
            spool.write(_xml_rows(chunk, plan, context, 2 + written, styles))
            written += len(chunk)

        last = max(len(plan) - 1, 0)
        title_format = book.add_format(
            {"bold": True, "font_size": 12, "font_color": "#9C0006" if context.demo else "#1F3864", "valign": "vcenter"}
        )
        title = title_line(context, exported_at, rows)
        if last:
            sheet.merge_range(0, 0, 0, last, title, title_format)
        else:
            sheet.write_string(0, 0, title, title_format)
        sheet.set_row(0, 24)
        header_format = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
        for index, column in enumerate(plan):
            sheet.write_string(1, index, column.header, header_format)
        sheet.freeze_panes(2, 0)
        if plan:
            sheet.autofilter(1, 0, 1 + written, last)
        _notes_sheet(book, context, exported_at, written, plan)
        book.close()
        dimension = f'<dimension ref="A1:{_column_letters(last)}{2 + written}"/>'.encode()
        return _with_rows(frame_buffer.getvalue(), spool, dimension), written


def _notes_sheet(book: xlsxwriter.Workbook, context: Context, exported_at: datetime, rows: int, plan: list[_Column]) -> None:
    sheet = book.add_worksheet(SHEET_NOTES)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 100)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True, "valign": "top"})
    sheet.write_string(0, 0, title_line(context, exported_at, rows), bold)
    for index, (item, text) in enumerate(notes(context, exported_at, rows, [c.header for c in plan]), start=2):
        sheet.write_string(index, 0, item, bold)
        sheet.write_string(index, 1, text, wrap)


def _with_rows(workbook: bytes, spool: IO[bytes], dimension: bytes) -> bytes:
    """xlsxwriter's workbook with the spooled rows put into the data sheet after its header."""
    out = io.BytesIO()
    # The fastest deflate level: at the default, compressing took as long as writing the rows,
    # for a file a fifth smaller.
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != _DATA_SHEET:
                target.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            # Opened by name, so that it takes the archive's method and level.
            with target.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(_DIMENSION.sub(dimension, head, count=1))
                spool.seek(0)
                shutil.copyfileobj(spool, sheet, 2**20)
                sheet.write(b"</sheetData>" + tail)
    return out.getvalue()


# --- the one place a download's bytes are made ----------------------------------------------------


def build(kind: str, source: pd.DataFrame | Named, context: Context, exported_at: datetime | None = None) -> bytes:
    """The bytes of one download: `source` (a frame, or a named query for a whole list) written as
    `kind` (CSV or XLSX) with its context. Every download button calls this when clicked.

    An audit record of the export belongs here, after the file is written: `context.table`,
    `context.filters`, `kind` and `written` (the rows in the file). Who exported must be taken into
    the context when the page is drawn: this runs in Streamlit's download thread, where the
    session (and st.session_state) is not at hand."""
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}")
    exported_at = exported_at or datetime.now(BEIJING)
    plan, chunks = _chunks(source, context)
    rows = len(source) if isinstance(source, pd.DataFrame) else None
    write = _write_xlsx if kind == XLSX else _write_csv
    districts: set[str] = set()
    data, written = write(plan, _noting_districts(chunks, districts), context, exported_at, rows)
    _log.debug("export %s %s: %d rows, %d bytes", kind, context.table, written, len(data))
    if context.audit is not None:
        # The audit trail (issue 14): who, which table, how many rows, whose districts. If it cannot be
        # written this raises (access.audit.AuditUnavailable) and the file is not handed out.
        context.audit(context.table, written, districts, kind, area=context.area, period=context.period_key)
    return data


def _noting_districts(chunks: Iterator[pd.DataFrame], seen: set[str]) -> Iterator[pd.DataFrame]:
    """The chunks as they are, noting the districts their rows belong to (code or name), so that the
    audit can answer "who exported 朝阳's case list" whatever filters the page had."""
    for chunk in chunks:
        for column in ("district_code", "district_name"):
            if column in chunk.columns:
                seen.update(str(value) for value in chunk[column].dropna().unique())
        yield chunk
