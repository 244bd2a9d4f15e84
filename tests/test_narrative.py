"""The sentences beside the charts change with the data: make it rise, fall or stay, and read
the words and numbers a user would read."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import narrative


@pytest.mark.parametrize(
    ("change", "expected"),
    [(3.24, "上升 3.2%"), (-30.6, "下降 30.6%"), (0.0, "持平"), (0.04, "持平"), (-0.04, "持平"), (0.06, "上升 0.1%")],
)
def test_pct_change_phrase_says_which_way_and_how_much(change, expected):
    assert narrative.pct_change_phrase(change) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [(1.4, "提高 1.40 个百分点"), (-0.25, "下降 0.25 个百分点"), (0.004, "持平"), (0.0, "持平")],
)
def test_points_phrase_says_which_way_and_how_much(change, expected):
    assert narrative.points_phrase(change) == expected


def test_direction_words_can_be_chosen_and_unknown_is_not_a_rise_or_fall():
    assert narrative.direction(2.0, up="增加", down="减少") == "增加"
    assert narrative.direction(-2.0, up="增加", down="减少") == "减少"
    assert narrative.direction(float("nan")) == "持平"
    assert narrative.direction(None) == "持平"


def _movers(rows: list[tuple[str, int, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name", "cases", "cases_change_pct", "satisfaction_rate", "satisfaction_change_pts"])


def test_monthly_movers_names_the_largest_absolute_change_even_when_it_is_a_fall():
    movers = _movers(
        [
            ("东城区", 500, 5.0, 96.0, 0.30),
            ("朝阳区", 3000, -20.0, 95.0, -1.25),
            ("海淀区", 2800, 10.0, 97.0, 0.80),
        ]
    )
    sentence = narrative.monthly_movers(movers, "2023年9月")
    assert sentence.startswith("2023年9月，问题数环比变化最大的是朝阳区（下降 20.0%）")
    assert "满意率提高最多的是海淀区（提高 0.80 个百分点）" in sentence
    assert "下降最多的是朝阳区（下降 1.25 个百分点）" in sentence


def test_monthly_movers_follows_the_data_when_a_rise_is_largest():
    movers = _movers([("东城区", 500, 25.0, 96.0, 0.30), ("朝阳区", 3000, -20.0, 95.0, 0.10)])
    sentence = narrative.monthly_movers(movers, "2023年8月")
    assert "变化最大的是东城区（上升 25.0%）" in sentence
    assert "下降最多" not in sentence  # nobody's satisfaction fell


def test_monthly_movers_for_one_district_and_for_none():
    one = narrative.monthly_movers(_movers([("延庆区", 420, -3.5, 94.25, 0.5)]), "2023年9月")
    assert one == "2023年9月，延庆区问题数 420 件，环比下降 3.5%；12345 满意率 94.2%，环比提高 0.50 个百分点。"
    none = narrative.monthly_movers(_movers([("延庆区", 420, float("nan"), 94.2, 0.5)]), "2020年1月")
    assert none == "2020年1月暂无可与上月比较的数据。"


def _campaign_total(before: int, during: int, others: float) -> pd.Series:
    change = round((during - before) * 100 / before, 1) if before else None
    return pd.Series({"target_before": before, "target_during": during, "target_change_pct": change, "others_change_pct": others})


def test_campaign_sentence_reports_a_fall_with_its_numbers():
    sentence = narrative.campaign_sentence(_campaign_total(15260, 10590, 7.2))
    assert "10,590 件" in sentence and "上年同期 15,260 件" in sentence
    assert "下降 30.6%" in sentence
    assert sentence.endswith("同期未列入行动的问题上升 7.2%。")


def test_campaign_sentence_reports_a_rise():
    sentence = narrative.campaign_sentence(_campaign_total(100, 125, -3.0))
    assert "125 件" in sentence and "上升 25.0%" in sentence
    assert "下降 30.6%" not in sentence
    assert sentence.endswith("同期未列入行动的问题下降 3.0%。")


def test_campaign_sentence_without_a_year_before_says_so():
    sentence = narrative.campaign_sentence(_campaign_total(0, 12, 1.0))
    assert "没有" in sentence and "%" not in sentence


@pytest.fixture
def rates() -> pd.DataFrame:
    return pd.DataFrame({"name": ["东城区", "朝阳区", "延庆区"], "satisfaction_rate": [96.3, 94.0, 97.1]})


def test_rank_sentence_higher_is_better_names_highest_as_best(rates):
    sentence = narrative.rank_sentence(rates, "satisfaction_rate", "满意率", "%", True)
    assert sentence == "满意率最高的是延庆区（97.1%），最低的是朝阳区（94.0%）。"


def test_rank_sentence_lower_is_better_names_lowest_first():
    frame = pd.DataFrame({"name": ["东城区", "朝阳区", "延庆区"], "cases_per_10k": [45.2, 30.1, 12.3]})
    sentence = narrative.rank_sentence(frame, "cases_per_10k", "每万人问题数", "件", False)
    assert sentence == "每万人问题数最低的是延庆区（12.3件），最高的是东城区（45.2件）。"


def test_rank_sentence_one_district_and_no_data(rates):
    single = narrative.rank_sentence(rates.iloc[[1]], "satisfaction_rate", "满意率", "%", True)
    assert single == "朝阳区满意率为 94.0%。"
    empty = rates.assign(satisfaction_rate=float("nan"))
    assert narrative.rank_sentence(empty, "satisfaction_rate", "满意率", "%", True) == "所选范围内没有可比较的数据。"


@pytest.mark.parametrize(
    ("first", "last", "word"),
    [
        (("2020Q1", 90.95), ("2023Q3", 97.35), "上升"),
        (("2022Q1", 97.0), ("2023Q3", 95.5), "下降"),
        (("2022Q1", 96.5), ("2023Q3", 96.5), "保持"),
    ],
)
def test_survey_sentence_rises_falls_or_holds(first, last, word):
    sentence = narrative.survey_sentence(first, last, "全市")
    assert sentence == f"全市群众对创建成效的满意度由{first[0]}的 {first[1]:.2f}% {word}到{last[0]}的 {last[1]:.2f}%。"


def test_survey_sentence_for_one_quarter_and_for_none():
    assert (
        narrative.survey_sentence(("2023Q3", 97.35), ("2023Q3", 97.35), "东城区")
        == "东城区2023Q3群众对创建成效的满意度为 97.35%。"
    )
    assert narrative.survey_sentence(None, None, "东城区") == "东城区在所选时段没有满意度调查数据。"
