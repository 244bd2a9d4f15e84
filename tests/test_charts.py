"""Chart and map builders as plain functions: small hand-made frames in, the numbers, order,
colours and Chinese words a reader sees out. No Streamlit, no warehouse."""

from __future__ import annotations

import json
import re

import h3
import pandas as pd
import pydeck as pdk
import pytest

from ui import charts, labels, maps, theme

CJK = re.compile(r"[\u4e00-\u9fff]")
PERIOD = "2023年1月—2023年3月"


def _title(figure) -> str:
    """The title and its subtitle (the period) as a reader reads them."""
    return f"{figure.layout.title.text or ''} {figure.layout.title.subtitle.text or ''}".strip()


def _months(*texts: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(t) for t in texts]


def _square(lon: float, lat: float, size: float = 0.1) -> str:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


DISTRICTS = pd.DataFrame(
    {
        "district_code": ["110101", "110102", "110105"],
        "name": ["东城区", "西城区", "朝阳区"],
        "short_name": ["东城", "西城", "朝阳"],
        "label_lon": [116.42, 116.36, 116.48],
        "label_lat": [39.93, 39.91, 39.95],
        "boundary_geojson": [_square(116.40, 39.90), _square(116.30, 39.88), _square(116.45, 39.90)],
    }
)


def _deck_json(deck) -> dict:
    return json.loads(deck.to_json())


def _layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


# --- cases by source -------------------------------------------------------------------------


@pytest.fixture
def sources() -> pd.DataFrame:
    # Month 3 has no grid cases at all: its share must read 0, not vanish.
    rows = [
        ("2023-01-01", "hotline", 60),
        ("2023-01-01", "grid", 30),
        ("2023-01-01", "spot_check", 10),
        ("2023-02-01", "hotline", 50),
        ("2023-02-01", "grid", 45),
        ("2023-02-01", "spot_check", 5),
        ("2023-03-01", "hotline", 40),
    ]
    frame = pd.DataFrame(rows, columns=["month_start", "source", "cases"])
    frame["month_start"] = pd.to_datetime(frame["month_start"])
    return frame


@pytest.fixture
def monthly_rates() -> pd.DataFrame:
    """rates_by_month for the same months: the grid share is the query's (30/100, 45/100, 0/40)."""
    months = _months("2023-01-01", "2023-02-01", "2023-03-01")
    selection = pd.DataFrame({"month_start": months, "scope": "selection", "grid_share": [30.0, 45.0, 0.0]})
    city = pd.DataFrame({"month_start": months, "scope": "city", "grid_share": [33.0, 40.0, 20.0]})
    return pd.concat([selection, city], ignore_index=True)


def test_cases_by_source_has_one_stacked_bar_series_per_source_with_its_counts(sources, monthly_rates):
    figure = charts.cases_by_source(sources, monthly_rates, PERIOD)
    bars = [t for t in figure.data if t.type == "bar"]
    assert [t.name for t in bars] == ["12345热线", "网格员发现", "创城抽查"]
    by_name = {t.name: t for t in bars}
    assert list(by_name["12345热线"].y) == [60, 50, 40]
    assert list(by_name["网格员发现"].y) == [30, 45]
    assert list(by_name["创城抽查"].y) == [10, 5]
    assert list(by_name["网格员发现"].x) == _months("2023-01-01", "2023-02-01")
    assert figure.layout.barmode == "stack"
    assert sum(sum(t.y) for t in bars) == sources["cases"].sum()
    assert [t.marker.color for t in bars] == [theme.SOURCE_COLORS[s] for s in labels.SOURCES]


def test_cases_by_source_grid_share_line_is_the_querys_share_of_the_selection(sources, monthly_rates):
    figure = charts.cases_by_source(sources, monthly_rates, PERIOD)
    (line,) = [t for t in figure.data if t.type == "scatter"]
    # The chosen area's share from rates_by_month (the builder computes nothing), not the city's.
    assert list(line.y) == [30.0, 45.0, 0.0]
    # A secondary axis with round ticks over its whole range.
    assert tuple(figure.layout.yaxis2.range) == (0, 100) and figure.layout.yaxis2.dtick == 20
    assert list(line.x) == _months("2023-01-01", "2023-02-01", "2023-03-01")
    assert line.yaxis == "y2"  # on the right-hand % axis, not on the case counts
    assert "网格员发现占比" in line.name


