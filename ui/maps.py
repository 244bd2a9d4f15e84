"""Map builders: frames in, pydeck decks out, drawn with no basemap and nothing fetched.

`map_provider=None` keeps deck.gl from requesting tiles; district boundaries and Chinese
labels come from the warehouse and render with the local CJK font.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections.abc import Sequence

import h3
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
import shapely.geometry
import shapely.ops
from pydeck.bindings.json_tools import default_serialize

from ui import formats, labels, theme

View = tuple[float, float, float]  # longitude, latitude, zoom: plain values, so decks can be cached
BEIJING_VIEW: View = (116.40, 40.22, 7.5)
DISTRICT_LAYER_ID = "districts"
ALLEY_LAYER_ID = "alleys"
VILLAGE_LAYER_ID = "villages"
RED_LIST_LAYER_ID = "red_list"
RED_LIST_MIN_PIXELS = 6  # radius: a 12-px dot, against 5-px dots for the other alleys
RED_LIST_RING_PIXELS = 1.5
# For the caption under the alley map: how the red list is drawn, in the reader's words.
RED_LIST_CAPTION = "白边的朱红色大圆点为挂牌督办中的街巷，画在其他街巷之上。"
# The map's own background (no basemap): labels outside a district are read against it.
BACKGROUND = [247, 247, 247]
_TOOLTIP_STYLE = {"fontFamily": theme.FONT_FAMILY, "fontSize": "15px", "backgroundColor": "#1A1A1A", "color": "white"}


class _CompactDeck(pdk.Deck):
    """A deck whose JSON is compact UTF-8: pydeck indents its JSON and escapes every Chinese
    character, which doubled the alley map sent to the browser on every rerun (1.4 → 2.8 MB)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, ensure_ascii=False, separators=(",", ":"))


def _deck(layers: list, tooltip: dict | None, view: View = BEIJING_VIEW) -> pdk.Deck:
    # map_provider=None with map_style left at pydeck's default sentinel: Streamlit then draws
    # no basemap at all. Passing map_style=None would make Streamlit fetch a CARTO basemap.
    longitude, latitude, zoom = view
    return _CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(longitude=longitude, latitude=latitude, zoom=zoom, pitch=0),
        map_provider=None,
        tooltip=tooltip,
        # The map's ground colour: deck.gl 9 reads it from the view; `parameters.clearColor` (what
        # this used to set) is ignored there, and the white page showed through instead.
        views=[pdk.View(type="MapView", controller=True, clear=True, clear_color=[*BACKGROUND, 255])],
    )


def _chosen(districts: pd.DataFrame, chosen: tuple[str, ...]) -> pd.DataFrame:
    return districts[districts["district_code"].isin(chosen)] if chosen else districts


