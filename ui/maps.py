"""Map builders: frames in, pydeck decks out, drawn with no basemap and nothing fetched.

`map_provider=None` keeps deck.gl from requesting tiles; district boundaries and Chinese
labels come from the warehouse and render with the local CJK font.
"""

from __future__ import annotations

import functools
import json
import math

import h3
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from ui import formats, labels, theme

View = tuple[float, float, float]  # longitude, latitude, zoom: plain values, so decks can be cached
BEIJING_VIEW: View = (116.40, 40.22, 7.5)
DISTRICT_LAYER_ID = "districts"
ALLEY_LAYER_ID = "alleys"
VILLAGE_LAYER_ID = "villages"
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
        parameters={"clearColor": [0.97, 0.97, 0.97, 1]},
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


# 东城 and 西城 are small and side by side: nudge their labels apart (pixels).
_LABEL_NUDGE = {"110101": [16, 6], "110102": [-16, -6], "110107": [-10, 0]}


def _label_layer(districts: pd.DataFrame, size: int = 16, fills: dict[str, list[int]] | None = None) -> pdk.Layer:
    """District names; on a coloured map, white on dark fills and black on light ones."""
    data = districts[["district_code", "short_name", "label_lon", "label_lat"]].to_dict("records")
    for row in data:
        row["offset"] = _LABEL_NUDGE.get(row["district_code"], [0, 0])
        dark = fills is not None and theme.is_dark(fills.get(row["district_code"], [255, 255, 255]))
        row["text_colour"] = [255, 255, 255, 255] if dark else [20, 20, 20, 255]
        row["halo"] = [20, 20, 20, 200] if dark else [255, 255, 255, 230]
    return pdk.Layer(
        "TextLayer",
        data,
        id="labels",
        get_position=["label_lon", "label_lat"],
        get_text="short_name",
        get_pixel_offset="offset",
        get_size=size,
        get_color="text_colour",
        # Literal strings: pydeck would otherwise read them as JS expressions.
        character_set=pdk.types.String("auto"),
        font_family=pdk.types.String(theme.FONT_FAMILY),
        font_weight=700,
        outline_width=3,
        get_outline_color="halo",
        font_settings={"sdf": True},
        pickable=False,
    )


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
    return _deck([layer, _label_layer(measures, label_size, fills)], tooltip)


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
        [_outline_layer(districts, fill=True), layer, _outline_layer(districts), _label_layer(districts, 14)], tooltip, view
    )


def alley_map(alleys: pd.DataFrame, districts: pd.DataFrame, red_line: float, chosen: tuple[str, ...] = ()) -> pdk.Deck:
    """Alleys as short segments coloured by their latest monthly score; red-listed ones in vermilion."""
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
    dots = pdk.Layer(
        "ScatterplotLayer",
        data.drop(columns=["path"]),
        id="alley_points",
        get_position=["lon", "lat"],
        get_fill_color="colour",
        radius_min_pixels=2.5,
        get_radius=25,
        pickable=True,
    )
    tooltip = {"html": "<b>{name}</b>（{district} {street}）<br/>最新月评：{score} 分<br/>{status}", "style": _TOOLTIP_STYLE}
    return _deck([_outline_layer(districts, fill=True), paths, dots, _label_layer(districts, 14)], tooltip, view)


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
    layers.append(_label_layer(districts, 14))
    tooltip = {
        "html": "<b>{name}</b>（{kind_label}）<br/>{district_name} {street_name}<br/>已建：{facilities}",
        "style": _TOOLTIP_STYLE,
    }
    return _deck(layers, tooltip, view)
