"""The caller's number (来电号码) of a 12345 work order, kept only as a keyed hash.

一人多诉 (one caller, many requests) needs to know that two calls came from the same number, never the
number itself. So the importer reads a 来电号码 column, normalises each number (digits only, a leading
+86 / 0086 dropped, a landline given with the country code gets its trunk 0 back: 010-12345678,
+86 10 1234 5678 and ０１０１２３４５６７８ are one number), keeps HMAC-SHA256 of it under the office's key
(the first 128 bits, as 32 hex digits: half the bytes, and no collision in any number of calls the city
will ever take) and drops the number: it is in no table, no reject, no run log, no message.

The key is a file named by $DASHBOARD_CALLER_KEY_FILE (default data/caller-key beside the warehouse,
not committed): 32 random bytes as hex, made with mode 0600 on first use if missing, like deploy's proxy
secret, refused if others may read it. It is never in the warehouse, so the warehouse alone cannot
tell a number from its hash (a number has few digits: without the key, hashing every possible number
would find it). Keep the file with the server's other secrets; a new key makes new hashes, so a caller
before and after the change is not recognised as one.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import stat
import unicodedata
from hashlib import sha256
from pathlib import Path

import pandas as pd

KEY_ENV = "DASHBOARD_CALLER_KEY_FILE"
DEFAULT_KEY_FILE = Path(__file__).resolve().parents[1] / "caller-key"
HASH_DIGITS = 32
_HASH = re.compile(r"[0-9a-f]{32}")
_KEY = re.compile(r"[0-9a-f]{64}")
MIN_DIGITS, MAX_DIGITS = 5, 15  # 12345-style service numbers up to international ones (E.164: 15)


class CallerKeyError(RuntimeError):
    """The key file cannot be used; the message is Chinese, for the person importing, and never holds the key."""


def key_path() -> Path:
    return Path(os.environ.get(KEY_ENV) or DEFAULT_KEY_FILE)


def load_key(path: Path | None = None) -> bytes:
    """The office's key: read from its file, or made there (0600) when there is none yet."""
    path = Path(path or key_path())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    except OSError as error:
        raise CallerKeyError(f"无法创建来电号码的加密密钥文件 {path}（{type(error).__name__}）；请检查 {KEY_ENV}") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return _read(path)


def _read(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CallerKeyError(f"来电号码的加密密钥 {path} 不是普通文件")
        if info.st_mode & 0o077:
            raise CallerKeyError(
                f"来电号码的加密密钥文件 {path} 其他用户可读（权限 {info.st_mode & 0o777:o}）：请执行 chmod 600 {path}"
            )
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise CallerKeyError(f"无法读取来电号码的加密密钥文件 {path}（{type(error).__name__}）") from None
    if not _KEY.fullmatch(text):
        raise CallerKeyError(f"来电号码的加密密钥文件 {path} 内容不对（应为 64 位十六进制数字）")
    return bytes.fromhex(text)


def normalise(number: str) -> str | None:
    """The number as digits, the way one caller always comes out the same; None if it is not a number."""
    text = unicodedata.normalize("NFKC", number).strip()
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    international = text.startswith("+") or digits.startswith("0086")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif international and digits.startswith("86"):
        digits = digits[2:]
    elif digits.startswith("86") and len(digits) == 13 and digits[2] == "1":  # 8613812345678: a mobile with 86
        digits = digits[2:]
        international = True
    if international and not (len(digits) == 11 and digits.startswith("1")) and not digits.startswith("0"):
        digits = "0" + digits  # +86 10 12345678 is 010 12345678
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or re.search(r"[A-Za-z\u4e00-\u9fff]", text):
        return None
    return digits


def hash_number(digits: str, key: bytes) -> str:
    return hmac.new(key, digits.encode("ascii"), sha256).hexdigest()[:HASH_DIGITS]


def is_hash(value: str) -> bool:
    """A value that is already a caller hash (a file exported from the warehouse, imported again)."""
    return bool(_HASH.fullmatch(value))


def hashes(numbers: pd.Series, key: bytes) -> tuple[pd.Series, pd.Series]:
    """Each cell's hash (None where empty or not a number), and which cells are not numbers."""
    out, bad = [], []
    for cell in numbers.astype(str):
        if not cell.strip():
            out.append(None)
            bad.append(False)
        elif is_hash(cell.strip().lower()):
            out.append(cell.strip().lower())
            bad.append(False)
        else:
            digits = normalise(cell)
            out.append(hash_number(digits, key) if digits else None)
            bad.append(digits is None)
    return pd.Series(out, index=numbers.index, dtype=object), pd.Series(bad, index=numbers.index, dtype=bool)
