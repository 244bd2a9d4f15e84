"""The records behind a street's numbers: cases, alleys, villages and volunteer projects,
each searchable and sortable (click a column header), each downloadable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import components, labels, options, text
from ui.data import query
from ui.filters import Filters

CASE_LIMIT = 5_000


SEARCH_WORDS = 10  # more words than anyone types; a pasted page of text is cut here


def search(frame: pd.DataFrame, query_text: str) -> pd.DataFrame:
    """Rows where the row's text (every column, empty cells as nothing) contains every word of
    the search, as typed: no pattern syntax, so `%`, `_`, quotes and brackets are plain characters."""
    words = query_text.split()[:SEARCH_WORDS]
    if not words or frame.empty:
        return frame
    # Each cell as text, a missing value as "" (a float NaN among strings broke str.join).
    cells = [frame[column].astype("string").fillna("") for column in frame.columns]
    haystack = cells[0].str.cat(cells[1:], sep=" ") if len(cells) > 1 else cells[0]
    mask = pd.Series(True, index=frame.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False).fillna(False).astype(bool)
    return frame[mask.to_numpy()]


def street_records(filters: Filters, district_code: str, street_code: str, street_name: str) -> None:
    wanted = st.text_input(
        "在下列清单中搜索",
        key="drill_search",
        placeholder="例如：停车秩序、超期、JX01234、陈列室",
        help="多个词用空格分开，需同时出现。点击表头可排序。",
    )
    params = {"districts": [district_code], "start": filters.start, "end": filters.end}
    names = ["问题", "背街小巷", "村（社区）", "志愿服务项目"]
    # Only the open tab loads its records; the case list in particular reads the full ledger.
    tabs = st.tabs(names, key="drill_tabs", on_change="rerun", bind="query-params")  # the open tab is in the link
    with tabs[0]:
        if tabs[0].open:
            cases = search(query("case_list", **params, street_code=street_code, subcategory="", limit=CASE_LIMIT), wanted)
            st.caption(
                text.md(f"{filters.period_label}受理的问题，按受理时间由近及远，最多 {CASE_LIMIT:,} 条；共 {len(cases):,} 条。")
            )
            components.data_table(cases, "drill_cases", f"{street_name}_问题明细", in_expander=False)
    with tabs[1]:
        if tabs[1].open:
            alleys = query("alley_latest_scores", districts=[district_code], end=filters.end, as_of=filters.as_of)
            alleys = search(alleys[alleys["street_code"] == street_code], wanted)
            st.caption(text.md(f"共 {len(alleys):,} 条背街小巷。"))
            components.data_table(
                alleys,
                "drill_alleys",
                f"{street_name}_背街小巷",
                in_expander=False,
                columns=["alley_id", "name", "length_m", "score", "scored_on", "is_civilized", "on_red_list"],
                headers={"name": "街巷"},
            )
    with tabs[2]:
        if tabs[2].open:
            villages = query("village_points", districts=[district_code], agricultural_only=False, as_of=filters.as_of)
            villages = villages[villages["street_name"] == street_name].assign(kind=lambda f: f["kind"].map(labels.VILLAGE_KINDS))
            villages = search(villages, wanted)
            st.caption(text.md(f"共 {len(villages):,} 个村（社区）。"))
            components.data_table(
                villages,
                "drill_villages",
                f"{street_name}_村社区",
                in_expander=False,
                columns=[
                    "village_id",
                    "name",
                    "kind",
                    "has_rules",
                    "has_history_room",
                    "history_room_opened_on",
                    "has_video_screen",
                ],
            )
    with tabs[3]:
        if tabs[3].open:
            projects = query("volunteer_project_list", districts=[district_code], street_code=street_code, as_of=filters.as_of)
            projects = search(projects, wanted)
            st.caption(text.md(f"共 {len(projects):,} 个志愿服务项目。"))
            components.data_table(
                projects,
                "drill_projects",
                f"{street_name}_志愿服务项目",
                in_expander=False,
                columns=[
                    "project_id",
                    "name",
                    "category",
                    "village_name",
                    "started_on",
                    "volunteers",
                    "beneficiaries",
                    "service_hours",
                ],
                headers={"category": "服务类别", "name": "项目名称"},
            )


def case_list(filters: Filters, streets: pd.DataFrame, subcategories: list[str]) -> None:
    """The cases behind the 接诉即办 page's numbers, for a street and a subcategory, on request."""
    holder = st.expander("查看问题明细（最多 5,000 条）", icon=":material/list:", key="cases_list_open", on_change="rerun")
    with holder:
        street_label = dict(zip(streets["street_code"], streets["district_name"] + " " + streets["name"], strict=True))
        street = options.bound(
            st.selectbox,
            "街乡镇",
            ["", *streets["street_code"]],
            format_func=lambda c: street_label.get(c, "全部街乡镇"),
            key="cases_list_street",
        )
        sub = options.bound(
            st.selectbox, "问题子类", ["", *subcategories], format_func=lambda s: s or "全部子类", key="cases_list_sub"
        )
        if holder.open:  # the detail table reads the full ledger: only when someone asks for it
            detail = query("case_list", **filters.params(), street_code=street, subcategory=sub, limit=CASE_LIMIT)
            components.data_table(detail, "cases_detail", "问题明细", in_expander=False)
