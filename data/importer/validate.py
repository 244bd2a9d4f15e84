"""Check a mapped file row by row against its kind's rules; keep the good rows, explain the bad.

The generic part (types, required values, formulas, masking, duplicates within the file)
is here; each kind adds its own rules in `data/importer/kinds/`. Checks are vectorised:
one mask per rule over all rows, so a file of 200,000 rows takes seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.importer.columns import Field, KindSpec, Mapped
from data.importer.errors import Problems
from data.importer.masking import mask_series
from data.importer.reading import RawTable
from data.importer.reference import Reference
from data.importer.values import (
    compact,
    date_reasons,
    neutralise_formulas,
    parse_bool,
    parse_choice,
    parse_datetime,
    parse_number,
    unreadable_number,
)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-./#]{0,63}")
WHOLE_ROW = "（整行）"
SECRET_VALUE = "（不保存原值）"
PREVIEW = 50  # characters of an over-long cell kept in import_rejects and in messages
LONG_BOUND_DIGITS = 10  # limits this long are given as a number of digits


@dataclass
class Parsed:
    """One file's values by warehouse column: typed where parsed, text otherwise."""

    spec: KindSpec
    raw: pd.DataFrame  # text as in the file, every field present ("" where absent)
    present: frozenset[str]  # fields the file has a column for
    values: dict[str, pd.Series]
    problems: Problems
    notes: list[str] = field(default_factory=list)


@dataclass
class Validated:
    rows: pd.DataFrame  # good rows, in table columns
    row_numbers: np.ndarray  # of the good rows
    problems: pd.DataFrame  # row, column, value, reason (values and reasons masked)
    rows_read: int
    rows_rejected: int
    notes: list[str]
    present: frozenset[str]  # fields the file has a column for


def validate(spec: KindSpec, table: RawTable, mapped: Mapped, ref: Reference) -> Validated:
    raw = mapped.raw.copy()
    for f in spec.fields:
        if f.name not in raw:
            raw[f.name] = ""
    label_of = {f.name: f.zh for f in spec.fields}
    problems = Problems(raw, table.row_numbers, mapped.header_of, label_of)
    parsed = Parsed(spec, raw, frozenset(mapped.header_of), {}, problems)
    if mapped.ignored:
        parsed.notes.append("已忽略无法识别的列（其内容不会保存）：" + "、".join(mapped.ignored))
    for row_number, (position, reason) in table.broken_rows.items():
        # The row's cells stop where the quote broke, so its other "problems" would only confuse.
        problems.add_at(
            np.searchsorted(table.row_numbers, [row_number]),
            spec.fields[0].name,
            reason,
            pd.Series("", index=raw.index, dtype=object),
            column=table.headers[position] if position < len(table.headers) else WHOLE_ROW,
            overrides="row",
        )
    for f in spec.fields:
        _cap_length(parsed, f)
    if table.ragged_rows:
        positions = np.searchsorted(table.row_numbers, table.ragged_rows)
        problems.add_at(
            positions,
            spec.fields[0].name,
            [f"此行比表头多出内容（表头 {len(table.headers)} 列），可能是内容里有未加引号的逗号" for _ in positions],
            pd.Series("", index=raw.index, dtype=object),
            column=WHOLE_ROW,
        )
    for f in spec.fields:
        _parse_field(parsed, f, ref)

    frame = spec.normalise(parsed, ref)
    _reject_duplicates(parsed, frame)

    good = ~problems.bad
    found = problems.frame()
    # A secret field's cell (the caller's number) is not repeated even in a reject: masking could miss a
    # number written oddly, and a number that is not a number is still someone's.
    secret_columns = {problems.column_label(name) for name in spec.secret}
    found.loc[found["column"].isin(secret_columns), "value"] = SECRET_VALUE
    found["value"] = mask_series(found["value"])
    found["reason"] = mask_series(found["reason"])
    return Validated(
        rows=frame[good].reset_index(drop=True),
        row_numbers=table.row_numbers[good],
        problems=found,
        rows_read=len(raw),
        rows_rejected=int((~good).sum()),
        notes=parsed.notes,
        present=parsed.present,
    )


