"""The link from a warning to the records behind it: a page of the dashboard with its filters in the
link (ui/filters.py and each page's own options read them), so that a click opens the same view a
colleague opening the link would see.

- 异动, 重复诉求: 接诉即办's case list, on the street and the subcategory (`cases_list_street`,
  `cases_list_sub`, bound to the link there), for the months of the warning;
- 一人多诉, 逾期 (cases): the street's case list for those months;
- 逾期 (alleys): 背街小巷, whose red list puts what is overdue first;
- 连续靠后: 区域对比 on the district, where the street's figures are.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pandas as pd


def _month(value) -> str:
    d = pd.Timestamp(value).date()
    return f"{d.year:04d}-{d.month:02d}"


def target(warning: dict) -> tuple[str, dict[str, str]]:
    """The page (its url path) and the link's parameters for one warning (a row of `collect`)."""
    as_of: date = warning["as_of"]
    start = warning.get("records_from") or warning["since"]
    period = {"district": warning["district_code"], "from": _month(min(start, as_of)), "to": _month(as_of)}
    kind = warning["kind"]
    if warning["id"].startswith("overdue|alley:"):  # a red-listed alley's listing
        return "alleys", period
    if kind == "lagging":  # the district's streets, this street picked (pages/districts.py reads both from the link)
        return "districts", {
            **period,
            "from": _month(warning["since"]),
            "drill_district": warning["district_code"],
            "drill_street": warning["street_code"],
        }
    params = {**period, "cases_list_street": warning["street_code"]}
    if isinstance(warning.get("subcategory"), str) and kind in ("surge", "repeat"):
        params["cases_list_sub"] = warning["subcategory"]
    return "cases", params


def link(warning: dict) -> str:
    """The link as text (relative to the dashboard's root, so it works behind the portal's path too)."""
    page, params = target(warning)
    return f"{page}?{urlencode(params)}"
