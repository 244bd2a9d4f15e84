"""The brief's sentences change with the data: 上升/下降/持平, 第一/最后, above or below target.

First the phrases on numbers made to rise, fall and hold; then whole briefs composed from the
demo's 2023 Q3 figures with some of them changed, to see the sentences follow."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reports import content
from reports import wording as w
from reports.figures import Rank, Trend, collect
from reports.period import Quarter


@pytest.mark.parametrize(
    "current, before, expected",
    [(110, 100, "同比上升 10.0%"), (69.4, 100, "同比下降 30.6%"), (100, 100, "同比持平"), (100.04, 100, "同比持平")],
)
def test_relative_change(current, before, expected):
    assert w.relative_change(current, before, "同比") == expected


@pytest.mark.parametrize(
    "current, before, digits, expected",
    [
        (97.35, 97.00, 2, "环比上升 0.35 个百分点"),
        (95.1, 95.9, 1, "环比下降 0.8 个百分点"),
        (96.0, 96.0, 1, "环比持平"),
        (97.35, 96.05, 2, "环比上升 1.3 个百分点"),  # a last zero dropped
    ],
)
def test_points_change(current, before, digits, expected):
    assert w.points_change(current, before, "环比", digits) == expected


def test_nothing_to_compare_says_nothing():
    assert w.relative_change(5, None, "同比") == ""
    assert w.points_change(None, 95.0, "环比") == ""
    assert w.relative_change(5, 0, "同比") == ""
    assert w.stock_change(3, None, "较上季度末", "条") == ""
    assert w.sentence("", "") == ""
    assert w.sentence("甲", "", "乙") == "甲，乙。"


@pytest.mark.parametrize(
    "current, before, expected",
    [(59, 49, "较上季度末增加 10 条"), (39, 49, "较上季度末减少 10 条"), (49, 49, "与上季度末持平")],
)
def test_stock_change(current, before, expected):
    assert w.stock_change(current, before, "较上季度末", "条") == expected


@pytest.mark.parametrize(
    "position, of, tied, expected",
    [
        (1, 16, False, "在 16 个区中排名第一"),
        (16, 16, False, "在 16 个区中排名最后（第 16 位）"),
        (5, 16, False, "在 16 个区中排名第 5 位"),
        (1, 16, True, "在 16 个区中排名并列第一"),
        (None, 16, False, ""),
    ],
)
def test_rank(position, of, tied, expected):
    assert w.rank(position, of, tied) == expected


def test_rank_short_and_moves():
    assert w.rank_short(1, 16) == "居全市第一"
    assert w.rank_short(16, 16) == "居全市最后"
    assert w.rank_short(7, 16) == "居全市第 7 位"
    assert w.rank_move(3, 5) == "较上季度上升 2 位"
    assert w.rank_move(5, 3) == "较上季度下降 2 位"
    assert w.rank_move(4, 4) == "位次与上季度持平"


@pytest.mark.parametrize(
    "value, target, digits, expected",
    [
        (97.35, 97.0, 2, "高于 97% 的目标 0.35 个百分点"),
        (94.2, 95.0, 1, "低于 95% 的目标 0.8 个百分点"),
        (95.0, 95.0, 1, "达到 95% 的目标"),
        (96.0, 95.5, 1, "高于 95.5% 的目标 0.5 个百分点"),
    ],
)
def test_against_target(value, target, digits, expected):
    assert w.against_target(value, target, digits) == expected


def test_levels_and_against_city():
    assert (w.reached_to(91.7, 97.35), w.reached_to(97.35, 91.7), w.reached_to(95.0, 95.0)) == ("上升到", "下降到", "保持在")
    assert (w.headline_level(97.0, 97.35), w.headline_level(97.35, 97.0), w.headline_level(97.0, 97.0)) == (
        "升至",
        "降至",
        "保持在",
    )
    assert w.against_city(96.7, 95.1) == "高于全市 1.6 个百分点"
    assert w.against_city(94.0, 95.1) == "低于全市 1.1 个百分点"
    assert w.against_city(95.1, 95.1) == "与全市持平"
    assert w.pct_phrase(-30.6) == "下降 30.6%" and w.pct_phrase(5.7) == "上升 5.7%" and w.pct_phrase(0.0) == "持平"


def test_formats():
    assert (w.count(5393), w.count(1226), w.count(None)) == ("5,393", "1,226", "—")
    assert (w.percent(97.35, 2), w.percent(91.70, 2), w.percent(95.1)) == ("97.35%", "91.7%", "95.1%")


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


def _with_city(figures, **changes):
    return replace(figures, city=replace(figures.city, **changes))


def test_survey_rising_falling_holding(q3):
    rising = _text(_with_city(q3, survey=Trend(97.35, 97.0, 95.7)))
    assert "群众满意度升至 97.35%" in rising
    assert "同比上升 1.65 个百分点，环比上升 0.35 个百分点" in rising

    falling = _text(_with_city(q3, survey=Trend(96.2, 97.0, 96.9), survey_2020=96.5))
    assert "群众满意度降至 96.2%" in falling
    assert "由 2020 年的 96.5% 下降到 2023 年第三季度的 96.2%" in falling
    assert "同比下降 0.7 个百分点，环比下降 0.8 个百分点，低于 97% 的目标 0.8 个百分点" in falling

    holding = _text(_with_city(q3, survey=Trend(97.0, 97.0, 97.0)))
    assert "群众满意度保持在 97.0%" in holding
    assert "同比持平，环比持平，达到 97% 的目标" in holding


def test_cases_and_rates_rising_and_falling(q3):
    more = _text(_with_city(q3, cases=Trend(120_000, 100_000, 150_000)))
    assert "受理问题 120,000 件，同比下降 20.0%，环比上升 20.0%" in more
    worse = _text(_with_city(q3, resolution_rate=Trend(93.5, 95.0, 93.5)))
    assert "解决率同比持平，环比下降 1.5 个百分点，低于 95% 的目标 1.5 个百分点" in worse


def test_campaigns_that_failed_are_said_to_have_failed(q3):
    campaigns = replace(q3.city.campaigns, target_before=1000, target_during=1100, target_change_pct=10.0, others_change_pct=-2.0)
    text = _text(_with_city(q3, campaigns=campaigns))
    assert "较上年同期的 1,000 件上升 10.0%" in text
    assert "同期未列入行动的问题下降 2.0%" in text
    assert "专项整治问题热线受理量上升 10.0%" in text.splitlines()[0]
    assert "专项整治" not in _text(_with_city(q3, campaigns=None)).splitlines()[0]


def test_red_list_rising_falling_holding(q3):
    assert "较上季度末增加 11 条" in _text(_with_city(q3, red_list_open=Trend(60, 49, 50)))
    assert "较上季度末减少 9 条" in _text(_with_city(q3, red_list_open=Trend(40, 49, 50)))
    assert "与上季度末持平" in _text(_with_city(q3, red_list_open=Trend(49, 49, 50)))


def test_a_district_first_or_last(q3_district):
    first = replace(q3_district, ranks={**q3_district.ranks, "survey_satisfaction": Rank("survey_satisfaction", 1, 16, 3)})
    text = _text(first)
    assert "居全市第一" in text.splitlines()[0]
    assert "在 16 个区中排名第一，较上季度上升 2 位" in text

    last = replace(q3_district, ranks={**q3_district.ranks, "survey_satisfaction": Rank("survey_satisfaction", 16, 16, 16)})
    text = _text(last)
    assert "居全市最后" in text.splitlines()[0]
    assert "在 16 个区中排名最后（第 16 位），位次与上季度持平" in text


def _resolution_sentence(figures) -> str:
    text = _text(figures)
    start = text.index("解决率同比")
    return text[start : text.index("。", start)]


def test_a_district_above_or_below_the_city(q3_district):
    district, city = q3_district.district, q3_district.city.resolution_rate.current
    below = replace(q3_district, district=replace(district, resolution_rate=Trend(city - 2.5, 91.0, 92.0)))
    assert "低于全市 2.5 个百分点" in _resolution_sentence(below)
    above = replace(q3_district, district=replace(district, resolution_rate=Trend(city + 1.2, 91.0, 92.0)))
    assert "高于全市 1.2 个百分点" in _resolution_sentence(above)
    level = replace(q3_district, district=replace(district, resolution_rate=Trend(city, 91.0, 92.0)))
    assert "与全市持平" in _resolution_sentence(level)
