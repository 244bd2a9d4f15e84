"""What the benchmark visits: the pages, the default view, and the filter changes.

A filter change is what a user does in the sidebar: pick another district (one rerun), then
another period (a second rerun), in the same session. Every change goes to a district and
period not seen before in that server process, so it is never answered from the cache of an
earlier sample: these are the slow case, the first person to ask for that view.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import queries

# The six pages of issue 6, which the pandas app has too (its twin), and the load test's round.
TWINNED_PAGES = ["overview", "cases", "satisfaction", "alleys", "villages", "districts"]
# Pages added since, timed for our app alone against the absolute page targets: a new question
# needs no pandas twin (issue 12).
PAGES = [*TWINNED_PAGES, "warnings", "closed_loop"]
# The pages that read the case table, where "≥ 10× the pandas way" applies; the others read a few
# thousand rows, which pandas filters in milliseconds too (BENCHMARKS.md).
CASE_PAGES = ["overview", "cases", "satisfaction", "districts"]


def month_label(d) -> str:
    """As ui.filters.month_label (the slider's labels); not imported, to keep Streamlit out of this process."""
    return f"{d.year}年{d.month}月"


@dataclass(frozen=True)
class FilterChange:
    district: str  # the name the multiselect shows (what the frontend sends)
    period: tuple[str, str]  # month labels, as the range slider sends them


class Scenario:
    def __init__(self, warehouse: Path) -> None:
        con = queries.connect(warehouse)
        try:
            districts = queries.run(con, "districts")
            months = list(queries.run(con, "months")["month_start"].dt.date)
        finally:
            con.close()
        self.district_names = list(districts["name"])
        self.month_labels = [month_label(m) for m in months]

    def change(self, k: int) -> FilterChange:
        """The k-th filter change of a run: all distinct for k < 40 (7 and 40 share no factor)."""
        start = (k * 7) % (len(self.month_labels) - 5)
        return FilterChange(
            district=self.district_names[(k * 5 + 3) % len(self.district_names)],
            period=(self.month_labels[start], self.month_labels[start + 5]),
        )