def view_for(districts: pd.DataFrame) -> View:
    """Zoom to the chosen districts (all 16 → the whole city)."""
    if len(districts) >= 16 or districts.empty:
        return BEIJING_VIEW
    lons, lats = [], []
    for text in districts["boundary_geojson"]:
        geometry = json.loads(text)
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for lon, lat in polygon[0]:
                lons.append(lon)
                lats.append(lat)
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.3)
    zoom = 7.5 + max(0.0, min(3.8, 1.44 * math.log2(1.6 / max(span, 0.05))))
    return ((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2, zoom)


def _outline_layer(districts: pd.DataFrame, fill: bool = False) -> pdk.Layer:
    features = [
        {"type": "Feature", "geometry": json.loads(row.boundary_geojson), "properties": {"name": row.name}}
        for row in districts.itertuples()
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id="outlines",
        stroked=True,
        filled=fill,
        get_fill_color=[255, 255, 255, 255],
        get_line_color=[90, 90, 90, 200],
        line_width_min_pixels=1.2,
        pickable=False,
    )


# --- district labels ------------------------------------------------------------------------------
# Labels are laid out here, in the pixels deck.gl will draw them in at the view's zoom, so that no
# two boxes overlap. A name that does not fit inside its own district at that zoom (东城, 西城 and
# 石景山 at the city view: each is narrower than its name) goes on a plate outside the crowded core,
# tied to its district by a thin leader line; every other name sits inside its own district.

# The smallest map the labels must fit: the overview's map column on a 1366-px laptop (536 px
# wide, measured) at the shortest map drawn (the case map, 560 px tall). Larger maps only add
# room at the edges: the view is centred, so every name keeps its place.
LABEL_VIEWPORT = (520.0, 560.0)
_LABEL_GAP = 3.0  # px kept clear between any two label boxes
_LABEL_ALPHA_PLATE = 215  # plates under labels on data maps: the data shows through, faintly
_LEADER_COLOUR = [60, 60, 60, 255]
_PLATE_BORDER = [120, 120, 120, 255]


def _mercator(lat: float) -> float:
    """Latitude as Web-Mercator y, in degrees (equal to longitude degrees in pixels)."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def pixels_per_degree(zoom: float) -> float:
    """deck.gl's Web-Mercator world is 512 px wide at zoom 0: 512·2^zoom/360 px per degree of
    longitude (latitude stretched by 1/cos φ on top, through the Mercator y)."""
    return 512 * 2**zoom / 360


def to_pixels(lon: float, lat: float, view: View) -> tuple[float, float]:
    """Screen offset (x right, y down) of a point from the view's centre, in CSS pixels."""
    lon0, lat0, zoom = view
    k = pixels_per_degree(zoom)
    return (lon - lon0) * k, (_mercator(lat0) - _mercator(lat)) * k


def from_pixels(x: float, y: float, view: View) -> tuple[float, float]:
    lon0, lat0, zoom = view
    k = pixels_per_degree(zoom)
    mercator = math.radians(_mercator(lat0) - y / k)
    return lon0 + x / k, math.degrees(2 * math.atan(math.exp(mercator)) - math.pi / 2)


def text_extent(text: str, size: float) -> tuple[float, float]:
    """Width and height in px of one line of text at `size` px: CJK glyphs are one em wide in
    Noto Sans CJK, Latin letters and digits about 0.6 em; deck.gl's line height is one em."""
    return size * sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text), float(size)


def plate_padding(size: float) -> tuple[float, float]:
    """Horizontal and vertical padding of a label's plate, in px."""
    return round(0.3 * size, 1), round(0.15 * size, 1)


@dataclasses.dataclass(frozen=True)
class PlacedLabel:
    code: str
    text: str
    anchor: tuple[float, float]  # the district's label point (lon, lat)
    position: tuple[float, float]  # the text's centre (lon, lat)
    outside: bool  # on a plate outside its district, with a leader line from the anchor
    reaches_over: bool = False  # inside, but partly over its district's border


def _box(centre: tuple[float, float], extent: tuple[float, float], pad: tuple[float, float]) -> shapely.Polygon:
    (x, y), (w, h), (px, py) = centre, extent, pad
    return shapely.box(x - w / 2 - px, y - h / 2 - py, x + w / 2 + px, y + h / 2 + py)


def _pixel_polygon(geojson: str, view: View) -> shapely.Geometry:
    lon0, lat0, zoom = view
    k = pixels_per_degree(zoom)
    m0 = _mercator(lat0)

    def project(coords):
        lons, lats = coords[:, 0], coords[:, 1]
        y = np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lats) / 2)))
        return np.column_stack(((lons - lon0) * k, (m0 - y) * k))

    return shapely.make_valid(shapely.transform(_shape(geojson), project))


@functools.lru_cache(maxsize=64)  # 16 districts' boundaries, parsed once rather than on every map drawn
def _shape(geojson: str) -> shapely.Geometry:
    return shapely.geometry.shape(json.loads(geojson))


def _inside_candidates(polygon: shapely.Geometry, anchor: tuple[float, float], size: float) -> list[tuple[float, float]]:
    """Where a name may sit in its district: its label point, the polygon's pole of
    inaccessibility, then a grid over the district, nearest the label point first."""
    largest = max(getattr(polygon, "geoms", [polygon]), key=lambda part: part.area)
    pole = shapely.ops.polylabel(largest, tolerance=1.0) if isinstance(largest, shapely.Polygon) else largest.centroid
    left, bottom, right, top = polygon.bounds
    step = max(size / 2, (right - left) / 30, (top - bottom) / 30)
    grid = [(float(x), float(y)) for x in np.arange(left, right, step) for y in np.arange(bottom, top, step)]
    grid.sort(key=lambda p: (p[0] - anchor[0]) ** 2 + (p[1] - anchor[1]) ** 2)
    return [anchor, (pole.x, pole.y), *grid]


# A name may reach a little over its district's border (丰台 is a thin, bent strip no name fits
# in whole at the city view) but stays mostly on its own fill; its plate is that fill.
_INSIDE_SHARE = 0.7