def test_cases_by_source_title_names_unit_and_period(sources, monthly_rates):
    title = _title(charts.cases_by_source(sources, monthly_rates, PERIOD))
    assert "件/月" in title
    assert PERIOD in title
    assert CJK.search(title)


# --- ranked bars -----------------------------------------------------------------------------


def test_ranked_bars_higher_is_better_puts_the_highest_first_and_colours_by_reference():
    frame = pd.DataFrame({"区": ["甲区", "乙区", "丙区", "丁区"], "satisfaction_rate": [95.0, 97.5, 93.0, 96.0]})
    figure = charts.ranked_bars(frame, "区", "satisfaction_rate", PERIOD, reference=95.5)
    (bar,) = figure.data
    assert list(bar.y) == ["乙区", "丁区", "甲区", "丙区"]
    assert list(bar.x) == [97.5, 96.0, 95.0, 93.0]
    assert list(bar.text) == ["97.5%", "96.0%", "95.0%", "93.0%"]
    # Rates near 100 are dots, not bars cut off below zero's place (issue 8: bars start at zero).
    assert bar.type == "scatter" and bar.mode == "markers+text"
    # Better than the city (at or above it, for a rate) in blue, worse in orange.
    assert list(bar.marker.color) == [theme.BLUE, theme.BLUE, theme.ORANGE, theme.ORANGE]
    assert figure.layout.yaxis.autorange == "reversed"  # first row drawn at the top
    (line,) = figure.layout.shapes
    assert line.x0 == line.x1 == 95.5
    assert any(a.text == "全市 95.5%" for a in figure.layout.annotations)
    title = _title(figure)
    assert "满意率" in title and "（%）" in title and PERIOD in title


def test_ranked_bars_lower_is_better_puts_the_lowest_first_and_colours_by_reference():
    frame = pd.DataFrame({"区": ["甲区", "乙区", "丙区"], "cases_per_10k": [12.0, 8.5, 20.1]})
    figure = charts.ranked_bars(frame, "区", "cases_per_10k", PERIOD, reference=10.0)
    (bar,) = figure.data
    assert list(bar.y) == ["乙区", "甲区", "丙区"]
    assert list(bar.x) == [8.5, 12.0, 20.1]
    # Fewer cases than the reference is the good side.
    assert list(bar.marker.color) == [theme.BLUE, theme.ORANGE, theme.ORANGE]
    title = _title(figure)
    assert "每万人问题数" in title and "件/万人" in title and PERIOD in title


def test_ranked_bars_without_reference_has_no_line_and_skips_missing_values():
    frame = pd.DataFrame({"区": ["甲区", "乙区", "丙区"], "resolution_rate": [90.0, None, 92.0]})
    figure = charts.ranked_bars(frame, "区", "resolution_rate", PERIOD)
    (bar,) = figure.data
    assert list(bar.y) == ["丙区", "甲区"]
    assert not figure.layout.shapes
    assert set(bar.marker.color) == {theme.BLUE}


# --- campaign effect -------------------------------------------------------------------------


def _campaigns(target: list[float], others: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "campaign_id": ["C1", "C2", "ALL"],
            "name": ["占道经营整治", "噪声扰民整治", "全部专项行动合计"],
            "target_change_pct": target,
            "others_change_pct": others,
        }
    )


def test_campaign_effect_bars_are_each_campaigns_change_and_the_all_row_reads_合计():
    figure = charts.campaign_effect(_campaigns([-40.0, -20.0, -30.6], [5.0, 8.0, 7.2]))
    target, others = figure.data
    assert list(target.y) == ["占道经营整治", "噪声扰民整治", "<b>合计</b>"]
    assert list(target.x) == [-40.0, -20.0, -30.6]
    assert list(target.text) == ["-40.0%", "-20.0%", "-30.6%"]
    assert list(others.x) == [5.0, 8.0, 7.2]
    assert target.name == "行动目标问题" and others.name == "未列入行动的问题"
    low, high = figure.layout.xaxis.range
    assert low <= -40.0 and high >= 8.0
    assert "12345" in _title(figure) and "（%）" in _title(figure)


def test_campaign_effect_axis_shows_every_bar_whole_when_targets_rise():
    figure = charts.campaign_effect(_campaigns([75.0, -20.0, 30.0], [5.0, -60.0, 7.2]))
    low, high = figure.layout.xaxis.range
    values = [v for trace in figure.data for v in trace.x]
    assert low <= min(values) and high >= max(values)


