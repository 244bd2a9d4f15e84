"""Every figure the six pages show, computed the pandas way: filter and group the loaded frames.

One function per named query in queries/, same parameters, same columns and numbers (checked
by benchmarks/parity.py), so the pages draw exactly what they draw from SQL. Nothing here is
cached: the pandas way computes each figure again on every rerun, from the frames in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from benchmarks.pandas_app.frames import Frames
from queries.settings import settings

FLAGS = ["responded_in_time", "resolved", "rated", "satisfied"]
YEAR = pd.DateOffset(years=1)
MONTH = pd.DateOffset(months=1)
NOT_ITEMS = {"district_code", "inspection_id", "alley_id", "inspected_on", "kind", "score", "issues_found", "naming_result"}


def _ts(value: date) -> pd.Timestamp:
    return pd.Timestamp(value)


def _round(value, digits: int):
    """Round half away from zero, as SQL's round() does (pandas and Python round half to even)."""
    scale = 10.0**digits
    return np.sign(value) * np.floor(np.abs(value) * scale + 0.5) / scale


def _ratio(numerator, denominator, digits: int | None = None, scale: float = 100.0):
    """numerator * scale / denominator, NaN where the denominator is 0 (SQL's nullif)."""
    denominator = pd.Series(denominator, dtype="float64") if np.ndim(denominator) else float(denominator)
    if np.ndim(denominator):
        result = pd.Series(numerator, dtype="float64") * scale / denominator.replace(0, np.nan)
        return _round(result, digits) if digits is not None else result
    if not denominator:
        return np.nan
    value = float(numerator) * scale / denominator
    return float(_round(value, digits)) if digits is not None else value


def _case_rows(f: Frames, districts, start, end, columns: list[str]) -> pd.DataFrame:
    """The cases of the chosen districts reported in months start..end (first days, inclusive)."""
    c = f.cases
    mask = c["month_start"].between(_ts(start), _ts(end))
    if districts:
        mask &= c["district_code"].isin(districts)
    return c.loc[mask, columns]


def _sums(rows: pd.DataFrame, by: list[str] | str) -> pd.DataFrame:
    grouped = rows.groupby(by, observed=True)
    out = grouped[FLAGS].sum()
    out.insert(0, "cases", grouped.size())
    return out


def _rates(frame: pd.DataFrame, digits: int | None) -> pd.DataFrame:
    frame["response_rate"] = _ratio(frame["responded_in_time"], frame["cases"], digits)
    frame["resolution_rate"] = _ratio(frame["resolved"], frame["cases"], digits)
    frame["satisfaction_rate"] = _ratio(frame["satisfied"], frame["rated"], digits)
    return frame


def _district_filter(frame: pd.DataFrame, districts, column: str = "district_code") -> pd.DataFrame:
    return frame[frame[column].isin(districts)] if districts else frame


def _names(f: Frames) -> pd.DataFrame:
    return f.districts[["district_code", "name"]].rename(columns={"name": "district_name"})


# --- the shared frame --------------------------------------------------------------------------


def months(f: Frames) -> pd.DataFrame:
    return f.calendar_months.sort_values("month_start").reset_index(drop=True)


def districts(f: Frames) -> pd.DataFrame:
    columns = ["district_code", "name", "short_name", "is_agricultural", "population", "area_km2", "street_count"]
    return (
        f.districts[[*columns, "boundary_geojson", "label_lon", "label_lat"]].sort_values("district_code").reset_index(drop=True)
    )


def warehouse_info(f: Frames) -> pd.DataFrame:
    return f.warehouse_info.sort_values("key").reset_index(drop=True)


def programme_facts(f: Frames) -> pd.DataFrame:
    return f.programme_facts.sort_values(["line", "fact_key"]).reset_index(drop=True)


# --- cases -------------------------------------------------------------------------------------


def _period_rates(f: Frames, districts, first, last) -> dict:
    sel = _case_rows(f, districts, first, last, ["source", *FLAGS])
    n = len(sel)
    if not n:
        return dict.fromkeys(
            [
                "cases",
                "grid_cases",
                "hotline_cases",
                "rated",
                "grid_share",
                "response_rate",
                "resolution_rate",
                "satisfaction_rate",
            ]
        )
    sums = sel[FLAGS].sum()
    grid = int((sel["source"] == "grid").sum())
    return {
        "cases": n,
        "grid_cases": grid,
        "hotline_cases": int((sel["source"] == "hotline").sum()),
        "rated": int(sums["rated"]),
        "grid_share": _ratio(grid, n, 1),
        "response_rate": _ratio(sums["responded_in_time"], n, 1),
        "resolution_rate": _ratio(sums["resolved"], n, 1),
        "satisfaction_rate": _ratio(sums["satisfied"], sums["rated"], 1),
    }


