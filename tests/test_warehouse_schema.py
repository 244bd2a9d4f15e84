"""Invariants of the demo warehouse: schema, keys, geography, dates, scores, rollups, realism.

Each test reads the session warehouse (scale 0.1, seed 2023) built in conftest.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

import h3
import numpy as np
import pandas as pd
import pytest
import shapely

from data import calibration, dictionary, rollups
from data.demo_places import H3_RESOLUTION
from data.geography import CITY_CODE, DISTRICTS, district_shapes

ALL_TABLES = dictionary.TABLES + dictionary.ROLLUPS
END_OF_DATA = pd.Timestamp(calibration.DATA_END) + pd.Timedelta(days=1)  # exclusive: end of the last day


# --- schema ---------------------------------------------------------------------------------


def test_warehouse_has_exactly_the_documented_tables(sql):
    stored = sql(
        "select table_name from information_schema.tables where table_catalog = current_database() and table_schema = 'main'"
    )
    assert set(stored["table_name"]) == {t.name for t in ALL_TABLES}


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.name)
def test_table_has_exactly_the_documented_columns(sql, table):
    stored = sql(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() and table_schema = 'main' and table_name = $table "
        "order by ordinal_position",
        {"table": table.name},
    )
    assert list(stored.itertuples(index=False, name=None)) == [(c.name, c.sql_type) for c in table.columns]


def test_every_table_and_column_has_a_comment(sql):
    columns = sql(
        "select table_name, column_name, comment from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' and not internal"
    )
    assert len(columns) == sum(len(t.columns) for t in ALL_TABLES)
    uncommented = columns[columns["comment"].isna() | (columns["comment"].fillna("").str.strip() == "")]
    assert uncommented.empty, f"columns without a comment:\n{uncommented}"
    tables = sql(
        "select table_name, comment from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'main' and not internal"
    )
    assert set(tables["table_name"]) == {t.name for t in ALL_TABLES}
    assert tables["comment"].fillna("").str.strip().ne("").all(), tables[tables["comment"].isna()]


# --- keys -----------------------------------------------------------------------------------

PRIMARY_KEYS = {
    "districts": ("district_code",),
    "streets": ("street_code",),
    "cases": ("case_id",),
    "alleys": ("alley_id",),
    "villages": ("village_id",),
    "volunteer_projects": ("project_id",),
    "alley_supervisions": ("supervision_id",),
    "alley_inspections": ("inspection_id",),
    "campaign_targets": ("campaign_id", "subcategory"),
    "satisfaction_surveys": ("period", "area_code"),
}


@pytest.mark.parametrize("table", PRIMARY_KEYS)
def test_primary_key_unique_and_not_null(sql, table):
    key = ", ".join(PRIMARY_KEYS[table])
    not_null = " and ".join(f"{c} is not null" for c in PRIMARY_KEYS[table])
    counts = sql(
        f"select count(*) as n_rows, count(distinct ({key})) as n_keys, "
        f"count(*) filter (where {not_null}) as n_complete from {table}"
    ).iloc[0]
    assert counts["n_rows"] > 0
    assert counts["n_keys"] == counts["n_rows"], f"{table}: duplicate ({key})"
    assert counts["n_complete"] == counts["n_rows"], f"{table}: NULL in ({key})"


# (child table, child column, parent table, parent column); NULL children are allowed only where noted.
FOREIGN_KEYS = [
    ("cases", "district_code", "districts", "district_code"),
    ("cases", "street_code", "streets", "street_code"),
    ("cases", "subcategory", "case_categories", "subcategory"),
    ("cases", "source", "case_sources", "source"),
    ("cases", "campaign_id", "campaigns", "campaign_id"),  # nullable
    ("streets", "district_code", "districts", "district_code"),
    ("alleys", "district_code", "districts", "district_code"),
    ("alleys", "street_code", "streets", "street_code"),
    ("villages", "district_code", "districts", "district_code"),
    ("villages", "street_code", "streets", "street_code"),
    ("volunteer_projects", "district_code", "districts", "district_code"),
    ("volunteer_projects", "street_code", "streets", "street_code"),
    ("volunteer_projects", "village_id", "villages", "village_id"),  # nullable
    ("alley_inspections", "alley_id", "alleys", "alley_id"),
    ("alley_supervisions", "alley_id", "alleys", "alley_id"),
    ("campaign_targets", "campaign_id", "campaigns", "campaign_id"),
    ("campaign_targets", "subcategory", "case_categories", "subcategory"),
    ("satisfaction_surveys", "area_code", "districts", "district_code"),  # except the city row
]


@pytest.mark.parametrize("child, column, parent, parent_column", FOREIGN_KEYS, ids=lambda v: str(v))
def test_foreign_codes_resolve(scalar, child, column, parent, parent_column):
    exempt = f" and c.{column} <> '{CITY_CODE}'" if child == "satisfaction_surveys" else ""
    dangling = scalar(
        f"select count(*) from {child} as c "
        f"where c.{column} is not null{exempt} "
        f"and c.{column} not in (select {parent_column} from {parent})"
    )
    assert dangling == 0, f"{child}.{column}: {dangling} codes not in {parent}.{parent_column}"


@pytest.mark.parametrize("table", ["cases", "alleys", "villages", "volunteer_projects"])
def test_street_belongs_to_the_rows_district(scalar, table):
    mismatched = scalar(
        f"select count(*) from {table} as t join streets as s using (street_code) where s.district_code <> t.district_code"
    )
    assert mismatched == 0


def test_volunteer_project_serves_a_village_of_its_own_street(scalar):
    assert (
        scalar(
            "select count(*) from volunteer_projects as p join villages as v using (village_id) "
            "where p.street_code <> v.street_code or p.district_code <> v.district_code"
        )
        == 0
    )


def test_case_category_matches_its_subcategory(scalar):
    assert (
        scalar("select count(*) from cases as c join case_categories as k using (subcategory) where c.category <> k.category")
        == 0
    )


def test_case_campaign_id_set_exactly_for_targeted_subcategories_in_the_window(sql):
    # Each subcategory is targeted by at most one campaign, so the left join keeps one row per case.
    wrong = sql(
        """
        select c.campaign_id as stored, m.campaign_id as expected, count(*) as n
        from cases as c
        left join (campaign_targets join campaigns using (campaign_id)) as m
            on m.subcategory = c.subcategory and c.reported_at::date between m.started_on and m.ended_on
        where c.campaign_id is distinct from m.campaign_id
        group by all
        """
    )
    assert wrong.empty, f"cases with a wrong campaign_id:\n{wrong}"
    assert sql("select count(*) as n from cases where campaign_id is not null").at[0, "n"] > 0


# --- districts and streets ------------------------------------------------------------------


def test_sixteen_districts_thirteen_agricultural(sql):
    districts = sql("select district_code, name, is_agricultural from districts order by district_code")
    assert len(districts) == calibration.DISTRICTS == 16
    assert int(districts["is_agricultural"].sum()) == calibration.AGRICULTURAL_DISTRICTS == 13
    assert set(districts.loc[~districts["is_agricultural"], "name"]) == {"东城区", "西城区", "石景山区"}
    assert list(districts["district_code"]) == [d.code for d in DISTRICTS]


def test_streets_per_district_match_districts_table_and_geography(sql):
    per_district = sql(
        """
        select d.district_code, any_value(d.street_count) as street_count, count(s.street_code) as streets,
               count(*) filter (where s.kind = '街道') as jiedao, count(*) filter (where s.kind = '镇') as zhen,
               count(*) filter (where s.kind = '乡') as xiang,
               sum(s.population) as street_population, any_value(d.population) as population
        from districts as d left join streets as s using (district_code)
        group by d.district_code order by d.district_code
        """
    ).set_index("district_code")
    assert int(per_district["streets"].sum()) == 343
    assert (per_district["streets"] == per_district["street_count"]).all()
    for d in DISTRICTS:
        row = per_district.loc[d.code]
        assert (row["streets"], row["jiedao"], row["zhen"], row["xiang"]) == (
            d.street_count,
            d.streets,
            d.towns,
            d.townships,
        ), d.name
        # Street populations are a split of the census figure, so they add up to it exactly.
        assert row["street_population"] == row["population"] == d.population, d.name


# --- points inside their own district -------------------------------------------------------


def _outside(points: pd.DataFrame) -> pd.DataFrame:
    """Rows of (district_code, x, y) whose point is not inside that district's polygon."""
    shapes = district_shapes()
    inside = np.zeros(len(points), dtype=bool)
    for code, group in points.groupby("district_code"):
        inside[group.index] = shapely.contains_xy(shapes[code], group["x"].to_numpy(), group["y"].to_numpy())
    return points[~inside]


