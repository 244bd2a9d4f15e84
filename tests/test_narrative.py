"""The sentences beside the charts change with the data: make it rise, fall or stay, and read
the words and numbers a user would read."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import formats, narrative


@pytest.mark.parametrize(
    ("change", "expected"),
    [(3.24, "上升 3.2%"), (-30.6, "下降 30.6%"), (0.0, "持平"), (0.04, "持平"), (-0.04, "持平"), (0.06, "上升 0.1%")],
)
def test_pct_change_phrase_says_which_way_and_how_much(change, expected):
    assert narrative.pct_change_phrase(change) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [(1.4, "提高 1.4 个百分点"), (-0.3, "下降 0.3 个百分点"), (0.04, "持平"), (0.0, "持平")],
)
def test_points_phrase_says_which_way_and_how_much(change, expected):
    assert narrative.points_phrase(change) == expected


def test_points_phrase_for_the_survey_keeps_its_two_decimals():
    # The same gain reads "+5.65 个百分点" on 总览, the slide and the 简报 (issue 8: it read 5.7 and 5.65).
    assert narrative.points_phrase(5.65, "survey") == "提高 5.65 个百分点"
    assert narrative.points_phrase(0.004, "survey") == "持平"


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
            ("东城区", 500, 5.0, 96.0, 0.3),
            ("朝阳区", 3000, -20.0, 95.0, -1.2),
            ("海淀区", 2800, 10.0, 97.0, 0.8),
        ]
    )
    sentence = narrative.monthly_movers(movers, "2023年9月")
    assert sentence.startswith("2023年9月，问题数环比变化最大的是朝阳区（下降 20.0%）")
    assert "满意率提高最多的是海淀区（提高 0.8 个百分点）" in sentence
    assert "下降最多的是朝阳区（下降 1.2 个百分点）" in sentence


def test_monthly_movers_names_every_district_in_a_tie():
    movers = _movers([("东城区", 500, 12.0, 96.0, 0.8), ("朝阳区", 3000, -12.0, 95.0, 0.8), ("海淀区", 2800, 1.0, 97.0, 0.1)])
    sentence = narrative.monthly_movers(movers, "2023年9月")
    assert "变化最大的是东城区、朝阳区" in sentence
    assert "提高最多的是东城区、朝阳区（提高 0.8 个百分点）" in sentence


def test_monthly_movers_follows_the_data_when_a_rise_is_largest():
    movers = _movers([("东城区", 500, 25.0, 96.0, 0.30), ("朝阳区", 3000, -20.0, 95.0, 0.10)])
    sentence = narrative.monthly_movers(movers, "2023年8月")
    assert "变化最大的是东城区（上升 25.0%）" in sentence
    assert "下降最多" not in sentence  # nobody's satisfaction fell


def test_monthly_movers_for_one_district_and_for_none():
    one = narrative.monthly_movers(_movers([("延庆区", 420, -3.5, 94.2, 0.5)]), "2023年9月")
    assert one == "2023年9月，延庆区问题数 420 件，环比下降 3.5%；12345 满意率 94.2%，环比提高 0.5 个百分点。"
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
    sentence = narrative.rank_sentence(rates, "satisfaction_rate", "满意率")
    assert sentence == "满意率最高的是延庆区（97.1%），最低的是朝阳区（94.0%）。"


def test_rank_sentence_lower_is_better_names_lowest_first():
    frame = pd.DataFrame({"name": ["东城区", "朝阳区", "延庆区"], "cases_per_10k": [45.2, 30.1, 12.3]})
    sentence = narrative.rank_sentence(frame, "cases_per_10k")
    assert sentence == "每万人问题数最低的是延庆区（12.3 件/万人），最高的是东城区（45.2 件/万人）。"


def test_rank_sentence_names_both_districts_of_a_tie(rates):
    tied = rates.assign(satisfaction_rate=[97.1, 94.0, 97.1])
    sentence = narrative.rank_sentence(tied, "satisfaction_rate", "满意率")
    assert sentence == "满意率最高的是东城区、延庆区（97.1%），最低的是朝阳区（94.0%）。"


def test_rank_sentence_one_district_and_no_data(rates):
    single = narrative.rank_sentence(rates.iloc[[1]], "satisfaction_rate", "满意率")
    assert single == "朝阳区满意率为 94.0%。"
    empty = rates.assign(satisfaction_rate=float("nan"))
    assert narrative.rank_sentence(empty, "satisfaction_rate", "满意率") == "所选范围内没有可比较的数据。"


def test_rank_moves_sentence_names_ties_and_says_when_nothing_moved():
    moves = pd.DataFrame({"short_name": ["平谷", "丰台", "朝阳", "延庆"], "places_up": [3, 3, 0, -2]})
    assert narrative.rank_moves_sentence(moves, "2023年1月", "2023年9月") == (
        "2023年1月到2023年9月，名次上升最多的是平谷、丰台（上升 3 位），下降最多的是延庆（下降 2 位）。"
    )
    still = moves.assign(places_up=0)
    assert narrative.rank_moves_sentence(still, "2023年1月", "2023年9月") == "2023年1月到2023年9月，各区名次没有变化。"


def _survey(latest_period, latest, baseline_label, baseline, change) -> pd.Series:
    return pd.Series(
        {
            "survey_period": latest_period,
            "survey_latest": latest,
            "survey_baseline_label": baseline_label,
            "survey_baseline": baseline,
            "survey_change": change,
        }
    )


@pytest.mark.parametrize(
    ("figures", "word"),
    [
        (("2023Q3", 97.35, "2020年", 91.7, 5.65), "上升"),
        (("2023Q3", 95.5, "2022年一季度", 97.0, -1.5), "下降"),
        (("2023Q3", 96.5, "2022年一季度", 96.5, 0.0), "保持"),
    ],
)
def test_survey_sentence_rises_falls_or_holds(figures, word):
    sentence = narrative.survey_sentence(_survey(*figures), "全市")
    _, latest, label, baseline, _ = figures
    assert sentence == (
        f"全市群众对创建成效的满意度由{label}的 {formats.survey(baseline)} {word}到2023年三季度的 {formats.survey(latest)}。"
    )
    assert "91.7%" in sentence or label != "2020年"  # as the brief writes it, not 91.70%


def test_survey_sentence_for_one_quarter_and_for_none():
    one = _survey("2023Q3", 97.35, "2023年三季度", 97.35, 0.0)
    assert narrative.survey_sentence(one, "东城区") == "东城区2023年三季度群众对创建成效的满意度为 97.35%。"
    none = _survey(None, float("nan"), None, float("nan"), float("nan"))
    assert narrative.survey_sentence(none, "东城区") == "东城区在所选时段没有满意度调查数据。"


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        ([38.7, 46.7], "网格员主动发现的问题占比由 38.7% 上升到 46.7%，未诉先办的比重在上升。"),
        ([46.7, 44.0], "网格员主动发现的问题占比由 46.7% 下降到 44.0%，未诉先办的比重没有上升。"),
        # It read "由 48.8% 变为 48.8%，…没有上升".
        ([48.8, 47.0, 48.8], "2023年1月—2023年9月网格员主动发现的问题占比保持在 48.8%。"),
        ([48.8], "2023年1月—2023年9月网格员主动发现的问题占比为 48.8%。"),
    ],
)
def test_grid_share_sentence_says_rise_fall_or_hold(shares, expected):
    monthly = pd.DataFrame({"grid_share": shares})
    assert narrative.grid_share_sentence(monthly, "2023年1月—2023年9月") == expected
