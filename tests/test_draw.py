"""What pages share between reruns and sessions: query results, drawn charts, maps and tables.

A cache that answered one view with another's chart would be worse than no cache; these check
that drawn elements are keyed on the named query and its parameters (never on a builder's
name), that a new warehouse is a new key, and that what is handed out cannot be changed for others.
"""

from __future__ import annotations

import json
import os
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tests.test_pages import CHAOYANG, _demo_warehouse, _navigation_as_on_a_running_server, chart, open_page  # noqa: F401
from ui import data, draw, formats

YANQING = "110119"


def test_a_named_query_is_keyed_on_its_parameters_and_the_warehouse_file(monkeypatch, warehouse_path):
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_path))
    start, end = date(2023, 1, 1), date(2023, 9, 1)
    one = data.named("area_rates", districts=[CHAOYANG], start=start, end=end)
    same = data.named("area_rates", end=end, districts=(CHAOYANG,), start=start)
    other = data.named("area_rates", districts=[YANQING], start=start, end=end)
    assert one.key() == same.key()  # lists and tuples, any keyword order: the same question
    assert one.key() != other.key()
    # A rebuilt or imported warehouse is a new file modification time, so a new key.
    stat = os.stat(warehouse_path)
    try:
        os.utime(warehouse_path, (stat.st_atime, stat.st_mtime + 10))
        assert data.named("area_rates", **dict(one.params)).key() != one.key()
    finally:
        os.utime(warehouse_path, (stat.st_atime, stat.st_mtime))


def _figure_titled(title: str):
    def builder(frame: pd.DataFrame) -> go.Figure:
        return go.Figure(layout={"title": {"text": f"{title} {len(frame)}"}})

    return builder


def test_the_builder_passed_is_the_one_that_runs(monkeypatch, warehouse_path):
    """Two builders of the same name from different places each draw their own chart (the old
    cache looked builders up by name in ui.charts, so another module's ran ui.charts' instead)."""
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_path))
    first, second = _figure_titled("甲"), _figure_titled("乙")
    first.__qualname__ = second.__qualname__ = "same_name"
    first.__module__ = "pages.one"
    second.__module__ = "pages.two"
    drawn = []
    monkeypatch.setattr(st, "plotly_chart", lambda figure, **_: drawn.append(figure.layout.title.text))
    districts = data.named("districts")
    draw.chart(first, districts, key="draw_test_a")
    draw.chart(second, districts, key="draw_test_b")
    assert drawn == ["甲 16", "乙 16"]


def test_a_page_changing_its_query_result_changes_nobody_elses(monkeypatch, warehouse_path):
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_path))
    first = data.query("districts")
    names = list(first["name"])
    first["name"] = "改掉"
    first.loc[0, "population"] = -1
    again = data.query("districts")
    assert list(again["name"]) == names
    assert (again["population"] > 0).all()


def _district_names_in(spec: dict) -> set[str]:
    return {str(y) for trace in spec["data"] for y in (trace.get("y") or []) if str(y).endswith("区")}


def test_drawn_charts_follow_the_filters_across_sessions():
    city = open_page("villages")
    chaoyang = open_page("villages", district=CHAOYANG)
    yanqing = open_page("villages", district=YANQING)
    chaoyang_again = open_page("villages", district=CHAOYANG)

    assert len(_district_names_in(chart(city, "villages_volunteer_district"))) == 16
    assert _district_names_in(chart(chaoyang, "villages_volunteer_district")) == {"朝阳区"}
    assert _district_names_in(chart(yanqing, "villages_volunteer_district")) == {"延庆区"}
    # The same view in another session is the same chart, replayed.
    assert chart(chaoyang_again, "villages_volunteer_district") == chart(chaoyang, "villages_volunteer_district")

    # Maps too (the page's one map): 延庆's village map is centred elsewhere than 朝阳's.
    def centre(at) -> tuple[float, float]:
        (map_element,) = at.get("deck_gl_json_chart")
        view = json.loads(map_element.proto.json)["initialViewState"]
        return view["longitude"], view["latitude"]

    assert centre(yanqing) != centre(chaoyang) == centre(chaoyang_again)


def _civilized_table(at):
    (table,) = [d for d in at.dataframe if "下次复查" in d.value.columns]  # the civilized alleys' reviews
    return table


def test_drawn_tables_follow_the_filters_across_sessions_with_their_number_formats():
    city = _civilized_table(open_page("alleys")).value
    chaoyang_table = _civilized_table(open_page("alleys", district=CHAOYANG))
    chaoyang = chaoyang_table.value
    yanqing = _civilized_table(open_page("alleys", district=YANQING)).value
    chaoyang_again = _civilized_table(open_page("alleys", district=CHAOYANG)).value

    assert city["区"].nunique() > 2
    assert set(chaoyang["区"]) == {"朝阳区"}
    assert set(yanqing["区"]) == {"延庆区"}
    assert len(chaoyang) + len(yanqing) < len(city)
    # The same view in another session is the same table, replayed, with its headers and formats.
    pd.testing.assert_frame_equal(chaoyang_again, chaoyang)
    assert chaoyang["下次复查"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    # Scores to one decimal, as the cards write them (tables showed 146108 where cards showed 146,108).
    config = json.loads(chaoyang_table.proto.columns)
    assert config["最新月评分"]["type_config"]["format"] == "%.1f"


def test_table_formats_follow_the_kind_of_each_column():
    frame = pd.DataFrame({"cases": [146108], "satisfaction_rate": [95.46], "survey_satisfaction": [97.35], "alley_score": [92.1]})
    formats_by_header = {header: column["type_config"]["format"] for header, column in draw.column_formats(frame).items()}
    assert formats_by_header == {
        "问题数（件）": "localized",
        "满意率（%）": "%.1f",
        "群众满意度（%）": "localized",
        "月评均分": "%.1f",
    }
    assert formats.count(146108, "件") == "146,108 件"
    # The survey in the browser's locale: 97.35 and 97.5, trailing zeros dropped as on the cards (97.5%).
