"""Maps a leader can read (issue 13, finding 8): district names that never collide, text that
contrasts with what lies behind it, and a red list that stands out among 5,393 alleys.

The label boxes are worked out here from the deck's own JSON (each label's position, text,
size and plate padding) and deck.gl's Web-Mercator scale, independently of ui.maps: 512·2^zoom/360
px per degree of longitude, latitude through the Mercator y. Real district boundaries and label
points come from the packaged geography the warehouse is built from; no warehouse, no browser.
"""

from __future__ import annotations

import itertools
import json
import math
import pathlib
import re

import numpy as np
import pandas as pd
import pytest
import shapely
import shapely.geometry
import streamlit

from data import geography
from ui import maps, theme

SMALL_CENTRAL = {"110101": "东城", "110102": "西城", "110107": "石景山"}
CJK = re.compile(r"[\u4e00-\u9fff]")

# Map sizes as drawn (measured in Chromium) and as the issue asks: the overview's map column on a
# 1366-px laptop is 536 px wide, the alley and village maps 906; the slide's map is 702 px wide at
# 1280×720 and 1086 at 1920×1080, 760 tall.
CITY_MAPS = [(16, 536, 620), (16, 760, 620), (16, 1000, 620), (22, 702, 760), (22, 1086, 760), (22, 1000, 760)]
DATA_MAPS = [(536, 560), (906, 600), (906, 620), (760, 620)]


@pytest.fixture(scope="module")
def districts() -> pd.DataFrame:
    rows = []
    for d in geography.DISTRICTS:
        lon, lat = geography.label_point(d.code)
        rows.append((d.code, d.name, d.short_name, lon, lat, geography.boundary_geojson(d.code)))
    return pd.DataFrame(rows, columns=["district_code", "name", "short_name", "label_lon", "label_lat", "boundary_geojson"])


def _measures(districts: pd.DataFrame, values) -> pd.DataFrame:
    return districts.assign(satisfaction_rate=list(values))


def _spec(deck) -> dict:
    return json.loads(deck.to_json())


def _layer(spec: dict, layer_id: str) -> dict | None:
    return next((layer for layer in spec["layers"] if layer["id"] == layer_id), None)


def _view(spec: dict) -> tuple[float, float, float]:
    v = spec["initialViewState"]
    return v["longitude"], v["latitude"], v["zoom"]


def _px(lon: float, lat: float, view) -> tuple[float, float]:
    """deck.gl's Web-Mercator projection, offset from the view's centre, y down."""
    lon0, lat0, zoom = view
    k = 512 * 2**zoom / 360

    def y(phi: float) -> float:
        return math.degrees(math.asinh(math.tan(math.radians(phi))))

    return (lon - lon0) * k, (y(lat0) - y(lat)) * k


def _boxes(spec: dict) -> dict[str, tuple[float, float, float, float]]:
    """Each label's box in px (left, top, right, bottom) from the view's centre, plate and border
    included: CJK glyphs one em wide, one line one em tall."""
    layer = _layer(spec, "labels")
    size = layer["getSize"]
    left, top, right, bottom = layer.get("backgroundPadding", [0, 0, 0, 0])
    view = _view(spec)
    boxes = {}
    for row in layer["data"]:
        x, y = _px(*row["position"], view)
        width = sum(size if CJK.match(ch) else 0.6 * size for ch in row["text"])
        border = row.get("border_width", 0)
        boxes[row["text"]] = (
            x - width / 2 - left - border,
            y - size / 2 - top - border,
            x + width / 2 + right + border,
            y + size / 2 + bottom + border,
        )
    return boxes


def _overlapping(boxes: dict) -> list[tuple[str, str]]:
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes.items(), 2)
        if p[0] < q[2] + 1 and q[0] < p[2] + 1 and p[1] < q[3] + 1 and q[1] < p[3] + 1  # at least 1 px apart
    ]


def _outside_viewport(boxes: dict, width: int, height: int) -> list[str]:
    return [
        text for text, (left, t, r, b) in boxes.items() if left < -width / 2 or r > width / 2 or t < -height / 2 or b > height / 2
    ]