def _fitting(polygon: shapely.Geometry, anchor: tuple[float, float], extent: tuple[float, float], size: float) -> list:
    """Candidate centres where at least _INSIDE_SHARE of the name lies in its district, wholly
    inside first, then nearest the label point."""
    centres = np.asarray(_inside_candidates(polygon, anchor, size))
    (w, h), (x, y) = extent, centres.T
    boxes = shapely.box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    shapely.prepare(polygon)
    whole = shapely.contains(polygon, boxes)
    # The share inside only where it can pass (the centre inside, the box not wholly inside):
    # the intersections are what costs, ~1,000 candidates per district.
    partial = np.flatnonzero(~whole & shapely.contains_xy(polygon, x, y))
    shares = shapely.area(shapely.intersection(boxes[partial], polygon)) / (w * h)
    return [tuple(centres[i]) for i in np.flatnonzero(whole)] + [
        tuple(centres[i]) for i, share in zip(partial, shares, strict=True) if share >= _INSIDE_SHARE
    ]


def place_labels(
    districts: pd.DataFrame,
    view: View,
    size: float,
    viewport: tuple[float, float] = LABEL_VIEWPORT,
    avoid: Sequence[tuple[float, float]] = (),
    avoid_radius: float = 0.0,
) -> list[PlacedLabel]:
    """`_placed`, remembered: the same districts, view, size and points to avoid always place the
    names alike. A map that takes a click (总览's, 区域对比's) is a widget and is built on every
    rerun; placing the names is most of that (90 ms of a 150 ms warm 总览 at any scale)."""
    rows = tuple(
        districts[["district_code", "short_name", "label_lon", "label_lat", "boundary_geojson"]].itertuples(
            index=False, name=None
        )
    )
    points = tuple((float(lon), float(lat)) for lon, lat in avoid)
    return list(_placed(rows, tuple(view), float(size), tuple(viewport), points, float(avoid_radius)))


