"""One import from start to end: read, map columns, lock, check against the warehouse, write."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from data.importer.columns import map_columns
from data.importer.errors import FileRefused, row_message
from data.importer.kinds import KINDS
from data.importer.reading import normalise_header, read_table
from data.importer.reference import Reference
from data.importer.validate import validate
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
    """Import one file of `kind` into `warehouse`; refusals are returned, never raised."""
    path, warehouse = Path(path), Path(warehouse)
    result = ImportResult(kind=kind, file_name=path.name, run_id=None)
    started = datetime.now()
    try:
        spec = KINDS.get(kind)
        if spec is None:
            raise FileRefused(f"未知的数据类型“{kind}”，可用：{'、'.join(KINDS)}")
        known = frozenset(normalise_header(h) for s in KINDS.values() for f in s.fields for h in f.headings())
        table = read_table(path, sheet, known)
        result.rows_read = len(table.cells)
        result.file_format = table.file_format
        mapped = map_columns(table, spec, KINDS, path.name)
        with exclusive_lock(warehouse), WarehouseCopy(warehouse) as copy:
            reference = Reference.load(copy.con, today or today_in_beijing())
            validated = validate(spec, table, mapped, reference)
            run = RunRecord(
                run_id=f"{started:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}",
                kind=kind,
                file_name=path.name,
                file_sha256=_sha256(path),
                file_format=table.file_format,
                sheet=table.sheet,
                started_at=started,
                notes=validated.notes,
            )
            loaded, updated = write_import(copy.con, spec, validated, run)
            copy.commit()
    except FileRefused as refused:
        result.refused = refused.message
        # Nothing was loaded: every row that could be counted counts as rejected, so the sum holds.
        result.rows_read = max(result.rows_read, refused.rows_read)
        result.rows_rejected = result.rows_read
        result.errors = [{"row": None, "column": None, "value": None, "reason": refused.message, "message": refused.message}]
        return result
    result.run_id = run.run_id
    result.rows_loaded, result.rows_updated, result.rows_rejected = loaded, updated, validated.rows_rejected
    result.notes = validated.notes
    result.errors = [
        {
            "row": int(row),
            "column": column,
            "value": value,
            "reason": reason,
            "message": row_message(path.name, int(row), column, reason),
        }
        for row, column, value, reason in validated.problems.itertuples(index=False)
    ]
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