def _cap_length(parsed: Parsed, f: Field) -> None:
    """A cell longer than its field allows is reported once, and only its start is quoted from then on."""
    raw, problems = parsed.raw[f.name], parsed.problems
    length = raw.str.len()
    long = (length > f.length_limit).to_numpy()
    if not long.any():
        return
    preview = raw.where(~long, raw.str[:PREVIEW] + "…")
    problems.add(
        long,
        f.name,
        "内容过长：单元格有 " + length.astype(str) + f" 个字符，此列最多 {f.length_limit} 个字符",
        preview,
        overrides="cell",
    )
    parsed.raw[f.name] = preview


def _parse_field(parsed: Parsed, f: Field, ref: Reference) -> None:
    raw, problems = parsed.raw[f.name], parsed.problems
    empty = (raw == "").to_numpy()
    if f.value_needed and f.type != "place":  # places are resolved (and required) together, by the kind
        problems.add(empty, f.name, "必填，不能为空")
    if f.type in ("place", "custom"):
        return

    if f.type == "id":
        value = compact(raw)
        bad = ~empty & ~value.str.fullmatch(_ID).fillna(False).to_numpy()
        problems.add(
            bad,
            f.name,
            "编号“" + raw + "”含有不允许的字符（应以字母或数字开头，只含字母、数字和 - _ . / #，最长 64 位）",
        )
        # An id that is someone's phone or ID-card number cannot be masked (it is a key): refused,
        # and the reason does not repeat it.
        personal = ~empty & ~bad & (mask_series(value.fillna("")) != value.fillna("")).to_numpy()
        problems.add(personal, f.name, "编号看起来是手机号、身份证号或银行卡号等个人信息，不能作为编号保存")
        parsed.values[f.name] = value.where(~pd.Series(empty, index=raw.index), None)
    elif f.type == "text":
        value, risky = neutralise_formulas(raw)
        if risky.any():
            parsed.notes.append(
                f"「{problems.column_label(f.name)}」有 {int(risky.sum())} 个以 = + - @ 开头的值，已在前面加上 ' 防止被表格软件当作公式执行"
            )
        parsed.values[f.name] = mask_series(value).where(~pd.Series(empty, index=raw.index), f.default)
    elif f.type in ("int", "float", "percent"):
        percent = f.type == "percent"
        value, bad = parse_number(raw, percent=percent)
        problems.add(bad, f.name, unreadable_number(raw, percent=percent))
        if f.type == "int":
            problems.add(~bad & value.notna().to_numpy() & (value % 1 != 0).to_numpy(), f.name, "“" + raw + "”应为整数")
        # Every number field has both bounds (columns.fit_to_column): its domain, within what the column holds.
        out_of_range = ((value < f.minimum) | (value > f.maximum)).to_numpy()
        problems.add(out_of_range, f.name, _range_reason(raw, f))
        if percent:
            problems.add(_ambiguous_share(raw, value) & ~out_of_range, f.name, _share_reason(raw, value))
        # A value the column cannot hold must not reach the writer, even in a row already rejected.
        value = value.where(~out_of_range)
        if f.default is not None:
            value = value.fillna(f.default)
        parsed.values[f.name] = value
    elif f.type in ("date", "datetime"):
        value, bad = parse_datetime(raw)
        for mask, reason in date_reasons(raw, value, bad, ref.today, f.past_only, f.type == "datetime"):
            problems.add(mask, f.name, reason)
        parsed.values[f.name] = value.dt.normalize() if f.type == "date" else value
    elif f.type == "bool":
        value, bad = parse_bool(raw)
        problems.add(bad, f.name, "“" + raw + "”应为 是/否（也可写 有/无、Y/N、1/0）")
        parsed.values[f.name] = value.where(value.notna(), f.default)
    elif f.type == "choice":
        value, bad = parse_choice(raw, f.choices or {})
        allowed = "、".join(dict.fromkeys(v for v in (f.choices or {}) if not v.isascii()))
        problems.add(bad, f.name, "“" + raw + f"”不是可用的值（可用：{allowed}）")
        parsed.values[f.name] = value.where(value.notna(), f.default)
    else:  # pragma: no cover - a spec error, caught by the tests of every kind
        raise ValueError(f"unknown field type {f.type!r} for {f.name}")