POINT_COLUMNS = [
    # Every case point: distinct points are few (they come from per-street pools), so check them all.
    ("cases", "lon", "lat"),
    ("alleys", "start_lon", "start_lat"),
    ("alleys", "end_lon", "end_lat"),
    ("villages", "lon", "lat"),
    ("streets", "center_lon", "center_lat"),
    ("districts", "label_lon", "label_lat"),
]


@pytest.mark.parametrize("table, x, y", POINT_COLUMNS, ids=lambda v: str(v))
def test_points_inside_their_own_district(sql, table, x, y):
    points = sql(f"select distinct district_code, {x} as x, {y} as y from {table}")
    assert points[["x", "y"]].notna().all().all(), f"{table}: missing coordinates"
    outside = _outside(points)
    assert outside.empty, f"{table}.({x}, {y}): {len(outside)} of {len(points)} points outside their district:\n{outside}"


def test_case_h3_cell_is_the_cell_of_its_point(sql):
    points = sql("select distinct lon, lat, h3_cell from cases")
    expected = [h3.latlng_to_cell(lat, lon, H3_RESOLUTION) for lon, lat in zip(points["lon"], points["lat"], strict=True)]
    assert (points["h3_cell"] == expected).all()


# --- dates ----------------------------------------------------------------------------------


