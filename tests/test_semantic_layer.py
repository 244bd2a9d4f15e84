"""The semantic layer (data/semantic.sql): each shared notion defined once, so that every query
built on it gives the same figure, and real data that the demo does not resemble is still right."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

import queries
from access.scope import Scope
from data import rollups

PERIOD = {"start": date(2023, 1, 1), "end": date(2023, 9, 1), "as_of": date(2023, 9, 30)}
CHAOYANG, DONGCHENG = "110105", "110101"


@pytest.fixture(scope="module")
def staggered(warehouse_path, tmp_path_factory):
    """The demo warehouse, but 朝阳 scores its alleys two days before the rest of the city each
    month, and 东城 one day before: real districts do not all score on the same day."""
    path = tmp_path_factory.mktemp("staggered") / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, path)
    con = duckdb.connect(str(path))
    try:
        for district, days in ((CHAOYANG, 2), (DONGCHENG, 1)):
            con.execute(
                "update alley_inspections set inspected_on = inspected_on - to_days(?) "
                "where kind = 'monthly_score' and alley_id in (select alley_id from alleys where district_code = ?)",
                [days, district],
            )
        rollups.rebuild(con)
        latest_days = con.execute(
            "select a.district_code, max(i.inspected_on) from alley_inspections as i join alleys as a using (alley_id) "
            "where i.kind = 'monthly_score' group by all"
        ).fetchall()
        assert len({day for _, day in latest_days}) == 3  # three different last scoring days
    finally:
        con.close()
    connection = queries.connect(path)
    yield connection
    connection.close()


def _own_latest_mean(con, district: str) -> float:
    """Each of the district's alleys' latest monthly score by the period's end, averaged: written
    out here from the raw inspections, independently of the semantic layer."""
    cursor = queries.warehouse_cursor(con)
    try:
        return cursor.execute(
            """
            select round(avg(score), 1) from (
                select i.alley_id, arg_max(i.score, i.inspected_on) as score
                from alley_inspections as i join alleys as a using (alley_id)
                where i.kind = 'monthly_score' and i.inspected_on < date '2023-10-01' and a.district_code = ?
                group by i.alley_id
            )
            """,
            [district],
        ).fetchone()[0]
    finally:
        cursor.close()


def test_districts_scoring_on_different_days_each_keep_their_own_latest_score(staggered):
    # The old district_measures took the mean on the city's single latest scoring date: 朝阳 and 东城,
    # which scored a day or two earlier, dropped out of the comparison (NULL).
    measures = queries.run(staggered, "district_measures", districts=[], **PERIOD).set_index("district_code")
    assert measures["alley_score"].notna().all(), measures["alley_score"][measures["alley_score"].isna()]
    for district in (CHAOYANG, DONGCHENG, "110119"):
        assert measures.at[district, "alley_score"] == _own_latest_mean(staggered, district)


def test_the_alley_score_is_one_definition_on_every_page_that_shows_it(staggered):
    chaoyang = {"districts": [CHAOYANG], **PERIOD}
    district = queries.run(staggered, "district_measures", **chaoyang).iloc[0]["alley_score"]
    headline = queries.run(staggered, "headline_figures", **chaoyang).iloc[0]["alley_score"]
    summary = queries.run(staggered, "alley_summary", **chaoyang).iloc[0]["alley_score"]
    listed = queries.run(
        staggered, "alley_latest_scores", districts=[CHAOYANG], end=PERIOD["end"], as_of=PERIOD["as_of"], scope=Scope.city()
    )
    assert district == headline == summary == round(listed["score"].mean(), 1) == _own_latest_mean(staggered, CHAOYANG)


def test_the_red_list_as_at_a_date_is_one_definition(con):
    for as_of in (date(2023, 9, 30), date(2022, 12, 31)):
        period = {**PERIOD, "start": date(as_of.year, 1, 1), "end": date(as_of.year, as_of.month, 1), "as_of": as_of}
        headline = queries.run(con, "headline_figures", districts=[], **period).iloc[0]
        summary = queries.run(con, "alley_summary", districts=[], **period).iloc[0]
        listed = queries.run(con, "red_list", districts=[], start=period["start"], as_of=as_of, scope=Scope.city())
        stages = queries.run(con, "red_list_stages", districts=[], start=period["start"], as_of=as_of)
        open_listings = listed[listed["status"] != "delisted"]
        assert headline["red_list_open"] == summary["red_list_open"] == len(open_listings)
        assert stages.loc[stages["status"] != "delisted", "listings"].sum() == len(open_listings)
        assert headline["red_list_overdue"] == open_listings["is_overdue"].sum() == stages["overdue"].sum()


def test_coverage_is_one_definition(con):
    headline = queries.run(con, "headline_figures", districts=[], **PERIOD).iloc[0]
    rows = queries.run(con, "village_coverage", districts=[], agricultural_only=False, as_of=PERIOD["as_of"])
    total = rows[rows["district_code"].isna()].iloc[0]
    assert total["district_name"] == "合计"
    assert total["rules_coverage"] == headline["rules_coverage"]
    assert total["with_rules"] == headline["villages_with_rules"] and total["history_rooms"] == headline["history_rooms"] == 685


def test_the_survey_baseline_is_one_definition(con):
    headline = queries.run(con, "headline_figures", districts=[], **PERIOD).iloc[0]
    # The brief's figures: 91.7% in 2020 as a whole year, 97.35% in 2023 Q3, a gain of 5.65 points.
    assert (headline["survey_baseline_label"], headline["survey_baseline"]) == ("2020年", 91.7)
    assert (headline["survey_period"], headline["survey_latest"], headline["survey_change"]) == ("2023Q3", 97.35, 5.65)
    quarters = queries.run(con, "survey_for_area", districts=[], end=PERIOD["end"])
    year_2020 = quarters[quarters["period"].str.startswith("2020")]
    assert round(year_2020["satisfied_count"].sum() * 100 / year_2020["sample_size"].sum(), 2) == 91.7


def test_the_three_rates_are_one_definition(con):
    rates = queries.run(con, "area_rates", districts=[], start=PERIOD["start"], end=PERIOD["end"]).iloc[0]
    headline = queries.run(con, "headline_figures", districts=[], **PERIOD).iloc[0]
    monthly = queries.run(con, "rates_by_month", districts=[], start=PERIOD["start"], end=PERIOD["end"])
    by_district = queries.run(con, "district_measures", districts=[], **PERIOD)
    for rate in ("response_rate", "resolution_rate", "satisfaction_rate", "grid_share"):
        assert rates[rate] == headline[rate]
    assert rates["cases"] == monthly.loc[monthly["scope"] == "city", "cases"].sum() == by_district["cases"].sum()
    # One month's rates read the same from the month-by-month query as from the period query.
    september = queries.run(con, "area_rates", districts=[], start=date(2023, 9, 1), end=date(2023, 9, 1)).iloc[0]
    last = monthly[(monthly["scope"] == "city")].iloc[-1]
    assert (september["satisfaction_rate"], september["grid_share"]) == (last["satisfaction_rate"], last["grid_share"])


def test_the_red_line_lives_only_in_the_configuration():
    root = Path(__file__).resolve().parent.parent
    written = re.compile(r"(red_line|RED_LINE)(\s*:\s*\w+)?\s*[:=]\s*\d")  # a red line set anywhere but the configuration
    found = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("ui", "pages", "queries", "reports", "data", "benchmarks")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".sql")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if written.search(line)
    ]
    assert found == []
    assert "red_line = 75.0" in (root / "config" / "targets.toml").read_text(encoding="utf-8")


def test_a_street_rate_resting_on_a_few_cases_is_held_back(con):
    minimum = queries.settings.settings().min_cases_for_rate
    streets = queries.run(con, "street_measures", districts=[], **PERIOD)
    few = streets[streets["cases"] < minimum]
    assert len(few) and few[["response_rate", "resolution_rate"]].isna().all().all()
    assert streets.loc[streets["rated"] < minimum, "satisfaction_rate"].isna().all()
    enough = streets[streets["cases"] >= minimum]
    assert enough["resolution_rate"].notna().all()


def test_a_campaign_week_by_week_ends_where_its_effect_is(con):
    """The weekly progress counts days exactly as campaign_effect does: its last week's change so far is
    the effect (the brief's −30.6% for all the campaigns together), and the control's is the control's."""
    effect = queries.run(con, "campaign_effect", districts=[], as_of=PERIOD["as_of"]).set_index("campaign_id")
    for campaign in ("ALL", effect.index[0]):
        weeks = queries.run(con, "campaign_progress", districts=[], as_of=PERIOD["as_of"], campaign_id=campaign)
        last = weeks.iloc[-1]
        assert last["target_change_so_far"] == effect.at[campaign, "target_change_pct"]
        assert last["other_change_so_far"] == effect.at[campaign, "others_change_pct"]
        assert weeks["target_cases"].sum() == effect.at[campaign, "target_during"]
    assert effect.at["ALL", "target_change_pct"] == -30.6
    # How sure: the net change against the control lies inside its 95% interval, which excludes zero here.
    total = effect.loc["ALL"]
    assert total["net_low_pct"] < total["net_change_pct"] < total["net_high_pct"] < 0


def test_an_alleys_latest_score_is_its_last_record_even_on_the_same_day(warehouse_path, tmp_path):
    """Two monthly scores of one alley on one day (a correction): the later record (the greater 检查编号)
    is the score, as a window ordered by day and id would pick; an older day never wins on its id."""
    path = tmp_path / "corrected.duckdb"
    shutil.copyfile(warehouse_path, path)
    with duckdb.connect(str(path)) as con:
        alley, day, top = con.execute(
            "select alley_id, max(inspected_on), (select max(inspection_id) from alley_inspections) "
            "from alley_inspections where kind = 'monthly_score' and inspected_on < date '2023-10-01' "
            "group by alley_id order by alley_id limit 1"
        ).fetchone()
        # A correction on the same day, and an older score with a larger id still: 999,999,999,999,999 is
        # the largest id the importer takes (15 digits).
        con.execute(
            "insert into alley_inspections (inspection_id, alley_id, inspected_on, kind, score) values "
            "(?, ?, ?, 'monthly_score', 42.5), (999999999999999, ?, ? - interval 40 day, 'monthly_score', 99.5)",
            [top + 1, alley, day, alley, day],
        )
        latest = con.execute(
            "select score, scored_on from alley_latest_score(date '2023-10-01') where alley_id = ?", [alley]
        ).fetchone()
    assert latest == (42.5, day)