def _range_reason(raw: pd.Series, f: Field) -> pd.Series:
    """Why a number is out of range, with the range; a limit such as 999999999999999 as a count of digits."""
    value, _ = parse_number(raw, percent=f.type == "percent")
    digits = len(str(int(f.maximum)))
    if f.maximum == 10**digits - 1 and digits >= LONG_BOUND_DIGITS:
        # A long run of digits in a reason reads like a card number, and masking would hide it.
        high, low = f"最多 {digits} 位数字", f"不能小于 {_bound(f.minimum)}"
    else:
        span = f"应在 {_bound(f.minimum)}–{_bound(f.maximum)} 之间"
        high, low = f"{span}，不能大于 {_bound(f.maximum)}", f"{span}，不能小于 {_bound(f.minimum)}"
    return "“" + raw + "”超出范围，" + pd.Series(np.where(value > f.maximum, high, low), index=raw.index, dtype=object)


def _bound(number: float) -> str:
    """A bound as a person writes it: 20000 or 0.5, never 2e+04."""
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _ambiguous_share(raw: pd.Series, value: pd.Series) -> np.ndarray:
    """Percentages written as a share: 0.9735 with no % could be 97.35% (a share) or 0.9735%.

    Survey figures in (0, 1] are read one way by a person and the other by the file, so they
    are not guessed at. A % sign, or an Excel cell formatted as a percentage, settles it.
    """
    marked = compact(raw).str.endswith("%").to_numpy(dtype=bool)
    return ~marked & (value > 0).to_numpy() & (value <= 1).to_numpy()


def _share_reason(raw: pd.Series, value: pd.Series) -> pd.Series:
    shown = (value * 100).map(lambda v: f"{v:.10g}" if pd.notna(v) else "")
    return (
        "“"
        + raw
        + "”可以读作比例（即 "
        + shown
        + "%），也可以读作 "
        + raw
        + "%，无法确定；请写成 "
        + shown
        + " 或 "
        + shown
        + "%（Excel 中可把单元格设为百分比格式）"
    )


def _reject_duplicates(parsed: Parsed, frame: pd.DataFrame) -> None:
    """The first good row with an id wins; later good rows with the same id are kept aside."""
    key = list(parsed.spec.key)
    good = ~parsed.problems.bad
    keys = frame.loc[good, key]
    if keys.isna().any(axis=None):
        return
    repeated = keys.duplicated(keep="first")
    if not repeated.any():
        return
    first_row = pd.Series(parsed.problems.row_numbers[good], index=keys.index)
    first_of_key = first_row.groupby([keys[c] for c in key]).transform("first")
    label = "、".join(parsed.problems.column_label(c) for c in key)
    mask = np.zeros(len(frame), dtype=bool)
    mask[np.flatnonzero(good)[repeated.to_numpy()]] = True
    reasons = pd.Series("", index=frame.index, dtype=object)
    shown = keys.astype(str).agg("／".join, axis=1)
    reasons[repeated[repeated].index] = (
        "与第 "
        + first_of_key[repeated].astype(str)
        + f" 行的{label}“"
        + shown[repeated]
        + "”重复，本行未导入（同一文件中每个编号只能出现一次）"
    )
    parsed.problems.add(mask, key[0], reasons)