# --- survey lines ----------------------------------------------------------------------------


@pytest.fixture
def survey() -> pd.DataFrame:
    rows = []
    for code, name, values in (
        ("110000", "全市", [95.10, 96.20, 97.35]),
        ("110101", "东城区", [94.00, 95.00, 96.50]),
        ("110102", "西城区", [96.00, 96.10, 96.30]),
    ):
        for period, value in zip(["2023Q1", "2023Q2", "2023Q3"], values, strict=True):
            rows.append({"period": period, "area_code": code, "area_name": name, "satisfaction_pct": value})
    return pd.DataFrame(rows)


def test_survey_lines_draw_the_city_and_chosen_districts_with_a_target_line(survey):
    figure = charts.survey_lines(survey, 97.0, "2023Q1—2023Q3", highlight=("110101",))
    assert [t.name for t in figure.data] == ["全市", "东城区"]  # 西城 not chosen
    city = figure.data[0]
    assert list(city.y) == [95.10, 96.20, 97.35]
    assert list(city.x) == ["2023年一季度", "2023年二季度", "2023年三季度"]  # as people say them, not 2023Q1
    # Labelled on each Q4 and the latest quarter only, so fifteen labels do not crowd the line.
    assert list(city.text) == ["", "", "97.35%"]
    assert city.line.color == theme.BLACK
    assert list(figure.data[1].y) == [94.00, 95.00, 96.50]
    (target,) = [s for s in figure.layout.shapes if s.y0 == s.y1 == 97.0]
    assert target.line.color == theme.VERMILION
    assert any(a.text == "目标 97%" for a in figure.layout.annotations)
    assert "2023Q1—2023Q3" in _title(figure) and "%" in _title(figure)


def test_survey_lines_target_follows_the_given_value(survey):
    figure = charts.survey_lines(survey, 98.5, "2023Q1—2023Q3")
    assert [s.y0 for s in figure.layout.shapes] == [98.5]
    assert any(a.text == "目标 98.5%" for a in figure.layout.annotations)
    low, high = figure.layout.yaxis.range
    assert high == 100.5 and low <= 94  # the real scale up to 100%, not stretched around the data
    assert [t.name for t in figure.data] == ["全市"]


# --- bump chart and small multiples ----------------------------------------------------------


def test_bump_chart_puts_rank_1_at_the_top_and_colours_the_biggest_movers():
    rows = [
        # month, code, short name, rank: 朝阳 climbs 3 → 1, 东城 falls 1 → 3, 西城 stays 2.
        ("2023-01-01", "110101", "东城", 1),
        ("2023-01-01", "110102", "西城", 2),
        ("2023-01-01", "110105", "朝阳", 3),
        ("2023-02-01", "110101", "东城", 3),
        ("2023-02-01", "110102", "西城", 2),
        ("2023-02-01", "110105", "朝阳", 1),
    ]
    frame = pd.DataFrame(rows, columns=["month_start", "district_code", "short_name", "rank"])
    frame["month_start"] = pd.to_datetime(frame["month_start"])
    frame["value"] = 95.0
    # The page names the movers from district_rank_moves (ties included) and the chart colours the same ones.
    figure = charts.bump_chart(frame, "satisfaction_rate", PERIOD, ("110105", "110101"))
    assert figure.layout.yaxis.autorange == "reversed"
    colours = {t.name: t.line.color for t in figure.data}
    assert colours == {"朝阳": theme.BLUE, "东城": theme.VERMILION, "西城": theme.LIGHT_GREY}
    assert {t.name: list(t.y) for t in figure.data}["朝阳"] == [3, 1]
    title = _title(figure)
    assert "排名" in title and "满意率" in title and PERIOD in title


