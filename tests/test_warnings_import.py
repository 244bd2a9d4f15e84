"""来电号码 in an import file (一人多诉 needs it): only a keyed hash is stored, the number nowhere (cases,
import_rejects, import_runs, messages), the same number always the same hash whatever its spelling, another
key another hash; the key file is made 0600 outside the warehouse and refused when others may read it.
地址 and 办理时限 load with the case."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from test_import_helpers import CASE_HEADER, copy_warehouse, csv_bytes, good_case, query, run_import, write

from data.importer import callers

NUMBER = "13812345678"
SPELLINGS = ["138-1234-5678", "+86 138 1234 5678", "008613812345678", "１３８１２３４５６７８", "(+86)13812345678"]
HEADER = [*CASE_HEADER, "地址", "来电号码", "办理时限"]


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "secrets" / "caller-key"
    monkeypatch.setenv(callers.KEY_ENV, str(path))
    return path


@pytest.fixture
def warehouse(warehouse_path: Path, tmp_path: Path) -> Path:
    return copy_warehouse(warehouse_path, tmp_path)


def _rows(numbers: list[str], **overrides: str) -> list[dict]:
    return [
        good_case(f"CALL-{i}", 来电号码=number, 地址="东城区东华门街道和平小区3号楼东侧", **overrides)
        for i, number in enumerate(numbers)
    ]


def _import(tmp_path: Path, warehouse: Path, rows: list[dict], name: str = "calls.csv"):
    return run_import("cases", write(tmp_path / name, csv_bytes(HEADER, rows)), warehouse)


def _every_text_cell(warehouse: Path) -> str:
    """Everything the import wrote, as text: its cases, its rejects and its run."""
    return "\n".join(
        query(warehouse, sql).astype(str).to_csv()
        for sql in (
            "select * from cases where case_id like 'CALL-%'",
            "select * from import_rejects",
            "select * from import_runs",
        )
    )


def test_a_file_with_caller_numbers_stores_no_number_anywhere(tmp_path, warehouse, key_file):
    # One good number in several spellings, one that is no number, one row rejected for another reason.
    rows = [*_rows(SPELLINGS), *_rows(["13912345678abc"]), good_case("CALL-BAD", 来电号码="13712345678", 受理时间="明天上午")]
    result = _import(tmp_path, warehouse, rows)
    assert result.rows_loaded == len(SPELLINGS) and result.rows_rejected == 2
    stored = _every_text_cell(warehouse)
    for digits in ("13812345678", "13912345678", "13712345678", "1381234", "12345678"):
        assert digits not in stored
    anywhere = query(
        warehouse,
        "select count(*) as n from cases where concat_ws('|', address, description, caller_hash, case_id) similar to '.*1[379]812345678.*'",
    )
    assert int(anywhere.at[0, "n"]) == 0
    answer = json.dumps(result.summary(), ensure_ascii=False)
    assert "13912345678" not in answer and "13712345678" not in answer
    rejected = query(warehouse, "select column_name, value, reason from import_rejects")
    assert "（不保存原值）" in set(rejected.loc[rejected["column_name"] == "来电号码", "value"])
    assert rejected["reason"].str.contains("不是有效的电话号码").any()


def test_the_same_number_gives_the_same_hash_whatever_its_spelling(tmp_path, warehouse, key_file):
    _import(tmp_path, warehouse, _rows(SPELLINGS))
    hashes = query(warehouse, "select distinct caller_hash from cases where case_id like 'CALL-%'")["caller_hash"]
    assert len(hashes) == 1
    (value,) = hashes
    assert len(value) == 32 and int(value, 16) >= 0
    assert value == callers.hash_number(NUMBER, callers.load_key(key_file))


def test_a_landline_with_or_without_the_country_code_is_one_caller(key_file):
    key = callers.load_key()
    forms = ["010-6512 3456", "(010)65123456", "+86 10 6512 3456", "0086-10-65123456"]
    assert {callers.hash_number(callers.normalise(f), key) for f in forms} == {callers.hash_number("01065123456", key)}
    assert callers.normalise("12345") == "12345"  # a service number is a number
    assert callers.normalise("无") is None and callers.normalise("1234") is None


def test_another_key_gives_another_hash(tmp_path, warehouse_path, monkeypatch):
    found = []
    for name in ("key-a", "key-b"):
        monkeypatch.setenv(callers.KEY_ENV, str(tmp_path / f"{name}.key"))
        target = tmp_path / name / "warehouse"
        target.mkdir(parents=True)
        warehouse = copy_warehouse(warehouse_path, target)
        _import(target, warehouse, _rows([NUMBER]))
        found.append(query(warehouse, "select caller_hash from cases where case_id = 'CALL-0'").at[0, "caller_hash"])
    assert found[0] != found[1]


def test_the_key_file_is_made_private_on_first_use_and_kept(key_file):
    assert not key_file.exists()
    first = callers.load_key()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert callers.load_key() == first and len(first) == 32


def test_a_key_file_others_may_read_is_refused_and_nothing_is_written(tmp_path, warehouse, key_file):
    callers.load_key()
    os.chmod(key_file, 0o644)
    result = _import(tmp_path, warehouse, _rows([NUMBER]))
    assert result.exit_code == 2 and "chmod 600" in result.refused
    assert NUMBER not in result.refused


def test_a_file_without_numbers_needs_no_key_and_keeps_the_hashes_it_has(tmp_path, warehouse, key_file):
    _import(tmp_path, warehouse, _rows([NUMBER]))
    before = query(warehouse, "select caller_hash from cases where case_id = 'CALL-0'").at[0, "caller_hash"]
    key_file.unlink()
    # The same case again, without the 来电号码 column: its caller stays as it was, no key is needed.
    header = [h for h in HEADER if h != "来电号码"]
    again = run_import("cases", write(tmp_path / "again.csv", csv_bytes(header, _rows([NUMBER]))), warehouse)
    assert again.rows_updated == 1
    assert query(warehouse, "select caller_hash from cases where case_id = 'CALL-0'").at[0, "caller_hash"] == before
    assert not key_file.exists()


def test_address_and_deadline_load_with_the_case(tmp_path, warehouse, key_file):
    rows = [
        good_case("ADDR-1", 地址="东城区东华门街道 和平小区３号楼 东侧", 办理时限="2023-01-12 08:00"),
        good_case("ADDR-2", 地址="东城区东华门街道和平小区3号楼东侧，王先生家1502室", 办理时限="2022-12-01"),
    ]
    result = _import(tmp_path, warehouse, rows)
    assert result.rows_loaded == 1 and result.rows_rejected == 1  # a deadline before the report is refused
    loaded = query(warehouse, "select address, due_at from cases where case_id = 'ADDR-1'").iloc[0]
    assert loaded["address"] == "东城区东华门街道和平小区3号楼东侧"  # one address, one spelling
    assert str(loaded["due_at"]).startswith("2023-01-12 08:00")
    assert "办理时限" in result.errors[0]["message"]


def test_an_address_is_masked_like_any_free_text(tmp_path, warehouse, key_file):
    _import(tmp_path, warehouse, [good_case("ADDR-3", 地址="东城区东华门街道和平小区3号楼1502室，联系人张先生13812345678")])
    address = query(warehouse, "select address from cases where case_id = 'ADDR-3'").at[0, "address"]
    assert "1502" not in address and NUMBER not in address and "张先生" not in address
    assert address.startswith("东城区东华门街道和平小区3号楼")
