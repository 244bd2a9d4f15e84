"""闭环台账 (pages/closed_loop.py) opened as a link opens it: what is overdue and who owns it first, every
number the named query's, the list of items in the reader's remit only, downloadable."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from shown import shown
from streamlit.testing.v1 import AppTest
from test_access_gate import _grant, _signed_in, access_db, proxied  # noqa: F401 - fixtures
from test_pages import (  # noqa: F401 - fixtures
    AS_OF,
    CHAOYANG,
    START,
    _array,
    _demo_warehouse,
    _navigation_as_on_a_running_server,
    chart,
    metric,
    open_page,
    trace,
)

import queries
from access import texts
from access.scope import Scope
from ui import formats, labels

DONGCHENG = "110101"
WINDOW = {"start": START, "as_of": AS_OF}
HEADERS = {**labels.COLUMNS, **labels.LOOP_COLUMNS}  # as the page heads its tables


@pytest.fixture(scope="module")
def q(warehouse_path: Path):
    con = queries.connect(warehouse_path)
    yield lambda name, **params: queries.run(con, name, scope=Scope.city() if queries.is_record(name) else None, **params)
    con.close()


def _ran_cleanly(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [shown(e.value) for e in at.error]


def _item_table(at: AppTest) -> pd.DataFrame:
    (table,) = [frame.value for frame in at.dataframe if labels.LOOP_COLUMNS["days_overdue"] in frame.value.columns]
    return table


def test_the_page_leads_with_what_is_overdue_and_who_owns_it(q):
    at = open_page("closed_loop")
    _ran_cleanly(at)
    assert [shown(t.value) for t in at.title] == ["闭环台账 · 创城抽查与挂牌督办"]
    summary = q("closed_loop_summary", districts=[], **WINDOW).iloc[0]
    assert summary["overdue_items"] > 0 and summary["reopened_items"] > 0  # the demo has something to show
    assert metric(at, "在办事项") == formats.count(summary["open_items"], "项")
    assert metric(at, "已逾期") == formats.count(summary["overdue_items"], "项")
    assert metric(at, "有逾期事项的责任单位") == formats.count(summary["units_with_overdue"], "个")
    assert metric(at, "返工率") == formats.rate(summary["reopen_rate"])
    assert metric(at, "抽查问题销号用时") == formats.number(summary["median_days_spot_check"], "days", "天")
    # The first sentence under the first heading says what is overdue, with the query's figures.
    first = next(shown(m.value) for m in at.markdown if "已过整改期限" in shown(m.value))
    assert f"{formats.count(summary['overdue_items'], '项')}已过整改期限" in first
    assert f"最久的已逾期 {formats.count(summary['longest_overdue_days'], '天')}" in first

    units = q("closed_loop_overdue_by_unit", districts=[], as_of=AS_OF)
    bars = chart(at, "loop_units")
    spot = trace(bars, labels.LOOP_KINDS["spot_check"])
    top = units[units["overdue_items"] > 0].head(12).iloc[::-1]
    assert _array(spot["y"]) == top["responsible_unit"].tolist()
    assert _array(spot["x"]) == top["overdue_spot_check"].tolist()

    bands = q("closed_loop_overdue_by_age", districts=[], as_of=AS_OF)
    age = chart(at, "loop_age")
    assert _array(age["data"][0]["x"]) == list(labels.OVERDUE_BANDS.values())
    assert sum(sum(_array(t["y"])) for t in age["data"]) == bands["overdue_items"].sum() == summary["overdue_items"]

    stages = q("closed_loop_stages", districts=[], **WINDOW).set_index("stage")
    funnel = chart(at, "loop_stages")
    red = trace(funnel, labels.LOOP_KINDS["red_list"])
    assert _array(red["y"]) == stages.loc[["found", "assigned", "rectified", "rechecked"], "red_list_items"].tolist()
    assert formats.count(stages.at["closed", "items"], "项") in funnel["layout"]["title"]["subtitle"]["text"]

    reopen = q("closed_loop_reopened_by_district", districts=[], **WINDOW)
    rates = chart(at, "loop_reopen")["data"][0]
    rechecked = reopen[reopen["rechecked_items"] > 0]
    assert sorted(_array(rates["x"])) == sorted(rechecked["reopen_rate"].tolist())

    days = q("closed_loop_days_to_close", districts=[], **WINDOW).set_index("district_name")
    spot_days = trace(chart(at, "loop_days"), f"{labels.LOOP_KINDS['spot_check']}：发现到销号")
    assert dict(zip(_array(spot_days["y"]), _array(spot_days["x"]), strict=True)) == pytest.approx(
        days["median_days_spot_check"].to_dict()
    )
    downloads = [b.proto.label for b in at.get("download_button")]
    assert downloads.count(labels.DOWNLOAD_CSV) == downloads.count(labels.DOWNLOAD_XLSX) >= 4


def test_the_list_shows_the_overdue_items_and_then_every_open_one(q):
    at = open_page("closed_loop")
    items = q("closed_loop_items", districts=[], as_of=AS_OF)
    overdue = _item_table(at)
    assert len(overdue) == int(items["is_overdue"].sum())
    assert overdue[labels.LOOP_COLUMNS["days_overdue"]].tolist() == items.loc[items["is_overdue"], "days_overdue"].tolist()
    assert set(overdue[labels.LOOP_COLUMNS["kind"]]) == set(labels.LOOP_KINDS.values())
    at.segmented_control(key="loop_view").set_value("open").run()
    _ran_cleanly(at)
    everything = _item_table(at)
    assert len(everything) == len(items)
    assert set(everything[labels.LOOP_COLUMNS["stage"]]) <= set(labels.LOOP_STAGES.values())


def test_a_district_opens_on_its_own_overdue_items_by_unit(q):
    at = open_page("closed_loop", district=CHAOYANG)
    _ran_cleanly(at)
    units = q("closed_loop_overdue_by_unit", districts=[CHAOYANG], as_of=AS_OF)
    overdue = units[units["overdue_items"] > 0]
    spot = trace(chart(at, "loop_units"), labels.LOOP_KINDS["spot_check"])
    assert set(_array(spot["y"])) == set(overdue["responsible_unit"].head(12))
    charts = {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")}
    assert "loop_districts" not in charts and "loop_units" in charts  # one district: no district comparison
    assert set(_item_table(at)[HEADERS["district_name"]]) == {"朝阳区"}


@pytest.mark.parametrize("view", list(labels.LOOP_VIEWS))
def test_every_view_reads_cleanly_from_the_link_and_in_the_first_month(view):
    at = open_page(
        "closed_loop", loop_view=labels.LOOP_VIEWS[view], **{"from": "2020-01", "to": "2020-01"}
    )  # the link carries the label
    _ran_cleanly(at)
    assert at.segmented_control(key="loop_view").value == view


def test_a_district_user_sees_only_their_districts_items(proxied, access_db):  # noqa: F811 - fixtures
    _grant(access_db, "chen", "district", [CHAOYANG])
    proxied(_signed_in("chen"))
    at = open_page("closed_loop", district=DONGCHENG, loop_view=labels.LOOP_VIEWS["open"])
    _ran_cleanly(at)
    assert at.multiselect(key="filter_districts").value == [CHAOYANG]
    assert texts.SCOPE_NARROWED.format(scope="朝阳区", dropped="东城区") in [shown(w.value) for w in at.warning]
    assert set(_item_table(at)[HEADERS["district_name"]]) == {"朝阳区"}
    # Choosing 东城 in the sidebar shows 东城's figures (aggregates are everyone's) but none of its items.
    at.multiselect(key="filter_districts").set_value([DONGCHENG]).run()
    _ran_cleanly(at)
    assert not [
        frame for frame in at.dataframe if labels.LOOP_COLUMNS["days_overdue"] in frame.value.columns and len(frame.value)
    ]
    assert metric(at, "在办事项") != formats.count(0, "项")
