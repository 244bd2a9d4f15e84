"""What the warehouse already knows, read once per import to check a file against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from data.importer.places import Places


@dataclass
class Reference:
    today: date
    places: Places
    categories: pd.DataFrame  # subcategory, category
    campaigns: pd.DataFrame  # campaign_id, subcategory, started_on, ended_on
    standard_items: pd.DataFrame  # item_code, name, max_points
    alley_ids: frozenset[str]
    villages: pd.DataFrame  # village_id, district_code, street_code
    # Street of each alley / village that other records point to: such a row cannot move (see writer).
    anchored_alleys: pd.Series
    anchored_villages: pd.Series
    # The copy being imported into, for the kinds that look up only the records their file names
    # (spot_check_stages: its cases and their steps), rather than load a whole table for every import.
    con: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, today: date) -> Reference:
        def frame(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()

        return cls(
            today=today,
            places=Places(
                frame("select district_code, name, short_name from districts"),
                frame("select street_code, district_code, name, kind from streets"),
            ),
            categories=frame("select subcategory, category from case_categories"),
            campaigns=frame(
                "select campaign_id, subcategory, started_on, ended_on from campaigns join campaign_targets using (campaign_id) "
                "order by started_on, campaign_id"
            ),
            standard_items=frame("select item_code, name, max_points from alley_standard_items order by sort_order"),
            alley_ids=frozenset(frame("select alley_id from alleys")["alley_id"]),
            villages=frame("select village_id, district_code, street_code from villages"),
            anchored_alleys=frame(
                "select alley_id, street_code from alleys where alley_id in "
                "(select alley_id from alley_inspections union select alley_id from alley_supervisions)"
            ).set_index("alley_id")["street_code"],
            anchored_villages=frame(
                "select village_id, street_code from villages where village_id in (select village_id from volunteer_projects)"
            ).set_index("village_id")["street_code"],
            con=con,
        )