def test_case_timestamps_in_order_and_within_the_data_period(sql):
    row = sql(
        """
        select
            count(*) filter (where responded_at < reported_at) as responded_before_reported,
            count(*) filter (where resolved_at < responded_at) as resolved_before_responded,
            count(*) filter (where resolved_at is not null and responded_at is null) as resolved_never_responded,
            count(*) filter (where reported_at >= $end or responded_at >= $end or resolved_at >= $end) as after_end,
            min(reported_at) as first_case, max(reported_at) as last_case
        from cases
        """,
        {"end": END_OF_DATA.to_pydatetime()},
    ).iloc[0]
    assert row["responded_before_reported"] == 0
    assert row["resolved_before_responded"] == 0
    assert row["resolved_never_responded"] == 0
    assert row["after_end"] == 0
    assert row["first_case"] >= pd.Timestamp(calibration.DATA_START)
    assert row["last_case"] < END_OF_DATA


def test_cases_cover_every_month_from_2020_01_to_2023_09(sql):
    months = sql("select distinct date_trunc('month', reported_at)::date as m from cases order by m")["m"]
    expected = pd.date_range("2020-01-01", "2023-09-01", freq="MS")
    assert list(pd.to_datetime(months)) == list(expected)
    calendar = sql("select month_start from calendar_months order by month_start")["month_start"]
    assert list(pd.to_datetime(calendar)) == list(expected)


@pytest.mark.parametrize(
    "table, column",
    [
        ("alley_inspections", "inspected_on"),
        ("alley_supervisions", "listed_on"),
        ("alley_supervisions", "rectified_on"),
        ("alley_supervisions", "rechecked_on"),
        ("alley_supervisions", "delisted_on"),
        ("alleys", "civilized_since"),
        ("alleys", "last_reviewed_on"),
        ("villages", "history_room_opened_on"),
        ("volunteer_projects", "started_on"),
        ("satisfaction_surveys", "make_date(year, quarter * 3 - 2, 1)"),
    ],
)
def test_nothing_happens_after_the_data_end(scalar, table, column):
    latest = scalar(f"select max({column}) from {table}")
    assert latest is not None and not pd.isna(latest)
    assert pd.Timestamp(latest) < END_OF_DATA, f"{table}.{column} runs to {latest}"


def test_red_list_dates_in_order_and_status_consistent(sql):
    red = sql("select * from alley_supervisions")
    assert len(red) > 0
    for earlier, later in [
        ("listed_on", "rectified_on"),
        ("rectified_on", "rechecked_on"),
        ("rechecked_on", "delisted_on"),
    ]:
        both = red[earlier].notna() & red[later].notna()
        assert (red.loc[both, earlier] <= red.loc[both, later]).all(), f"{later} before {earlier}"
    assert (red["deadline"] > red["listed_on"]).all()
    # A later step never happens without the earlier one.
    assert not (red["delisted_on"].notna() & red["rechecked_on"].isna()).any()
    assert not (red["rechecked_on"].notna() & red["rectified_on"].isna()).any()

    status = red["status"]
    assert set(status) <= set(dictionary.SUPERVISION_STATUSES)
    assert (red["delisted_on"].notna() == (status == "delisted")).all(), "delisted ⇔ delisted_on set"
    rechecked = red[status == "rechecked"]
    assert rechecked["rechecked_on"].notna().all() and rechecked["delisted_on"].isna().all()
    rectifying = red[status == "rectifying"]
    assert rectifying["rechecked_on"].isna().all() and rectifying["delisted_on"].isna().all()
    listed = red[status == "listed"]
    assert listed[["rectified_on", "rechecked_on", "delisted_on"]].isna().all().all()
    assert (status == "delisted").sum() > 0 and (status != "delisted").sum() > 0, "a real red list has both"


