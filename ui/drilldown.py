"""The records behind a street's numbers: cases, alleys, villages and volunteer projects,
each searchable and sortable (click a column header), each downloadable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import components, exports, labels, options, text
from ui.data import named, query
from ui.filters import Filters, district_names

CASE_LIMIT = 5_000
# What a case list says about its length, and the buttons that give the whole of a cut list.
LIST_CUT = "显示最近 {0} 条，共 {1} 条。"
LIST_WHOLE = "共 {0} 条。"
LIST_SEARCHED_CUT = "在最近 {0} 条中找到 {1} 条；全部共 {2} 条。"
LIST_SEARCHED = "找到 {0} 条，共 {1} 条。"
LIST_TOO_LONG = "全部 {0} 条超过 Excel 一张表能打开的 {1} 行，不能整表下载：请选择街乡镇、问题子类或缩短时段。"
WHOLE_CSV = "下载全部 {0} 条（CSV）"
WHOLE_XLSX = "下载全部 {0} 条（Excel）"
SHOWN_CSV = "下载显示的 {0} 条（CSV）"
SHOWN_XLSX = "下载显示的 {0} 条（Excel）"
SEARCH_NOTE = "在最近 {0} 条中搜索“{1}”的结果"


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
        placeholder="例如：停车秩序、逾期、JX01234、陈列室",
        help="多个词用空格分开，需同时出现。点击表头可排序。",
    )
    params = {"districts": [district_code], "start": filters.start, "end": filters.end}
    area = f"{district_names().get(district_code, district_code)} {street_name}"  # what the downloads cover
    names = ["问题", "背街小巷", "村（社区）", "志愿服务项目"]
    # Only the open tab loads its records; the case list in particular reads the full ledger.
    tabs = st.tabs(names, key="drill_tabs", on_change="rerun", bind="query-params")  # the open tab is in the link
    with tabs[0]:
        if tabs[0].open:
            case_params = {**params, "street_code": street_code, "subcategory": ""}
            listed = query("case_list", **case_params, limit=CASE_LIMIT)
            total = int(query("case_count", **case_params)["cases"].iat[0])
            cases = search(listed, wanted)
            searched = len(cases) if wanted.split() else None
            st.caption(text.md(f"{filters.period_label}受理的问题，按受理时间由近及远。{_length(len(listed), total, searched)}"))
            _whole_list(case_params, len(listed), total, area, "问题明细", "drill_cases_whole")
            cut = total if len(listed) < total and searched is None else None
            note = SEARCH_NOTE.format(f"{len(listed):,}", text.clip(wanted)) if searched is not None else ""
            components.data_table(
                cases,
                "drill_cases",
                "问题明细",
                in_expander=False,
                area=area,
                total=cut,
                note=note,
                **_shown_labels(cut, len(cases)),
            )
    with tabs[1]:
        if tabs[1].open:
            alleys = query("alley_latest_scores", districts=[district_code], end=filters.end, as_of=filters.as_of)
            alleys = search(alleys[alleys["street_code"] == street_code], wanted)
            st.caption(text.md(f"共 {len(alleys):,} 条背街小巷。"))
            components.data_table(
                alleys,
                "drill_alleys",
                "背街小巷",
                in_expander=False,
                area=area,
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
                "村社区",
                in_expander=False,
                area=area,
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
                "志愿服务项目",
                in_expander=False,
                area=area,
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
    # Open from the start when the link names a street (the 预警 page links a warning to its cases so).
    holder = st.expander(
        "查看问题明细（最多 5,000 条）",
        expanded=options.in_link("cases_list_street"),
        icon=":material/list:",
        key="cases_list_open",
        on_change="rerun",
    )
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
            case_params = {**filters.params(), "street_code": street, "subcategory": sub}
            detail = query("case_list", **case_params, limit=CASE_LIMIT)
            total = int(query("case_count", **case_params)["cases"].iat[0])
            st.caption(text.md(_length(len(detail), total)))
            area = street_label.get(street)  # a street names its district; otherwise the filters' area
            table = f"问题明细（{sub}）" if sub else "问题明细"
            _whole_list(case_params, len(detail), total, area, table, "cases_detail_whole")
            cut = total if len(detail) < total else None
            components.data_table(
                detail, "cases_detail", table, in_expander=False, area=area, total=cut, **_shown_labels(cut, len(detail))
            )


def _length(listed: int, total: int, found: int | None = None) -> str:
    """What a case list says about its length: the whole list, or the newest part of how many."""
    if found is not None:  # a search looks through the listed rows only
        if listed < total:
            return LIST_SEARCHED_CUT.format(f"{listed:,}", f"{found:,}", f"{total:,}")
        return LIST_SEARCHED.format(f"{found:,}", f"{total:,}")
    return LIST_CUT.format(f"{listed:,}", f"{total:,}") if listed < total else LIST_WHOLE.format(f"{total:,}")


def _shown_labels(cut: int | None, rows: int) -> dict[str, str]:
    """Beside the whole list's buttons, the shown part's say that they give only what is shown."""
    if cut is None:
        return {}
    return {"csv_label": SHOWN_CSV.format(f"{rows:,}"), "xlsx_label": SHOWN_XLSX.format(f"{rows:,}")}


def _whole_list(params: dict, listed: int, total: int, area: str | None, table: str, key: str) -> None:
    """Below a cut case list, the whole list as CSV and XLSX: one query, written in batches by
    ui.exports when a button is clicked, never before."""
    if listed >= total:
        return
    if total > exports.ROW_LIMIT:
        st.caption(text.md_format(LIST_TOO_LONG, f"{total:,}", f"{exports.ROW_LIMIT:,}"))
        return
    whole = named("case_list", **params, limit=total)  # the reader's scope is bound here, on the page's run
    components.download_buttons(
        whole,
        components.export_context(table, area=area),
        key,
        csv_label=WHOLE_CSV.format(f"{total:,}"),
        xlsx_label=WHOLE_XLSX.format(f"{total:,}"),
    )
