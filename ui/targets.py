"""Targets, CityScore-style: each measure as actual ÷ target with a traffic light, for the city or a
district (rows of the named query target_scores; nothing computed here). Used on 总览, 区域对比 and
a briefing slide."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from queries.settings import settings
from ui import formats, labels, text

CITY_CODE = "110000"  # target_scores' code for the city

TILE = (
    "<div class='target-tile target-{status}'><div class='target-label'>{label}</div>"
    "<div class='target-score'>{score}</div><div class='target-detail'>{actual}　目标 {target}　{status_text}</div></div>"
)


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """The measures in the configuration's order (the office lists what matters first)."""
    order = {measure: i for i, measure in enumerate(settings().targets)}
    return frame.assign(_order=frame["measure"].map(order)).sort_values(["_order"]).drop(columns="_order")


def tiles(frame: pd.DataFrame, area_code: str, columns_per_row: int = 6) -> None:
    """One tile per measure of one area: the score large, the actual and the target under it."""
    rows = ordered(frame[frame["area_code"] == area_code])
    for start in range(0, len(rows), columns_per_row):
        cols = st.columns(columns_per_row)
        for col, row in zip(cols, rows.iloc[start : start + columns_per_row].itertuples(), strict=False):
            with col:
                text.render_html(
                    text.html(
                        TILE,
                        status=row.status or "none",
                        label=row.label,
                        score="—" if formats.missing(row.score) else f"{row.score:.2f}",
                        actual=formats.measure(row.measure, row.actual),
                        target=formats.measure(row.measure, row.target),
                        status_text=labels.TARGET_STATUS.get(row.status, "无数据"),
                    )
                )


def sentence(frame: pd.DataFrame, area_code: str, area_name: str) -> str:
    """'全市 6 项目标中 5 项达标；未达标：挂牌督办按期整改率（79.6%，目标 85.0%）。'"""
    rows = ordered(frame[(frame["area_code"] == area_code) & frame["status"].notna()])
    if rows.empty:
        return f"{area_name}所选时段没有可与目标比较的数据。"
    met = int((rows["status"] == "met").sum())
    text_out = f"{area_name} {len(rows)} 项目标中 {met} 项达标"
    for status in ("near", "missed"):
        part = rows[rows["status"] == status]
        if len(part):
            items = "、".join(
                f"{r.label}（{formats.measure(r.measure, r.actual)}，目标 {formats.measure(r.measure, r.target)}）"
                for r in part.itertuples()
            )
            text_out += f"；{labels.TARGET_STATUS[status]}：{items}"
    return text_out + "。"


def missed_where(district_rows: pd.DataFrame) -> str:
    """'未达标的区：挂牌督办按期整改率——朝阳区、丰台区…；12345 满意率——顺义区。'"""
    parts = []
    for _measure, part in ordered(district_rows).groupby("measure", sort=False):
        parts.append(f"{part['label'].iat[0]}——{'、'.join(part['area_name'])}")
    return "未达标的区：" + "；".join(parts) + "。"


def places(frame: pd.DataFrame) -> pd.DataFrame:
    """Each district's targets met (of those it has a value for), and its place among the districts by
    that count: 1 = the most met, ties share the better place, as district_ranks places them."""
    districts = frame[frame["area_code"] != CITY_CODE]
    counted = (
        districts.assign(met=districts["status"].eq("met"))
        .groupby(["area_code", "area_name"], as_index=False)
        .agg(met=("met", "sum"), measured=("status", "count"))
    )
    counted["rank"] = counted["met"].rank(method="min", ascending=False).astype(int)
    counted["tied"] = counted.duplicated("met", keep=False)
    counted["all_met"] = counted["met"] == counted["measured"]
    return counted.set_index("area_code")


def place_sentence(frame: pd.DataFrame, codes: tuple[str, ...], names: dict[str, str]) -> str:
    """'朝阳区达标 5 项，在 16 个区中并列第 3 位；16 个区中 4 个区全部达标。' for the picked districts."""
    from ui import narrative

    table = places(frame)
    parts = [
        f"{names.get(code, code)}达标 {int(table.at[code, 'met'])} 项，"
        f"在 {len(table)} 个区中{'' if table.at[code, 'tied'] else '居'}{narrative.place(table.at[code, 'rank'], bool(table.at[code, 'tied']))}"
        for code in codes
        if code in table.index
    ]
    return "；".join([*parts, f"{len(table)} 个区中 {int(table['all_met'].sum())} 个区全部达标"]) + "。"
