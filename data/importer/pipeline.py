"""One import from start to end: read, map columns, lock, check against the warehouse, write.

What goes wrong with the file or the warehouse comes back as a refusal (exit code 2) in
Chinese; only our own faults and interruptions are raised, for the command to report.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from data.importer.columns import map_columns
from data.importer.errors import FileRefused, os_error_text, row_message
from data.importer.interrupts import signals_held
from data.importer.kinds import KINDS
from data.importer.masking import mask_text
from data.importer.reading import normalise_header, read_table
from data.importer.reference import Reference
from data.importer.validate import Validated, validate
from data.importer.values import today_in_beijing
from data.importer.writer import RunRecord, WarehouseCopy, exclusive_lock, write_import

EXIT_ALL_LOADED, EXIT_SOME_REJECTED, EXIT_REFUSED = 0, 1, 2


@dataclass
class ImportResult:
    kind: str
    file_name: str
    run_id: str | None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_rejected: int = 0
    errors: list[dict] = field(default_factory=list)  # row, column, value, reason, message
    notes: list[str] = field(default_factory=list)
    refused: str | None = None  # why the whole file was refused (then nothing was written)
    file_format: str | None = None

    @property
    def exit_code(self) -> int:
        if self.refused is not None:
            return EXIT_REFUSED
        return EXIT_SOME_REJECTED if self.rows_rejected else EXIT_ALL_LOADED

    @classmethod
    def refusal(cls, kind: str | None, file_name: str | None, message: str) -> ImportResult:
        """A run that wrote nothing, for `message` (in Chinese: what happened and why)."""
        result = cls(kind=kind, file_name=file_name, run_id=None, refused=message)
        result.errors = [{"row": None, "column": None, "value": None, "reason": message, "message": message}]
        return result

    def summary(self) -> dict:
        """The `--json` object."""
        return {
            "run_id": self.run_id,
            "kind": self.kind,
            "file": self.file_name,
            "exit_code": self.exit_code,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_updated": self.rows_updated,
            "rows_rejected": self.rows_rejected,
            "refused": self.refused,
            "notes": self.notes,
            "errors": self.errors,
        }


def import_file(
    kind: str,
    path: Path | str,
    warehouse: Path | str,
    sheet: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Import one file of `kind` into `warehouse`; refusals are returned, never raised.

    The file's name is masked before it is shown or stored: exports are often named after
    the caller (王先生投诉_13812345678.csv).
    """
    path, warehouse = Path(path), Path(warehouse)
    name = shown_name(path)
    result = ImportResult(kind=kind, file_name=name, run_id=None)
    started = datetime.now()
    try:
        spec = KINDS.get(kind)
        if spec is None:
            raise FileRefused(f"未知的数据类型“{kind}”，可用：{'、'.join(KINDS)}")
        known = frozenset(normalise_header(h) for s in KINDS.values() for f in s.fields for h in f.headings())
        table = read_table(path, sheet, known, name=name)
        result.rows_read = len(table.cells)
        result.file_format = table.file_format
        mapped = map_columns(table, spec, KINDS, name)
        with exclusive_lock(warehouse) as stale, WarehouseCopy(warehouse) as copy:
            try:
                reference = Reference.load(copy.con, today or today_in_beijing())
            except duckdb.CatalogException:
                raise FileRefused(
                    f"仓库文件 {warehouse.name} 中缺少看板的数据表，它不是看板的数据仓库；请检查 --warehouse"
                ) from None
            validated = validate(spec, table, mapped, reference)
            if stale:
                validated.notes.insert(0, stale_note(stale))
            run = RunRecord(
                run_id=f"{started:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}",
                kind=kind,
                file_name=name,
                file_sha256=_sha256(path, name),
                file_format=table.file_format,
                sheet=table.sheet,
                started_at=started,
                notes=validated.notes,
            )
            try:
                loaded, updated = write_import(copy.con, spec, validated, run)
            except (duckdb.ConstraintException, duckdb.ConversionException) as error:
                # Validation should have kept such a row aside; if it did not, refuse the file rather than half-write.
                raise FileRefused(
                    "写入仓库时有值不符合仓库中该列的类型或约束，整个文件未导入，仓库未作任何改动。"
                    f"这是导入程序校验的遗漏，请把文件和这条信息交给维护人员（DuckDB：{error}）"
                ) from None
            # Once the new warehouse is in place, Ctrl-C or SIGTERM must not turn the report into "nothing changed".
            with signals_held() as received:
                copy.commit()
                _report(result, run, validated, loaded, updated, received)
    except FileRefused as refused:
        result.refused = refused.message
        # Nothing was loaded: every row that could be counted counts as rejected, so the sum holds.
        result.rows_read = max(result.rows_read, refused.rows_read)
        result.rows_rejected = result.rows_read
        result.errors = [{"row": None, "column": None, "value": None, "reason": refused.message, "message": refused.message}]
    return result


def _report(result: ImportResult, run: RunRecord, validated: Validated, loaded: int, updated: int, received: list[str]) -> None:
    """Fill in what was written, and any signal that arrived too late to stop it."""
    result.run_id = run.run_id
    result.rows_loaded, result.rows_updated, result.rows_rejected = loaded, updated, validated.rows_rejected
    result.notes = list(validated.notes)
    if received:
        result.notes.append(f"导入即将完成时收到中断信号（{'、'.join(dict.fromkeys(received))}）：导入已完成，数据已写入")
    result.errors = [
        {
            "row": int(row),
            "column": column,
            "value": value,
            "reason": reason,
            "message": row_message(run.file_name, int(row), column, reason),
        }
        for row, column, value, reason in validated.problems.itertuples(index=False)
    ]


def shown_name(path: Path) -> str:
    """The file's name as messages, --json and the run log show it: without its folder, personal data masked."""
    return mask_text(path.name)


def stale_note(removed: list[str]) -> str:
    return "已删除此前被强行终止的导入留下的临时副本（其进程已不在运行）：" + "、".join(removed)


def _sha256(path: Path, name: str) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:  # the file changed or vanished since it was read
        raise FileRefused(f"{name}：无法再次读取文件（{os_error_text(error)}），请确认导入期间文件未被移动或修改") from None
    return digest.hexdigest()