def _pixel_polygon(geojson: str, view) -> shapely.Geometry:
    geometry = shapely.geometry.shape(json.loads(geojson))
    return shapely.transform(geometry, lambda c: np.array([_px(lon, lat, view) for lon, lat in c]))


# --- no two names overlap -------------------------------------------------------------------------


@pytest.mark.parametrize(("label_size", "width", "height"), CITY_MAPS)
def test_choropleth_labels_do_not_overlap_and_stay_in_view(districts, label_size, width, height):
    spec = _spec(maps.district_choropleth(_measures(districts, range(16)), "satisfaction_rate", (), label_size=label_size))
    assert _view(spec) == maps.BEIJING_VIEW
    boxes = _boxes(spec)
    assert len(boxes) == 16
    assert _overlapping(boxes) == []
    assert _outside_viewport(boxes, width, height) == []


@pytest.mark.parametrize(("width", "height"), DATA_MAPS)
def test_data_map_labels_do_not_overlap_and_stay_in_view(districts, width, height):
    cells = pd.DataFrame({"h3_cell": pd.Series([], dtype=str), "cases": pd.Series([], dtype=int)})
    villages = pd.DataFrame(
        {
            "name": ["甲村"],
            "kind": ["village"],
            "district_name": ["延庆区"],
            "street_name": ["八达岭镇"],
            "has_rules": [True],
            "has_history_room": [False],
            "has_video_screen": [False],
            "lon": [115.95],
            "lat": [40.45],
        }
    )
    for deck in (
        maps.case_hexagons(cells, districts),
        maps.alley_map(_alleys(districts, red_at_labels=True), districts, 75.0),
        maps.village_map(villages, districts, tuple(maps.VILLAGE_LAYERS)),
    ):
        boxes = _boxes(_spec(deck))
        assert len(boxes) == 16
        assert _overlapping(boxes) == []
        assert _outside_viewport(boxes, width, height) == []


def test_the_small_central_districts_are_named_outside_with_leader_lines(districts):
    for label_size in (14, 16, 22):
        spec = _spec(maps.district_choropleth(_measures(districts, range(16)), "satisfaction_rate", (), label_size=label_size))
        view = _view(spec)
        leaders = _layer(spec, "label_leaders")["data"]
        by_name = {row["text"]: row for row in _layer(spec, "labels")["data"]}
        led = {tuple(row["to"]): row for row in leaders}
        for code, name in SMALL_CENTRAL.items():
            district = districts.set_index("district_code").loc[code]
            label = by_name[name]
            assert label["border_width"] == 1, (label_size, name)  # on a bordered plate
            leader = led[tuple(label["position"])]
            # From the district's own label point (inside it) to the name.
            assert leader["from"] == [district.label_lon, district.label_lat]
            assert shapely.geometry.shape(json.loads(district.boundary_geojson)).contains(shapely.Point(leader["from"]))
        # No plate covers one of the small districts: they stay visible, with their colour.
        small = shapely.union_all(
            [_pixel_polygon(districts.set_index("district_code").loc[code].boundary_geojson, view) for code in SMALL_CENTRAL]
        )
        for name in SMALL_CENTRAL.values():
            assert not shapely.box(*_boxes(spec)[name]).intersects(small), (label_size, name)


def test_leader_lines_cross_no_other_name_and_no_other_leader(districts):
    for label_size in (14, 16, 22):
        spec = _spec(maps.district_choropleth(_measures(districts, range(16)), "satisfaction_rate", (), label_size=label_size))
        view, boxes = _view(spec), _boxes(spec)
        labels = {tuple(row["position"]): row["text"] for row in _layer(spec, "labels")["data"]}
        segments = {}
        for row in _layer(spec, "label_leaders")["data"]:
            name = labels[tuple(row["to"])]
            line = shapely.LineString([_px(*row["from"], view), _px(*row["to"], view)])
            segments[name] = line.difference(shapely.box(*boxes[name]))
        for name, segment in segments.items():
            for other, box in boxes.items():
                if other != name:
                    assert not segment.intersects(shapely.box(*box)), (label_size, name, other)
        for (a, p), (b, q) in itertools.combinations(segments.items(), 2):
            assert not p.intersects(q), (label_size, a, b)
        # Both halves of a leader are drawn: a white casing under a dark line, so it shows on any fill.
        assert _layer(spec, "label_leaders_casing")["data"] == _layer(spec, "label_leaders")["data"]


