"""The brief's sentences change with the data: 上升/下降/持平, 第一/最后, above or below the target or
the city, each figure written as 总览 and the slides write it.

First the phrases on changes made to rise, fall and hold; then whole briefs composed from the demo's
2023 Q3 figures with some query columns changed, to see the sentences follow."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from reports import content
from reports import wording as w
from reports.figures import Rank, collect
from reports.period import Quarter


@pytest.mark.parametrize(
    "change, expected", [(10.0, "同比上升 10.0%"), (-30.6, "同比下降 30.6%"), (0.0, "同比持平"), (0.04, "同比持平")]
)
def test_pct_change(change, expected):
    assert w.pct_change("同比", change) == expected


@pytest.mark.parametrize(
    "change, kind, expected",
    [
        (0.35, "survey", "环比提高 0.35 个百分点"),
        (-0.8, "rate", "环比下降 0.8 个百分点"),
        (0.0, "rate", "环比持平"),
        (1.3, "survey", "环比提高 1.3 个百分点"),  # a last zero dropped, as the survey is written
        (0.04, "rate", "环比持平"),  # what rounding hides
    ],
)
def test_points_change(change, kind, expected):
    assert w.points_change("环比", change, kind) == expected


def test_score_and_stock_changes():
    assert w.score_change("环比", 0.1) == "环比提高 0.1 分"
    assert w.score_change("同比", -0.4) == "同比下降 0.4 分"
    assert w.score_change("同比", 0.0) == "同比持平"
    assert w.stock_change("较上季度末", 10, "条") == "较上季度末增加 10 条"
    assert w.stock_change("较上季度末", -1200, "个") == "较上季度末减少 1,200 个"
    assert w.stock_change("较上年同期", 0, "个", what="陈列室") == "陈列室与上年同期持平"


def test_nothing_to_compare_says_nothing():
    nothing = (None, float("nan"), pd.NA)
    for missing in nothing:
        assert w.pct_change("同比", missing) == ""
        assert w.points_change("环比", missing) == ""
        assert w.score_change("环比", missing) == ""
        assert w.stock_change("较上季度末", missing, "条") == ""
        assert w.against_city(missing) == ""
        assert w.rank_move(None) == ""
    assert w.sentence("", "") == ""
    assert w.sentence("甲", "", "乙") == "甲，乙。"


def test_ranks():
    assert w.rank(Rank("x", 1, 16, False, None)) == "在 16 个区中排名第一"
    assert w.rank(Rank("x", 16, 16, False, None)) == "在 16 个区中排名最后（第 16 位）"
    assert w.rank(Rank("x", 5, 16, False, None)) == "在 16 个区中排名第 5 位"
    assert w.rank(Rank("x", 1, 16, True, None)) == "在 16 个区中排名并列第一"
    assert w.rank(None) == ""
    assert w.rank_short(Rank("x", 1, 16, False, None)) == "居全市第一"
    assert w.rank_short(Rank("x", 16, 16, False, None)) == "居全市最后"
    assert w.rank_short(Rank("x", 7, 16, True, None)) == "居全市并列第 7 位"
    assert w.rank_move(2) == "较上季度上升 2 位"
    assert w.rank_move(-2) == "较上季度下降 2 位"
    assert w.rank_move(0) == "位次与上季度持平"


@pytest.mark.parametrize(
    "value, target, measure, expected",
    [
        (97.35, 97.0, "survey_satisfaction", "高于 97% 的目标"),
        (94.2, 95.0, "resolution_rate", "低于 95.0% 的目标"),
        (95.0, 95.0, "resolution_rate", "达到 95.0% 的目标"),
        (96.0, 95.5, "resolution_rate", "高于 95.5% 的目标"),
    ],
)
def test_against_target(value, target, measure, expected):
    assert w.against_target(value, target, measure) == expected


def test_levels_and_against_city():
    assert (w.headline_level(0.35), w.headline_level(-0.35), w.headline_level(0.0), w.headline_level(None)) == (
        "升至",
        "降至",
        "保持在",
        "为",
    )
    assert w.against_city(1.6) == "高于全市 1.6 个百分点"
    assert w.against_city(-1.1) == "低于全市 1.1 个百分点"
    assert w.against_city(0.0) == "与全市持平"
    assert w.against_city(0.95, "survey") == "高于全市 0.95 个百分点"
    assert w.against_city(-0.4, "score", "分") == "低于全市 0.4 分"


# --- whole briefs on figures made to rise, fall and hold ---------------------------------


@pytest.fixture(scope="module")
def q3(con):
    return collect(con, Quarter(2023, 3))


@pytest.fixture(scope="module")
def q3_district(con):
    return collect(con, Quarter(2023, 3), "110105")


def _text(figures) -> str:
    brief = content.compose(figures)
    body = "\n".join(p.lead + p.text for s in brief.sections for p in s.paragraphs)
    return f"{brief.headline}\n{body}"


def _with(figures, scope: str = "city", query: str = "headline_figures", **columns):
    """`figures` with some columns of one query's row changed, for the city or the district."""
    chosen = getattr(figures, scope)
    row = getattr(chosen, query).copy()
    for column, value in columns.items():
        row[column] = value
    return replace(figures, **{scope: replace(chosen, **{query: row})})