# 16 names per map; a few maps and sizes per page, the red list's points by period.
@functools.lru_cache(maxsize=128)
def _placed(
    rows: tuple[tuple[str, str, float, float, str], ...],
    view: View,
    size: float,
    viewport: tuple[float, float],
    avoid: tuple[tuple[float, float], ...],
    avoid_radius: float,
) -> tuple[PlacedLabel, ...]:
    """Each district's name placed so that no two label boxes (plate and gap included) overlap at
    `view`, all inside the viewport:
    - inside its district where the name fits (largest districts first);
    - otherwise on a plate outside, chosen among the free spots by leader length and by how
      well it points away from the other small districts, the leader crossing no other name and
      no other small district, no plate covering a small district.
    Points in `avoid` (lon, lat; the red list's dots, `avoid_radius` px) are kept clear of names
    where there is any choice, so a name neither hides nor is hidden by them."""
    districts = pd.DataFrame(rows, columns=["district_code", "short_name", "label_lon", "label_lat", "boundary_geojson"])
    items = []
    for row in districts.itertuples():
        anchor_px = to_pixels(row.label_lon, row.label_lat, view)
        polygon = _pixel_polygon(row.boundary_geojson, view)
        extent = text_extent(row.short_name, size)
        items.append((row, anchor_px, polygon, extent, _fitting(polygon, anchor_px, extent, size)))
    items.sort(key=lambda item: -item[2].area)
    half_w, half_h = viewport[0] / 2 - 4, viewport[1] / 2 - 4
    frame = shapely.box(-half_w, -half_h, half_w, half_h)
    gap = _LABEL_GAP / 2
    pad = plate_padding(size)
    box_pad = (pad[0] + 1 + gap, pad[1] + 1 + gap)  # the plate's padding, a 1-px border, half the gap
    obstacles = (
        shapely.MultiPoint([to_pixels(lon, lat, view) for lon, lat in avoid]).buffer(avoid_radius)
        if len(avoid) and avoid_radius > 0
        else shapely.Polygon()
    )
    # The small districts stay in view: no name, plate or other leader line may cover one.
    small = {item[0].district_code: item[2] for item in items if not item[4]}
    small_area = shapely.union_all(list(small.values())).buffer(gap) if small else shapely.Polygon()
    placed: dict[str, tuple[tuple[float, float], shapely.Polygon]] = {}
    outside = []
    for row, anchor_px, polygon, extent, fits in items:
        free = [
            (centre, box)
            for centre in fits
            if frame.contains(box := _box(centre, extent, box_pad))
            and not box.intersects(small_area)
            and not any(box.intersects(other) for _, other in placed.values())
        ]
        # A name that cannot sit in its district clear of the points to avoid goes outside too,
        # with a leader line: a red-listed alley hidden under a name would be a lie by omission.
        clear = [(centre, box) for centre, box in free if not box.intersects(obstacles)]
        if clear:
            placed[row.district_code] = clear[0]
        else:
            outside.append((row, anchor_px, polygon, extent))
    leaders: list[shapely.Geometry] = []
    for row, anchor_px, _polygon, extent in outside:
        others = [polygon for code, polygon in small.items() if code != row.district_code]
        other_small = shapely.union_all(others) if others else shapely.Polygon()
        # Away from the other small districts, the nearest weighing most: 西城's name goes west
        # and 东城's east, so the two leaders fan out instead of crossing over each other.
        push = np.zeros(2)
        for _other, other_anchor, *_rest in outside:
            away = np.asarray(anchor_px) - np.asarray(other_anchor)
            if np.hypot(*away) > 1:
                push += away / np.hypot(*away) ** 2
        outward = push / np.hypot(*push) if np.hypot(*push) > 0 else None
        # Rings of candidate centres round the label point, cheapest first: the leader's length,
        # plus two ems for turning a right angle away from the preferred direction.
        radius, angle = np.meshgrid(np.arange(size, 14 * size, size / 4), np.radians(np.arange(0, 360, 10)))
        radius, angle = radius.ravel(), angle.ravel()
        turn = (
            np.zeros_like(angle)
            if outward is None
            else np.arccos(np.clip(np.cos(angle) * outward[0] + np.sin(angle) * outward[1], -1, 1))
        )
        order = np.argsort(radius + size * 2 * turn / (np.pi / 2), kind="stable")
        xs, ys = anchor_px[0] + radius[order] * np.cos(angle[order]), anchor_px[1] + radius[order] * np.sin(angle[order])
        boxes = shapely.box(
            xs - extent[0] / 2 - box_pad[0],
            ys - extent[1] / 2 - box_pad[1],
            xs + extent[0] / 2 + box_pad[0],
            ys + extent[1] / 2 + box_pad[1],
        )
        # The plate's own tests, all candidates at once; the leader's, one by one, cheapest first.
        taken = shapely.union_all([box for _, box in placed.values()]) if placed else shapely.Polygon()
        for geometry in (frame, small_area, taken, obstacles):
            shapely.prepare(geometry)
        room = (
            shapely.contains(frame, boxes)
            & ~shapely.intersects(small_area, shapely.buffer(boxes, 3))
            & ~shapely.intersects(taken, boxes)
        )
        clear = room & ~shapely.intersects(obstacles, boxes)
        best = None
        for i in [*np.flatnonzero(clear), *np.flatnonzero(room & ~clear)]:
            centre, box = (float(xs[i]), float(ys[i])), boxes[i]
            leader = shapely.LineString([anchor_px, centre]).difference(box)
            if leader.intersects(other_small) or leader.intersects(taken) or any(leader.intersects(line) for line in leaders):
                continue
            best = (centre, box, leader)
            break
        if best is None:  # no free room at all: keep the name at its point rather than lose it
            best = (anchor_px, _box(anchor_px, extent, box_pad), shapely.LineString())
        centre, box, leader = best
        placed[row.district_code] = (centre, box)
        leaders.append(leader)
    outside_codes = {row.district_code for row, *_ in outside}
    shapes = {row.district_code: (polygon, extent) for row, _, polygon, extent, _ in items}

    def reaches_over(code: str) -> bool:
        polygon, extent = shapes[code]
        return code not in outside_codes and not polygon.contains(_box(placed[code][0], extent, (0, 0)))

    return tuple(
        PlacedLabel(
            code=row.district_code,
            text=row.short_name,
            anchor=(row.label_lon, row.label_lat),
            position=tuple(round(float(v), 5) for v in from_pixels(*placed[row.district_code][0], view)),
            outside=row.district_code in outside_codes,
            reaches_over=reaches_over(row.district_code),
        )
        for row in districts.itertuples()
    )