def test_a_zoomed_in_map_names_its_districts_inside_them(districts):
    # Chosen 东城 and 西城, the map zooms to them: the names fit, and no leader is drawn.
    chosen = ("110101", "110102")
    for deck in (
        maps.alley_map(_alleys(districts), districts, 75.0, chosen),
        maps.case_hexagons(pd.DataFrame({"h3_cell": pd.Series([], dtype=str), "cases": []}), districts, chosen),
    ):
        spec = _spec(deck)
        assert _view(spec)[2] > 10
        assert _layer(spec, "label_leaders") is None
        rows = _layer(spec, "labels")["data"]
        assert sorted(row["text"] for row in rows) == ["东城", "西城"]
        for row, code in zip(sorted(rows, key=lambda r: r["text"]), chosen, strict=True):
            polygon = shapely.geometry.shape(json.loads(districts.set_index("district_code").loc[code].boundary_geojson))
            assert polygon.contains(shapely.Point(row["position"])), row
        assert _overlapping(_boxes(spec)) == []


def test_place_labels_agrees_with_the_drawn_labels(districts):
    placed = maps.place_labels(districts, maps.BEIJING_VIEW, 16)
    assert {label.text for label in placed if label.outside} >= set(SMALL_CENTRAL.values())
    spec = _spec(maps.district_choropleth(_measures(districts, range(16)), "satisfaction_rate", ()))
    assert [row["position"] for row in _layer(spec, "labels")["data"]] == [list(label.position) for label in placed]


# --- contrast -------------------------------------------------------------------------------------


def test_contrast_ratio_is_wcag_s():
    assert theme.contrast_ratio([255, 255, 255], [0, 0, 0]) == pytest.approx(21.0)
    assert theme.contrast_ratio([0, 0, 0], [0, 0, 0]) == pytest.approx(1.0)
    # WCAG's own examples: #767676 on white just passes 4.5, #777777 just fails.
    assert theme.contrast_ratio([0x76] * 3, [255] * 3) == pytest.approx(4.54, abs=0.01)
    assert theme.contrast_ratio([0x77] * 3, [255] * 3) < 4.5


def test_every_colour_of_the_ramp_gets_a_text_colour_of_at_least_4_5_to_1():
    # Every colour the choropleth can draw: the ramp, finely, as drawn (alpha 235 over the map's ground).
    for t in np.linspace(0, 1, 2001):
        fill = theme.over([*theme.ramp(t, 0, 1), 235], maps.BACKGROUND)
        text = theme.text_colour_on(fill)
        assert theme.contrast_ratio(text, fill) >= 4.5, (t, fill, text)
        assert theme.is_dark(fill) == (text == theme.TEXT_WHITE)
    # The old threshold put black on the ramp's mid greys at 3.5:1; is_dark now follows the contrast.
    mid = theme.ramp(0.5, 0, 1)
    assert theme.contrast_ratio(theme.TEXT_WHITE if theme.is_dark(mid) else theme.TEXT_BLACK, mid) >= 4.5
    assert theme.is_dark(theme.rgb(theme.SEQUENTIAL[0])) and not theme.is_dark(theme.rgb(theme.SEQUENTIAL[-1]))


def _backdrop(row: dict, under: list[int]) -> list[int]:
    return theme.over(row["plate"], under)


