"""Every widget a user can touch, on every page, driven with ordinary and hostile values: no page
may end in an error, Streamlit's or our own Chinese one (issue 13: 551 tests passed while a plain
search box crashed a page). Table row selections are driven through the drill-down link."""

from __future__ import annotations

from datetime import date

import pytest
from shown import shown
from test_pages import CHAOYANG, END, START, _demo_warehouse, _navigation_as_on_a_running_server, open_page  # noqa: F401

from ui import labels, maps

TYPED = [
    "",
    "停车秩序",
    "朝阳街道 堆物",
    "x" * 10_000,
    "'\"",
    "100%",
    "a_b",
    "'; drop table cases; --",
    "<b>粗</b><img src=x onerror=alert(1)>",
    "[链接](http://evil.example) :red[红]",
    "\\",
    "（）【】",
]
MEASURE_CHOICES = {
    "overview_measure": [
        "satisfaction_rate",
        "cases_per_10k",
        "resolution_rate",
        "grid_share",
        "survey_satisfaction",
        "alley_score",
        "red_list_open",
        "rules_coverage",
        "projects_per_10k",
    ],
    "cases_rate": ["satisfaction_rate", "resolution_rate", "response_rate"],
    "districts_rank_measure": ["satisfaction_rate", "resolution_rate", "response_rate", "cases_per_10k"],
    "districts_multiple_measure": ["satisfaction_rate", "resolution_rate", "response_rate", "cases_per_10k"],
    "districts_group_measure": ["cases_per_10k", "satisfaction_rate", "grid_share", "projects_per_10k", "alley_score"],
    "satisfaction_multiples": ["survey", "hotline"],
    "alleys_red_view": ["open", "overdue", "all"],
    "loop_view": ["overdue", "open"],
    "cases_sources_filter": list(labels.SOURCES),
    "villages_layers": list(maps.VILLAGE_LAYERS),
    "filter_quick_group": list(labels.QUICK_GROUPS),
    "warnings_kinds": ["surge", "repeat", "caller", "overdue", "lagging"],
    "warnings_states": ["pending", "assigned", "done", "false_alarm"],
}


def _assert_whole(at, what: str) -> None:
    assert not at.exception, (what, [e.value for e in at.exception])
    errors = [shown(e.value) for e in at.error]
    assert not errors, (what, errors)


def _drive_button_groups(at) -> None:
    for group in [*at.segmented_control, *at.pills]:
        choices = MEASURE_CHOICES.get(group.key)
        assert choices is not None, f"widget {group.key!r} has no choices listed here: add them"
        assert [str(group.format_func(c)) for c in choices] == group.options, group.key  # the list above is the page's
        multi = group.proto.click_mode != group.proto.ClickMode.SINGLE_SELECT
        values = [[], choices, choices[:1]] if multi else choices
        for value in values:
            group.set_value(value)
            at.run()
            _assert_whole(at, f"{group.key}={value}")


@pytest.mark.parametrize(
    "page", ["overview", "cases", "satisfaction", "alleys", "villages", "districts", "closed_loop", "warnings"]
)
def test_every_choice_on_every_page(page):
    at = open_page(page, district=CHAOYANG)
    _assert_whole(at, "opened")
    _drive_button_groups(at)
    for toggle in at.toggle:
        for value in (False, True):
            toggle.set_value(value)
            at.run()
            _assert_whole(at, f"{toggle.key}={value}")
    for box in at.selectbox:
        for index in sorted({0, len(box.options) - 1}):
            box.select_index(index)
            at.run()
            _assert_whole(at, f"{box.key}[{index}]")
    for box in at.number_input:
        for value in (box.min, box.max, (box.min + box.max) / 2):
            box.set_value(value)
            at.run()
            _assert_whole(at, f"{box.key}={value}")


@pytest.mark.parametrize("page", ["overview", "cases", "alleys", "villages", "districts", "closed_loop", "warnings"])
def test_the_shared_filters_at_their_extremes(page):
    at = open_page(page)
    districts = at.multiselect(key="filter_districts")
    every = list(labels_for_codes(districts))
    for chosen in ([], every, every[:1], every[-3:]):
        districts.set_value(chosen)
        at.run()
        _assert_whole(at, f"districts={chosen}")
    period = at.select_slider(key="filter_period")
    for first, last in ((START, START), (END, END), (date(2020, 1, 1), date(2020, 1, 1)), (date(2020, 1, 1), END)):
        period.set_range(first, last)
        at.run()
        _assert_whole(at, f"period={first}..{last}")
    for group in at.pills:
        if group.key == "filter_quick_group":
            for choice in MEASURE_CHOICES["filter_quick_group"]:
                group.set_value(choice)
                at.run()
                _assert_whole(at, f"quick group {choice}")


def labels_for_codes(widget) -> list[str]:
    """The district codes behind the sidebar's district picker (its options are the names)."""
    from data.geography import DISTRICTS

    codes = [d.code for d in DISTRICTS]
    assert [widget.format_func(c) for c in codes] == widget.options
    return codes


@pytest.mark.parametrize("tab", ["问题", "背街小巷", "村（社区）", "志愿服务项目"])
def test_the_drill_down_search_takes_any_text_in_every_tab(q, tab):
    """The crash of issue 13: 区域对比 → a district → a street → search in a tab."""
    streets = q("street_measures", districts=[CHAOYANG], start=START, end=END, as_of=date(2023, 9, 30))
    street = streets.sort_values("cases", ascending=False).iloc[0]["street_code"]
    at = open_page("districts", drill_district=CHAOYANG, drill_street=street, drill_tabs=tab)
    _assert_whole(at, "opened")
    for typed in TYPED:
        at.text_input(key="drill_search").set_value(typed)
        at.run()
        _assert_whole(at, f"{tab}: {typed[:30]!r}")


def test_the_case_list_choices(q):
    at = open_page("cases", district=CHAOYANG)
    for box in at.selectbox:
        for index in (0, 1, len(box.options) - 1):
            box.select_index(index)
            at.run()
            _assert_whole(at, f"{box.key}[{index}]")


@pytest.fixture(scope="module")
def q(warehouse_path):
    import queries

    con = queries.connect(warehouse_path)
    yield lambda name, **params: queries.run(con, name, **params)
    con.close()
