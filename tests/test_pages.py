"""Every page, run headless from the entry script as Streamlit's AppTest guidance says, checked
for what a user reads: the title, the 示例数据 notice, the numbers in metrics and charts (against
the named queries with the same parameters), the shared filters and the link that carries them,
empty states, and a download for every table.

Two notes on how the app is driven here:

* A page is opened the way a link opens it: `AppTest.from_file(dashboard.py)`, optional query
  parameters, `switch_page("pages/x.py")`, one run. That first run goes through dashboard.py's
  frame (filters, demo notice) and st.navigation, like a browser opening /x?district=… .
* AppTest resets `PagesManager.uses_pages_directory` before every run, and with a pages/ folder
  beside the entry script Streamlit would then run the page file alone (its old "pages
  directory" mode) on every rerun, skipping the frame. A real server drops that mode for good
  once st.navigation has run, so `_navigation_as_on_a_running_server` does the same here; one
  test (`test_a_fresh_server_opening_a_deep_link_still_draws_the_frame`) runs without it.
* Filter changes are checked twice: through the link (one run) and through the sidebar widgets
  and page switches (reruns; these caught the period slider losing its range after the first run).
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from shown import shown
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

import queries
from access.scope import Scope
from data import rollups
from ui import columns, formats, labels

ROOT = Path(__file__).resolve().parents[1]
ENTRY = ROOT / "dashboard.py"
TITLES = {
    "overview": "总览",
    "cases": "接诉即办 · 创城+热线+网格",
    "satisfaction": "满意度",
    "alleys": "背街小巷 · 创城+街巷治理",
    "villages": "乡村振兴 · 创城+乡村振兴",
    "districts": "区域对比",
    "closed_loop": "闭环台账 · 创城抽查与挂牌督办",
}
# The default filters (ui/filters.py): the whole city, January of the last data year to its last month.
START, END, AS_OF = date(2023, 1, 1), date(2023, 9, 1), date(2023, 9, 30)
DEFAULT = {"districts": [], "start": START, "end": END}
CHAOYANG = "110105"
YANQING = "110119"
_ORIGINAL_PAGES_MANAGER_INIT = PagesManager.__init__


# --- fixtures and helpers ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _demo_warehouse(monkeypatch: pytest.MonkeyPatch, warehouse_path: Path) -> None:
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_path))


@pytest.fixture(autouse=True)
def _navigation_as_on_a_running_server(monkeypatch: pytest.MonkeyPatch) -> None:
    def init(self, *args, **kwargs):
        _ORIGINAL_PAGES_MANAGER_INIT(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(scope="module")
def q(warehouse_path: Path) -> Iterator[Callable[..., pd.DataFrame]]:
    """`q(name, **params)`: a named query against the fixture warehouse, as the pages run it (the pages'
    user here is the laptop's local user, whose scope is the city: tests/conftest.py)."""
    con = queries.connect(warehouse_path)
    yield lambda name, **params: queries.run(con, name, scope=Scope.city() if queries.is_record(name) else None, **params)
    con.close()


@pytest.fixture(scope="module")
def warehouse_without_yanqing_cases(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo warehouse in which 延庆 has no cases at all, roll-ups rebuilt."""
    path = tmp_path_factory.mktemp("no-yanqing-cases") / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, path)
    con = duckdb.connect(str(path))
    try:
        con.execute("delete from cases where district_code = ?", [YANQING])
        rollups.rebuild(con)
        left = con.execute("select count(*) from agg_cases_street_month where district_code = ?", [YANQING]).fetchone()
        assert left == (0,)
    finally:
        con.close()
    return path


def open_page(page: str, **link: str | list[str]) -> AppTest:
    """Open /page?link… in a new session: the entry script, the link, one run."""
    at = AppTest.from_file(str(ENTRY), default_timeout=60)
    for name, value in link.items():
        at.query_params[name] = value
    at.switch_page(f"pages/{page}.py")
    return at.run()


def _period(start: str, end: str) -> dict[str, str]:
    return {"from": start, "to": end}


def metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert len(values) == 1, f"expected one metric {label!r}, found {[m.label for m in at.metric]}"
    return values[0]


def _array(value) -> list:
    """Plotly's JSON arrays, plain or base64-typed ({'dtype': 'f8', 'bdata': …})."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def chart(at: AppTest, key: str) -> dict:
    """The Plotly spec of the chart drawn with `key=`."""
    found = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert len(found) == 1, f"no chart {key!r} among {[c.proto.id for c in at.get('plotly_chart')]}"
    return json.loads(found[0].proto.spec)


def trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def deck(at: AppTest, key: str) -> dict:
    found = [d for d in at.get("deck_gl_json_chart") if d.proto.id.endswith(f"-{key}")]
    assert len(found) == 1, f"no map {key!r}"
    return json.loads(found[0].proto.json)


def assert_ran_cleanly(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def infos(at: AppTest) -> list[str]:
    return [shown(i.value) for i in at.info]


# --- every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(TITLES))
def test_page_opens_with_its_title_the_demo_notice_and_downloads(page):
    at = open_page(page)
    assert_ran_cleanly(at)
    assert [shown(t.value) for t in at.title] == [TITLES[page]]
    assert any(labels.DEMO_BADGE in shown(w.value) for w in at.warning), [shown(w.value) for w in at.warning]
    downloads = [b.proto.label for b in at.get("download_button")]
    assert labels.DOWNLOAD_CSV in downloads and labels.DOWNLOAD_XLSX in downloads, downloads
    assert downloads.count(labels.DOWNLOAD_CSV) == downloads.count(labels.DOWNLOAD_XLSX)
    assert at.get("plotly_chart") or at.dataframe  # something to read, not only furniture


def test_default_filters_are_the_whole_city_from_january_to_the_last_month():
    at = open_page("overview")
    assert at.multiselect(key="filter_districts").value == []
    assert at.select_slider(key="filter_period").value == (START, END)
    assert "district" not in at.query_params  # the whole city: no district in the link
    # The period is always in the link, default or not: next month the default moves, the link must not.
    assert (at.query_params["from"], at.query_params["to"]) == ("2023-01", "2023-09")
    assert any("范围：全市" in shown(c.value) and "2023年1月—2023年9月" in shown(c.value) for c in at.caption)


# --- the numbers each page shows ------------------------------------------------------------


def test_overview_headline_figures_are_the_warehouse_numbers(q):
    at = open_page("overview")
    assert_ran_cleanly(at)
    stock = q("headline_figures", **DEFAULT, as_of=AS_OF).iloc[0]
    campaign = q("campaign_effect", districts=[], as_of=AS_OF).set_index("campaign_id").loc["ALL"]
    assert metric(at, "背街小巷") == f"{int(stock['alleys']):,} 条" == "5,393 条"
    assert metric(at, "首都文明街巷") == f"{int(stock['civilized_alleys']):,} 条"
    assert metric(at, "挂牌督办在办") == f"{int(stock['red_list_open']):,} 条"
    assert metric(at, "专项整治问题热线受理量") == f"{campaign['target_change_pct']:+.1f}%" == "-30.6%"
    assert metric(at, "乡情村史陈列室") == f"{int(stock['history_rooms']):,} 个" == "685 个"
    assert metric(at, "精神文明宣传视屏") == f"{int(stock['video_screens']):,} 块" == "1,226 块"
    assert metric(at, "志愿服务项目") == f"{int(stock['volunteer_projects']):,} 个"
    assert metric(at, "群众对创建成效的满意度") == "97.35%"
    rates = q("area_rates", **DEFAULT).iloc[0]
    assert metric(at, "12345 满意率") == f"{rates['satisfaction_rate']:.1f}%"


def test_overview_map_and_bars_show_each_districts_value(q):
    at = open_page("overview")
    measures = q("district_measures", **DEFAULT, as_of=AS_OF)
    expected = dict(zip(measures["name"], measures["satisfaction_rate"], strict=True))  # the default measure
    spec = deck(at, "overview_map")
    assert spec.get("mapProvider") is None and "://" not in str(spec.get("mapStyle") or "")
    features = next(layer for layer in spec["layers"] if layer["id"] == "districts")["data"]["features"]
    on_map = {f["properties"]["name"]: f["properties"]["value"] for f in features}
    assert on_map == {name: formats.measure("satisfaction_rate", value) for name, value in expected.items()}
    (bars,) = chart(at, "overview_bars")["data"]
    values = _array(bars["x"])
    assert values == sorted(values, reverse=True)  # best first (ties in any order)
    assert dict(zip(_array(bars["y"]), values, strict=True)) == pytest.approx(expected)


def test_cases_page_shows_the_case_ledger_numbers(q):
    at = open_page("cases")
    assert_ran_cleanly(at)
    rates = q("area_rates", **DEFAULT).iloc[0]
    assert metric(at, "受理问题") == formats.count(rates["cases"], "件")
    assert metric(at, "12345 满意率") == f"{rates['satisfaction_rate']:.1f}%"
    assert metric(at, "网格员主动发现占比") == f"{rates['grid_share']:.1f}%"

    sources = q("cases_by_month_source", **DEFAULT)
    spec = chart(at, "cases_sources")
    bars = [t for t in spec["data"] if t["type"] == "bar"]
    assert [t["name"] for t in bars] == list(labels.SOURCES.values())
    for source, name in labels.SOURCES.items():
        assert _array(trace(spec, name)["y"]) == sources.loc[sources["source"] == source, "cases"].tolist()
    assert sum(sum(_array(t["y"])) for t in bars) == sources["cases"].sum() == rates["cases"]
    months = pd.to_datetime(_array(trace(spec, "12345热线")["x"]))
    assert list(months) == list(pd.date_range(START, END, freq="MS"))

    campaign = q("campaign_effect", districts=[], as_of=AS_OF)
    target, others = chart(at, "cases_campaign_effect")["data"]
    assert _array(target["x"]) == pytest.approx(campaign["target_change_pct"].tolist())
    assert _array(others["x"]) == pytest.approx(campaign["others_change_pct"].tolist())
    assert _array(target["y"])[-1] == "<b>合计</b>"
    assert "-30.6%" in _array(target["text"])


def test_cases_page_rate_bars_are_drawn_against_the_city(q):
    at = open_page("cases")
    measures = q("district_measures", **DEFAULT, as_of=AS_OF)
    city = q("area_rates", **DEFAULT).at[0, "satisfaction_rate"]
    spec = chart(at, "cases_rate_bars")
    (bars,) = spec["data"]
    assert sorted(_array(bars["x"]), reverse=True) == _array(bars["x"])  # best first
    assert sorted(_array(bars["x"])) == pytest.approx(sorted(measures["satisfaction_rate"]))
    (line,) = spec["layout"]["shapes"]
    assert line["x0"] == line["x1"] == pytest.approx(city)


def test_satisfaction_page_survey_chart_is_the_survey_table(q):
    at = open_page("satisfaction")
    assert_ran_cleanly(at)
    survey = q("survey_satisfaction", start=date(2020, 1, 1), end=END)
    city_rows = survey[survey["area_code"] == "110000"]
    spec = chart(at, "satisfaction_survey")
    city = trace(spec, "全市")
    assert _array(city["x"]) == [formats.quarter(p) for p in city_rows["period"]]
    assert _array(city["y"]) == pytest.approx(city_rows["satisfaction_pct"].tolist())
    assert 97.35 in _array(city["y"])
    assert _array(city["x"])[-1] == "2023年三季度"
    assert [t["name"] for t in spec["data"]] == ["全市"]  # no district chosen, no district lines
    targets = [s for s in spec["layout"]["shapes"] if s.get("y0") == s.get("y1") == 97.0]
    assert len(targets) == 1  # the default target line, 97%

    hotline = q("hotline_satisfaction_by_month", start=START, end=END)
    city_line = _array(trace(chart(at, "satisfaction_hotline"), "全市")["y"])
    assert city_line == pytest.approx(hotline.loc[hotline["district_code"] == "110000", "satisfaction_rate"].tolist())
    monthly = hotline[hotline["district_code"] != "110000"].groupby("month_start")[["satisfied", "rated"]].sum()
    pooled = (monthly["satisfied"] / monthly["rated"] * 100).tolist()  # the city is its districts pooled
    assert city_line == pytest.approx(pooled, abs=0.05)


def test_alleys_page_red_list_metrics_count_the_open_listings(q):
    at = open_page("alleys")
    assert_ran_cleanly(at)
    red_list = q("red_list", districts=[], start=START, as_of=AS_OF)
    open_list = red_list[red_list["status"] != "delisted"]
    assert len(open_list) > 0
    assert metric(at, "挂牌督办在办") == f"{len(open_list):,} 条"
    assert metric(at, "逾期未整改") == f"{int(open_list['is_overdue'].sum()):,} 条"
    assert metric(at, "背街小巷") == "5,393 条"
    stages = chart(at, "alleys_red_status")["data"]
    assert sum(sum(_array(t["y"])) for t in stages) == len(open_list)
    overdue = trace(chart(at, "alleys_red_status"), "已逾期")
    assert sum(_array(overdue["y"])) == int(open_list["is_overdue"].sum())
    # The list shows each listing's stage in words, as the downloads do.
    (shown,) = [d.value for d in at.dataframe if "整改期限" in d.value.columns]
    assert set(shown["状态"]) <= {"已挂牌", "整改中", "已复查待摘牌"} and len(shown) == len(open_list)


def test_villages_page_counts_history_rooms_and_screens(q):
    at = open_page("villages")
    assert_ran_cleanly(at)
    assert at.toggle(key="villages_agri_only").value is True
    rows = q("village_coverage", districts=[], agricultural_only=True, as_of=AS_OF)
    coverage, total = rows[rows["district_code"].notna()], rows[rows["district_code"].isna()].iloc[0]
    assert (
        metric(at, "乡情村史陈列室") == f"{coverage['history_rooms'].sum():,} 个" == f"{total['history_rooms']:,} 个" == "685 个"
    )
    assert metric(at, "精神文明宣传视屏") == f"{coverage['video_screens'].sum():,} 块" == "1,226 块"
    assert len(coverage) == 13
    spec = chart(at, "villages_facilities")
    rooms = trace(spec, "乡情村史陈列室（个）")
    on_chart = dict(zip(_array(rooms["y"]), _array(rooms["x"]), strict=True))
    assert on_chart == dict(zip(coverage["district_name"], coverage["history_rooms"], strict=True))
    # The villages still without a history room are one click away, counted in the label.
    points = q("village_points", districts=[], agricultural_only=True, as_of=AS_OF)
    missing = int(((points["kind"] == "village") & ~points["has_history_room"]).sum())
    assert f"尚未建成乡情村史陈列室的村（{missing:,} 个）" in [shown(e.label) for e in at.expander]


def test_districts_page_league_table_has_the_sixteen_districts(q):
    at = open_page("districts")
    assert_ran_cleanly(at)
    (league,) = [d for d in at.dataframe if d.proto.id.endswith("-districts_league")]
    table = league.value
    measures = q("district_measures", **DEFAULT, as_of=AS_OF)
    assert len(table) == 16
    # On screen the short headers (every column fits a 1366-px laptop); the downloads keep the long ones.
    assert list(table.columns) == ["区", *(columns.COMPACT_HEADERS[c] for c in columns.LEAGUE[1:])]
    assert table["区"].tolist() == measures["name"].tolist()
    assert table["每万人问题"].tolist() == pytest.approx(measures["cases_per_10k"].tolist())
    bump = chart(at, "districts_bump")
    assert len(bump["data"]) == 16
    assert bump["layout"]["yaxis"]["autorange"] == "reversed"


# --- filters change what is shown ---------------------------------------------------------------


def test_a_district_in_the_link_narrows_the_cases_page_to_it(q):
    at = open_page("cases", district=[CHAOYANG])
    assert_ran_cleanly(at)
    district = q("area_rates", **{**DEFAULT, "districts": [CHAOYANG]}).iloc[0]
    city = q("area_rates", **DEFAULT).iloc[0]
    assert district["cases"] < city["cases"]
    assert metric(at, "受理问题") == formats.count(district["cases"], "件")
    bars = [t for t in chart(at, "cases_sources")["data"] if t["type"] == "bar"]
    assert sum(sum(_array(t["y"])) for t in bars) == district["cases"]
    campaign = q("campaign_effect", districts=[CHAOYANG], as_of=AS_OF)
    assert _array(chart(at, "cases_campaign_effect")["data"][0]["x"]) == pytest.approx(campaign["target_change_pct"].tolist())
    assert any("范围：朝阳区" in shown(c.value) for c in at.caption)


def test_a_district_in_the_link_narrows_the_overview_and_alleys_pages(q):
    stock = q("headline_figures", **{**DEFAULT, "districts": [CHAOYANG]}, as_of=AS_OF).iloc[0]
    campaign = q("campaign_effect", districts=[CHAOYANG], as_of=AS_OF).set_index("campaign_id").loc["ALL"]
    at = open_page("overview", district=[CHAOYANG])
    assert_ran_cleanly(at)
    assert stock["alleys"] < 5393
    assert metric(at, "背街小巷") == f"{int(stock['alleys']):,} 条"
    assert metric(at, "专项整治问题热线受理量") == f"{campaign['target_change_pct']:+.1f}%"
    assert metric(at, "乡情村史陈列室") == f"{int(stock['history_rooms']):,} 个"

    at = open_page("alleys", district=[CHAOYANG])
    assert_ran_cleanly(at)
    red_list = q("red_list", districts=[CHAOYANG], start=START, as_of=AS_OF)
    assert metric(at, "挂牌督办在办") == f"{(red_list['status'] != 'delisted').sum():,} 条"
    assert metric(at, "背街小巷") == f"{int(stock['alleys']):,} 条"


def test_a_period_in_the_link_narrows_the_cases_page_to_those_months(q):
    at = open_page("cases", **_period("2023-04", "2023-06"))
    assert_ran_cleanly(at)
    params = {"districts": [], "start": date(2023, 4, 1), "end": date(2023, 6, 1)}
    rates = q("area_rates", **params).iloc[0]
    assert metric(at, "受理问题") == formats.count(rates["cases"], "件")
    months = pd.to_datetime(_array(trace(chart(at, "cases_sources"), "12345热线")["x"]))
    assert list(months) == list(pd.date_range("2023-04-01", "2023-06-01", freq="MS"))


def test_choosing_a_district_in_the_sidebar_updates_the_cases_page(q):
    at = open_page("cases")
    city = q("area_rates", **DEFAULT).iloc[0]
    assert metric(at, "受理问题") == formats.count(city["cases"], "件")
    at.multiselect(key="filter_districts").set_value([CHAOYANG]).run()
    assert_ran_cleanly(at)
    district = q("area_rates", **{**DEFAULT, "districts": [CHAOYANG]}).iloc[0]
    assert metric(at, "受理问题") == formats.count(district["cases"], "件")
    assert at.query_params.get("district") in (CHAOYANG, [CHAOYANG])


def test_moving_the_period_slider_updates_the_cases_page(q):
    at = open_page("cases")
    at.select_slider(key="filter_period").set_range(date(2023, 4, 1), date(2023, 6, 1)).run()
    assert_ran_cleanly(at)
    rates = q("area_rates", districts=[], start=date(2023, 4, 1), end=date(2023, 6, 1)).iloc[0]
    assert metric(at, "受理问题") == f"{int(rates['cases']):,} 件"


def test_switching_pages_from_the_entry_keeps_the_frame_and_the_filters(q):
    at = AppTest.from_file(str(ENTRY), default_timeout=60).run()
    assert [shown(t.value) for t in at.title] == [TITLES["overview"]]
    at.switch_page("pages/cases.py").run()
    assert_ran_cleanly(at)
    assert [shown(t.value) for t in at.title] == [TITLES["cases"]]
    assert any(labels.DEMO_BADGE in shown(w.value) for w in at.warning)
    at.multiselect(key="filter_districts").set_value([CHAOYANG]).run()
    at.switch_page("pages/alleys.py").run()
    assert_ran_cleanly(at)
    assert at.multiselect(key="filter_districts").value == [CHAOYANG]
    stock = q("headline_figures", **{**DEFAULT, "districts": [CHAOYANG]}, as_of=AS_OF).iloc[0]
    assert metric(at, "背街小巷") == f"{int(stock['alleys']):,} 条"


# --- empty states ----------------------------------------------------------------------------------


def test_villages_page_for_a_district_without_villages_explains_instead_of_failing(q):
    at = open_page("villages", district=["110101"])  # 东城: not agricultural
    assert_ran_cleanly(at)
    assert at.toggle(key="villages_agri_only").value is True
    assert any("没有" in text for text in infos(at)), infos(at)
    assert not at.metric
    # 东城's volunteer projects still show, with their charts (issue 9: nothing else disappears).
    projects = q("volunteer_by_category", districts=["110101"], as_of=AS_OF)
    sentence = next(shown(m.value) for m in at.markdown if "志愿服务项目" in shown(m.value) and "累计服务" in shown(m.value))
    assert f"{int(projects['projects'].sum()):,} 个" in sentence
    assert {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")} == {
        "villages_volunteer_category",
        "villages_volunteer_district",
    }


def test_alleys_page_for_months_before_monthly_scores_explains_instead_of_failing():
    at = open_page("alleys", **_period("2020-01", "2020-06"))
    assert_ran_cleanly(at)
    assert at.select_slider(key="filter_period").value == (date(2020, 1, 1), date(2020, 6, 1))
    assert any("没有月评记录" in text for text in infos(at)), infos(at)
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("-alleys_trend")]


def test_alleys_page_without_scores_shows_no_nan():
    at = open_page("alleys", **_period("2020-01", "2020-06"))
    assert not [m.value for m in at.metric if "nan" in m.value.lower()]


def test_alleys_page_counts_civilized_alleys_named_by_the_end_of_the_period(q):
    at = open_page("alleys", **_period("2020-01", "2020-06"))
    stock = q("headline_figures", districts=[], start=date(2020, 1, 1), end=date(2020, 6, 1), as_of=date(2020, 6, 30)).iloc[0]
    assert metric(at, "首都文明街巷") == f"{int(stock['civilized_alleys']):,} 条"


def test_villages_page_counts_history_rooms_open_by_the_end_of_the_period(q):
    # The same figure as the overview's headline for that period, not today's 685.
    at = open_page("villages", **_period("2020-01", "2020-12"))
    assert_ran_cleanly(at)
    stock = q("headline_figures", districts=[], start=date(2020, 1, 1), end=date(2020, 12, 1), as_of=date(2020, 12, 31)).iloc[0]
    assert 0 < int(stock["history_rooms"]) < 685
    assert metric(at, "乡情村史陈列室") == f"{int(stock['history_rooms']):,} 个"
    # The list of villages still without one counts the rooms opened later as missing then.
    points = q("village_points", districts=[], agricultural_only=True, as_of=date(2020, 12, 31))
    villages = points[points["kind"] == "village"]
    assert int(villages["has_history_room"].sum()) == int(stock["history_rooms"])
    assert (points.loc[points["has_history_room"], "history_room_opened_on"] <= pd.Timestamp(2020, 12, 31)).all()
    assert points.loc[~points["has_history_room"], "history_room_opened_on"].isna().all()
    missing = len(villages) - int(stock["history_rooms"])
    assert f"尚未建成乡情村史陈列室的村（{missing:,} 个）" in [shown(e.label) for e in at.expander]


def test_a_warehouse_from_an_older_version_is_explained_not_crashed_on(monkeypatch, warehouse_path, tmp_path):
    # Written before agg_alley_items_month existed: every page says what is missing and how to add it.
    old = tmp_path / "older.duckdb"
    shutil.copyfile(warehouse_path, old)
    con = duckdb.connect(str(old))
    con.execute("drop table agg_alley_items_month")
    con.close()
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(old))
    for page in ("alleys", "overview"):
        at = open_page(page)
        assert_ran_cleanly(at)
        (error,) = [shown(e.value) for e in at.error]
        assert "agg_alley_items_month" in error and "python -m data rollups" in error
        assert not at.get("plotly_chart") and not at.metric


def test_cases_page_for_a_district_without_cases_shows_an_empty_state(monkeypatch, warehouse_without_yanqing_cases):
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_without_yanqing_cases))
    at = open_page("cases", district=[YANQING])
    assert_ran_cleanly(at)
    assert at.multiselect(key="filter_districts").value == [YANQING]
    assert labels.EMPTY_SELECTION in infos(at)
    assert not at.get("plotly_chart") and not at.metric