def test_red_list_trigger_is_a_monthly_score_below_the_line(sql):
    unmatched = sql(
        """
        select s.supervision_id, s.alley_id, s.trigger_score, s.listed_on
        from alley_supervisions as s
        where s.trigger_score >= 75
           or not exists (
                select 1 from alley_inspections as i
                where i.alley_id = s.alley_id and i.kind = 'monthly_score' and i.score = s.trigger_score
                  and i.inspected_on between s.listed_on - interval 10 day and s.listed_on
           )
           or s.main_problem not in (select name from alley_standard_items)
        """
    )
    assert unmatched.empty, f"red-list rows not backed by a low monthly score:\n{unmatched}"


def test_an_alley_is_not_listed_twice_at_once(sql):
    overlapping = sql(
        """
        select * from (
            select alley_id, listed_on,
                   lag(delisted_on) over (partition by alley_id order by listed_on) as previous_delisted,
                   lag(listed_on) over (partition by alley_id order by listed_on) as previous_listed
            from alley_supervisions
        )
        where previous_listed is not null and (previous_delisted is null or previous_delisted >= listed_on)
        """
    )
    assert overlapping.empty, overlapping


# --- alley scores ---------------------------------------------------------------------------


def test_standard_items_are_the_documented_hundred_points(sql):
    items = sql("select item_code, standard_group, name, max_points from alley_standard_items order by sort_order")
    assert list(items.itertuples(index=False, name=None)) == list(dictionary.ALLEY_STANDARD_ITEMS)
    assert int(items["max_points"].sum()) == 100


def test_monthly_score_is_the_sum_of_its_19_sub_scores(sql):
    items = sql("select item_code, max_points from alley_standard_items").set_index("item_code")["max_points"]
    columns = list(dictionary.ALLEY_ITEM_COLUMNS)
    scores = sql(
        f"select alley_id, inspected_on, score, {', '.join(columns)} from alley_inspections where kind = 'monthly_score'"
    )
    assert len(scores) > 0
    sub = scores[columns]
    assert sub.notna().all().all(), "a monthly score lacks sub-scores"
    assert ((sub >= 0) & (sub <= items[columns].to_numpy())).all().all(), "a sub-score outside 0..max_points"
    assert (sub.sum(axis=1).astype(float) == scores["score"]).all(), "score is not the sum of its sub-scores"


def test_every_alley_scored_once_a_month_from_2022(sql):
    per_alley_month = sql(
        """
        select count(*) as n, count(distinct alley_id) as alleys,
               count(distinct date_trunc('month', inspected_on)) as months,
               count(distinct (alley_id, date_trunc('month', inspected_on))) as alley_months
        from alley_inspections where kind = 'monthly_score'
        """
    ).iloc[0]
    assert per_alley_month["alleys"] == calibration.ALLEYS
    assert per_alley_month["months"] == 21  # 2022-01 .. 2023-09
    assert per_alley_month["n"] == per_alley_month["alley_months"] == calibration.ALLEYS * 21


# --- surveys --------------------------------------------------------------------------------


def test_survey_city_row_is_the_sum_of_the_sixteen_districts(sql):
    surveys = sql("select * from satisfaction_surveys")
    city = surveys[surveys["area_code"] == CITY_CODE].set_index("period")
    districts = surveys[surveys["area_code"] != CITY_CODE]
    assert (districts.groupby("period")["area_code"].nunique() == 16).all()
    sums = districts.groupby("period")[["sample_size", "satisfied_count"]].sum()
    assert sorted(city.index) == sorted(sums.index)
    assert len(city) == 15  # 2020Q1 .. 2023Q3
    pd.testing.assert_frame_equal(
        city[["sample_size", "satisfied_count"]].sort_index().astype("int64"), sums.sort_index().astype("int64")
    )
    expected_pct = (surveys["satisfied_count"] / surveys["sample_size"] * 100).round(2)
    assert np.allclose(surveys["satisfaction_pct"], expected_pct, atol=1e-9)
    assert (surveys["satisfied_count"] <= surveys["sample_size"]).all()


