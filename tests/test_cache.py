"""What pages share between reruns and sessions: query results, drawn charts, maps and tables.

A cache that answered one view with another's chart would be worse than no cache; these
check that the keys tell views apart and that what is handed out cannot be changed for others.
"""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa

from tests.test_pages import CHAOYANG, _demo_warehouse, _navigation_as_on_a_running_server, chart, open_page  # noqa: F401
from ui import cache, data

YANQING = "110119"


def test_frame_digest_tells_frames_apart():
    frame = pd.DataFrame(
        {
            "district_code": pd.array(["110101", "110105", "110119"], dtype="str"),
            "cases": [10, 20, 30],
            "rate": [91.5, 97.35, 88.0],
            "month_start": pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01"]),
            "red_listed": [True, False, True],
            "path": [[1.0, 2.0], [3.0], []],
        }
    )
    same = frame.copy(deep=True)
    assert cache.frame_digest(frame) == cache.frame_digest(same)
    variants = [
        frame.assign(cases=[10, 20, 31]),
        frame.assign(district_code=["110101", "110105", "110118"]),
        frame.assign(rate=[91.5, 97.35, 88.1]),
        frame.assign(red_listed=[True, True, True]),
        frame.assign(path=[[1.0, 2.0], [3.0], [4.0]]),
        frame.rename(columns={"cases": "cases_year_before"}),
        frame.iloc[[0, 2, 1]],
        frame.iloc[:2],
        frame.set_index("district_code"),
        frame.assign(cases=frame["cases"].astype("float64")),
    ]
    digests = {cache.frame_digest(v) for v in variants}
    assert len(digests) == len(variants) and cache.frame_digest(frame) not in digests
    # Two slices of one frame share its buffers; their digests must still differ.
    assert cache.frame_digest(frame.iloc[:1]) != cache.frame_digest(frame.iloc[1:2])
    assert cache.frame_digest(frame["cases"]) != cache.frame_digest(frame["cases"].rename("other"))


def test_frame_digest_reads_categories_names_dictionaries_and_nullable_values():
    def differ(a, b) -> bool:
        return cache.frame_digest(a) != cache.frame_digest(b)

    codes = pd.DataFrame({"x": pd.Categorical(["a", "b"])})
    assert differ(codes, pd.DataFrame({"x": pd.Categorical(["c", "d"])}))  # same codes, other categories
    assert differ(codes, pd.DataFrame({"x": pd.Categorical(["a", "b"], ordered=True)}))
    assert differ(codes, pd.DataFrame({"x": pd.Categorical(["a", "b"], categories=["b", "a"])}))
    named = pd.DataFrame({"v": [1, 2]}, index=pd.Index([1, 2], name="month"))
    assert differ(named, named.rename_axis("rank"))
    dictionary = pd.DataFrame({"x": pd.array(["a", "b"], dtype=pd.ArrowDtype(pa.dictionary(pa.int8(), pa.string())))})
    assert differ(dictionary, pd.DataFrame({"x": pd.array(["c", "d"], dtype=dictionary["x"].dtype)}))
    big = pd.DataFrame({"n": pd.array([2**53, None], dtype="Int64")})
    assert differ(big, pd.DataFrame({"n": pd.array([2**53 + 1, None], dtype="Int64")}))
    two_levels = pd.DataFrame({"v": [1, 2]}, index=pd.MultiIndex.from_tuples([("110101", 1), ("110102", 2)]))
    assert differ(two_levels, pd.DataFrame({"v": [1, 2]}, index=pd.MultiIndex.from_tuples([("110101", 1), ("110102", 3)])))
    assert cache.frame_digest(two_levels) == cache.frame_digest(two_levels.copy())


def test_a_page_changing_its_query_result_changes_nobody_elses(monkeypatch, warehouse_path):
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse_path))
    first = data.query("districts")
    names = list(first["name"])
    first["name"] = "改掉"
    first.loc[0, "population"] = -1
    again = data.query("districts")
    assert list(again["name"]) == names
    assert (again["population"] > 0).all()


def _district_names_in(spec: dict) -> set[str]:
    return {str(y) for trace in spec["data"] for y in (trace.get("y") or []) if str(y).endswith("区")}


def test_drawn_charts_follow_the_filters_across_sessions():
    city = open_page("villages")
    chaoyang = open_page("villages", district=CHAOYANG)
    yanqing = open_page("villages", district=YANQING)
    chaoyang_again = open_page("villages", district=CHAOYANG)

    city_names = _district_names_in(chart(city, "villages_volunteer_district"))
    assert len(city_names) == 16
    assert _district_names_in(chart(chaoyang, "villages_volunteer_district")) == {"朝阳区"}
    assert _district_names_in(chart(yanqing, "villages_volunteer_district")) == {"延庆区"}
    # The same view in another session is the same chart, replayed.
    assert chart(chaoyang_again, "villages_volunteer_district") == chart(chaoyang, "villages_volunteer_district")

    # Maps too (the page's one map): 延庆's village map is centred elsewhere than 朝阳's.
    def centre(at) -> tuple[float, float]:
        (map_element,) = at.get("deck_gl_json_chart")
        view = json.loads(map_element.proto.json)["initialViewState"]
        return view["longitude"], view["latitude"]

    assert centre(yanqing) != centre(chaoyang) == centre(chaoyang_again)


def _civilized_table(at) -> pd.DataFrame:
    (table,) = [d.value for d in at.dataframe if "下次复查" in d.value.columns]  # the civilized alleys' reviews
    return table


def test_drawn_tables_follow_the_filters_across_sessions():
    city = _civilized_table(open_page("alleys"))
    chaoyang = _civilized_table(open_page("alleys", district=CHAOYANG))
    yanqing = _civilized_table(open_page("alleys", district=YANQING))
    chaoyang_again = _civilized_table(open_page("alleys", district=CHAOYANG))

    assert city["区"].nunique() > 2
    assert set(chaoyang["区"]) == {"朝阳区"}
    assert set(yanqing["区"]) == {"延庆区"}
    assert len(chaoyang) + len(yanqing) < len(city)
    # The same view in another session is the same table, replayed, with its headers and formats.
    pd.testing.assert_frame_equal(chaoyang_again, chaoyang)
    assert chaoyang["下次复查"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