def _label_layers(
    districts: pd.DataFrame,
    view: View,
    size: int = 16,
    fills: dict[str, list[int]] | None = None,
    avoid: Sequence[tuple[float, float]] = (),
    avoid_radius: float = 0.0,
) -> list[pdk.Layer]:
    """District names, none overlapping (`place_labels`), each in black or white by WCAG contrast
    with what is behind it, and no halo (a halo only smudged the neighbours' names):
    - on the choropleth (`fills`), a name in its district on its fill; where it reaches over the
      border, on a plate of that fill, hiding the border line under it;
    - on data maps (hexagons, alleys, villages) on a light plate, since cells and dots of any
      colour lie under it;
    - a name outside its district on an opaque plate of the map's background, bordered, with a
      leader line (white-cased, so it shows on dark and light fills) to a dot at its point."""
    rows, leaders = [], []
    for label in place_labels(districts, view, size, avoid=avoid, avoid_radius=avoid_radius):
        # `behind`: what the eye sees behind the text, which its colour is chosen against.
        if label.outside:
            plate = [*BACKGROUND, 255]
            behind = BACKGROUND
        elif fills is not None:
            behind = theme.over(fills[label.code], BACKGROUND)
            # Only a name reaching over its border needs its fill under it; elsewhere no plate,
            # so hovering a district highlights all of it, name included.
            plate = [*behind, 255 if label.reaches_over else 0]
        else:
            plate = [*BACKGROUND, _LABEL_ALPHA_PLATE]
            # The plate over the darkest thing a data map may put under it, the ramp's low end.
            behind = theme.over(plate, theme.rgb(theme.SEQUENTIAL[0]))
        rows.append(
            {
                "text": label.text,
                "position": list(label.position),
                "colour": [*theme.text_colour_on(behind), 255],
                "plate": plate,
                # A borderless plate's border in its own colour: deck.gl smooths a plate's edge
                # towards the border colour, and transparent black drew a dark ring round it.
                "border": _PLATE_BORDER if label.outside else plate,
                "border_width": 1 if label.outside else 0,
            }
        )
        if label.outside:
            leaders.append({"from": list(label.anchor), "to": list(label.position)})
    layers = []
    if leaders:
        for layer_id, colour, width in (
            ("label_leaders_casing", [255, 255, 255, 230], 3.5),
            ("label_leaders", _LEADER_COLOUR, 1.5),
        ):
            layers.append(
                pdk.Layer(
                    "LineLayer",
                    leaders,
                    id=layer_id,
                    get_source_position="from",
                    get_target_position="to",
                    get_color=colour,
                    get_width=width,
                    width_units=pdk.types.String("pixels"),
                    pickable=False,
                )
            )
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                leaders,
                id="label_anchors",
                get_position="from",
                get_fill_color=_LEADER_COLOUR,
                get_line_color=[255, 255, 255, 255],
                stroked=True,
                line_width_min_pixels=1,
                get_radius=1,
                radius_min_pixels=2.5,
                radius_max_pixels=2.5,
                pickable=False,
            )
        )
    pad_x, pad_y = plate_padding(size)
    layers.append(
        pdk.Layer(
            "TextLayer",
            rows,
            id="labels",
            get_position="position",
            get_text="text",
            get_size=size,
            get_color="colour",
            # Literal strings: pydeck would otherwise read them as JS expressions.
            character_set=pdk.types.String("auto"),
            font_family=pdk.types.String(theme.FONT_FAMILY),
            font_weight=700,
            background=True,
            get_background_color="plate",
            get_border_color="border",
            get_border_width="border_width",
            background_padding=[pad_x, pad_y, pad_x, pad_y],
            pickable=False,
        )
    )
    return layers


def district_choropleth(measures: pd.DataFrame, measure: str, selected: tuple[str, ...] = (), label_size: int = 16) -> pdk.Deck:
    """Districts coloured by one measure on the sequential ramp; chosen districts outlined."""
    label = labels.MEASURES[measure].label
    values = measures[measure].astype(float)
    low, high = values.min(), values.max()
    features = []
    for row, value in zip(measures.itertuples(), values, strict=True):
        colour = [*theme.ramp(value, low, high), 235]
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(row.boundary_geojson),
                "properties": {
                    "district_code": row.district_code,
                    "name": row.name,
                    "value": formats.measure(measure, value),
                    "fill": colour,
                    "line": [0, 0, 0, 255] if row.district_code in selected else [255, 255, 255, 255],
                    "width": 4 if row.district_code in selected else 1.5,
                },
            }
        )
    layer = pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id=DISTRICT_LAYER_ID,
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color="properties.line",
        get_line_width="properties.width",
        line_width_units=pdk.types.String("pixels"),
        auto_highlight=True,
        highlight_color=[213, 94, 0, 120],
    )
    tooltip = {"html": f"<b>{{name}}</b><br/>{label}：{{value}}", "style": _TOOLTIP_STYLE}
    fills = {f["properties"]["district_code"]: f["properties"]["fill"] for f in features}
    return _deck([layer, *_label_layers(measures, BEIJING_VIEW, label_size, fills)], tooltip)


