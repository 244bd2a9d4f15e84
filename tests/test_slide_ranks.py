"""With a district in the briefing's link every slide says its place among the sixteen and how it
moved (issue 13): the ranks come from SQL (district_ranks, campaign_ranks), ties share the better
place and say 并列, and the words follow the data up, down, level and tied. The words are checked
as functions, the SQL against its own definition, and the slides as a link opens them (AppTest:
cheaper than the browser, which tests/browser/test_slides.py adds for the screen)."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from shown import shown
from test_pages import _demo_warehouse, _navigation_as_on_a_running_server, open_page  # noqa: F401 - fixtures

import queries
from ui import narrative, slides

QUARTER = {"from": "2023-07", "to": "2023-09"}
QUARTER_PARAMS = dict(start=date(2023, 7, 1), end=date(2023, 9, 1), as_of=date(2023, 9, 30))
# The slide each ranked measure is stated on, and how it names the measure.
SLIDE_OF = {
    "survey_satisfaction": ("群众满意度", "群众对创建成效的满意度"),
    "satisfaction_rate": ("三率", "12345 满意率"),
    "grid_share": ("未诉先办", "网格员主动发现占比"),
    "alley_score": ("背街小巷", "背街小巷月评均分"),
    "rules_coverage": ("乡村振兴", "村规民约覆盖率"),
    "projects_per_10k": ("志愿服务", "每万人志愿服务项目数"),
}


def _row(rank=15, districts=16, tied=False, places_up=2) -> pd.Series:
    return pd.Series({"rank": rank, "districts": districts, "tied": tied, "places_up": places_up})


def _number(title: str) -> str:
    return str([name for name, _ in slides.SLIDES].index(title) + 1)


# --- the words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places_up", "moved"),
    [(2, "较上季度上升 2 位"), (-1, "较上季度下降 1 位"), (0, "位次与上季度相同"), (pd.NA, "上季度没有可比较的排名")],
)
def test_a_place_and_its_move_in_words(places_up, moved):
    sentence = narrative.district_rank_sentence(_row(places_up=places_up), "朝阳区", "12345 满意率", "上季度")
    assert sentence == f"朝阳区 12345 满意率在 16 个区中居第 15 位，{moved}。"


def test_a_tie_shares_the_better_place_and_says_so():
    sentence = narrative.district_rank_sentence(_row(rank=3, tied=True, places_up=0), "海淀区", "背街小巷月评均分", "前 9 个月")
    assert sentence == "海淀区背街小巷月评均分在 16 个区中并列第 3 位，位次与前 9 个月相同。"
    assert narrative.place(3, True) == "并列第 3 位" and narrative.place(3, False) == "第 3 位"


def test_where_the_fewest_is_best_the_sentence_says_which_way_it_counts():
    sentence = narrative.district_rank_sentence(_row(rank=1, places_up=-2), "延庆区", "挂牌督办在办条数", "上月", "由少到多")
    assert sentence == "延庆区挂牌督办在办条数在 16 个区中由少到多居第 1 位，较上月下降 2 位。"


def test_a_district_with_no_value_is_not_ranked_and_the_sentence_says_so():
    assert (
        narrative.district_rank_sentence(None, "东城区", "村规民约覆盖率", "上季度")
        == "东城区村规民约覆盖率没有可比较的数据，未参与各区排名。"
    )


def test_several_districts_are_placed_in_one_sentence():
    rows = pd.DataFrame(
        [("朝阳区", 15, 16, False, 1), ("海淀区", 3, 16, True, 0), ("东城区", 7, 16, False, pd.NA)],
        columns=["name", "rank", "districts", "tied", "places_up"],
    )
    sentence = narrative.districts_rank_sentence(rows, "12345 满意率", "上季度")
    assert (
        sentence
        == "12345 满意率在 16 个区中：朝阳区第 15 位（上升 1 位）、海淀区并列第 3 位（位次不变）、东城区第 7 位（与上季度相比）。"
    )


@pytest.mark.parametrize(
    ("kind", "months", "said"), [("month", 1, "上月"), ("quarter", 3, "上季度"), ("year", 12, "上年"), ("months", 9, "前 9 个月")]
)
def test_the_period_before_is_named_as_people_say_it(kind, months, said):
    assert narrative.period_before(pd.Series({"kind": kind, "months": months})) == said


# --- the SQL -------------------------------------------------------------------------------------


def _better(frame: pd.DataFrame, value: float, lowest_first: bool) -> int:
    return int((frame["value"] < value).sum() if lowest_first else (frame["value"] > value).sum())


@pytest.mark.parametrize("name", ["district_ranks", "campaign_ranks"])
def test_a_rank_is_one_more_than_the_districts_strictly_better_and_ties_share_it(con, name):
    params = QUARTER_PARAMS if name == "district_ranks" else dict(start=QUARTER_PARAMS["start"], as_of=QUARTER_PARAMS["as_of"])
    ranks = queries.run(con, name, **params)
    lowest_first = {"cases_per_10k", "red_list_open", "campaign_change_pct"}
    ties = 0
    for measure, rows in ranks.groupby("measure"):
        for row in rows.itertuples():
            assert row.rank == 1 + _better(rows, row.value, measure in lowest_first), (measure, row.name)
            assert row.tied == bool((rows["value"] == row.value).sum() > 1), (measure, row.name)
            assert row.districts == len(rows)
            if not pd.isna(row.previous_rank):
                assert row.places_up == row.previous_rank - row.rank
        ties += int(rows["tied"].sum())
    if name == "district_ranks":
        assert ties > 0, "the demo has districts on the same score: the test should see a tie"


def test_the_period_before_is_the_same_number_of_months_just_before(con):
    quarter = queries.run(con, "period_before", start=date(2023, 7, 1), end=date(2023, 9, 1)).iloc[0]
    assert (quarter["kind"], quarter["months"], bool(quarter["reaches_back"])) == ("quarter", 3, True)
    assert (quarter["previous_start"].date(), quarter["previous_end"].date()) == (date(2023, 4, 1), date(2023, 6, 1))
    nine = queries.run(con, "period_before", start=date(2023, 1, 1), end=date(2023, 9, 1)).iloc[0]
    assert (nine["kind"], nine["previous_start"].date(), nine["previous_end"].date()) == (
        "months",
        date(2022, 4, 1),
        date(2022, 12, 1),
    )
    first = queries.run(con, "period_before", start=date(2020, 1, 1), end=date(2020, 3, 1)).iloc[0]
    assert not first["reaches_back"]
    # …and then district_ranks has nothing to compare with either.
    ranks = queries.run(con, "district_ranks", start=date(2020, 1, 1), end=date(2020, 3, 1), as_of=date(2020, 3, 31))
    assert ranks["previous_rank"].isna().all()


# --- the slides, as a link opens them -------------------------------------------------------------


def _slide_text(title: str, **link) -> str:
    at = open_page("overview", mode="briefing", slide=_number(title), interval="600", **link)
    assert not at.exception, [e.value for e in at.exception]
    return "\n".join(re.sub(r"<[^>]+>", " ", shown(m.value)) for m in at.markdown if "brief-" in m.value)


def test_every_slide_names_the_district_and_its_place():
    for title, _ in slides.SLIDES:
        text = _slide_text(title, district="110105", **QUARTER)
        assert "朝阳" in text, title
        assert re.search(r"第 \d+ 位", text), (title, text[:300])
        assert "（12345）" not in text, title  # slide 6 read "12345 满意率（12345）"


def _case(ranks: pd.DataFrame, which: str) -> pd.Series:
    """A district and measure the demo data has in this state, on a measure a slide states."""
    rows = ranks[ranks["measure"].isin(SLIDE_OF)]
    picked = {
        "up": rows[rows["places_up"] > 0],
        "down": rows[rows["places_up"] < 0],
        "level": rows[(rows["places_up"] == 0) & ~rows["tied"]],
        "tied": rows[rows["tied"]],
    }[which]
    if picked.empty:
        pytest.skip(f"the demo data has no district {which} in 2023 Q3")
    return picked.sort_values(["measure", "district_code"]).iloc[0]


@pytest.mark.parametrize("which", ["up", "down", "level", "tied"])
def test_a_slide_says_how_the_district_moved_since_the_quarter_before(con, which):
    row = _case(queries.run(con, "district_ranks", **QUARTER_PARAMS), which)
    title, label = SLIDE_OF[row["measure"]]
    text = _slide_text(title, district=row["district_code"], **QUARTER)
    place = f"{'并列' if row['tied'] else '居'}第 {int(row['rank'])} 位"
    assert f"{row['name']}{' ' if label[0].isascii() else ''}{label}在 {int(row['districts'])} 个区中{place}" in text
    moved = {
        "up": f"较上季度上升 {int(abs(row['places_up']))} 位",
        "down": f"较上季度下降 {int(abs(row['places_up']))} 位",
        "level": "位次与上季度相同",
    }
    if which in moved:
        assert moved[which] in text
    else:
        assert "并列第" in text


def test_two_districts_are_each_placed():
    text = _slide_text("三率", district=["110105", "110108"], **QUARTER)
    assert re.search(r"朝阳区(并列)?第 \d+ 位", text) and re.search(r"海淀区(并列)?第 \d+ 位", text)