def test_satisfaction_page_for_a_district_without_cases_does_not_fail(monkeypatch, warehouse_without_yanqing_cases):
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_without_yanqing_cases))
    at = open_page("satisfaction", district=[YANQING])
    assert_ran_cleanly(at)


def test_overview_for_a_district_without_cases_shows_dashes_not_nan(monkeypatch, warehouse_without_yanqing_cases):
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_without_yanqing_cases))
    at = open_page("overview", district=[YANQING])
    assert_ran_cleanly(at)
    values = [m.value for m in at.metric]
    assert not [v for v in values if "nan" in v.lower() or v == "—%"], values


def test_cases_page_without_a_year_before_does_not_claim_no_change():
    at = open_page("cases", **_period("2020-01", "2020-06"))
    (cases,) = [m for m in at.metric if m.label == "受理问题"]
    assert "持平" not in cases.proto.delta


# --- the link restores the filters -----------------------------------------------------------


def test_a_link_with_todays_default_period_keeps_its_period():
    # /cases?district=110105&from=2023-01&to=2023-09 was rewritten to /cases?district=110105 because the
    # period equalled today's default; once next month's data was loaded, the link showed another period.
    at = open_page("cases", district=CHAOYANG, **_period("2023-01", "2023-09"))
    assert (at.query_params["from"], at.query_params["to"]) == ("2023-01", "2023-09")
    assert at.query_params.get("district") in (CHAOYANG, [CHAOYANG])


