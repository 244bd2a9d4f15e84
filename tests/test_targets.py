"""Targets, CityScore-style (issue 15): each measure as actual ÷ target, from the configuration,
for the city and each district, a district's own target where it has one; shown on 总览 first."""

from __future__ import annotations

from datetime import date

import pytest
from shown import shown
from test_pages import _demo_warehouse, _navigation_as_on_a_running_server, open_page  # noqa: F401

import queries
from queries.settings import settings

PERIOD = {"start": date(2023, 1, 1), "end": date(2023, 9, 1), "as_of": date(2023, 9, 30)}


@pytest.fixture(scope="module")
def scores(con):
    return queries.run(con, "target_scores", districts=[], **PERIOD)


def test_every_configured_measure_is_scored_for_the_city_and_each_district(scores):
    configured = set(settings().targets)
    assert set(scores["measure"]) == configured
    assert scores.groupby("area_code")["measure"].nunique().eq(len(configured)).all()
    assert scores["area_code"].nunique() == 17  # the city and its 16 districts


def test_the_score_is_actual_over_target_capped_and_its_status_follows(scores):
    rows = scores.dropna(subset=["actual"])
    expected = (rows["actual"] / rows["target"]).clip(upper=1.25).round(2)
    assert rows["score"].tolist() == pytest.approx(expected.tolist(), abs=0.006)
    assert (rows.loc[rows["score"] >= 1, "status"] == "met").all()
    assert (rows.loc[(rows["score"] >= 0.98) & (rows["score"] < 1), "status"] == "near").all()
    assert (rows.loc[rows["score"] < 0.98, "status"] == "missed").all()


def test_the_actuals_are_the_figures_the_pages_show(con, scores):
    city = scores[scores["area_code"] == "110000"].set_index("measure")["actual"]
    headline = queries.run(con, "headline_figures", districts=[], **PERIOD).iloc[0]
    assert city["resolution_rate"] == headline["resolution_rate"]
    assert city["survey_satisfaction"] == headline["survey_latest"] == 97.35
    assert city["alley_score"] == headline["alley_score"]


def test_a_district_s_own_target_replaces_the_city_s(scores):
    own = settings().targets["resolution_rate"].districts
    assert own == {"110105": 96.0}
    targets = scores[scores["measure"] == "resolution_rate"].set_index("area_code")["target"]
    assert targets["110105"] == 96.0 and targets["110000"] == targets["110101"] == 95.0


def test_the_overview_opens_with_which_targets_are_missed():
    at = open_page("overview")
    assert not at.exception
    headings = [shown(h.value) for h in at.subheader]
    assert headings[0] == "目标进度"
    sentence = next(shown(m.value).strip("*") for m in at.markdown if "项目标中" in shown(m.value))
    assert sentence.startswith("全市 6 项目标中")
    tiles = [m.value for m in at.markdown if m.value.startswith("<div class='target-tile")]
    assert len(tiles) == 6
    # The sentence names what is missed, and the same measures wear the missed tile.
    missed = [t for t in tiles if "target-missed" in t]
    assert ("未达标" in sentence) == bool(missed)
    assert all(label in sentence for label in ("挂牌督办按期整改率",) if any(label in t for t in missed))


def _slide(district: str | None = None):
    link = {"mode": "briefing", "slide": "2", "from": "2023-07", "to": "2023-09"} | ({"district": district} if district else {})
    at = open_page("overview", **link)
    assert not at.exception, [e.value for e in at.exception]
    assert any("第 2 / " in m.value and "目标进度" in m.value for m in at.markdown), "the second slide is 目标进度"
    return at


@pytest.mark.parametrize(("district", "name"), [(None, "全市"), ("110105", "朝阳区")])
def test_a_briefing_slide_says_which_targets_are_missed(con, district, name):
    quarter = queries.run(
        con, "target_scores", districts=[], start=date(2023, 7, 1), end=date(2023, 9, 1), as_of=date(2023, 9, 30)
    )
    mine = quarter[quarter["area_code"] == (district or "110000")]
    at = _slide(district)
    headline = next(shown(m.value) for m in at.markdown if m.value.startswith("<div class='brief-headline'"))
    met = int((mine["status"] == "met").sum())
    assert f"{name} {len(mine)} 项目标中 {met} 项达标" in headline
    assert all(label in headline for label in mine.loc[mine["status"] == "missed", "label"])
    figures = [shown(m.value) for m in at.markdown if m.value.startswith("<div class='brief-figure'")]
    assert f"{met} / {len(mine)} 项" in figures[0]
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith("-brief_targets"))
    assert chart is not None
    if district:
        # With a district, the slide places it: how many of the sixteen met every target, and whether it did.
        place = next(shown(m.value) for m in at.markdown if m.value.startswith("<div class='brief-rank'"))
        all_met = quarter[quarter["area_code"] != "110000"].groupby("area_code")["status"].apply(lambda s: (s == "met").all())
        assert f"16 个区中 {int(all_met.sum())} 个区全部达标" in place
        met_by_district = (
            quarter[quarter["area_code"] != "110000"].groupby("area_code")["status"].apply(lambda s: (s == "met").sum())
        )
        better = int((met_by_district > met_by_district["110105"]).sum())
        assert f"朝阳区达标 {met_by_district['110105']} 项，在 16 个区中" in place and f"第 {better + 1} 位" in place