def area_rates(f: Frames, districts, start, end) -> pd.DataFrame:
    start, end = _ts(start), _ts(end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    cur = _period_rates(f, districts, start, end)
    year = _period_rates(f, districts, start - YEAR, end - YEAR)
    prev = _period_rates(f, districts, start - pd.DateOffset(months=months), start - MONTH)

    def pct(a, b):
        return np.nan if a is None or not b else _ratio(a - b, b, 1)

    def pts(a, b):
        return np.nan if a is None or b is None or np.isnan(a) or np.isnan(b) else float(_round(a - b, 1))

    row = {
        "cases": cur["cases"] or 0,
        "cases_year_before": year["cases"],
        "cases_previous": prev["cases"],
        "cases_vs_year_before": pct(cur["cases"], year["cases"]),
        "cases_vs_previous": pct(cur["cases"], prev["cases"]),
        "grid_cases": cur["grid_cases"] or 0,
        "hotline_cases": cur["hotline_cases"] or 0,
        "rated": cur["rated"] or 0,
    }
    for rate in ("grid_share", "response_rate", "resolution_rate", "satisfaction_rate"):
        a, y, p = (_nan(d[rate]) for d in (cur, year, prev))
        row.update({rate: a, f"{rate}_year_before": y, f"{rate}_previous": p})
        row.update({f"{rate}_vs_year_before": pts(a, y), f"{rate}_vs_previous": pts(a, p)})
    return pd.DataFrame([row])


def _nan(value):
    return np.nan if value is None else float(value)


def rates_by_month(f: Frames, districts, start, end) -> pd.DataFrame:
    parts = []
    for scope, chosen in (("selection", districts), ("city", [])):
        rows = _case_rows(f, chosen, start, end, ["month_start", "source", *FLAGS])
        monthly = _rates(_sums(rows, "month_start"), 1)
        monthly["grid_share"] = _ratio((rows["source"] == "grid").groupby(rows["month_start"]).sum(), monthly["cases"], 1)
        parts.append(monthly.reset_index().assign(scope=scope))
    out = pd.concat(parts).sort_values(["scope", "month_start"]).reset_index(drop=True)
    return out[["month_start", "scope", "cases", "rated", "grid_share", "response_rate", "resolution_rate", "satisfaction_rate"]]


def cases_by_month_source(f: Frames, districts, start, end) -> pd.DataFrame:
    sel = _case_rows(f, districts, start, end, ["month_start", "source"])
    out = sel.groupby(["month_start", "source"], observed=True).size().rename("cases").reset_index()
    out["source"] = out["source"].astype(str)
    out = out.merge(f.case_sources.rename(columns={"name": "source_name"}), on="source")
    return out.sort_values(["month_start", "source"]).reset_index(drop=True)[["month_start", "source", "source_name", "cases"]]


def _hotline(f: Frames, districts) -> pd.DataFrame:
    c = f.cases
    mask = c["source"] == "hotline"
    if districts:
        mask &= c["district_code"].isin(districts)
    return c.loc[mask, ["month_start", "subcategory"]]


def _target_lists(f: Frames) -> pd.Series:
    return f.campaign_targets.sort_values("subcategory").groupby("campaign_id")["subcategory"].agg("、".join)


def campaign_effect(f: Frames, districts, as_of) -> pd.DataFrame:
    as_of = _ts(as_of)
    hotline = _hotline(f, districts).groupby(["month_start", "subcategory"], observed=True).size().rename("cases").reset_index()
    targeted = set(f.campaign_targets["subcategory"])
    names = _target_lists(f)
    rows = []
    for camp in f.campaigns[f.campaigns["started_on"] <= as_of].sort_values("campaign_id").itertuples():
        ended_on = min(camp.ended_on, as_of)
        before_start, before_end = camp.started_on - YEAR, ended_on - YEAR
        own = hotline["subcategory"].isin(
            set(f.campaign_targets.loc[f.campaign_targets["campaign_id"] == camp.campaign_id, "subcategory"])
        )
        other = ~hotline["subcategory"].isin(targeted)
        during = hotline["month_start"].between(camp.started_on, ended_on)
        before = hotline["month_start"].between(before_start, before_end)
        rows.append(
            {
                "campaign_id": camp.campaign_id,
                "name": camp.name,
                "targets": names[camp.campaign_id],
                "started_on": camp.started_on,
                "ended_on": ended_on,
                "is_finished": camp.ended_on <= as_of,
                "before_start": before_start,
                "before_end": before_end,
                "target_before": int(hotline.loc[own & before, "cases"].sum()),
                "target_during": int(hotline.loc[own & during, "cases"].sum()),
                "others_before": int(hotline.loc[other & before, "cases"].sum()),
                "others_during": int(hotline.loc[other & during, "cases"].sum()),
            }
        )
    if not rows:  # no campaign begun by as_of: no rows, not even the total (as SQL's `having count(*) > 0`)
        return campaign_effect(f, districts, f.campaigns["started_on"].min()).iloc[0:0]
    out = pd.DataFrame(rows)
    total = {
        "campaign_id": "ALL",
        "name": "全部专项行动合计",
        "targets": "、".join(out["targets"]),
        "started_on": out["started_on"].min(),
        "ended_on": out["ended_on"].max(),
        "is_finished": bool(out["is_finished"].all()),
        "before_start": out["before_start"].min(),
        "before_end": out["before_end"].max(),
        **{k: int(out[k].sum()) for k in ("target_before", "target_during", "others_before", "others_during")},
    }
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    out["target_change_pct"] = _ratio(out["target_during"] - out["target_before"], out["target_before"], 1)
    out["others_change_pct"] = _ratio(out["others_during"] - out["others_before"], out["others_before"], 1)
    counts = out[["target_during", "target_before", "others_during", "others_before"]].astype("float64").replace(0, np.nan)
    log_net = np.log(counts["target_during"] / counts["target_before"]) - np.log(
        counts["others_during"] / counts["others_before"]
    )
    log_se = np.sqrt((1.0 / counts).sum(axis=1, skipna=False))
    for column, shift in (("net_change_pct", 0.0), ("net_low_pct", -1.96), ("net_high_pct", 1.96)):
        out[column] = _round((np.exp(log_net + shift * log_se) - 1) * 100, 1)
    columns = ["campaign_id", "name", "targets", "started_on", "ended_on", "is_finished", "before_start", "before_end"]
    columns += ["target_before", "target_during", "target_change_pct", "others_before", "others_during", "others_change_pct"]
    return out[[*columns, "net_change_pct", "net_low_pct", "net_high_pct"]]


def campaign_monthly(f: Frames, districts) -> pd.DataFrame:
    rows = _hotline(f, districts)
    is_target = rows["subcategory"].isin(set(f.campaign_targets["subcategory"])).rename("is_target")
    monthly = rows.groupby([rows["month_start"], is_target], observed=True).size().rename("cases").reset_index()
    prev = monthly.assign(month_start=monthly["month_start"] + YEAR).rename(columns={"cases": "cases_year_before"})
    out = monthly.merge(prev, on=["month_start", "is_target"], how="left")
    out = out[out["month_start"] >= pd.Timestamp("2022-01-01")]
    out["index_vs_year_before"] = _ratio(out["cases"], out["cases_year_before"], 1)
    out = out.sort_values(["is_target", "month_start"], ascending=[False, True]).reset_index(drop=True)
    return out[["month_start", "is_target", "cases", "cases_year_before", "index_vs_year_before"]]


def _latest_survey(f: Frames, end) -> pd.Series:
    s = f.satisfaction_surveys
    quarter_start = pd.to_datetime(dict(year=s["year"], month=s["quarter"] * 3 - 2, day=1))
    latest = s[quarter_start <= _ts(end)].sort_values(["year", "quarter"]).groupby("area_code").tail(1)
    return latest.set_index("area_code")["satisfaction_pct"]


def _open_supervisions(f: Frames, as_of) -> pd.DataFrame:
    s, as_of = f.alley_supervisions, _ts(as_of)
    return s[(s["listed_on"] <= as_of) & (s["delisted_on"].isna() | (s["delisted_on"] > as_of))]


def district_measures(f: Frames, districts, start, end, as_of) -> pd.DataFrame:
    as_of_ts = _ts(as_of)
    sel = _case_rows(f, [], start, end, ["district_code", "source", *FLAGS])
    cases = _rates(_sums(sel, "district_code"), None)
    cases["hotline_cases"] = (sel["source"] == "hotline").groupby(sel["district_code"], observed=True).sum()
    cases["grid_cases"] = (sel["source"] == "grid").groupby(sel["district_code"], observed=True).sum()
    cases.index = cases.index.astype(str)

    alleys = f.alleys
    latest = _latest_scores(f, _ts(end) + MONTH, inclusive=False).merge(alleys[["alley_id", "district_code"]], on="alley_id")
    alley_score = latest.groupby("district_code")["score"].mean()

    sup = f.alley_supervisions
    sup = sup[sup["listed_on"] <= as_of_ts].merge(alleys[["alley_id", "district_code"]], on="alley_id")
    red_open = (sup["delisted_on"].isna() | (sup["delisted_on"] > as_of_ts)).groupby(sup["district_code"]).sum()
    red_overdue = (
        ((sup["deadline"] < as_of_ts) & (sup["rectified_on"].isna() | (sup["rectified_on"] > as_of_ts)))
        .groupby(sup["district_code"])
        .sum()
    )

    v = f.villages
    v_group = v.groupby("district_code")
    villages = pd.DataFrame(
        {
            "villages_and_communities": v_group.size(),
            "villages_with_rules": v_group["has_rules"].sum(),
            "history_rooms": (v["has_history_room"] & (v["history_room_opened_on"] <= as_of_ts))
            .groupby(v["district_code"])
            .sum(),
            "video_screens": v_group["has_video_screen"].sum(),
        }
    )
    p = f.volunteer_projects
    p = p[p["started_on"] <= as_of_ts]
    projects = p.groupby("district_code").agg(volunteer_projects=("project_id", "size"), beneficiaries=("beneficiaries", "sum"))
    a = f.alleys
    alley_counts = pd.DataFrame(
        {
            "alleys": a.groupby("district_code").size(),
            "civilized_alleys": (a["is_civilized"] & (a["civilized_since"] <= as_of_ts)).groupby(a["district_code"]).sum(),
        }
    )
    d = f.districts.set_index("district_code")
    out = d[["name", "short_name", "is_agricultural", "population", "area_km2"]].copy()
    zero = dict.fromkeys(["cases", "hotline_cases", "grid_cases", "rated"], 0)
    out = out.join(
        cases[["cases", "hotline_cases", "grid_cases", "rated", "response_rate", "resolution_rate", "satisfaction_rate"]]
    )
    out = out.fillna(zero)
    out["cases_per_10k"] = _ratio(out["cases"], out["population"], 1, scale=10000.0)
    out["grid_share"] = _ratio(out["grid_cases"], out["cases"], 1)
    for column in ("response_rate", "resolution_rate", "satisfaction_rate"):
        out[column] = _round(out[column], 1)
    out["alley_score"] = _round(alley_score.reindex(out.index), 1)
    out = out.join(alley_counts).join(pd.DataFrame({"red_list_open": red_open, "red_list_overdue": red_overdue}))
    out = out.join(villages)
    out["rules_coverage"] = _ratio(out["villages_with_rules"], out["villages_and_communities"], 1)
    out = out.join(projects)
    counts = ["alleys", "civilized_alleys", "red_list_open", "red_list_overdue", "villages_and_communities"]
    counts += ["villages_with_rules", "history_rooms", "video_screens", "volunteer_projects", "beneficiaries"]
    out[counts] = out[counts].fillna(0).astype("int64")
    out["projects_per_10k"] = _ratio(out["volunteer_projects"], out["population"], 2, scale=10000.0)
    out["survey_satisfaction"] = _latest_survey(f, end).reindex(out.index)
    out = out.join(d[["boundary_geojson", "label_lon", "label_lat"]]).reset_index()
    out = _district_filter(out, districts).sort_values("district_code").reset_index(drop=True)
    columns = ["district_code", "name", "short_name", "is_agricultural", "population", "area_km2", "cases", "hotline_cases"]
    columns += ["grid_cases", "rated", "cases_per_10k", "grid_share", "response_rate", "resolution_rate", "satisfaction_rate"]
    columns += ["alley_score", "alleys", "civilized_alleys", "red_list_open", "red_list_overdue", "villages_and_communities"]
    columns += ["villages_with_rules", "rules_coverage", "history_rooms", "video_screens", "volunteer_projects"]
    columns += ["projects_per_10k", "beneficiaries", "survey_satisfaction", "boundary_geojson", "label_lon", "label_lat"]
    return out[columns]


def monthly_movers(f: Frames, districts, end) -> pd.DataFrame:
    end = _ts(end)
    sel = _case_rows(f, districts, end - MONTH, end, ["month_start", "district_code", *FLAGS])
    monthly = _rates(_sums(sel, ["month_start", "district_code"]), None).reset_index()
    monthly["district_code"] = monthly["district_code"].astype(str)
    cur = monthly[monthly["month_start"] == end].set_index("district_code")
    prev = monthly[monthly["month_start"] == end - MONTH].set_index("district_code")
    both = cur.join(prev, suffixes=("", "_prev"), how="inner")
    out = pd.DataFrame(
        {
            "cases": both["cases"],
            "cases_previous": both["cases_prev"],
            "cases_change_pct": _ratio(both["cases"] - both["cases_prev"], both["cases_prev"], 1),
            "resolution_rate": _round(both["resolution_rate"], 1),
            "resolution_change_pts": _round(_round(both["resolution_rate"], 1) - _round(both["resolution_rate_prev"], 1), 1),
            "satisfaction_rate": _round(both["satisfaction_rate"], 1),
            "satisfaction_change_pts": _round(
                _round(both["satisfaction_rate"], 1) - _round(both["satisfaction_rate_prev"], 1), 1
            ),
        }
    )
    out = f.districts[["district_code", "name"]].merge(out, left_on="district_code", right_index=True)
    return out.sort_values("district_code").reset_index(drop=True)


def street_measures(f: Frames, districts, start, end, as_of) -> pd.DataFrame:
    sel = _case_rows(f, districts, start, end, ["street_code", "source", *FLAGS])
    cases = _rates(_sums(sel, "street_code"), None)
    cases["hotline_cases"] = (sel["source"] == "hotline").groupby(sel["street_code"], observed=True).sum()
    cases.index = cases.index.astype(str)
    joined = f.alleys[["alley_id", "street_code"]].merge(_open_supervisions(f, as_of)[["alley_id"]].assign(open=1), how="left")
    alley_totals = joined.groupby("street_code").agg(alleys=("alley_id", "size"), red_list_open=("open", "count"))
    v = f.villages
    village_totals = pd.DataFrame(
        {
            "villages_and_communities": v.groupby("street_code").size(),
            "history_rooms": (v["has_history_room"] & (v["history_room_opened_on"] <= _ts(as_of)))
            .groupby(v["street_code"])
            .sum(),
        }
    )
    st = _district_filter(f.streets, districts).merge(_names(f), on="district_code").set_index("street_code")
    out = st[["name", "kind", "district_code", "district_name", "population"]]
    out = out.join(cases[["cases", "hotline_cases", "rated", "response_rate", "resolution_rate", "satisfaction_rate"]])
    out[["cases", "hotline_cases", "rated"]] = out[["cases", "hotline_cases", "rated"]].fillna(0).astype("int64")
    out["cases_per_10k"] = _ratio(out["cases"], out["population"], 1, scale=10000.0)
    for column in ("response_rate", "resolution_rate", "satisfaction_rate"):
        out[column] = _round(out[column], 1)
    minimum = settings().min_cases_for_rate
    out["few_cases"], out["few_rated"] = out["cases"] < minimum, out["rated"] < minimum
    out[["response_rate", "resolution_rate"]] = out[["response_rate", "resolution_rate"]].where(~out["few_cases"])
    out["satisfaction_rate"] = out["satisfaction_rate"].where(~out["few_rated"])
    out = out.join(alley_totals).join(village_totals)
    counts = ["alleys", "red_list_open", "villages_and_communities", "history_rooms"]
    out[counts] = out[counts].fillna(0).astype("int64")
    out = out.reset_index().sort_values(["cases_per_10k", "street_code"], ascending=[False, True], na_position="last")
    columns = ["street_code", "name", "kind", "district_code", "district_name", "population", "cases", "hotline_cases", "rated"]
    columns += ["cases_per_10k", "response_rate", "resolution_rate", "satisfaction_rate", "few_cases", "few_rated", *counts]
    return out[columns].reset_index(drop=True)


def category_mix(f: Frames, districts, start, end, sources) -> pd.DataFrame:
    start, end = _ts(start), _ts(end)
    sel = _case_rows(f, districts, start - YEAR, end, ["month_start", "source", "category", "subcategory"])
    if sources:
        sel = sel[sel["source"].isin(sources)]
    current = sel["month_start"].between(start, end).rename("cur")
    before = sel["month_start"].between(start - YEAR, end - YEAR).rename("prev")
    grouped = pd.concat([sel[["category", "subcategory"]], current, before], axis=1).groupby(
        ["category", "subcategory"], observed=True
    )
    out = grouped[["cur", "prev"]].sum()
    out["cases"], out["cases_year_before"] = out["cur"], out["prev"]
    # A change only where the year before had enough cases (configured).
    change = _ratio(out["cur"] - out["prev"], out["prev"], 1)
    out["change_pct"] = change.where(out["prev"] >= settings().min_cases_for_change)
    out = out.reset_index().sort_values(["cases", "subcategory"], ascending=[False, True], kind="stable")
    out[["category", "subcategory"]] = out[["category", "subcategory"]].astype(str)
    return out[["category", "subcategory", "cases", "cases_year_before", "change_pct"]].reset_index(drop=True)


def case_density_hex(f: Frames, districts, start, end) -> pd.DataFrame:
    sel = _case_rows(f, districts, start, end, ["h3_cell"])
    out = sel.groupby("h3_cell", observed=True).size().rename("cases").reset_index()
    out["h3_cell"] = out["h3_cell"].astype(str)
    return out.sort_values("cases", ascending=False, kind="stable").reset_index(drop=True)


def hotline_satisfaction_by_month(f: Frames, start, end) -> pd.DataFrame:
    sel = _case_rows(f, [], start, end, ["month_start", "district_code", "source", "rated", "satisfied"])
    sel = sel[sel["source"] == "hotline"]
    out = sel.groupby(["month_start", "district_code"], observed=True)[["rated", "satisfied"]].sum().reset_index()
    out["district_code"] = out["district_code"].astype(str)
    out = out.merge(_names(f), on="district_code")
    city = sel.groupby("month_start", observed=True)[["rated", "satisfied"]].sum().reset_index()
    out = pd.concat([out, city.assign(district_code="110000", district_name="全市")], ignore_index=True)
    out["satisfaction_rate"] = _ratio(out["satisfied"], out["rated"], 1)
    out = out.sort_values(["district_code", "month_start"]).reset_index(drop=True)
    return out[["month_start", "district_code", "district_name", "rated", "satisfied", "satisfaction_rate"]]


def district_rank_by_month(f: Frames, start, end, measure) -> pd.DataFrame:
    sel = _case_rows(f, [], start, end, ["month_start", "district_code", *FLAGS])
    monthly = _rates(_sums(sel, ["month_start", "district_code"]), None).reset_index()
    monthly["district_code"] = monthly["district_code"].astype(str)
    monthly = monthly.merge(f.districts[["district_code", "short_name", "is_agricultural", "population"]], on="district_code")
    monthly["cases_per_10k"] = monthly["cases"] * 10000.0 / monthly["population"]
    # Rates as published (one decimal), so that equal rates share a rank as in SQL.
    monthly["value"] = _round(monthly[measure], 2 if measure == "cases_per_10k" else 1)
    sort_value = -monthly["value"] if measure == "cases_per_10k" else monthly["value"]
    monthly["rank"] = sort_value.groupby(monthly["month_start"]).rank(ascending=False, method="min", na_option="bottom")
    monthly["rank"] = monthly["rank"].astype("Int64")
    city = _rates(_sums(sel, "month_start"), 1).reset_index()
    city["cases_per_10k"] = _round(city["cases"] * 10000.0 / f.districts["population"].sum(), 2)
    city = city.assign(district_code="110000", short_name="全市", value=city[measure])
    city["is_agricultural"] = pd.array([pd.NA] * len(city), dtype="boolean")
    city["rank"] = pd.array([pd.NA] * len(city), dtype="Int64")
    monthly["is_agricultural"] = monthly["is_agricultural"].astype("boolean")
    out = pd.concat([monthly, city], ignore_index=True)
    out = out.sort_values(["month_start", "rank", "district_code"], na_position="last", kind="stable").reset_index(drop=True)
    return out[["month_start", "district_code", "short_name", "is_agricultural", "value", "rank"]]


# --- alleys, villages, projects, surveys ----------------------------------------------------------


def _stock(f: Frames, districts, as_of) -> dict:
    as_of = _ts(as_of)
    a = _district_filter(f.alleys, districts)
    civilized = a["is_civilized"] & (a["civilized_since"] <= as_of)
    sup = f.alley_supervisions.merge(a[["alley_id"]], on="alley_id")
    listed = sup["listed_on"] <= as_of
    v = _district_filter(f.villages, districts)
    rooms = v["has_history_room"] & (v["history_room_opened_on"] <= as_of)
    p = _district_filter(f.volunteer_projects, districts)
    p = p[p["started_on"] <= as_of]
    return {
        "alleys": len(a),
        "civilized_alleys": int(civilized.sum()),
        "civilized_named_this_year": int((civilized & (a["civilized_since"].dt.year == as_of.year)).sum()),
        "red_list_open": int((listed & (sup["delisted_on"].isna() | (sup["delisted_on"] > as_of))).sum()),
        "red_list_overdue": int(
            (listed & (sup["deadline"] < as_of) & (sup["rectified_on"].isna() | (sup["rectified_on"] > as_of))).sum()
        ),
        "villages_and_communities": len(v),
        "villages_with_rules": int(v["has_rules"].sum()),
        "rules_coverage": _ratio(v["has_rules"].sum(), len(v), 1),
        "history_rooms": int(rooms.sum()),
        "history_rooms_opened_this_year": int((rooms & (v["history_room_opened_on"].dt.year == as_of.year)).sum()),
        "video_screens": int(v["has_video_screen"].sum()),
        "volunteer_projects": len(p),
        "projects_started_this_year": int((p["started_on"].dt.year == as_of.year).sum()),
        "beneficiaries": int(p["beneficiaries"].sum()),
    }


def _area_alley_score(f: Frames, districts, month_start) -> tuple[float, int]:
    latest = _latest_scores(f, _ts(month_start) + MONTH, inclusive=False)
    latest = latest.merge(_district_filter(f.alleys, districts)[["alley_id"]], on="alley_id")
    return (float(_round(latest["score"].mean(), 1)) if len(latest) else np.nan), len(latest)


def headline_figures(f: Frames, districts, start, end, as_of) -> pd.DataFrame:
    row = area_rates(f, districts, start, end).iloc[0].to_dict()
    row.update(_stock(f, districts, as_of))
    quarters = survey_for_area(f, districts, end)
    s = f.satisfaction_surveys
    area = s[s["area_code"].isin(list(districts))] if len(districts) else s[s["area_code"] == "110000"]
    if len(quarters):
        row.update(survey_period=quarters["period"].iat[-1], survey_latest=quarters["satisfaction_pct"].iat[-1])
        year_2020 = area[(area["year"] == 2020) & (_quarter_start(area) <= _ts(end))]
        if year_2020["period"].nunique() == 4:
            label, base = "2020年", _ratio(year_2020["satisfied_count"].sum(), year_2020["sample_size"].sum(), 2)
        else:
            first = quarters.iloc[0]
            year, quarter = first["period"].split("Q")
            label, base = f"{year}年{'一二三四'[int(quarter) - 1]}季度", first["satisfaction_pct"]
        row.update(survey_baseline_label=label, survey_baseline=base, survey_change=float(_round(row["survey_latest"] - base, 2)))
    else:
        row.update(
            survey_period=None, survey_latest=np.nan, survey_baseline_label=None, survey_baseline=np.nan, survey_change=np.nan
        )
    effect = campaign_effect(f, districts, as_of)
    total = effect[effect["campaign_id"] == "ALL"]
    row.update(
        campaign_change_pct=total["target_change_pct"].iat[0] if len(total) else np.nan,
        campaign_target_before=total["target_before"].iat[0] if len(total) else np.nan,
        campaign_target_during=total["target_during"].iat[0] if len(total) else np.nan,
        campaign_others_change_pct=total["others_change_pct"].iat[0] if len(total) else np.nan,
        campaigns_finished=total["is_finished"].iat[0] if len(total) else pd.NA,
    )
    score, scored = _area_alley_score(f, districts, end)
    first, _ = _area_alley_score(f, districts, start)
    row.update(
        alley_score=score, alleys_scored=scored, alley_score_first=first, alley_score_change=float(_round(score - first, 1))
    )
    out = pd.DataFrame([row])
    out["campaigns_finished"] = out["campaigns_finished"].astype("boolean")  # unknown before any campaign
    return out


def _quarter_start(s: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(dict(year=s["year"], month=s["quarter"] * 3 - 2, day=1))


def category_totals(f: Frames, districts, start, end, sources) -> pd.DataFrame:
    sel = _case_rows(f, districts, start, end, ["source", "category"])
    if sources:
        sel = sel[sel["source"].isin(sources)]
    out = sel.groupby("category", observed=True).size().rename("cases").reset_index()
    out["category"] = out["category"].astype(str)
    return out.sort_values(["cases", "category"], ascending=[False, True]).reset_index(drop=True)


def district_rank_moves(f: Frames, start, end, measure) -> pd.DataFrame:
    ranks = district_rank_by_month(f, start, end, measure)
    ranks = ranks[ranks["district_code"] != "110000"]
    first_month, last_month = ranks["month_start"].min(), ranks["month_start"].max()
    if first_month == last_month:
        return pd.DataFrame(
            columns=["district_code", "short_name", "first_month", "last_month", "first_rank", "last_rank", "places_up"]
        )
    first = ranks[ranks["month_start"] == first_month].set_index("district_code")
    last = ranks[ranks["month_start"] == last_month].set_index("district_code")
    out = pd.DataFrame(
        {
            "short_name": first["short_name"],
            "first_month": first_month,
            "last_month": last_month,
            "first_rank": first["rank"],
            "last_rank": last["rank"],
        }
    ).dropna(subset=["last_rank"])
    out["places_up"] = out["first_rank"] - out["last_rank"]
    out = out.reset_index().sort_values(["places_up", "district_code"], ascending=[False, True]).reset_index(drop=True)
    return out[["district_code", "short_name", "first_month", "last_month", "first_rank", "last_rank", "places_up"]]


def district_groups(f: Frames, start, end, as_of, measure) -> pd.DataFrame:
    measures = district_measures(f, [], start, end, as_of)
    grouped = measures.groupby("is_agricultural")[measure]
    out = pd.DataFrame({"mean_value": _round(grouped.mean(), 2), "districts": grouped.count()}).reset_index()
    return out.sort_values("is_agricultural", ascending=False).reset_index(drop=True)


def survey_satisfaction(f: Frames, start, end) -> pd.DataFrame:
    s = f.satisfaction_surveys
    quarter_start = pd.to_datetime(dict(year=s["year"], month=s["quarter"] * 3 - 2, day=1))
    quarter_last_month = pd.to_datetime(dict(year=s["year"], month=s["quarter"] * 3, day=1))
    out = s[(quarter_start <= _ts(end)) & (quarter_last_month >= _ts(start))].assign(quarter_start=quarter_start)
    out = out.merge(f.districts[["district_code", "name"]], left_on="area_code", right_on="district_code", how="left")
    out["area_name"] = out["name"].fillna("全市")
    out = out.sort_values(["area_code", "year", "quarter"]).reset_index(drop=True)
    columns = ["period", "year", "quarter", "area_code", "area_name", "sample_size", "satisfied_count", "satisfaction_pct"]
    return out[[*columns, "quarter_start"]]


def survey_for_area(f: Frames, districts, end) -> pd.DataFrame:
    s = f.satisfaction_surveys
    quarter_start = pd.to_datetime(dict(year=s["year"], month=s["quarter"] * 3 - 2, day=1))
    area = s["area_code"].isin(list(districts)) if len(districts) else s["area_code"] == "110000"
    out = s[(quarter_start <= _ts(end)) & area].groupby("period", as_index=False)[["satisfied_count", "sample_size"]].sum()
    out["satisfaction_pct"] = _ratio(out["satisfied_count"], out["sample_size"], 2)
    return out.sort_values("period").reset_index(drop=True)[["period", "satisfied_count", "sample_size", "satisfaction_pct"]]


def campaigns(f: Frames) -> pd.DataFrame:
    out = f.campaigns.assign(targets=f.campaigns["campaign_id"].map(_target_lists(f)))
    return out.sort_values(["started_on", "campaign_id"]).reset_index(drop=True)


def facility_growth(f: Frames, districts, as_of) -> pd.DataFrame:
    as_of = _ts(as_of)
    years = pd.RangeIndex(2013, as_of.year + 1, name="year")
    a = _district_filter(f.alleys, districts)
    a = a[a["is_civilized"] & (a["civilized_since"] <= as_of)]
    v = _district_filter(f.villages, districts)
    v = v[v["has_history_room"] & (v["history_room_opened_on"] <= as_of)]
    p = _district_filter(f.volunteer_projects, districts)
    p = p[p["started_on"] <= as_of]
    out = pd.DataFrame(index=years)
    for name, dates in (
        ("civilized_alleys", a["civilized_since"]),
        ("history_rooms", v["history_room_opened_on"]),
        ("projects", p["started_on"]),
    ):
        per_year = dates.dt.year.value_counts().reindex(years, fill_value=0)
        suffix = {"civilized_alleys": "named", "history_rooms": "opened", "projects": "started"}[name]
        out[f"{name}_{suffix}"] = per_year.values
        out[f"{name}_total"] = per_year.cumsum().values
    return out.reset_index()


def _monthly_scores_between(f: Frames, districts, start, end) -> pd.DataFrame:
    s = f.monthly_scores
    s = s[s["inspected_on"].between(_ts(start), _ts(end) + MONTH - pd.Timedelta(days=1))]
    s = s.merge(f.alleys[["alley_id", "district_code"]], on="alley_id")
    return _district_filter(s, districts)


def alley_score_trend(f: Frames, districts, start, end) -> pd.DataFrame:
    red_line = settings().red_line
    s = _monthly_scores_between(f, districts, start, end)
    month = s["inspected_on"].dt.to_period("M").dt.to_timestamp().rename("month_start")
    grouped = s["score"].groupby(month)
    out = pd.DataFrame(
        {
            "mean_score": _round(grouped.mean(), 1),
            "p10_score": _round(grouped.quantile(0.1), 1),
            "alleys_scored": grouped.size(),
            "below_line": (s["score"] < red_line).groupby(month).sum(),
        }
    )
    return out.reset_index()


def _latest_scores(f: Frames, before: pd.Timestamp, inclusive: bool) -> pd.DataFrame:
    s = f.monthly_scores
    s = s[s["inspected_on"] <= before] if inclusive else s[s["inspected_on"] < before]
    return s.sort_values("inspected_on").groupby("alley_id").tail(1)[["alley_id", "score", "inspected_on"]]


def _alleys_named(f: Frames, districts) -> pd.DataFrame:
    a = _district_filter(f.alleys, districts).merge(_names(f), on="district_code")
    return a.merge(f.streets[["street_code", "name"]].rename(columns={"name": "street_name"}), on="street_code")


def alley_latest_scores(f: Frames, districts, end, as_of) -> pd.DataFrame:
    as_of = _ts(as_of)
    a = _alleys_named(f, districts)
    latest = _latest_scores(f, _ts(end) + MONTH, inclusive=False).rename(columns={"inspected_on": "scored_on"})
    out = a.merge(latest, on="alley_id", how="left")
    out["is_civilized"] = out["is_civilized"] & (out["civilized_since"] <= as_of)
    out["on_red_list"] = out["alley_id"].isin(set(_open_supervisions(f, as_of)["alley_id"]))
    columns = ["alley_id", "name", "district_code", "district_name", "street_code", "street_name", "length_m"]
    columns += ["start_lon", "start_lat", "end_lon", "end_lat", "is_civilized", "score", "scored_on", "on_red_list"]
    return out.sort_values("alley_id").reset_index(drop=True)[columns]


def red_list(f: Frames, districts, start, as_of) -> pd.DataFrame:
    as_of = _ts(as_of)
    a = _alleys_named(f, districts)[["alley_id", "name", "district_name", "street_name", "district_code"]]
    s = f.alley_supervisions
    s = s[(s["listed_on"] <= as_of) & (s["delisted_on"].isna() | (s["delisted_on"] >= _ts(start)))]
    out = s.merge(a.rename(columns={"name": "alley_name"}), on="alley_id")
    for column in ("rectified_on", "rechecked_on", "delisted_on"):
        out[f"{column}_then"] = out[column].where(out[column] <= as_of)
    status = np.select(
        [
            out["delisted_on"] <= as_of,
            out["rechecked_on"] <= as_of,
            (out["rectified_on"] <= as_of) | ((as_of - out["listed_on"]).dt.days >= 3),
        ],
        ["delisted", "rechecked", "rectifying"],
        "listed",
    )
    out["status"] = status
    out["days_open"] = (out["delisted_on_then"].fillna(as_of) - out["listed_on"]).dt.days
    out["is_overdue"] = (out["deadline"] < as_of) & (out["rectified_on"].isna() | (out["rectified_on"] > as_of))
    out["rectified_late"] = out["rectified_on"].notna() & (out["rectified_on"] > out["deadline"]) & (out["rectified_on"] <= as_of)
    out["still_open"] = out["delisted_on"].isna() | (out["delisted_on"] > as_of)
    out = out.sort_values(["is_overdue", "still_open", "deadline", "supervision_id"], ascending=[False, False, True, True])
    out = out.drop(columns=["rectified_on", "rechecked_on", "delisted_on"]).rename(columns=lambda c: c.removesuffix("_then"))
    columns = ["supervision_id", "alley_id", "alley_name", "district_name", "street_name", "district_code", "trigger_score"]
    columns += ["main_problem", "listed_on", "deadline", "rectified_on", "rechecked_on", "delisted_on", "status", "days_open"]
    return out[[*columns, "is_overdue", "rectified_late"]].reset_index(drop=True)


def alley_item_failures(f: Frames, districts, start, end) -> pd.DataFrame:
    s = _monthly_scores_between(f, districts, start, end)
    items = f.alley_standard_items.set_index("item_code")
    codes = [c for c in s.columns if c not in NOT_ITEMS]
    short_of_full = s[codes] < items.loc[codes, "max_points"].to_numpy()
    scored = s.groupby("district_code")[codes].count()
    short = short_of_full.groupby(s["district_code"]).sum()
    out = scored.stack().rename("scored").to_frame().join(short.stack().rename("short")).reset_index()
    out.columns = ["district_code", "item_code", "scored", "short"]
    out = out[out["scored"] > 0].merge(_names(f), on="district_code")
    # Then each item for all the chosen districts together (no district).
    totals = pd.DataFrame({"scored": s[codes].count(), "short": short_of_full.sum()}).rename_axis("item_code").reset_index()
    totals = totals[totals["scored"] > 0].assign(district_code=None, district_name=None)
    out = pd.concat([out, totals], ignore_index=True)
    out["fail_pct"] = _ratio(out["short"], out["scored"], 1)
    out = out.merge(
        items[["standard_group", "name", "sort_order"]].rename(columns={"name": "item_name"}),
        left_on="item_code",
        right_index=True,
    )
    out = out.sort_values(["district_code", "sort_order"], na_position="last").reset_index(drop=True)
    columns = ["district_code", "district_name", "item_code", "standard_group", "item_name", "sort_order", "scored", "short"]
    return out[[*columns, "fail_pct"]]


def civilized_alleys(f: Frames, districts, as_of) -> pd.DataFrame:
    as_of = _ts(as_of)
    a = _alleys_named(f, districts).rename(columns={"name": "alley_name"})
    a = a[a["is_civilized"] & (a["civilized_since"] <= as_of)]
    latest = _latest_scores(f, as_of, inclusive=True)[["alley_id", "score"]].rename(columns={"score": "latest_score"})
    out = a.merge(latest, on="alley_id", how="left")
    out["days_to_review"] = (out["next_review_on"] - as_of).dt.days
    out = out.sort_values(["next_review_on", "alley_id"]).reset_index(drop=True)
    columns = ["alley_id", "alley_name", "district_name", "street_name", "district_code", "civilized_since"]
    return out[[*columns, "last_reviewed_on", "next_review_on", "days_to_review", "latest_score"]]


def quarterly_naming(f: Frames, districts, as_of) -> pd.DataFrame:
    n = f.namings
    named_on = n.loc[n["inspected_on"] <= _ts(as_of), "inspected_on"].max()
    out = n[n["inspected_on"] == named_on].merge(_alleys_named(f, districts), on="alley_id")
    out = out.rename(columns={"inspected_on": "named_on", "score": "quarter_score", "name": "alley_name"})
    out = out.sort_values(["naming_result", "quarter_score"], ascending=[True, False]).reset_index(drop=True)
    columns = ["named_on", "naming_result", "quarter_score", "alley_id", "alley_name", "district_name", "street_name"]
    return out[[*columns, "district_code"]]


def _villages_in(f: Frames, districts, agricultural_only: bool) -> pd.DataFrame:
    d = _district_filter(f.districts, districts)
    return d[d["is_agricultural"]] if agricultural_only else d


def village_coverage(f: Frames, districts, agricultural_only, as_of) -> pd.DataFrame:
    codes = set(_villages_in(f, districts, agricultural_only)["district_code"])
    v = f.villages[f.villages["district_code"].isin(codes)]
    v = v.assign(room_open=v["has_history_room"] & (v["history_room_opened_on"] <= _ts(as_of)), is_village=v["kind"] == "village")
    agricultural = f.districts.set_index("district_code")["is_agricultural"]

    def totals(part: pd.DataFrame) -> dict:
        villages = int(part["is_village"].sum())
        return {
            "is_agricultural": bool(agricultural.reindex(part["district_code"].unique()).all()),
            "villages": villages,
            "communities": int((part["kind"] == "community").sum()),
            "villages_and_communities": len(part),
            "with_rules": int(part["has_rules"].sum()),
            "history_rooms": int(part["room_open"].sum()),
            "video_screens": int(part["has_video_screen"].sum()),
            "rules_coverage": _ratio(part["has_rules"].sum(), len(part), 1),
            "history_room_coverage": _ratio(part["room_open"].sum(), villages, 1),
            "video_screen_coverage": _ratio(part["has_video_screen"].sum(), villages, 1),
        }

    names = f.districts.set_index("district_code")["name"]
    rows = [{"district_code": code, "district_name": names[code], **totals(part)} for code, part in v.groupby("district_code")]
    rows.append({"district_code": None, "district_name": "合计", **totals(v)})
    return pd.DataFrame(rows)


def village_points(f: Frames, districts, agricultural_only, as_of) -> pd.DataFrame:
    codes = set(_villages_in(f, districts, agricultural_only)["district_code"])
    v = f.villages[f.villages["district_code"].isin(codes)]
    room_open = v["has_history_room"] & (v["history_room_opened_on"] <= _ts(as_of))
    v = v.assign(has_history_room=room_open, history_room_opened_on=v["history_room_opened_on"].where(room_open))
    out = v.merge(_names(f), on="district_code").merge(
        f.streets[["street_code", "name"]].rename(columns={"name": "street_name"}), on="street_code"
    )
    columns = ["village_id", "name", "kind", "district_name", "street_name", "district_code", "has_rules", "has_history_room"]
    columns += ["has_video_screen", "history_room_opened_on", "lon", "lat"]
    return out.sort_values("village_id").reset_index(drop=True)[columns]


def volunteer_by_category(f: Frames, districts, as_of) -> pd.DataFrame:
    p = _district_filter(f.volunteer_projects, districts)
    p = p[p["started_on"] <= _ts(as_of)]
    out = p.groupby(["category", "district_code"]).agg(
        projects=("project_id", "size"),
        volunteers=("volunteers", "sum"),
        beneficiaries=("beneficiaries", "sum"),
        service_hours=("service_hours", "sum"),
    )
    out = out.reset_index().merge(
        f.districts[["district_code", "name", "is_agricultural"]].rename(columns={"name": "district_name"}), on="district_code"
    )
    columns = ["category", "district_code", "district_name", "is_agricultural", "projects", "volunteers", "beneficiaries"]
    return out.sort_values(["category", "district_code"]).reset_index(drop=True)[[*columns, "service_hours"]]


def featured_projects(f: Frames, districts) -> pd.DataFrame:
    p = _district_filter(f.volunteer_projects, districts)
    p = p[p["is_featured"]].merge(_names(f), on="district_code")
    p = p.merge(f.streets[["street_code", "name"]].rename(columns={"name": "street_name"}), on="street_code")
    p = p.merge(f.villages[["village_id", "name"]].rename(columns={"name": "village_name"}), on="village_id", how="left")
    columns = ["project_id", "name", "category", "district_name", "street_name", "village_name", "started_on", "volunteers"]
    return p.sort_values("name").reset_index(drop=True)[[*columns, "beneficiaries", "service_hours"]]


QUERIES: dict[str, Callable[..., pd.DataFrame]] = {
    fn.__name__: fn
    for fn in (
        months,
        districts,
        warehouse_info,
        programme_facts,
        area_rates,
        headline_figures,
        category_totals,
        district_rank_moves,
        district_groups,
        rates_by_month,
        cases_by_month_source,
        campaign_effect,
        campaign_monthly,
        district_measures,
        monthly_movers,
        street_measures,
        category_mix,
        case_density_hex,
        hotline_satisfaction_by_month,
        district_rank_by_month,
        survey_satisfaction,
        survey_for_area,
        campaigns,
        facility_growth,
        alley_score_trend,
        alley_latest_scores,
        red_list,
        alley_item_failures,
        civilized_alleys,
        quarterly_naming,
        village_coverage,
        village_points,
        volunteer_by_category,
        featured_projects,
    )
}


def run(f: Frames, name: str, **params) -> pd.DataFrame:
    """`queries.run`'s counterpart for the figures the pandas way covers: computed from the frames now.
    Other named queries (questions added since, none of them reading cases) are not twinned here:
    benchmarks/pandas_app/app.py answers them from SQL, which favours the pandas way if anything."""
    return QUERIES[name](f, **params)