def test_survey_rising_falling_holding(q3):
    rising = _text(_with(_with(q3, query="brief_comparisons", survey_vs_previous=0.35, survey_vs_year_before=1.65)))
    assert "群众满意度升至 97.35%" in rising
    assert "同比提高 1.65 个百分点，环比提高 0.35 个百分点，高于 97% 的目标" in rising

    falling = _with(q3, survey_latest=96.2, survey_baseline=96.5, survey_change=-0.3)
    falling = _text(_with(falling, query="brief_comparisons", survey_vs_previous=-0.8, survey_vs_year_before=-0.7))
    assert "群众满意度降至 96.2%" in falling
    assert "由2020年的 96.5% 下降到2023年三季度的 96.2%" in falling
    assert "满意度较2020年下降 0.3 个百分点，同比下降 0.7 个百分点，环比下降 0.8 个百分点，低于 97% 的目标" in falling

    holding = _with(q3, survey_latest=97.0)
    holding = _text(_with(holding, query="brief_comparisons", survey_vs_previous=0.0, survey_vs_year_before=0.0))
    assert "群众满意度保持在 97%" in holding
    assert "同比持平，环比持平，达到 97% 的目标" in holding


def test_cases_and_rates_rising_and_falling(q3):
    more = _text(_with(q3, cases=120_000, cases_vs_year_before=-20.0, cases_vs_previous=20.0))
    assert "受理问题 120,000 件，同比下降 20.0%，环比上升 20.0%" in more
    worse = _text(_with(q3, resolution_rate=93.5, resolution_rate_vs_year_before=0.0, resolution_rate_vs_previous=-1.5))
    assert "解决率 93.5%" in worse
    assert "解决率同比持平，环比下降 1.5 个百分点，低于 95.0% 的目标" in worse


def test_campaigns_that_failed_are_said_to_have_failed(q3):
    effect = q3.city.campaign_effect.copy()
    total = effect["campaign_id"] == "ALL"
    effect.loc[total, ["target_before", "target_during", "target_change_pct", "others_change_pct"]] = [1000, 1100, 10.0, -2.0]
    failed = replace(q3, city=replace(q3.city, campaign_effect=effect))
    text = _text(_with(failed, campaign_change_pct=10.0))
    assert "目标问题的 12345 热线受理量为 1,100 件，上年同期 1,000 件，上升 10.0%；同期未列入行动的问题下降 2.0%" in text
    assert "专项整治问题热线受理量上升 10.0%" in text.splitlines()[0]

    none = replace(q3, city=replace(q3.city, campaign_effect=effect.iloc[0:0]))
    text = _text(_with(none, campaign_change_pct=float("nan")))
    assert "专项整治" not in text


def test_red_list_rising_falling_holding(q3):
    def said(change):
        return _text(_with(q3, query="brief_comparisons", red_list_open_vs_previous=change))

    assert "挂牌督办在办 49 条，较上季度末增加 11 条" in said(11)
    assert "较上季度末减少 9 条" in said(-9)
    assert "与上季度末持平" in said(0)


def _ranked(figures, measure: str, rank: int, places_up: int | None):
    ranks = figures.district_ranks.copy()
    mine = (ranks["district_code"] == figures.district.district_code) & (ranks["measure"] == measure)
    ranks.loc[mine, ["rank", "tied", "places_up"]] = [rank, False, places_up]
    return replace(figures, district_ranks=ranks)


def test_a_district_first_or_last(q3_district):
    text = _text(_ranked(q3_district, "survey_satisfaction", 1, 2))
    assert "居全市第一" in text.splitlines()[0]
    assert "在 16 个区中排名第一，较上季度上升 2 位" in text

    text = _text(_ranked(q3_district, "survey_satisfaction", 16, 0))
    assert "居全市最后" in text.splitlines()[0]
    assert "在 16 个区中排名最后（第 16 位），位次与上季度持平" in text


def _resolution_sentence(figures) -> str:
    text = _text(figures)
    start = text.index("解决率同比")
    return text[start : text.index("。", start)]


@pytest.mark.parametrize("gap, expected", [(-2.5, "低于全市 2.5 个百分点"), (1.2, "高于全市 1.2 个百分点"), (0.0, "与全市持平")])
def test_a_district_above_or_below_the_city(q3_district, gap, expected):
    figures = _with(q3_district, "district", "brief_comparisons", resolution_rate_vs_city=gap)
    assert expected in _resolution_sentence(figures)


def test_the_city_brief_does_not_set_the_city_against_itself(q3):
    assert "全市持平" not in _text(q3) and "高于全市" not in _text(q3)
