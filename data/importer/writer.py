"""Write an import into the warehouse all at once, or not at all.

The dashboard keeps a read-only connection to the warehouse file, so the import never
writes to that file: it copies it beside itself, writes into the copy in one
transaction, checkpoints, and moves the copy over the original with `os.replace`. A
reader sees the old file or the new one, never a half-written one, and the app notices
the new modification time. Anything that fails or is interrupted before the move leaves
the original untouched and the copy deleted. A lock file keeps two imports apart.

A copy outlives its import only if the process was killed outright (kill -9, power loss):
the next import, holding the lock, deletes such copies once their process is gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data import dictionary, rollups
from data.importer.columns import KindSpec
from data.importer.errors import FileRefused, os_error_text
from data.importer.masking import mask_series, mask_text
from data.importer.validate import Validated

# Every DuckDB file carries this at byte 8; anything else at --warehouse is not a warehouse.
DUCKDB_MAGIC, DUCKDB_MAGIC_AT = b"DUCK", 8
COPY_SUFFIX = ".tmp-import-"
IMPORT_TABLES = tuple(dictionary.TABLE_BY_NAME[name] for name in dictionary.IMPORT_LOG_TABLES)
# Tables whose dates define the data period the dashboard's period filter offers.
PERIOD_DATES = (("cases", "reported_at"), ("alley_inspections", "inspected_on"), ("alley_supervisions", "listed_on"))


def _foreign_key_columns() -> dict[str, set[str]]:
    """Per table referenced by another, its own columns that carry a REFERENCES constraint.

    DuckDB updates a row whose indexed columns (foreign keys are indexed) appear in the SET
    as a delete and an insert, which a referenced row cannot survive even when the value is
    unchanged. So upserts leave these columns out, and a separate update changes them only
    where they differ (validation has already kept aside rows that would move a referenced one).
    """
    referenced = {
        c.constraint.split("REFERENCES ", 1)[1].split("(", 1)[0]
        for t in dictionary.TABLES
        for c in t.columns
        if "REFERENCES " in c.constraint
    }
    return {
        t.name: {c.name for c in t.columns if "REFERENCES " in c.constraint} for t in dictionary.TABLES if t.name in referenced
    }


FOREIGN_KEYS_OF_PARENTS = _foreign_key_columns()


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.name}.import.lock")


@contextmanager
def exclusive_lock(warehouse: Path) -> Iterator[list[str]]:
    """Hold the warehouse's import lock, or refuse at once if another import holds it.

    Yields the names of stale copies removed on the way in (see `remove_stale_copies`).
    """
    if not warehouse.parent.is_dir():
        raise FileRefused(
            f"仓库所在的文件夹不存在：{warehouse.parent}；请检查 --warehouse 或环境变量 DASHBOARD_WAREHOUSE，"
            "或先运行 python -m data build"
        )
    path = lock_path(warehouse)
    try:
        handle = open(path, "a+")  # held for the whole import; closing it releases the lock
    except OSError as error:
        raise FileRefused(f"无法在仓库旁创建导入锁文件 {path.name}：{os_error_text(error)}；本次没有写入任何内容") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FileRefused(f"另一个导入正在进行（{path.name} 已被锁定），请等它结束后再试；本次没有写入任何内容") from None
        yield remove_stale_copies(warehouse)
    finally:
        handle.close()  # closing releases the lock; the file stays so that the lock is always on the same inode


def remove_stale_copies(warehouse: Path) -> list[str]:
    """Delete the copies (and their logs) of imports that were killed before they could clean up.

    Called with the lock held, so no import of this warehouse is running in a way that could
    still use one; and a copy is kept anyway while a process with its PID may have written it.
    """
    removed = []
    pattern = re.compile(re.escape(warehouse.name) + re.escape(COPY_SUFFIX) + r"(\d+)(?:\.wal)?")
    for path in sorted(warehouse.parent.glob(glob.escape(warehouse.name) + COPY_SUFFIX + "*")):
        match = pattern.fullmatch(path.name)
        if match is None or int(match[1]) == os.getpid():  # our own copy is WarehouseCopy's to remove
            continue
        try:
            modified = path.stat().st_mtime
        except FileNotFoundError:
            continue
        if _maker_may_be_running(int(match[1]), modified):
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path.name)
    return removed


def _maker_may_be_running(pid: int, modified: float) -> bool:
    """Whether the process `pid` may be the import that wrote a copy last modified at `modified`."""
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    started = _process_start(pid)
    # A process that started after the copy was last written cannot have written it: its PID was reused.
    return started is None or started <= modified + 2  # start times are known to about a second


def _process_start(pid: int) -> float | None:
    """When a process started (seconds since the epoch), from Linux's /proc; None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime"))
        return boot + int(stat[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None


class WarehouseCopy:
    """A private copy of the warehouse to write into; it replaces the original only on `commit`."""

    def __init__(self, warehouse: Path):
        self.warehouse = warehouse
        # Named like the build's temporary files (ignored by git, recognisable if a crash leaves one);
        # the PID lets a later import tell whether the process that made it is still running.
        self.path = warehouse.with_name(f"{warehouse.name}{COPY_SUFFIX}{os.getpid()}")
        self.con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> WarehouseCopy:
        check_warehouse_file(self.warehouse)
        self._remove()
        try:  # __exit__ does not run when __enter__ fails or is interrupted, so clean up here
            self._copy()
        except BaseException:
            self._remove()
            raise
        return self

    def _copy(self) -> None:
        try:
            shutil.copyfile(self.warehouse, self.path)
            wal = Path(f"{self.warehouse}.wal")
            if wal.exists():  # a writer that stopped before its checkpoint: keep its log with the copy
                shutil.copyfile(wal, f"{self.path}.wal")
            shutil.copymode(self.warehouse, self.path)
        except OSError as error:
            raise FileRefused(f"无法在仓库旁复制仓库文件：{os_error_text(error)}；仓库未作任何改动") from None
        try:
            self.con = duckdb.connect(str(self.path))
        except duckdb.Error:
            raise FileRefused(
                f"无法打开仓库文件 {self.warehouse.name}：它可能已损坏，或由不兼容的 DuckDB 版本生成；仓库未作任何改动"
            ) from None

    def commit(self) -> None:
        assert self.con is not None
        self.con.execute("checkpoint")
        self.con.close()
        self.con = None
        os.replace(self.path, self.warehouse)
        Path(f"{self.warehouse}.wal").unlink(missing_ok=True)

    def __exit__(self, *exc) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        self._remove()

    def _remove(self) -> None:
        self.path.unlink(missing_ok=True)
        Path(f"{self.path}.wal").unlink(missing_ok=True)


def check_warehouse_file(warehouse: Path) -> None:
    """Refuse, before copying anything, a warehouse path that is missing or is not a DuckDB file."""
    if not warehouse.exists():
        raise FileRefused(f"仓库文件不存在：{warehouse}；请先运行 python -m data build，或用 --warehouse 指定仓库")
    if not warehouse.is_file():
        raise FileRefused(f"仓库路径不是文件：{warehouse}；请用 --warehouse 指定 .duckdb 文件")
    try:
        with warehouse.open("rb") as f:
            head = f.read(DUCKDB_MAGIC_AT + len(DUCKDB_MAGIC))
    except OSError as error:
        raise FileRefused(f"无法读取仓库文件 {warehouse}：{os_error_text(error)}") from None
    if head[DUCKDB_MAGIC_AT:] != DUCKDB_MAGIC:
        raise FileRefused(f"仓库文件 {warehouse} 不是 DuckDB 数据库文件；请检查 --warehouse，或用 python -m data build 重新生成")


def ensure_import_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Warehouses built before imports existed get the two log tables (empty) on first import, and those
    built before a detail table was added (dictionary.ADDED_TABLES) get it, to import into."""
    existing = set(con.execute("select table_name from duckdb_tables() where schema_name = 'main'").df()["table_name"])
    added = tuple(dictionary.TABLE_BY_NAME[name] for name in dictionary.ADDED_TABLES)
    missing = tuple(t for t in IMPORT_TABLES + added if t.name not in existing)
    for statement in dictionary.create_statements(missing, if_not_exists=True) + dictionary.comment_statements(missing):
        con.execute(statement)


@dataclass
class RunRecord:
    run_id: str
    kind: str
    file_name: str
    file_sha256: str
    file_format: str
    sheet: str | None
    started_at: datetime
    notes: list[str]


def write_import(con: duckdb.DuckDBPyConnection, spec: KindSpec, validated: Validated, run: RunRecord) -> tuple[int, int]:
    """Upsert the good rows, log rejects and the run, refresh what depends on them; (loaded, updated)."""
    ensure_import_tables(con)
    con.execute("begin transaction")
    updated = _upsert(con, spec, validated.rows, spec.updated_columns(validated.present)) if len(validated.rows) else 0
    loaded = len(validated.rows) - updated
    _log(con, validated, run, loaded, updated)
    if len(validated.rows):
        _refresh_dependants(con, spec)
    _note_in_warehouse_info(con, run, loaded + updated)
    con.execute("commit")
    return loaded, updated


def _incoming(rows: pd.DataFrame, table: dictionary.Table) -> pd.DataFrame:
    """The rows with pandas types DuckDB maps onto the table's column types without guessing."""
    out = {}
    for column in table.columns:
        values = rows[column.name]
        sql_type = column.sql_type
        if sql_type in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT"):
            out[column.name] = pd.to_numeric(values, errors="raise").astype("Int64")
        elif sql_type == "DOUBLE":
            out[column.name] = pd.to_numeric(values, errors="raise").astype("float64")
        elif sql_type == "BOOLEAN":
            out[column.name] = values.astype("boolean")
        elif sql_type in ("DATE", "TIMESTAMP"):
            out[column.name] = pd.to_datetime(values).astype("datetime64[us]")
        else:
            out[column.name] = values.astype(object).where(values.notna(), None)
    return pd.DataFrame(out)


def _upsert(con: duckdb.DuckDBPyConnection, spec: KindSpec, rows: pd.DataFrame, update: list[str]) -> int:
    """Insert new rows; for ids already there, overwrite only `update` (columns the file speaks for)."""
    table = dictionary.TABLE_BY_NAME[spec.table]
    columns = [c.name for c in table.columns]
    key = list(spec.key)
    with _registered(con, "incoming_rows", _incoming(rows, table)):
        casts = ", ".join(f"cast({c.name} as {c.sql_type}) as {c.name}" for c in table.columns)
        # Names below come from the data dictionary, never from the file.
        con.execute(f"create or replace temp table incoming as select {casts} from incoming_rows")  # noqa: S608
    join = " and ".join(f"t.{k} = i.{k}" for k in key)
    updated = con.execute(f"select count(*) from incoming as i join {spec.table} as t on {join}").fetchone()[0]  # noqa: S608
    held = FOREIGN_KEYS_OF_PARENTS.get(spec.table, set())
    assignments = ", ".join(f"{c} = excluded.{c}" for c in columns if c in update and c not in held)
    conflict = f"do update set {assignments}" if assignments else "do nothing"
    con.execute(
        f"insert into {spec.table} ({', '.join(columns)}) select {', '.join(columns)} from incoming "  # noqa: S608
        f"on conflict ({', '.join(key)}) {conflict}"
    )
    for column in sorted(held & set(update)):
        con.execute(
            f"update {spec.table} as t set {column} = i.{column} from incoming as i "  # noqa: S608
            f"where {join} and t.{column} is distinct from i.{column}"
        )
    con.execute("drop table incoming")
    return int(updated)


def _log(con: duckdb.DuckDBPyConnection, validated: Validated, run: RunRecord, loaded: int, updated: int) -> None:
    finished = datetime.now()
    con.execute(
        "insert into import_runs values ($run_id, $kind, $file_name, $sha, $format, $sheet, $started, $finished, "
        "$read, $loaded, $updated, $rejected, $notes)",
        {
            "run_id": run.run_id,
            "kind": run.kind,
            "file_name": run.file_name,
            "sha": run.file_sha256,
            "format": run.file_format,
            # The run log holds no personal data either: a sheet name, a column heading or a reason
            # that quotes a cell is text a person typed, and is masked like the cells themselves.
            "sheet": mask_text(run.sheet) if run.sheet else run.sheet,
            "started": run.started_at,
            "finished": finished,
            "read": validated.rows_read,
            "loaded": loaded,
            "updated": updated,
            "rejected": validated.rows_rejected,
            "notes": mask_text("\n".join(run.notes)) or None,
        },
    )
    problems = validated.problems
    if len(problems):
        rejects = pd.DataFrame(
            {
                "run_id": run.run_id,
                "file_name": run.file_name,
                "row_number": problems["row"].astype("int32"),
                "column_name": mask_series(problems["column"].astype(object)),
                "value": mask_series(problems["value"].astype(object)),
                "reason": mask_series(problems["reason"].astype(object)),
            }
        )
        with _registered(con, "incoming_rejects", rejects):
            con.execute("insert into import_rejects select * from incoming_rejects")


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> Iterator[None]:
    """A data frame visible to SQL as `name` for the block.

    After a failed statement DuckDB refuses everything in the transaction, unregistering
    included; that second error would hide the first (the one that says what went wrong).
    """
    con.register(name, frame)
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.Error):
            con.unregister(name)


def _refresh_dependants(con: duckdb.DuckDBPyConnection, spec: KindSpec) -> None:
    if spec.table in rollups.SOURCES or rollups.missing(con):
        # The pages read the rollups, so they are rebuilt from the detail in the same transaction
        # (also when the warehouse, written by an older version, lacks one).
        rollups.rebuild(con)
    if spec.table == "streets":
        con.execute(
            "update districts set street_count = (select count(*) from streets as s where s.district_code = districts.district_code)"
        )
    if spec.table in {table for table, _ in PERIOD_DATES}:
        _extend_period(con)


def _extend_period(con: duckdb.DuckDBPyConnection) -> None:
    """Widen data_start/data_end and calendar_months to cover imported dates, so the filters offer them."""
    info = dict(con.execute("select key, value from warehouse_info").fetchall())
    bounds = " union all ".join(
        f"select min({c})::date as lo, max({c})::date as hi from {t}"  # noqa: S608 - fixed names
        for t, c in PERIOD_DATES
    )
    lo, hi = con.execute(f"select min(lo), max(hi) from ({bounds})").fetchone()  # noqa: S608 - fixed names
    if lo is None:
        return
    start = min(lo, datetime.fromisoformat(info["data_start"]).date()) if info.get("data_start") else lo
    end = max(hi, datetime.fromisoformat(info["data_end"]).date()) if info.get("data_end") else hi
    _set_info(con, {"data_start": start.isoformat(), "data_end": end.isoformat()})
    con.execute(
        """
        insert into calendar_months
        select m::date, year(m), quarter(m), month(m), year(m) || '年' || month(m) || '月'
        from generate_series(date_trunc('month', $start::date), date_trunc('month', $end::date), interval 1 month) as g(m)
        where m::date not in (select month_start from calendar_months)
        """,
        {"start": start, "end": end},
    )


def _note_in_warehouse_info(con: duckdb.DuckDBPyConnection, run: RunRecord, rows_written: int) -> None:
    """Imported rows are counted in warehouse_info; is_demo stays as it is (see docs/IMPORT.md)."""
    previous = con.execute("select value from warehouse_info where key = 'imported_rows'").fetchone()
    total = (int(previous[0]) if previous else 0) + rows_written
    _set_info(
        con,
        {
            "imported_rows": str(total),
            "last_import_run": run.run_id,
            "last_import_at": run.started_at.isoformat(timespec="seconds"),
        },
    )


def _set_info(con: duckdb.DuckDBPyConnection, values: dict[str, str]) -> None:
    for key, value in values.items():
        con.execute(
            "insert into warehouse_info (key, value) values ($key, $value) on conflict (key) do update set value = excluded.value",
            {"key": key, "value": value},
        )