@functools.lru_cache(maxsize=8192)  # Beijing has about 3,300 cells at resolution 7
def _cell_ring(cell: str) -> tuple[tuple[float, float], ...]:
    """A cell's boundary as (lon, lat) pairs; a cell's shape never changes, so each is computed once.
    Rounded to 5 decimals (about 1 m; a cell's edge is about 1.2 km): H3 gives 14, which made up
    half of the case map's 1.2 MB."""
    return tuple((round(lon, 5), round(lat, 5)) for lat, lon in h3.cell_to_boundary(cell))


def case_hexagons(cells: pd.DataFrame, districts: pd.DataFrame, chosen: tuple[str, ...] = ()) -> pdk.Deck:
    """Case density on H3 cells (resolution 7), polygons computed here so no H3 code runs in the
    browser; outlines and zoom for the chosen districts (the city when none)."""
    districts = _chosen(districts, chosen)
    view = view_for(districts)
    top = cells["cases"].quantile(0.98) if len(cells) else 1
    fills = theme.ramps(cells["cases"], 0, top)
    rows = [
        {"polygon": _cell_ring(cell), "cases": int(cases), "fill": [*fill, 210]}
        for cell, cases, fill in zip(cells["h3_cell"], cells["cases"], fills, strict=True)
    ]
    layer = pdk.Layer(
        "PolygonLayer",
        rows,
        id="hexagons",
        get_polygon="polygon",
        get_fill_color="fill",
        stroked=False,
        pickable=True,
        auto_highlight=True,
    )
    tooltip = {"html": "该格网（约 5 平方千米）问题数：<b>{cases}</b> 件", "style": _TOOLTIP_STYLE}
    return _deck(
        [_outline_layer(districts, fill=True), layer, _outline_layer(districts), *_label_layers(districts, view, 14)],
        tooltip,
        view,
    )


def alley_map(alleys: pd.DataFrame, districts: pd.DataFrame, red_line: float, chosen: tuple[str, ...] = ()) -> pdk.Deck:
    """Alleys as short segments coloured by their latest monthly score; red-listed ones in vermilion,
    their dots larger, white-ringed and on top (`RED_LIST_CAPTION` says so under the map)."""
    districts = _chosen(districts, chosen)
    view = view_for(districts)
    scores = alleys["score"].astype(float)
    data = pd.DataFrame(
        {
            "name": alleys["name"],
            "district": alleys["district_name"],
            "street": alleys["street_name"],
            "score": [f"{v:.1f}" if v == v else "—" for v in scores],
            "path": [
                [[a, b], [c, d]]
                for a, b, c, d in alleys[["start_lon", "start_lat", "end_lon", "end_lat"]].itertuples(index=False)
            ],
            "lon": alleys["start_lon"],
            "lat": alleys["start_lat"],
            "status": [
                "挂牌督办中" if r else ("首都文明街巷" if c else "")
                for r, c in zip(alleys["on_red_list"], alleys["is_civilized"], strict=True)
            ],
            "colour": [
                [*theme.rgb(theme.VERMILION), 255] if r else [*fill, 230]
                for r, fill in zip(alleys["on_red_list"], theme.ramps(scores, red_line, 100), strict=True)
            ],
        }
    )
    # Each layer carries only what it draws: the segments their path and colour, the points
    # (one per alley, also for alleys too short to draw) the tooltip's fields. Sending every
    # field to both layers made this map 6.7 MB.
    paths = pdk.Layer(
        "PathLayer",
        data[["path", "colour"]],
        id=ALLEY_LAYER_ID,
        get_path="path",
        get_color="colour",
        width_min_pixels=3,
        get_width=30,
        pickable=False,
    )
    red = alleys["on_red_list"].fillna(False).astype(bool).to_numpy()
    dots = pdk.Layer(
        "ScatterplotLayer",
        data.loc[~red].drop(columns=["path"]),
        id="alley_points",
        get_position=["lon", "lat"],
        get_fill_color="colour",
        radius_min_pixels=2.5,
        get_radius=25,
        pickable=True,
    )
    # The red list last, over everything: 49 alleys among 5,393 were lost as 2.5-px dots. A
    # 6-px vermilion dot with a white ring reads at the city view over the ramp's yellows and
    # navies alike; its colour is one constant, so the rows carry only the tooltip's fields.
    red_list = pdk.Layer(
        "ScatterplotLayer",
        data.loc[red].drop(columns=["path", "colour"]),
        id=RED_LIST_LAYER_ID,
        get_position=["lon", "lat"],
        get_fill_color=[*theme.rgb(theme.VERMILION), 255],
        get_line_color=[255, 255, 255, 255],
        stroked=True,
        line_width_min_pixels=RED_LIST_RING_PIXELS,
        get_radius=50,
        radius_min_pixels=RED_LIST_MIN_PIXELS,
        pickable=True,
        auto_highlight=True,
        highlight_color=[0, 0, 0, 90],
    )
    tooltip = {"html": "<b>{name}</b>（{district} {street}）<br/>最新月评：{score} 分<br/>{status}", "style": _TOOLTIP_STYLE}
    red_points = list(zip(data.loc[red, "lon"], data.loc[red, "lat"], strict=True))
    names = _label_layers(districts, view, 14, avoid=red_points, avoid_radius=RED_LIST_MIN_PIXELS + RED_LIST_RING_PIXELS)
    layers = [_outline_layer(districts, fill=True), paths, dots, *names, red_list]
    return _deck(layers, tooltip, view)


