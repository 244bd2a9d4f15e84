"""A user's remit as a value the query layer binds: which records (case rows, 诉求内容, coordinates,
drill-down lists, record exports) a session may read.

Aggregates are not scoped: every signed-in user sees the city's rankings. Records are.

The danger this type guards against is an *accidentally* unlimited scope. So "all records" is never
the absence of a value: it is `Scope.city()`, bound as an explicit `scope_all = true`. Empty code lists
never mean "no limit" in the SQL (an empty list matches nothing), and a scope with an empty set of
districts or streets cannot be built at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


class Restricted(NamedTuple):
    """The districts a link or filter asked for, cut to the scope."""

    districts: tuple[str, ...]  # what to filter by (empty: no district filter, city scope only)
    dropped: tuple[str, ...]  # asked for but outside the scope: tell the user
    narrowed: bool  # True when the result differs from what was asked


@dataclass(frozen=True)
class Scope:
    """`districts=None` (with `streets=None`) is the city; otherwise the codes the user may read.

    A street scope also names the street's district, so that district-level filters and tables without
    a street column are limited too.
    """

    districts: frozenset[str] | None
    streets: frozenset[str] | None = None

    def __post_init__(self) -> None:
        for name in ("districts", "streets"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, str):  # frozenset("110105") would be six one-character codes
                raise TypeError(f"Scope.{name} must be a collection of codes, not a string")
            codes = frozenset(value)
            if not codes:
                raise ValueError(f"Scope.{name} is empty: a scope that names no area would read nothing or everything")
            if not all(isinstance(code, str) and code for code in codes):
                raise ValueError(f"Scope.{name} holds a code that is not a non-empty string")
            object.__setattr__(self, name, codes)
        if self.districts is None and self.streets is not None:
            raise ValueError("a street scope must name its districts too")
        if self.streets is not None and any(street[:6] not in self.districts for street in self.streets):
            raise ValueError("a street outside the scope's districts")

    @classmethod
    def city(cls) -> Scope:
        return cls(None, None)

    @classmethod
    def of_districts(cls, codes: Iterable[str]) -> Scope:
        return cls(frozenset(codes), None)

    @classmethod
    def of_street(cls, code: str) -> Scope:
        return cls(frozenset({code[:6]}), frozenset({code}))

    @property
    def is_all(self) -> bool:
        return self.districts is None

    @property
    def default_districts(self) -> tuple[str, ...]:
        """The districts the filters open on: the user's own (none, i.e. the whole city, for 市级)."""
        return () if self.districts is None else tuple(sorted(self.districts))

    def key(self) -> tuple:
        """The scope as plain sorted tuples: a cache key that is the same for equal scopes in every process
        (a frozenset's order is not, and Streamlit's hashing would otherwise fall back on its pickle)."""
        return (
            None if self.districts is None else tuple(sorted(self.districts)),
            None if self.streets is None else tuple(sorted(self.streets)),
        )

    def bind(self) -> dict[str, object]:
        """Named parameters for `sql()`'s condition. Only `scope_all` and `scope_any_street` widen it."""
        return {
            "scope_all": self.is_all,
            "scope_districts": [] if self.districts is None else sorted(self.districts),
            "scope_any_street": self.streets is None,
            "scope_streets": [] if self.streets is None else sorted(self.streets),
        }

    @staticmethod
    def sql(district_column: str = "district_code", street_column: str | None = "street_code") -> str:
        """The condition a record query adds to its WHERE, with `bind()`'s parameters (DuckDB, `$name`).

        A table without a street column (`street_column=None`) shows a street-scoped user nothing
        rather than the whole district.
        """
        for column in (district_column, street_column):
            if column is not None and not _COLUMN.fullmatch(column):
                raise ValueError(f"not a column name: {column!r}")
        # Every parameter of bind() appears (DuckDB refuses unused ones). Without a street column the
        # street test compares with NULL, which is never true; coalesce keeps the whole condition a plain
        # true/false, so that even NOT(...) cannot turn an unknown into a match.
        street = street_column or "CAST(NULL AS VARCHAR)"
        return (
            f"coalesce($scope_all OR (list_contains(CAST($scope_districts AS VARCHAR[]), {district_column}) AND "
            f"($scope_any_street OR list_contains(CAST($scope_streets AS VARCHAR[]), {street}))), false)"
        )

    def allows(self, district: str | None, street: str | None = None) -> bool:
        """Whether one record (or a whole district's records, street=None) is inside the scope."""
        if self.is_all:
            return True
        if district not in self.districts:
            return False
        if self.streets is None:
            return True
        return street is not None and street in self.streets

    def restrict(self, requested: Iterable[str]) -> Restricted:
        """Cut the districts a link asks for to the scope; if none is left, the user's own districts.

        A 朝阳 user opening `?district=110101` gets 朝阳's records and a notice, never 东城's.
        """
        asked = tuple(dict.fromkeys(requested))
        if self.is_all:
            return Restricted(asked, (), False)
        kept = tuple(code for code in asked if code in self.districts)
        dropped = tuple(code for code in asked if code not in self.districts)
        if not kept:
            kept = self.default_districts
        return Restricted(kept, dropped, kept != asked)
