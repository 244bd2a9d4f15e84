"""Which district and street codes exist: the checks behind every grant.

District codes are the 16 of Beijing (../shared/DOMAIN.md), read from the warehouse when one is given,
else from the one list in the code base (data/geography.py). Street codes are the district's code and
three digits; with a warehouse, the street must also be in its `streets` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from access import texts

STREET_CODE = re.compile(r"\d{9}")


class BadCode(ValueError):
    """A district or street code that does not exist; the message is Chinese, for the person who typed it."""


@dataclass(frozen=True)
class Areas:
    districts: frozenset[str]
    streets: frozenset[str] | None  # None: no warehouse to look streets up in, so the format is all we check

    def check_district(self, code: str) -> str:
        if code not in self.districts:
            raise BadCode(texts.BAD_DISTRICT.format(code=code))
        return code

    def check_street(self, code: str) -> str:
        if not STREET_CODE.fullmatch(code) or code[:6] not in self.districts:
            raise BadCode(texts.BAD_STREET_FORMAT.format(code=code))
        if self.streets is not None and code not in self.streets:
            raise BadCode(texts.UNKNOWN_STREET.format(code=code))
        return code


def known(warehouse: Path | None = None) -> Areas:
    """The codes to check grants against: from `warehouse` if given, else the built-in district list."""
    if warehouse is None:
        from data.geography import DISTRICT_BY_CODE

        return Areas(frozenset(DISTRICT_BY_CODE), None)
    import duckdb

    # Attached read-only, as the dashboard does (queries.connect), so a running app is not disturbed.
    con = duckdb.connect()
    try:
        literal = str(Path(warehouse)).replace("'", "''")  # a path from our own command line, not from a browser
        con.execute(f"attach '{literal}' as warehouse (read_only)")
        districts = frozenset(row[0] for row in con.execute("select district_code from warehouse.districts").fetchall())
        streets = frozenset(row[0] for row in con.execute("select street_code from warehouse.streets").fetchall())
    finally:
        con.close()
    return Areas(districts, streets)