# --- rollups --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def case_flags(sql) -> pd.DataFrame:
    """The cases with the rollup measures computed in pandas, independently of rollups.sql."""
    cases = sql(
        "select district_code, street_code, source, category, subcategory, h3_cell, "
        "reported_at, responded_at, resolved_at, rating from cases"
    )
    cases["month_start"] = cases["reported_at"].dt.to_period("M").dt.to_timestamp()
    cases["cases"] = 1
    cases["responded_in_time"] = cases["responded_at"].notna() & (
        cases["responded_at"] <= cases["reported_at"] + timedelta(hours=24)
    )
    cases["resolved"] = cases["resolved_at"].notna()
    cases["rated"] = cases["rating"].notna()
    cases["satisfied"] = cases["rating"].isin(["满意", "基本满意"])
    return cases


def _compare_rollup(sql, case_flags, table: str, keys: list[str], measures: list[str]) -> None:
    expected = case_flags.groupby(keys, as_index=False)[measures].sum()
    stored = sql(f"select {', '.join(keys + measures)} from {table}")
    for frame_ in (expected, stored):
        frame_["month_start"] = pd.to_datetime(frame_["month_start"]).astype("datetime64[ns]")
        frame_[measures] = frame_[measures].astype("int64")
    expected = expected.sort_values(keys, ignore_index=True)
    stored = stored.sort_values(keys, ignore_index=True)
    assert len(stored) == len(expected), f"{table}: {len(stored)} groups, cases give {len(expected)}"
    pd.testing.assert_frame_equal(stored, expected, check_like=False)
    assert int(stored["cases"].sum()) == len(case_flags)


def test_rollup_street_month_equals_cases(sql, case_flags):
    _compare_rollup(
        sql,
        case_flags,
        "agg_cases_street_month",
        ["month_start", "district_code", "street_code", "source"],
        ["cases", "responded_in_time", "resolved", "rated", "satisfied"],
    )


def test_rollup_street_month_per_district_and_source_equals_group_by(sql):
    # The grain the pages read most: totals per (month, district, source), straight SQL on both sides.
    difference = sql(
        """
        with direct as (
            select date_trunc('month', reported_at)::date as month_start, district_code, source,
                   count(*) as cases,
                   count(*) filter (where resolved_at is not null) as resolved,
                   count(*) filter (where rating is not null) as rated,
                   count(*) filter (where rating in ('满意', '基本满意')) as satisfied,
                   count(*) filter (where responded_at <= reported_at + interval 24 hour) as responded_in_time
            from cases group by all
        ),
        rolled as (
            select month_start, district_code, source, sum(cases) as cases, sum(resolved) as resolved,
                   sum(rated) as rated, sum(satisfied) as satisfied, sum(responded_in_time) as responded_in_time
            from agg_cases_street_month group by all
        )
        select 'missing from rollup' as side, * from (select * from direct except all select * from rolled)
        union all
        select 'extra in rollup', * from (select * from rolled except all select * from direct)
        """
    )
    assert difference.empty, difference


def test_rollup_category_month_equals_cases(sql, case_flags):
    _compare_rollup(
        sql,
        case_flags,
        "agg_cases_category_month",
        ["month_start", "district_code", "source", "category", "subcategory"],
        ["cases", "resolved", "rated", "satisfied"],
    )


def test_rollup_hex_month_equals_cases(sql, case_flags):
    assert case_flags["h3_cell"].notna().all()
    _compare_rollup(sql, case_flags, "agg_cases_hex_month", ["month_start", "district_code", "h3_cell"], ["cases"])


def test_rollups_are_rebuilt_after_imports_into_every_table_they_read():
    # data.rollups.SOURCES decides which imports rebuild the rollups: it must name every detail
    # table rollups.sql reads, or an import would leave a rollup behind its detail.
    text = "\n".join(line.split("--", 1)[0] for line in rollups.SQL.read_text(encoding="utf-8").splitlines())
    ctes = set(re.findall(r"(\w+) as \(", text))
    read = set(re.findall(r"\b(?:from|join|unpivot)\s+(\w+)", text)) - ctes
    assert read == set(rollups.SOURCES)
    assert set(re.findall(r"create or replace table (\w+)", text)) == set(rollups.TABLES)


