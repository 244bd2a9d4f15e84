"""Every number of the brief, collected from the warehouse through the query layer.

`collect(con, quarter, district=None, targets=Targets())` runs the named queries for the
quarter, the quarter before (环比) and the same quarter a year before (同比), and returns a
`BriefFigures`: plain numbers for the sentences, and the frames the charts and tables need.
Nothing here formats or words anything; no value is typed in by hand except the targets,
which are configuration (see `Targets`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

import queries
from reports.period import Quarter, check_in_data
from ui import labels

CITY_CODE = "110000"  # the survey's code for the whole city

# Measures ranked among the districts in the brief (direction from ui.labels.MEASURES).
RANKED_MEASURES = (
    "cases_per_10k",
    "grid_share",
    "resolution_rate",
    "satisfaction_rate",
    "survey_satisfaction",
    "alley_score",
    "red_list_open",
    "rules_coverage",
    "projects_per_10k",
)


@dataclass(frozen=True)
class Targets:
    """Configurable targets the brief measures against (percent). Not data: the office's goals.

    Defaults: survey satisfaction 97% (the satisfaction page's default target line) and the
    12345 resolution rate 95%. Change them with `--target-satisfaction` / `--target-resolution`
    or on the 简报 page.
    """

    survey_satisfaction: float = 97.0
    resolution_rate: float = 95.0


@dataclass(frozen=True)
class Trend:
    """A figure this quarter, the quarter before (环比) and the same quarter a year before (同比)."""

    current: float | None
    previous: float | None = None
    year_before: float | None = None


@dataclass(frozen=True)
class Rank:
    """A district's place among all districts on one measure (1 = best), now and a quarter before."""

    measure: str
    rank: int | None
    of: int
    previous_rank: int | None = None
    tied: bool = False  # another district has the same value


@dataclass(frozen=True)
class Leaders:
    """The best and the worst district on one measure."""

    measure: str
    best: tuple[str, ...]  # more than one when tied
    best_value: float
    worst: tuple[str, ...]
    worst_value: float


@dataclass(frozen=True)
class Campaigns:
    """The special campaigns begun by the quarter's end and their effect on 12345 intake so far."""

    count: int
    names: tuple[str, ...]
    targets: str  # the targeted problems, '、'-separated
    started_on: date
    ended_on: date
    finished: bool
    target_before: int
    target_during: int
    target_change_pct: float | None
    others_change_pct: float | None


@dataclass(frozen=True)
class ScopeFigures:
    """The figures of the city or of one district."""

    name: str
    district_code: str | None
    is_agricultural: bool
    # 创城+热线+网格
    cases: Trend
    grid_cases: Trend
    grid_share: Trend
    response_rate: Trend
    resolution_rate: Trend
    satisfaction_rate: Trend
    survey: Trend
    survey_2020: float | None
    campaigns: Campaigns | None
    # 创城+街巷治理
    alleys: int
    civilized_alleys: Trend
    civilized_named_this_year: int
    red_list_open: Trend
    red_list_overdue: int
    alley_score: Trend  # mean of the quarter's monthly scores
    alley_score_latest: float | None  # mean of the quarter's last monthly score
    naming_praised: int
    naming_named: int
    naming_date: date | None
    # 创城+乡村振兴
    villages_and_communities: int
    villages_with_rules: int
    history_rooms: Trend
    history_rooms_this_year: int
    video_screens: int
    volunteer_projects: Trend
    projects_this_year: int
    beneficiaries: int


@dataclass(frozen=True)
class BriefFigures:
    quarter: Quarter
    as_of: date
    data_start: date
    data_end: date
    is_demo: bool
    targets: Targets
    district_count: int
    agricultural_count: int
    city: ScopeFigures
    district: ScopeFigures | None
    ranks: dict[str, Rank]  # the district's ranks (district brief only)
    leaders: dict[str, Leaders]  # best and worst district per measure
    districts: pd.DataFrame = field(repr=False)  # district_measures for the quarter, with cases_year_before
    survey: pd.DataFrame = field(repr=False)  # survey_satisfaction from 2020 Q1 to the quarter
    campaign_rows: pd.DataFrame = field(repr=False)  # campaign_effect_to_date for the scope
    campaign_windows: pd.DataFrame = field(repr=False)  # campaigns
    alley_trend: pd.DataFrame = field(repr=False)  # alley_score_trend, year-before quarter to this quarter
    survey_by_year: pd.DataFrame = field(repr=False)

    @property
    def scope(self) -> ScopeFigures:
        """The brief's subject: the district in a district brief, else the city."""
        return self.district or self.city


class DistrictError(ValueError):
    """A district code that is not one of the warehouse's districts."""


def warehouse_facts(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    info = queries.run(con, "warehouse_info")
    return dict(zip(info["key"], info["value"], strict=True))


def district_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    frame = queries.run(con, "districts")
    return dict(zip(frame["district_code"], frame["name"], strict=True))


def check_district(con: duckdb.DuckDBPyConnection, code: str | None) -> None:
    if code is None:
        return
    names = district_names(con)
    if code not in names:
        raise DistrictError(f"区划代码“{code}”无效：应为 16 个区之一，例如 110105（朝阳区）。可选：{'、'.join(names)}。")


def _number(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _int(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def _covered(quarter: Quarter, data_start: date, data_end: date) -> bool:
    return quarter.covered_by(data_start, data_end)


def _rates(con, districts: list[str], quarter: Quarter, data_start: date, data_end: date) -> pd.DataFrame:
    """city_rates for the quarter ('current', 'year_before') and the quarter before ('previous')."""
    frame = queries.run(con, "city_rates", districts=districts, **quarter.params()).set_index("period")
    previous = quarter.previous
    if _covered(previous, data_start, data_end):
        before = queries.run(con, "city_rates", districts=districts, **previous.params()).set_index("period")
        frame.loc["previous"] = before.loc["current"]
    else:
        frame.loc["previous"] = None
    if not _covered(quarter.year_before, data_start, data_end):
        frame.loc["year_before"] = None
    return frame


def _trend(rates: pd.DataFrame, column: str) -> Trend:
    return Trend(
        _number(rates.at["current", column]),
        _number(rates.at["previous", column]),
        _number(rates.at["year_before", column]),
    )


def _survey_value(survey: pd.DataFrame, area: str, quarter: Quarter) -> float | None:
    rows = survey[(survey["area_code"] == area) & (survey["period"] == quarter.code)]
    return _number(rows["satisfaction_pct"].iat[0]) if len(rows) else None


def _survey_2020(survey: pd.DataFrame, by_year: pd.DataFrame, area: str) -> float | None:
    """The 2020 yearly figure (the brief's baseline): satisfied over respondents, as survey_satisfaction_by_year."""
    if area == CITY_CODE:
        row = by_year[by_year["year"] == 2020]
        return _number(row["satisfaction_pct"].iat[0]) if len(row) else None
    rows = survey[(survey["area_code"] == area) & (survey["year"] == 2020)]
    if rows.empty:
        return None
    return round(float(rows["satisfied_count"].sum()) * 100.0 / float(rows["sample_size"].sum()), 2)


def _campaigns(rows: pd.DataFrame) -> Campaigns | None:
    total = rows[rows["campaign_id"] == "ALL"]
    if total.empty:
        return None
    row = total.iloc[0]
    each = rows[rows["campaign_id"] != "ALL"]
    return Campaigns(
        count=len(each),
        names=tuple(each["name"]),
        targets=str(row["targets"]),
        started_on=pd.Timestamp(row["started_on"]).date(),
        ended_on=pd.Timestamp(row["ended_on"]).date(),
        finished=bool(row["is_finished"]),
        target_before=_int(row["target_before"]),
        target_during=_int(row["target_during"]),
        target_change_pct=_number(row["target_change_pct"]),
        others_change_pct=_number(row["others_change_pct"]),
    )


def _quarter_mean_score(trend: pd.DataFrame, quarter: Quarter) -> float | None:
    months = trend[(trend["month_start"] >= pd.Timestamp(quarter.start)) & (trend["month_start"] <= pd.Timestamp(quarter.end))]
    if months.empty or months["alleys_scored"].sum() == 0:
        return None
    return round(float((months["mean_score"] * months["alleys_scored"]).sum() / months["alleys_scored"].sum()), 2)


def _latest_score(trend: pd.DataFrame, quarter: Quarter) -> float | None:
    last = trend[trend["month_start"] == pd.Timestamp(quarter.end)]
    return _number(last["mean_score"].iat[0]) if len(last) else None


def _scope(
    con,
    quarter: Quarter,
    as_of: date,
    data_start: date,
    data_end: date,
    code: str | None,
    name: str,
    is_agricultural: bool,
    survey: pd.DataFrame,
    by_year: pd.DataFrame,
    red_line: float,
) -> tuple[ScopeFigures, pd.DataFrame, pd.DataFrame]:
    districts = [code] if code else []
    area = code or CITY_CODE
    rates = _rates(con, districts, quarter, data_start, data_end)

    def stock(q: Quarter) -> pd.Series | None:
        if q.end < date(data_start.year, data_start.month, 1):
            return None
        return queries.run(con, "headline_stock", districts=districts, as_of=q.as_of(data_end)).iloc[0]

    now = queries.run(con, "headline_stock", districts=districts, as_of=as_of).iloc[0]
    before, year_ago = stock(quarter.previous), stock(quarter.year_before)

    def stock_trend(column: str) -> Trend:
        return Trend(
            _number(now[column]),
            _number(before[column]) if before is not None else None,
            _number(year_ago[column]) if year_ago is not None else None,
        )

    growth = queries.run(con, "facility_growth", districts=districts, as_of=as_of)
    this_year = growth[growth["year"] == as_of.year]
    trend_start = max(quarter.year_before.start, date(data_start.year, data_start.month, 1))
    alley_trend = queries.run(
        con, "alley_score_trend", districts=districts, start=trend_start, end=quarter.end, red_line=red_line
    )
    naming = queries.run(con, "quarterly_naming", districts=districts, as_of=as_of)
    if len(naming):
        named_on = pd.Timestamp(naming["named_on"].iat[0]).date()
        in_quarter = quarter.start <= named_on <= as_of
    else:
        named_on, in_quarter = None, False
    campaign_rows = queries.run(con, "campaign_effect_to_date", districts=districts, as_of=as_of)

    figures = ScopeFigures(
        name=name,
        district_code=code,
        is_agricultural=is_agricultural,
        cases=_trend(rates, "cases"),
        grid_cases=_trend(rates, "grid_cases"),
        grid_share=_trend(rates, "grid_share"),
        response_rate=_trend(rates, "response_rate"),
        resolution_rate=_trend(rates, "resolution_rate"),
        satisfaction_rate=_trend(rates, "satisfaction_rate"),
        survey=Trend(
            _survey_value(survey, area, quarter),
            _survey_value(survey, area, quarter.previous),
            _survey_value(survey, area, quarter.year_before),
        ),
        survey_2020=_survey_2020(survey, by_year, area),
        campaigns=_campaigns(campaign_rows),
        alleys=_int(now["alleys"]),
        civilized_alleys=stock_trend("civilized_alleys"),
        civilized_named_this_year=_int(this_year["civilized_alleys_named"].sum()),
        red_list_open=stock_trend("red_list_open"),
        red_list_overdue=_int(now["red_list_overdue"]),
        alley_score=Trend(
            _quarter_mean_score(alley_trend, quarter),
            _quarter_mean_score(alley_trend, quarter.previous),
            _quarter_mean_score(alley_trend, quarter.year_before),
        ),
        alley_score_latest=_latest_score(alley_trend, quarter),
        naming_praised=int((naming["naming_result"] == "表扬").sum()) if in_quarter else 0,
        naming_named=int((naming["naming_result"] == "通报").sum()) if in_quarter else 0,
        naming_date=named_on if in_quarter else None,
        villages_and_communities=_int(now["villages_and_communities"]),
        villages_with_rules=_int(now["villages_with_rules"]),
        history_rooms=stock_trend("history_rooms"),
        history_rooms_this_year=_int(this_year["history_rooms_opened"].sum()),
        video_screens=_int(now["video_screens"]),
        volunteer_projects=stock_trend("volunteer_projects"),
        projects_this_year=_int(this_year["projects_started"].sum()),
        beneficiaries=_int(now["beneficiaries"]),
    )
    return figures, campaign_rows, alley_trend


def rank_frame(frame: pd.DataFrame, measures=RANKED_MEASURES) -> pd.DataFrame:
    """One `rank_<measure>` column per measure: 1 = best, ties share the better place."""
    ranked = frame.copy()
    for measure in measures:
        higher_is_better = labels.MEASURES[measure][2]
        ranked[f"rank_{measure}"] = ranked[measure].rank(method="min", ascending=not higher_is_better).astype("Int64")
    return ranked


def leaders(frame: pd.DataFrame, measure: str) -> Leaders | None:
    data = frame.dropna(subset=[measure])
    if data.empty:
        return None
    higher_is_better = labels.MEASURES[measure][2]
    top, bottom = (data[measure].max(), data[measure].min()) if higher_is_better else (data[measure].min(), data[measure].max())
    return Leaders(
        measure,
        tuple(data.loc[data[measure] == top, "name"]),
        float(top),
        tuple(data.loc[data[measure] == bottom, "name"]),
        float(bottom),
    )


def collect(
    con: duckdb.DuckDBPyConnection,
    quarter: Quarter,
    district: str | None = None,
    targets: Targets | None = None,
    red_line: float = 75.0,
) -> BriefFigures:
    """All the brief's figures for `quarter`, for the city or for one district against the city.

    Raises PeriodError or DistrictError (messages in Chinese) for a quarter the warehouse does
    not cover or a district code it does not know.
    """
    targets = targets or Targets()
    facts = warehouse_facts(con)
    data_start, data_end = date.fromisoformat(facts["data_start"]), date.fromisoformat(facts["data_end"])
    check_in_data(quarter, data_start, data_end)
    check_district(con, district)
    as_of = quarter.as_of(data_end)

    all_districts = queries.run(con, "districts")
    survey = queries.run(con, "survey_satisfaction", start=date(2020, 1, 1), end=quarter.end)
    by_year = queries.run(con, "survey_satisfaction_by_year")

    measures = queries.run(con, "district_measures", districts=[], start=quarter.start, end=quarter.end, as_of=as_of)
    measures = measures.drop(columns=["boundary_geojson"], errors="ignore")
    year_before = quarter.year_before
    if _covered(year_before, data_start, data_end):
        before = queries.run(
            con, "district_measures", districts=[], start=year_before.start, end=year_before.end, as_of=year_before.last_day
        )
        measures = measures.merge(
            before[["district_code", "cases"]].rename(columns={"cases": "cases_year_before"}), on="district_code", how="left"
        )
    else:
        measures["cases_year_before"] = pd.NA
    measures = rank_frame(measures)

    city, city_campaigns, city_trend = _scope(
        con, quarter, as_of, data_start, data_end, None, labels.CITY, True, survey, by_year, red_line
    )
    scope_district = None
    ranks: dict[str, Rank] = {}
    campaign_rows, alley_trend = city_campaigns, city_trend
    if district:
        row = all_districts.set_index("district_code").loc[district]
        scope_district, campaign_rows, alley_trend = _scope(
            con,
            quarter,
            as_of,
            data_start,
            data_end,
            district,
            row["name"],
            bool(row["is_agricultural"]),
            survey,
            by_year,
            red_line,
        )
        previous = quarter.previous
        previous_ranks = None
        if _covered(previous, data_start, data_end):
            previous_ranks = rank_frame(
                queries.run(
                    con, "district_measures", districts=[], start=previous.start, end=previous.end, as_of=previous.as_of(data_end)
                )
            ).set_index("district_code")
        mine = measures.set_index("district_code").loc[district]
        for measure in RANKED_MEASURES:
            rank = mine[f"rank_{measure}"]
            before_rank = previous_ranks.at[district, f"rank_{measure}"] if previous_ranks is not None else None
            ranks[measure] = Rank(
                measure,
                None if pd.isna(rank) else int(rank),
                int(measures[measure].notna().sum()),
                None if before_rank is None or pd.isna(before_rank) else int(before_rank),
                tied=bool(not pd.isna(mine[measure]) and (measures[measure] == mine[measure]).sum() > 1),
            )

    return BriefFigures(
        quarter=quarter,
        as_of=as_of,
        data_start=data_start,
        data_end=data_end,
        is_demo=facts.get("is_demo") == "true",
        targets=targets,
        district_count=len(all_districts),
        agricultural_count=int(all_districts["is_agricultural"].sum()),
        city=city,
        district=scope_district,
        ranks=ranks,
        leaders={m: lead for m in RANKED_MEASURES if (lead := leaders(measures, m)) is not None},
        districts=measures,
        survey=survey,
        campaign_rows=campaign_rows,
        campaign_windows=queries.run(con, "campaigns"),
        alley_trend=alley_trend,
        survey_by_year=by_year,
    )
