"""Which columns each kind of file has, and how a file's headings map onto them.

A column is known by its warehouse name (English) and by the Chinese headings the source
systems export; headings compare after NFKC, without spaces, `*` or "(必填)". Columns
the file has beyond these are ignored and never stored (an export may carry a caller's
name or phone number in a column of its own).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from data import dictionary
from data.importer.errors import FileRefused
from data.importer.reading import RawTable, normalise_header

# Digits every value of each integer column type can have: a row must be rejected before DuckDB
# overflows. Whole digits (INTEGER holds 2,147,483,647, so 9 digits) make a limit a person can
# check by eye; and cells are parsed as float64, exact only below 2**53, so a BIGINT takes 15
# (a 16-digit id could be silently rounded: 9007199254740993 → …992).
INTEGER_DIGITS = {"TINYINT": 2, "SMALLINT": 4, "INTEGER": 9, "BIGINT": 15}
INTEGER_RANGES = {sql_type: (-(10**digits - 1), 10**digits - 1) for sql_type, digits in INTEGER_DIGITS.items()}
NUMERIC_TYPES = ("int", "float", "percent")
# Longest cell each kind of field accepts unless it says otherwise: ids as the id rule says,
# names and short texts 200 characters; dates, numbers, places and choices are never longer than 100.
LENGTH_LIMITS = {"id": 64, "text": 200}
OTHER_LENGTH_LIMIT = 100


@dataclass(frozen=True)
class Field:
    name: str  # warehouse column; also the English heading
    zh: str  # the Chinese heading
    type: str  # id / text / int / float / percent / date / datetime / bool / choice / place / custom
    doc: str  # format and meaning, in Chinese, for docs/IMPORT.md
    aliases: tuple[str, ...] = ()
    required: bool = False  # the column must be in the file
    needed: bool | None = None  # each row must have a value (default: as `required`)
    minimum: float | None = None
    maximum: float | None = None
    past_only: bool = False  # a date that has happened: not after today
    choices: Mapping[str, str] | None = None  # accepted spelling → stored value
    default: object = None  # stored when the cell is empty or the column absent
    example: str = ""
    max_length: int | None = None  # longest cell accepted; by default from LENGTH_LIMITS

    @property
    def value_needed(self) -> bool:
        return self.required if self.needed is None else self.needed

    @property
    def length_limit(self) -> int:
        if self.max_length is not None:
            return self.max_length
        return LENGTH_LIMITS.get(self.type, OTHER_LENGTH_LIMIT)

    def headings(self) -> tuple[str, ...]:
        return (self.zh, self.name, *self.aliases)


@dataclass(frozen=True)
class KindSpec:
    kind: str  # the CLI name
    zh: str
    table: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    normalise: Callable  # (Parsed, Reference) -> DataFrame of table columns for rows not yet bad
    doc: str = ""
    # Column groups of which at least one must be complete, e.g. district, or longitude and latitude.
    one_of: tuple[tuple[str, ...], ...] = ()
    depends_on: tuple[str, ...] = ()  # kinds whose rows must already be in the warehouse
    # Columns computed from others (column → its sources): on update they change when a source is in the file.
    derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Fields whose cells are never kept as read, not even in a reject (the caller's number: only its
    # keyed hash is stored, see data/importer/callers.py).
    secret: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        columns = {c.name: c.sql_type for c in dictionary.TABLE_BY_NAME[self.table].columns}
        object.__setattr__(self, "fields", tuple(fit_to_column(f, columns.get(f.name)) for f in self.fields))

    def updated_columns(self, present: frozenset[str]) -> list[str]:
        """Columns an update overwrites: those the file has, and those derived from them; others keep their values."""
        return [
            f.name
            for f in self.fields
            if f.name not in self.key and (f.name in present or any(s in present for s in self.derived.get(f.name, ())))
        ] + [
            c
            for c, sources in self.derived.items()
            if c not in {f.name for f in self.fields} and any(s in present for s in sources)
        ]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def lookup(self) -> dict[str, str]:
        """Normalised heading → field name."""
        out: dict[str, str] = {}
        for f in self.fields:
            for heading in f.headings():
                out.setdefault(normalise_header(heading), f.name)
        return out


def fit_to_column(f: Field, sql_type: str | None) -> Field:
    """A numeric field with both bounds: its own (the domain), or what its warehouse column can hold.

    A bound the column cannot hold is a mistake in the spec, and so is a number field with no
    column or a DOUBLE without a declared range: every number an import accepts must fit.
    """
    if f.type not in NUMERIC_TYPES:
        return f
    if sql_type in INTEGER_RANGES:
        low, high = INTEGER_RANGES[sql_type]
    elif sql_type == "DOUBLE":
        if f.minimum is None or f.maximum is None:
            raise ValueError(f"{f.name}: a DOUBLE field needs its own minimum and maximum")
        low, high = f.minimum, f.maximum
    else:
        raise ValueError(f"{f.name}: a number field needs a numeric warehouse column, not {sql_type}")
    minimum = low if f.minimum is None else f.minimum
    maximum = high if f.maximum is None else f.maximum
    if not low <= minimum <= maximum <= high:
        raise ValueError(f"{f.name}: range {minimum}–{maximum} does not fit {sql_type} ({low}–{high})")
    return replace(f, minimum=minimum, maximum=maximum)


@dataclass
class Mapped:
    """The file's cells under warehouse column names, and how the file headed each."""

    raw: pd.DataFrame
    header_of: dict[str, str]
    ignored: list[str]


