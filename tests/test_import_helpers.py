"""Helpers for the import tests (no tests here): files written byte by byte, imports with their counts reconciled."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from data.importer import ImportResult, import_file
from data.importer.pipeline import shown_name

CASE_HEADER = [
    "工单编号",
    "来源",
    "问题类别",
    "问题子类",
    "所属区",
    "所属街乡",
    "受理时间",
    "响应时间",
    "办结时间",
    "满意度",
    "经度",
    "纬度",
    "诉求内容",
]
# A point well inside 东城区 and one inside 海淀区.
DONGCHENG = ("116.3970", "39.9130")
HAIDIAN = ("116.3000", "39.9600")


def good_case(case_id: str, **overrides: str) -> dict[str, str]:
    row = {
        "工单编号": case_id,
        "来源": "12345热线",
        "问题类别": "城市管理",
        "问题子类": "堆物堆料",
        "所属区": "东城区",
        "所属街乡": "东华门街道",
        "受理时间": "2023-01-05 08:00",
        "响应时间": "2023-01-05 09:00",
        "办结时间": "2023-01-06 17:00",
        "满意度": "满意",
        "经度": DONGCHENG[0],
        "纬度": DONGCHENG[1],
        "诉求内容": "胡同口堆放杂物",
    }
    row.update(overrides)
    return row


def csv_bytes(header: list[str], rows: list[list[str]] | list[dict], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(warehouse: Path, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Read the warehouse file as it is on disk now.

    `duckdb.connect(path)` would hand back DuckDB's cached instance of the file as it was when
    another connection in this process opened it, even after the file was replaced; attaching
    to a fresh in-memory database always opens the current file.
    """
    con = duckdb.connect()
    try:
        quoted = str(warehouse).replace("'", "''")
        con.execute(f"attach '{quoted}' as warehouse (read_only)")
        con.execute("use warehouse")
        return con.execute(sql, params or {}).df()
    finally:
        con.close()


def file_identity(path: Path) -> tuple[int, int, int]:
    """Inode, size and modification time: a refused import must not even touch the file (cheaper than hashing)."""
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def run_import(kind: str, path: Path, warehouse: Path, **kwargs) -> ImportResult:
    """Import and check what must hold after every run, whatever its outcome."""
    before = file_identity(warehouse)
    runs_before = _count_runs(warehouse)
    result = import_file(kind, path, warehouse, **kwargs)
    assert result.rows_read == result.rows_loaded + result.rows_updated + result.rows_rejected, result.summary()
    assert not list(warehouse.parent.glob(f"{warehouse.name}.tmp-*")), "a temporary copy was left behind"
    if result.exit_code == 2:
        assert file_identity(warehouse) == before, "a refused file changed the warehouse"
        assert result.run_id is None and result.rows_loaded == result.rows_updated == 0
        assert result.errors and result.errors[0]["row"] is None
        return result
    run = query(warehouse, "select * from import_runs where run_id = $id", {"id": result.run_id})
    assert len(run) == 1 and _count_runs(warehouse) == runs_before + 1
    row = run.iloc[0]
    assert (row["kind"], row["file_name"]) == (kind, shown_name(path))  # the name, personal data masked
    assert row["file_sha256"] == digest(path)
    assert row["started_at"] <= row["finished_at"]
    assert (row["rows_read"], row["rows_loaded"], row["rows_updated"], row["rows_rejected"]) == (
        result.rows_read,
        result.rows_loaded,
        result.rows_updated,
        result.rows_rejected,
    )
    rejects = query(warehouse, "select * from import_rejects where run_id = $id", {"id": result.run_id})
    assert rejects["row_number"].nunique() == result.rows_rejected
    assert len(rejects) == len(result.errors)
    assert (result.exit_code == 1) == (result.rows_rejected > 0)
    return result


def _count_runs(warehouse: Path) -> int:
    try:
        return int(query(warehouse, "select count(*) as n from import_runs").at[0, "n"])
    except duckdb.CatalogException:
        return 0


def copy_warehouse(source: Path, directory: Path) -> Path:
    target = directory / "warehouse.duckdb"
    shutil.copyfile(source, target)
    return target


def messages(result: ImportResult) -> list[str]:
    return [e["message"] for e in result.errors]