@pytest.mark.parametrize("seed", range(6))
def test_choropleth_names_contrast_with_their_own_fill(districts, seed):
    values = np.random.default_rng(seed).permutation(np.linspace(90, 99, 16))
    spec = _spec(maps.district_choropleth(_measures(districts, values), "satisfaction_rate", (), label_size=22))
    fills = {
        f["properties"]["name"].removesuffix("区"): f["properties"]["fill"] for f in _layer(spec, "districts")["data"]["features"]
    }
    for row in _layer(spec, "labels")["data"]:
        on_fill = theme.over(fills[row["text"]], maps.BACKGROUND)
        if row["border_width"]:  # outside its district: on an opaque plate of the map's ground
            assert row["plate"] == [*maps.BACKGROUND, 255]
            backdrop = maps.BACKGROUND
        else:  # inside, on its own fill: a plate of that fill where it reaches over the border
            assert row["plate"][:3] == on_fill and row["plate"][3] in (0, 255)
            backdrop = on_fill
        assert theme.contrast_ratio(row["colour"][:3], backdrop) >= 4.5, row
    # Names wholly inside have no plate (hovering highlights the whole district); some reach over.
    alphas = [row["plate"][3] for row in _layer(spec, "labels")["data"] if not row["border_width"]]
    assert 0 in alphas and alphas.count(255) <= 3
    # White on dark navy, black on yellow: the two ends of the ramp both occur here.
    assert {tuple(row["colour"][:3]) for row in _layer(spec, "labels")["data"]} == {(0, 0, 0), (255, 255, 255)}
    assert _layer(spec, "labels").get("outlineWidth", 0) == 0  # no halo to smudge the neighbours


def test_data_map_names_contrast_with_anything_under_their_plate(districts):
    spec = _spec(maps.alley_map(_alleys(districts), districts, 75.0))
    # Whatever a data map draws under a name: any ramp colour, the villages' colours, the ground.
    unders = [theme.ramp(t, 0, 1) for t in np.linspace(0, 1, 101)]
    unders += [theme.rgb(c) for c in (theme.VERMILION, theme.BLUE, theme.GREEN, theme.ORANGE)] + [maps.BACKGROUND, [255] * 3]
    for row in _layer(spec, "labels")["data"]:
        for under in unders:
            assert theme.contrast_ratio(row["colour"][:3], _backdrop(row, under)) >= 4.5, (row, under)


def test_the_map_ground_is_the_background_the_outside_names_are_read_against(districts):
    spec = _spec(maps.district_choropleth(_measures(districts, range(16)), "satisfaction_rate", ()))
    (view,) = spec["views"]
    # deck.gl 9 clears to the view's colour (parameters.clearColor is ignored and showed the page's white).
    assert view["@@type"] == "MapView" and view["clear"] is True and view["clearColor"] == [*maps.BACKGROUND, 255]
    assert view["controller"] is True
    assert spec.get("mapProvider") is None and "://" not in str(spec.get("mapStyle"))


# --- the red list ---------------------------------------------------------------------------------


def _alleys(districts: pd.DataFrame, red_at_labels: bool = False) -> pd.DataFrame:
    """A few ordinary alleys in 东城, and red-listed ones: one in 东城, or (red_at_labels) one on
    every district's label point, where a name would sit if nothing kept it clear."""
    ordinary = [(116.40 + i / 1000, 39.92, False, 92.0) for i in range(5)]
    red = [(116.41, 39.93, True, 60.0)]
    if red_at_labels:
        red = [(lon, lat, True, 60.0) for lon, lat in zip(districts["label_lon"], districts["label_lat"], strict=True)]
    rows = ordinary + red
    return pd.DataFrame(
        {
            "alley_id": [f"A{i}" for i in range(len(rows))],
            "name": [f"{i}号胡同" for i in range(len(rows))],
            "district_name": ["东城区"] * len(rows),
            "street_name": ["东华门街道"] * len(rows),
            "score": [score for *_, score in rows],
            "start_lon": [lon for lon, *_ in rows],
            "start_lat": [lat for _, lat, *_ in rows],
            "end_lon": [lon + 0.001 for lon, *_ in rows],
            "end_lat": [lat + 0.001 for _, lat, *_ in rows],
            "on_red_list": [red for _, _, red, _ in rows],
            "is_civilized": [False] * len(rows),
        }
    )