def test_small_multiples_has_one_panel_per_district_with_its_own_values():
    months = _months("2023-01-01", "2023-02-01")
    frame = pd.DataFrame(
        {
            "month_start": months * 3,
            "district_name": ["东城区"] * 2 + ["西城区"] * 2 + ["朝阳区"] * 2,
            "satisfaction_rate": [95.0, 96.0, 94.0, 93.0, 97.0, 98.0],
        }
    )
    city = pd.DataFrame({"month_start": months, "satisfaction_rate": [95.3, 95.7]})
    figure = charts.small_multiples(
        frame, "month_start", "satisfaction_rate", "district_name", f"各区满意率（%，{PERIOD}）", "%", city=city, columns=2
    )
    assert [a.text for a in figure.layout.annotations] == ["东城区", "西城区", "朝阳区"]
    districts = [t for t in figure.data if t.name != "全市"]
    assert [t.name for t in districts] == ["东城区", "西城区", "朝阳区"]
    assert [list(t.y) for t in districts] == [[95.0, 96.0], [94.0, 93.0], [97.0, 98.0]]
    assert len({t.xaxis for t in districts}) == 3  # each in its own panel
    assert len([t for t in figure.data if t.name == "全市"]) == 3  # the city behind each
    assert "%" in districts[0].hovertemplate
    assert PERIOD in _title(figure)


# --- every title in Chinese -----------------------------------------------------------------


def test_chart_titles_and_series_names_are_chinese(sources, monthly_rates, survey):
    figures = [
        charts.cases_by_source(sources, monthly_rates, PERIOD),
        charts.campaign_effect(_campaigns([-40.0, -20.0, -30.6], [5.0, 8.0, 7.2])),
        charts.survey_lines(survey, 97.0, "2023Q1—2023Q3", highlight=("110101", "110102")),
        charts.ranked_bars(pd.DataFrame({"区": ["甲区"], "grid_share": [40.0]}), "区", "grid_share", PERIOD),
    ]
    for figure in figures:
        assert CJK.search(_title(figure)), _title(figure)
        for trace in figure.data:
            if trace.name:
                assert CJK.search(trace.name), trace.name
        assert not re.search(r"\b(cases|source|month|value)\b", json.dumps(figure.layout.to_plotly_json(), default=str))


# --- maps ------------------------------------------------------------------------------------


def test_district_choropleth_fetches_no_basemap_and_labels_in_chinese():
    measures = DISTRICTS.assign(satisfaction_rate=[95.0, 97.0, 96.0])
    spec = _deck_json(maps.district_choropleth(measures, "satisfaction_rate", ("110102",)))
    assert spec.get("mapProvider") is None
    style = spec.get("mapStyle")
    assert style is None or "://" not in str(style)
    labels_layer = _layer(spec, "labels")
    assert labels_layer["@@type"] == "TextLayer"
    assert labels_layer["characterSet"] == "auto"  # literal, not "@@=auto"
    assert labels_layer["fontFamily"] == theme.FONT_FAMILY


def test_district_choropleth_features_carry_code_value_and_ramp_colour():
    measures = DISTRICTS.assign(satisfaction_rate=[95.0, 97.0, 96.0])
    spec = _deck_json(maps.district_choropleth(measures, "satisfaction_rate", ("110102",)))
    layer = _layer(spec, maps.DISTRICT_LAYER_ID)
    assert layer["@@type"] == "GeoJsonLayer" and layer["pickable"] is True
    props = [f["properties"] for f in layer["data"]["features"]]
    assert [p["district_code"] for p in props] == ["110101", "110102", "110105"]
    assert [p["value"] for p in props] == ["95.0%", "97.0%", "96.0%"]
    # Lowest at the dark end of the ramp, highest at the yellow end.
    assert props[0]["fill"][:3] == theme.ramp(95.0, 95.0, 97.0) == theme.rgb(theme.SEQUENTIAL[0])
    assert props[1]["fill"][:3] == theme.rgb(theme.SEQUENTIAL[-1])
    # The chosen district is outlined in black and wider.
    assert props[1]["line"] == [0, 0, 0, 255] and props[1]["width"] > props[0]["width"]


def _point_in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def test_case_hexagons_draws_each_h3_cell_as_a_closed_hexagon_around_its_centre():
    first = h3.latlng_to_cell(39.92, 116.40, 7)
    second = next(cell for cell in h3.grid_disk(first, 1) if cell != first)
    cells = pd.DataFrame({"h3_cell": [first, second], "cases": [120, 7]})
    spec = _deck_json(maps.case_hexagons(cells, DISTRICTS))
    assert spec.get("mapProvider") is None
    layer = _layer(spec, "hexagons")
    assert layer["@@type"] == "PolygonLayer"
    rows = layer["data"]
    assert [r["cases"] for r in rows] == [120, 7]
    for row, cell in zip(rows, [first, second], strict=True):
        ring = row["polygon"]
        boundary = [[lon, lat] for lat, lon in h3.cell_to_boundary(cell)]
        # GeoJSON order (lon, lat), the cell's own six vertices; deck.gl closes the ring itself,
        # so an explicitly repeated first vertex is allowed but not needed.
        open_ring = ring[:-1] if ring[0] == ring[-1] else ring
        assert len(open_ring) == 6
        assert [v for point in open_ring for v in point] == pytest.approx([v for point in boundary for v in point], abs=5e-6)
        assert all(len(repr(v).split(".")[1]) <= 5 for point in open_ring for v in point)  # ~1 m, not H3's 14 decimals
        lat, lon = h3.cell_to_latlng(cell)
        assert _point_in_ring(lon, lat, ring)
        assert 116 < ring[0][0] < 117 and 39 < ring[0][1] < 41
    assert rows[0]["fill"] != rows[1]["fill"]  # more cases, different colour
    assert {"outlines", "hexagons", "labels"} <= {layer["id"] for layer in spec["layers"]}


