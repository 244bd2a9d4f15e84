"""The brief's figures (../shared/DOMAIN.md, "Figures the demo data must reproduce exactly"),
read back through the query layer the dashboard uses, not with ad-hoc SQL.

Every test runs on the session warehouse (seed 2023) and on a second one built once with
seed 7: the figures hold by construction, not by a lucky draw.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import queries
from data import calibration

AS_OF = date(2023, 9, 30)


@pytest.fixture(scope="module", params=["con", "second_seed_con"], ids=["seed2023", "seed7"])
def warehouse(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def headline(warehouse) -> pd.Series:
    stock = queries.run(warehouse, "headline_figures", start=date(2023, 1, 1), end=date(2023, 9, 1), as_of=AS_OF, districts=[])
    assert len(stock) == 1
    return stock.iloc[0]


def test_alleys_under_management(headline):
    assert headline["alleys"] == calibration.ALLEYS == 5_393


def test_capital_civilized_alleys(headline):
    assert headline["civilized_alleys"] == calibration.CIVILIZED_ALLEYS == 762


def test_villages_and_communities_with_rules_are_7000_odd(headline):
    # "7000多个": at least 7,000 and fewer than 8,000.
    assert 7_000 <= headline["villages_with_rules"] < 8_000
    assert headline["villages_with_rules"] <= headline["villages_and_communities"]


def test_village_history_rooms(headline):
    assert headline["history_rooms"] == calibration.HISTORY_ROOMS == 685


def test_civilization_video_screens(headline):
    assert headline["video_screens"] == calibration.VIDEO_SCREENS == 1_226


def test_volunteer_projects_are_12000_odd(headline):
    # "1.2万余个": at least 12,000 (and not yet 13,000).
    assert calibration.VOLUNTEER_PROJECTS_AT_LEAST == 12_000
    assert 12_000 <= headline["volunteer_projects"] < 13_000


def test_survey_satisfaction_2020_is_91_7(headline, warehouse):
    # The brief's baseline: 2020 as a whole year, its four quarters pooled (the semantic layer's survey_baseline).
    assert headline["survey_baseline_label"] == "2020年"
    assert headline["survey_baseline"] == calibration.SURVEY_2020_PCT == 91.7
    quarters = queries.run(warehouse, "survey_for_area", districts=[], end=date(2023, 9, 1))
    assert quarters["period"].str[:4].drop_duplicates().tolist() == ["2020", "2021", "2022", "2023"]


def test_survey_satisfaction_2023q3_is_97_35(warehouse):
    surveys = queries.run(warehouse, "survey_satisfaction", start=date(2023, 7, 1), end=date(2023, 9, 1))
    assert set(surveys["period"]) == {"2023Q3"}, "only the quarter overlapping July-September"
    assert len(surveys) == 17  # the city and its 16 districts
    city = surveys[surveys["area_code"] == "110000"]
    assert len(city) == 1
    assert city["area_name"].iat[0] == "全市"
    assert city["satisfaction_pct"].iat[0] == calibration.SURVEY_2023Q3_PCT == 97.35


@pytest.fixture(scope="module")
def campaign_effect(warehouse) -> pd.DataFrame:
    return queries.run(warehouse, "campaign_effect", districts=[], as_of=AS_OF).set_index("campaign_id")


def test_campaign_hotline_intake_fell_30_6_percent(campaign_effect, warehouse):
    total = campaign_effect.loc["ALL"]
    assert total["target_change_pct"] == calibration.CAMPAIGN_INTAKE_CHANGE_PCT == -30.6
    campaigns = campaign_effect.drop(index="ALL")
    assert total["target_before"] == campaigns["target_before"].sum() > 0
    assert total["target_during"] == campaigns["target_during"].sum() > 0
    # The warehouse records the same before/during totals the generator calibrated.
    info = queries.run(warehouse, "warehouse_info").set_index("key")["value"]
    assert int(info["campaign_hotline_before"]) == total["target_before"]
    assert int(info["campaign_hotline_during"]) == total["target_during"]
    # The subcategories no campaign targeted did not fall: the drop is the campaigns' doing.
    assert total["others_change_pct"] > calibration.CAMPAIGN_INTAKE_CHANGE_PCT + 20


def test_campaign_windows_and_their_2022_comparison_windows(campaign_effect, warehouse):
    stored = queries.run(warehouse, "campaigns").set_index("campaign_id")
    campaigns = campaign_effect.drop(index="ALL")
    assert list(campaigns.index) == [c[0] for c in calibration.CAMPAIGNS]
    for campaign_id, name, _focus, started, ended, targets in calibration.CAMPAIGNS:
        row = campaigns.loc[campaign_id]
        assert row["name"] == name
        assert row["targets"] == "、".join(sorted(targets))
        assert pd.Timestamp(row["started_on"]) == pd.Timestamp(started) == pd.Timestamp(stored.at[campaign_id, "started_on"])
        assert pd.Timestamp(row["ended_on"]) == pd.Timestamp(ended) == pd.Timestamp(stored.at[campaign_id, "ended_on"])
        # "The same period a year before": the same calendar days of 2022.
        assert pd.Timestamp(row["before_start"]) == pd.Timestamp(started.replace(year=2022))
        assert pd.Timestamp(row["before_end"]) == pd.Timestamp(ended.replace(year=2022))
    total = campaign_effect.loc["ALL"]
    assert pd.Timestamp(total["started_on"]) == pd.Timestamp(min(c[3] for c in calibration.CAMPAIGNS))
    assert pd.Timestamp(total["before_end"]) == pd.Timestamp(date(2022, 9, 30))


def test_sixteen_districts_thirteen_agricultural(warehouse):
    districts = queries.run(warehouse, "districts")
    assert len(districts) == calibration.DISTRICTS == 16
    assert int(districts["is_agricultural"].sum()) == calibration.AGRICULTURAL_DISTRICTS == 13
    assert set(districts.loc[~districts["is_agricultural"], "short_name"]) == {"东城", "西城", "石景山"}


def test_the_briefs_figures_of_the_work_itself(con):
    # 34 municipal departments and 13 agricultural districts in the rural work group, 17 measures in
    # 5 areas, 34 editions of the Farmers' Art Festival: read back through the query layer.
    facts = queries.run(con, "programme_facts").set_index("fact_key")["value"].to_dict()
    assert facts["municipal_departments"] == 34
    assert facts["agricultural_districts"] == 13
    assert (facts["measure_areas"], facts["measures"]) == (5, 17)
    assert facts["farmers_art_festivals"] == 34