def test_the_red_list_is_drawn_last_larger_in_vermilion_with_a_white_ring(districts):
    deck = maps.alley_map(_alleys(districts), districts, 75.0)
    spec = _spec(deck)
    red = spec["layers"][-1]
    assert red["id"] == maps.RED_LIST_LAYER_ID and red["@@type"] == "ScatterplotLayer"
    assert red["getFillColor"] == [*theme.rgb(theme.VERMILION), 255]
    assert red["stroked"] is True and red["getLineColor"] == [255, 255, 255, 255] and red["lineWidthMinPixels"] >= 1.5
    ordinary = _layer(spec, "alley_points")
    # A 12-px dot against the others' 5 px: it reads at the city view.
    assert red["radiusMinPixels"] >= 6 and red["radiusMinPixels"] >= 2 * ordinary["radiusMinPixels"]
    assert red["pickable"] is True
    assert [row["name"] for row in red["data"]] == ["5号胡同"]
    assert [row["status"] for row in red["data"]] == ["挂牌督办中"]
    # Drawn once, on top: the red alley's dot is not also among the ordinary ones.
    assert "5号胡同" not in [row["name"] for row in ordinary["data"]]


def test_names_keep_clear_of_the_red_dots(districts):
    # A red-listed alley on every district's label point: no name may sit on one (it would hide it,
    # or be hidden by it); the names move aside, or out on a plate with a leader line.
    spec = _spec(maps.alley_map(_alleys(districts, red_at_labels=True), districts, 75.0))
    view, boxes = _view(spec), _boxes(spec)
    red = spec["layers"][-1]
    reach = red["radiusMinPixels"] + red["lineWidthMinPixels"]
    dots = [shapely.Point(_px(row["lon"], row["lat"], view)).buffer(reach) for row in red["data"]]
    for name, box in boxes.items():
        assert not any(shapely.box(*box).intersects(dot) for dot in dots), name
    assert _overlapping(boxes) == []


def test_the_red_list_caption_says_how_it_is_drawn():
    assert "朱红" in maps.RED_LIST_CAPTION and "白边" in maps.RED_LIST_CAPTION and "挂牌督办" in maps.RED_LIST_CAPTION
    assert not re.search(r"[A-Za-z]", maps.RED_LIST_CAPTION)


# --- payloads and tooltips ------------------------------------------------------------------------


def test_label_layers_carry_only_what_they_draw(districts):
    spec = _spec(maps.district_choropleth(_measures(districts, range(16)), "satisfaction_rate", ()))
    assert {key for row in _layer(spec, "labels")["data"] for key in row} == {
        "text",
        "position",
        "colour",
        "plate",
        "border",
        "border_width",
    }
    for layer_id in ("label_leaders", "label_leaders_casing", "label_anchors"):
        assert {key for row in _layer(spec, layer_id)["data"] for key in row} == {"from", "to"}
    red = _spec(maps.alley_map(_alleys(districts), districts, 75.0))["layers"][-1]
    assert set(red["data"][0]) == {"name", "district", "street", "score", "status", "lon", "lat"}


def test_tooltip_values_go_raw_and_streamlit_escapes_them(districts):
    # deck.gl's tooltip puts {name} into HTML. Streamlit's map escapes each value as it does so;
    # escaping here as well would show "&lt;" to the reader. Pin both halves.
    alleys = _alleys(districts)
    alleys.loc[5, "name"] = '<img src=x onerror="alert(1)">&胡同'
    red = _spec(maps.alley_map(alleys, districts, 75.0))["layers"][-1]
    assert red["data"][0]["name"] == '<img src=x onerror="alert(1)">&胡同'
    bundle = "".join(
        path.read_text(encoding="utf-8", errors="ignore")
        for path in (pathlib.Path(streamlit.__file__).parent / "static" / "static" / "js").glob("DeckGlJsonChart*.js")
    )
    escaper = re.search(r"(\w+)=\w+=>String\(\w+\)\.replaceAll\(/\[&<>\"'\]/g", bundle)
    assert escaper, "Streamlit's map no longer escapes tooltip values: escape them in ui.maps"
    # The html tooltip is filled with escaping on (the third argument), the text one without.
    assert re.search(r"\.html=\w+\(\w+,\w+\.html,!0\)", bundle)
