"""The scope the query layer binds: a 区级 or 街乡镇级 user can never end up with every record."""

from __future__ import annotations

import duckdb
import pytest

from access.grants import Grant
from access.scope import Scope

ROWS = [
    ("110101", "110101001"),
    ("110101", "110101002"),
    ("110105", "110105001"),
    ("110105", "110105002"),
    ("110108", "110108001"),
]


def _visible(scope_params: dict, street_column: str | None = "street_code") -> list[tuple[str, str]]:
    con = duckdb.connect()
    con.execute("create table cases (district_code varchar, street_code varchar)")
    con.executemany("insert into cases values (?, ?)", ROWS)
    sql = "select district_code, street_code from cases where " + Scope.sql("district_code", street_column) + " order by all"
    return [tuple(row) for row in con.execute(sql, scope_params).fetchall()]


def test_city_sees_every_record():
    assert _visible(Scope.city().bind()) == sorted(ROWS)


def test_district_scope_sees_its_districts_only():
    assert _visible(Scope.of_districts(["110105", "110108"]).bind()) == sorted(r for r in ROWS if r[0] in {"110105", "110108"})


def test_street_scope_sees_its_street_only():
    assert _visible(Scope.of_street("110105002").bind()) == [("110105", "110105002")]


def test_street_scope_on_a_table_without_streets_sees_nothing():
    # Better nothing than the whole district: the street user's remit is one street.
    assert _visible(Scope.of_street("110105002").bind(), street_column=None) == []
    assert _visible(Scope.of_districts(["110105"]).bind(), street_column=None) == sorted(r for r in ROWS if r[0] == "110105")


@pytest.mark.parametrize("empty", [frozenset(), set(), [], ()])
def test_an_empty_scope_cannot_be_built(empty):
    with pytest.raises(ValueError):
        Scope(empty)
    with pytest.raises(ValueError):
        Scope.of_districts(empty)
    with pytest.raises(ValueError):
        Scope(frozenset({"110105"}), empty)


def test_a_code_string_is_not_taken_for_a_set_of_codes():
    with pytest.raises(TypeError):
        Scope("110105")


def test_a_street_scope_must_name_its_district():
    with pytest.raises(ValueError):
        Scope(None, frozenset({"110105001"}))
    with pytest.raises(ValueError):
        Scope(frozenset({"110101"}), frozenset({"110105001"}))


def test_only_the_explicit_flags_widen_and_empty_lists_match_nothing():
    # Someone building the parameters by hand (or a bug dropping the districts) gets no rows, not all rows.
    assert _visible({"scope_all": False, "scope_districts": [], "scope_any_street": True, "scope_streets": []}) == []
    assert _visible({"scope_all": False, "scope_districts": ["110105"], "scope_any_street": False, "scope_streets": []}) == []
    district = Scope.of_districts(["110105"]).bind()
    assert district["scope_all"] is False and district["scope_districts"] == ["110105"]
    street = Scope.of_street("110105001").bind()
    assert street["scope_all"] is False and street["scope_any_street"] is False and street["scope_streets"] == ["110105001"]


def test_scope_is_immutable():
    scope = Scope.of_districts(["110105"])
    with pytest.raises(AttributeError):
        scope.districts = None  # type: ignore[misc]


def test_a_link_to_another_district_shows_the_users_own():
    chaoyang = Scope.of_districts(["110105"])
    assert chaoyang.restrict(["110101"]) == (("110105",), ("110101",), True)
    assert chaoyang.restrict(["110101", "110105"]) == (("110105",), ("110101",), True)
    assert chaoyang.restrict(["110105"]) == (("110105",), (), False)
    assert chaoyang.restrict([]).districts == ("110105",)  # no filter: the filters open on the own district
    assert Scope.city().restrict(["110101"]) == (("110101",), (), False)


def test_default_districts_and_allows():
    assert Scope.city().default_districts == ()
    assert Scope.of_districts(["110108", "110105"]).default_districts == ("110105", "110108")
    assert Scope.of_street("110105001").default_districts == ("110105",)
    street = Scope.of_street("110105001")
    assert street.allows("110105", "110105001") and not street.allows("110105", "110105002") and not street.allows("110105")
    assert Scope.of_districts(["110105"]).allows("110105") and not Scope.of_districts(["110105"]).allows("110101")
    assert Scope.city().allows("110101", "110101001")


def test_sql_takes_column_names_only():
    with pytest.raises(ValueError):
        Scope.sql("district_code; drop table cases")


@pytest.mark.parametrize(
    ("role", "codes"),
    [("district", ()), ("street", ()), ("street", ("110105001", "110105002")), ("city", ("110105",)), ("admin", ())],
)
def test_a_grant_whose_codes_do_not_fit_its_role_has_no_scope(role, codes):
    with pytest.raises(ValueError):
        Grant("u", role, codes).scope  # noqa: B018