def test_rollup_alley_items_month_equals_the_monthly_scores(sql):
    # The 19 sub-scores of every monthly score, melted in pandas, against the rollup's UNPIVOT.
    items = {code: points for code, _, _, points in dictionary.ALLEY_STANDARD_ITEMS}
    scores = sql(
        "select i.*, a.district_code from alley_inspections as i join alleys as a using (alley_id) where i.kind = 'monthly_score'"
    )
    scores["month_start"] = scores["inspected_on"].dt.to_period("M").dt.to_timestamp()
    long = scores.melt(["month_start", "district_code"], list(items), var_name="item_code", value_name="points")
    long = long.dropna(subset=["points"])
    long["short"] = long["points"] < long["item_code"].map(items)
    expected = long.groupby(["month_start", "district_code", "item_code"], as_index=False).agg(
        scored=("points", "size"), short=("short", "sum")
    )
    assert len(expected) > 0 and expected["short"].sum() > 0
    stored = sql("select month_start, district_code, item_code, scored, short from agg_alley_items_month")
    for frame_ in (expected, stored):
        frame_["month_start"] = pd.to_datetime(frame_["month_start"]).astype("datetime64[ns]")
        frame_[["scored", "short"]] = frame_[["scored", "short"]].astype("int64")
        frame_["item_code"] = frame_["item_code"].astype(str)
        frame_["district_code"] = frame_["district_code"].astype(str)
    keys = ["month_start", "district_code", "item_code"]
    pd.testing.assert_frame_equal(stored.sort_values(keys, ignore_index=True), expected.sort_values(keys, ignore_index=True))


# --- demo flag ------------------------------------------------------------------------------


def test_warehouse_says_it_is_demo_data(sql):
    info = sql("select key, value from warehouse_info").set_index("key")["value"]
    assert info["is_demo"] == "true"
    assert info["seed"] == "2023"
    assert float(info["scale"]) == 0.1
    assert info["data_start"] == calibration.DATA_START.isoformat()
    assert info["data_end"] == calibration.DATA_END.isoformat()


# --- realism (trends, not exact values) -----------------------------------------------------


@pytest.fixture(scope="module")
def yearly(sql) -> pd.DataFrame:
    return sql(
        """
        select year(reported_at) as year,
               count(*) filter (where source = 'grid') * 100.0 / count(*) as grid_share,
               count(*) filter (where source = 'hotline' and resolved_at is not null) * 100.0
                   / count(*) filter (where source = 'hotline') as hotline_resolution,
               count(*) filter (where source = 'hotline' and rating in ('满意', '基本满意')) * 100.0
                   / count(*) filter (where source = 'hotline' and rating is not null) as hotline_satisfaction
        from cases group by all order by year
        """
    ).set_index("year")


def test_grid_staff_find_a_larger_share_of_cases_in_2023_than_2020(yearly):
    # 未诉先办: grid staff find problems before residents call.
    assert yearly.at[2023, "grid_share"] > yearly.at[2020, "grid_share"] + 10, yearly


def test_hotline_resolution_and_satisfaction_rise_from_2020_to_2023(yearly):
    assert yearly.at[2023, "hotline_resolution"] > yearly.at[2020, "hotline_resolution"], yearly
    assert yearly.at[2023, "hotline_satisfaction"] > yearly.at[2020, "hotline_satisfaction"], yearly
    assert 50 < yearly.at[2020, "hotline_resolution"] < 100 and 50 < yearly.at[2020, "hotline_satisfaction"] < 100


def test_case_volume_follows_population(sql):
    per_district = sql(
        "select d.population, count(c.case_id) as cases from districts as d "
        "left join cases as c using (district_code) group by d.district_code, d.population"
    )
    spearman = per_district["cases"].rank().corr(per_district["population"].rank())
    assert spearman > 0.8, per_district


def test_grid_staff_find_fewer_cases_on_weekends(sql):
    daily = sql("select reported_at::date as day, count(*) as cases from cases where source = 'grid' group by all").set_index(
        "day"
    )["cases"]
    daily.index = pd.to_datetime(daily.index)
    days = pd.date_range(calibration.DATA_START, calibration.DATA_END, freq="D")
    daily = daily.reindex(days, fill_value=0)
    weekend = daily[days.day_of_week >= 5].mean()
    weekday = daily[days.day_of_week < 5].mean()
    assert weekend < 0.75 * weekday, (weekend, weekday)


def test_data_dictionary_document_is_current():
    # docs/DATA_DICTIONARY.md is generated from data/dictionary.py; a schema change must regenerate it
    # (`python -m data dictionary`), or analysts read a dictionary that no longer matches the file.
    from pathlib import Path

    document = Path(__file__).resolve().parents[1] / "docs" / "DATA_DICTIONARY.md"
    assert document.read_text(encoding="utf-8") == dictionary.markdown()