def map_columns(table: RawTable, spec: KindSpec, all_specs: Mapping[str, KindSpec], file_name: str) -> Mapped:
    lookup = spec.lookup()
    header_of: dict[str, str] = {}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, heading in enumerate(table.headers):
        name = lookup.get(normalise_header(heading))
        if name is None:
            if heading:
                ignored.append(heading)
            continue
        if name in header_of:
            raise FileRefused(
                f"{file_name}：「{header_of[name]}」和「{heading}」两列都表示“{spec.field(name).zh}”，请删去其中一列后再导入",
                len(table.cells),
            )
        header_of[name] = heading
        positions[name] = position

    missing = [f for f in spec.fields if f.required and f.name not in header_of]
    incomplete_groups = [group for group in spec.one_of if not all(n in header_of for n in group)]
    alternatives_missing = bool(spec.one_of) and len(incomplete_groups) == len(spec.one_of)
    if missing or alternatives_missing:
        other = _looks_like(table.headers, spec, all_specs)
        if other is not None:
            raise FileRefused(
                f"{file_name}：这看起来是「{other.zh}」文件（{other.kind}），不是「{spec.zh}」文件（{spec.kind}）；"
                f"请用 python -m data import {other.kind} 导入，或检查文件是否选错",
                len(table.cells),
            )
        wanted = [f"「{f.zh}」" for f in missing]
        if alternatives_missing:
            wanted.append(
                "或".join("「" + "」与「".join(spec.field(n).zh for n in group) + "」" for group in spec.one_of) + "（至少其一）"
            )
        found = "、".join(h for h in table.headers if h) or "（无）"
        raise FileRefused(
            f"{file_name}：缺少必需的列 {'、'.join(wanted)}；文件中的列为：{found}。列名可用中文或英文，见 docs/IMPORT.md",
            len(table.cells),
        )

    raw = pd.DataFrame({name: table.cells[position] for name, position in positions.items()})
    return Mapped(raw=raw, header_of=header_of, ignored=ignored)


def _looks_like(headers: list[str], spec: KindSpec, all_specs: Mapping[str, KindSpec]) -> KindSpec | None:
    """Another kind whose required columns are all in the file while this kind's are not."""
    normalised = {normalise_header(h) for h in headers}
    best, best_score = None, 0
    for other in all_specs.values():
        if other.kind == spec.kind:
            continue
        lookup = other.lookup()
        present = {lookup[h] for h in normalised if h in lookup}
        if all(f.name in present for f in other.fields if f.required) and len(present) > best_score:
            best, best_score = other, len(present)
    return best