VILLAGE_LAYERS = {
    "has_rules": ("村规民约", theme.GREEN),
    "has_history_room": ("乡情村史陈列室", theme.ORANGE),
    "has_video_screen": ("精神文明宣传视屏", theme.BLUE),
    "missing_history_room": ("尚无陈列室的村", theme.VERMILION),
}
# The layers' colours in words, for the caption under the map (in VILLAGE_LAYERS' order).
VILLAGE_LAYER_COLOUR_NAMES = [
    (name, colour) for (name, _), colour in zip(VILLAGE_LAYERS.values(), ("绿", "橙", "蓝", "朱红"), strict=True)
]


def village_map(
    villages: pd.DataFrame, districts: pd.DataFrame, layer_keys: tuple[str, ...], chosen: tuple[str, ...] = ()
) -> pdk.Deck:
    """One dot layer per chosen facility; villages without a history room on request."""
    districts = _chosen(districts, chosen)
    view = view_for(districts)
    base = villages.assign(
        kind_label=villages["kind"].map(labels.VILLAGE_KINDS),
        facilities=[
            "、".join(n for flag, n in ((r, "村规民约"), (h, "村史陈列室"), (v, "宣传视屏")) if flag) or "无"
            for r, h, v in zip(villages["has_rules"], villages["has_history_room"], villages["has_video_screen"], strict=True)
        ],
    )[
        [
            "name",
            "kind_label",
            "district_name",
            "street_name",
            "facilities",
            "lon",
            "lat",
            "has_rules",
            "has_history_room",
            "has_video_screen",
            "kind",
        ]
    ]
    layers = [_outline_layer(districts, fill=True)]
    for key in layer_keys:
        if key == "missing_history_room":
            part = base[(base["kind"] == "village") & ~base["has_history_room"]]
        else:
            part = base[base[key]]
        _name, colour = VILLAGE_LAYERS[key]
        radius = {"has_rules": 2, "missing_history_room": 2.5}.get(key, 4)
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                part.drop(columns=["has_rules", "has_history_room", "has_video_screen", "kind"]),
                id=f"{VILLAGE_LAYER_ID}_{key}",
                get_position=["lon", "lat"],
                get_fill_color=[*theme.rgb(colour), 200],
                radius_min_pixels=radius,
                get_radius=120,
                pickable=True,
                stroked=key != "has_rules",
                get_line_color=[255, 255, 255],
                line_width_min_pixels=0.5,
            )
        )
    layers.extend(_label_layers(districts, view, 14))
    tooltip = {
        "html": "<b>{name}</b>（{kind_label}）<br/>{district_name} {street_name}<br/>已建：{facilities}",
        "style": _TOOLTIP_STYLE,
    }
    return _deck(layers, tooltip, view)