def test_the_link_restores_districts_and_period():
    at = open_page("cases", district=[CHAOYANG, "110108"], **_period("2023-04", "2023-08"))
    assert_ran_cleanly(at)
    assert at.multiselect(key="filter_districts").value == [CHAOYANG, "110108"]
    assert at.select_slider(key="filter_period").value == (date(2023, 4, 1), date(2023, 8, 1))
    assert any("范围：朝阳区、海淀区" in shown(c.value) and "2023年4月—2023年8月" in shown(c.value) for c in at.caption)
    assert not [w for w in at.warning if "无效" in shown(w.value)]
    # The app writes the same view back into the link, so it can be copied on.
    assert at.query_params["from"] == "2023-04" and at.query_params["to"] == "2023-08"


def test_an_invalid_district_in_the_link_is_ignored_with_a_notice():
    at = open_page("cases", district=["999999", CHAOYANG])
    assert_ran_cleanly(at)
    notices = [shown(w.value) for w in at.warning if "无效" in shown(w.value)]
    assert len(notices) == 1 and "999999" in notices[0]
    assert at.multiselect(key="filter_districts").value == [CHAOYANG]


def test_an_invalid_or_reversed_period_in_the_link_is_fixed_with_a_notice():
    at = open_page("overview", **{"from": "2019-13"})
    assert_ran_cleanly(at)
    assert any("无效" in shown(w.value) and "from=2019-13" in shown(w.value) for w in at.warning)
    assert at.select_slider(key="filter_period").value == (START, END)

    at = open_page("overview", **_period("2023-08", "2023-03"))
    assert_ran_cleanly(at)
    assert any("对调" in shown(w.value) for w in at.warning)
    assert at.select_slider(key="filter_period").value == (date(2023, 3, 1), date(2023, 8, 1))