def _alleys() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "alley_id": ["A1", "A2", "A3"],
            "name": ["一号胡同", "二号胡同", "三号胡同"],
            "district_name": ["东城区"] * 3,
            "street_name": ["东华门街道"] * 3,
            "score": [92.0, 70.0, None],
            "start_lon": [116.40, 116.41, 116.42],
            "start_lat": [39.92, 39.93, 39.94],
            "end_lon": [116.401, 116.411, 116.421],
            "end_lat": [39.921, 39.931, 39.941],
            "on_red_list": [False, True, False],
            "is_civilized": [True, False, False],
        }
    )


def _rows(layer) -> list[dict]:
    rows = layer.data
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows


def _alley_rows(deck) -> list[dict]:
    """One row per alley, in the alleys' order: the tooltip fields of its dot (the ordinary
    points or the red list on top) with its segment, matched by the segment's start."""
    layers = {layer.id: layer for layer in deck.layers}
    dots = {(r["lon"], r["lat"]): r for layer_id in ("alley_points", maps.RED_LIST_LAYER_ID) for r in _rows(layers[layer_id])}
    return [{**dots[tuple(segment["path"][0])], **segment} for segment in _rows(layers[maps.ALLEY_LAYER_ID])]


def test_alley_map_layers_and_colours():
    deck = maps.alley_map(_alleys(), DISTRICTS, 75.0)
    spec = _deck_json(deck)
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids[:3] == ["outlines", maps.ALLEY_LAYER_ID, "alley_points"] and "labels" in ids
    assert ids[-1] == maps.RED_LIST_LAYER_ID  # the red list over everything
    assert spec.get("mapProvider") is None
    rows = _alley_rows(deck)
    assert [r["status"] for r in rows] == ["首都文明街巷", "挂牌督办中", ""]
    assert [r["score"] for r in rows[:2]] == ["92.0", "70.0"]
    assert rows[1]["colour"][:3] == theme.rgb(theme.VERMILION)
    assert rows[0]["path"] == [[116.40, 39.92], [116.401, 39.921]]


def test_alley_map_layers_carry_only_what_they_draw():
    # The segments need no tooltip fields (the points carry them): this kept the map small.
    deck = maps.alley_map(_alleys(), DISTRICTS, 75.0)
    assert set(_rows(deck.layers[1])[0]) == {"path", "colour"}
    # The points: the tooltip's fields, position and colour, nothing else (no ids: nobody reads them).
    assert set(_rows(deck.layers[2])[0]) == {"name", "district", "street", "score", "status", "lon", "lat", "colour"}
    # The red list's colour is one constant: its rows carry no colour of their own.
    assert set(_rows(deck.layers[-1])[0]) == {"name", "district", "street", "score", "status", "lon", "lat"}
    text = deck.to_json()
    assert "\n" not in text  # compact JSON, not pydeck's indented form
    assert "朝阳区" in text or "东城区" in text  # Chinese as UTF-8, not \u escapes
    # The same document pydeck writes, only compact.
    assert json.loads(text) == json.loads(pdk.Deck.to_json(deck))


def test_ramps_gives_the_same_colours_as_ramp_one_by_one():
    values = [float("nan"), -5.0, 0.0, 12.5, 33.3, 50.0, 50.5, 74.99, 75.0, 87.5, 99.9, 100.0, 120.0]
    values += [i / 7 for i in range(0, 700)]
    for low, high in ((0.0, 100.0), (75.0, 100.0), (3.0, 3.0), (10.0, 2.0)):
        assert theme.ramps(values, low, high) == [theme.ramp(v, low, high) for v in values]
    assert theme.ramps([], 0.0, 1.0) == []