def test_a_fresh_server_opening_a_deep_link_still_draws_the_frame(monkeypatch):
    # Without the fixture's shim: Streamlit's first run is in "pages directory" mode and runs
    # pages/cases.py alone; the app must leave that mode and draw filters and the demo notice.
    monkeypatch.setattr(PagesManager, "__init__", _ORIGINAL_PAGES_MANAGER_INIT)
    at = open_page("cases")
    assert_ran_cleanly(at)
    assert [shown(t.value) for t in at.title] == [TITLES["cases"]]
    assert any(labels.DEMO_BADGE in shown(w.value) for w in at.warning)
    assert at.multiselect(key="filter_districts").value == []


def test_an_unexpected_error_is_said_in_chinese_without_links_out(monkeypatch):
    """Streamlit's own error box is English, with "Ask Google" and "Ask ChatGPT" links that lead out of
    an offline intranet; an error that still happens shows a short Chinese message with its number."""
    import ui.narrative

    def broken(*_args, **_kwargs):
        raise TypeError("sequence item 8: expected str instance, float found")

    monkeypatch.setattr(ui.narrative, "monthly_movers", broken)
    at = open_page("overview")
    assert not at.exception, [e.value for e in at.exception]
    (message,) = [shown(e.value) for e in at.error]
    assert "内部出现了错误" in message and "编号" in message
    assert "TypeError" not in message and "http" not in message
    # What ran before the error is still there: the headline cards.
    assert metric(at, "背街小巷") == "5,393 条"


def test_the_drill_down_is_in_the_link(q):
    """区域对比 → a district → a street → a tab: a link written then opens the same list next time."""
    streets = q("street_measures", districts=[CHAOYANG], start=START, end=END, as_of=AS_OF)
    street = streets.sort_values("cases", ascending=False).iloc[0]
    at = open_page("districts", drill_district=CHAOYANG, drill_street=street["street_code"], drill_tabs="背街小巷")
    assert_ran_cleanly(at)
    headings = [shown(h.value) for h in at.subheader]
    assert "朝阳区：各街乡镇" in headings
    assert f"朝阳区 {street['name']}：数字背后的清单" in headings
    assert at.query_params["drill_district"] == CHAOYANG and at.query_params["drill_street"] == street["street_code"]
    assert any("背街小巷" in shown(c.value) for c in at.caption)  # the alleys tab is the one drawn


def test_a_drill_down_link_to_nothing_is_ignored_with_a_notice():
    at = open_page("districts", drill_district="999999", drill_street="x")
    assert_ran_cleanly(at)
    assert any("区划代码" in shown(w.value) and "999999" in shown(w.value) for w in at.warning)
    assert not [h for h in at.subheader if "数字背后的清单" in shown(h.value)]