def test_alley_map_unscored_alley_tooltip_reads_a_dash():
    deck = maps.alley_map(_alleys(), DISTRICTS, 75.0)
    assert _alley_rows(deck)[2]["score"] == "—"
    assert "NaN" not in deck.to_json()


def test_village_map_has_one_layer_per_chosen_facility():
    villages = pd.DataFrame(
        {
            "name": ["甲村", "乙村", "丙社区"],
            "kind": ["village", "village", "community"],
            "district_name": ["延庆区"] * 3,
            "street_name": ["八达岭镇"] * 3,
            "has_rules": [True, True, True],
            "has_history_room": [True, False, False],
            "has_video_screen": [False, True, False],
            "lon": [115.9, 115.95, 116.0],
            "lat": [40.4, 40.45, 40.5],
        }
    )
    deck = maps.village_map(villages, DISTRICTS, ["has_history_room", "missing_history_room"])
    spec = _deck_json(deck)
    assert [layer["id"] for layer in spec["layers"]] == [
        "outlines",
        "villages_has_history_room",
        "villages_missing_history_room",
        "labels",
    ]
    rooms, missing = deck.layers[1].data, deck.layers[2].data
    names = [list(frame["name"]) if isinstance(frame, pd.DataFrame) else [r["name"] for r in frame] for frame in (rooms, missing)]
    assert names == [["甲村"], ["乙村"]]  # the community is never "missing" a village history room
    assert _layer(spec, "labels")["characterSet"] == "auto"


# --- axes people can read ----------------------------------------------------------------------


def test_a_one_month_period_draws_one_tick_in_a_window_around_it(sources, monthly_rates):
    one = sources[sources["month_start"] == pd.Timestamp("2023-01-01")]
    figure = charts.cases_by_source(one, monthly_rates.iloc[[0, 3]], PERIOD)
    axis = figure.layout.xaxis
    assert list(axis.tickvals) == [pd.Timestamp("2023-01-01")]  # not 2023年1月, 2023年1月, 2023年2月
    low, high = (pd.Timestamp(v) for v in axis.range)
    assert low < pd.Timestamp("2023-01-01") < high and (high - low).days >= 120  # one bar does not fill the chart
    many = charts.cases_by_source(sources, monthly_rates, PERIOD)
    assert many.layout.xaxis.dtick == "M1"  # one tick a month, never the same month twice


def test_large_counts_are_written_in_wan_not_k():
    frame = pd.DataFrame({"category": ["城市管理", "市场管理"], "cases": [420_000, 180_000]})
    axis = charts.category_totals(frame, PERIOD).layout.xaxis
    assert list(axis.ticktext)[:3] == ["0", "20万", "40万"]
    small = charts.category_totals(frame.assign(cases=[42_000, 18_000]), PERIOD).layout.xaxis
    assert small.tickformat == ",~f" and small.ticktext is None  # 40,000, not 40k


def test_a_titles_period_is_on_its_own_line_so_a_narrow_chart_never_cuts_it(sources, monthly_rates):
    title = charts.cases_by_source(sources, monthly_rates, PERIOD).layout.title
    assert title.subtitle.text == PERIOD and PERIOD not in title.text  # Plotly's subtitle, placed by Plotly


def test_trend_charts_mark_holidays_campaigns_and_the_offices_events(sources, monthly_rates):
    from datetime import date

    from ui import events

    marks = events.between(
        date(2023, 1, 1),
        date(2023, 9, 30),
        pd.DataFrame({"started_on": [pd.Timestamp("2023-03-01")], "ended_on": [pd.Timestamp("2023-09-30")]}),
    )
    assert {"春节", "专项整治行动期间", "市级集中检查"} <= set(marks["label"])  # 国庆 2023 falls after September
    spring = marks[marks["label"] == "春节"].iloc[0]
    assert (spring["start"], spring["end"]) == (pd.Timestamp("2023-01-21"), pd.Timestamp("2023-01-27"))
    figure = charts.cases_by_source(sources, monthly_rates, PERIOD, marks)
    assert {a.text for a in figure.layout.annotations} >= {"春节", "专项整治行动期间", "市级集中检查"}
    assert any(s.type == "rect" for s in figure.layout.shapes)  # the campaign window shaded
