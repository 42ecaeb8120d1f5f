"""The province map: a choropleth of one edition on a blank background (no tiles: renders offline).

Kept apart from `chiso.charts` (which re-exports it) because fitting Vietnam with Hoàng Sa and
Trường Sa to a canvas is geometry of its own.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from chiso import fmt, scores
from chiso.charts import CHOSEN, GAP, SEQUENTIAL, _flags, _missing, _name_col, _num, _present, _wrap, naming, speaks, style
from chiso.i18n import N_, _


@speaks
def choropleth(df: pd.DataFrame, geojson: dict, province_code: str | None = None, lang: str = "vi",
               title: str = "", source: str = "", value_label: str | None = None,
               range_color: tuple[float, float] | None = None) -> go.Figure:
    """Provinces coloured by value on a blank background (no base-map tiles: renders offline).

    `df`: province_code, name_vi/name_en, value, optional source/derived/disputed/rank/ranked_count.
    `geojson` features carry `id` = GSO province code. Provinces without a value (or absent from
    `df`) are grey and say "chưa có số liệu". The chosen province is outlined.

    Drawn as SVG on plain axes in Mercator coordinates, one filled shape per province (its hover
    text on the fill), not as a MapLibre map: a MapLibre map starts a WebGL context and asks the
    network for its label fonts on every run, which made the page 3-4 times slower to draw than the
    rankings in the browser (bench/bench_browser_pages.py) for a map that shows no tiles anyway.
    Borders and outlines are each ONE layout path: plotly draws a line trace as one SVG element per
    ring, and the coast's islets make ~940 rings (1 860 elements in the 34-province view).
    """
    name = _name_col(lang)
    features = {f["id"]: f for f in geojson["features"]}
    ids = list(features)
    names_geo = {c: f.get("properties", {}).get("name_source", c) for c, f in features.items()}
    d = df.set_index("province_code") if len(df) else pd.DataFrame(columns=["value"])
    have = [c for c in ids if c in d.index and not _missing(d.loc[c, "value"])]
    gaps = [c for c in ids if c not in have]

    def label(c):
        return d.loc[c, name] if c in d.index and name in d else names_geo.get(c, c)

    fig = go.Figure()
    _outline(fig, _borders(geojson["features"]), "white", 0.5, "borders")
    for c in gaps:
        _shape(fig, features[c], GAP, f"<b>{label(c)}</b><br>{_('no data yet')}", {"province": c, "value": None})
    if have:
        z = [float(d.loc[c, "value"]) for c in have]
        low, high = range_color if range_color else (min(z), max(z))
        colours = sample_colorscale(SEQUENTIAL, [(v - low) / ((high - low) or 1) for v in z])
        for c, v, colour in zip(have, z, colours):
            r = d.loc[c]
            h = f"<b>{label(c)}</b><br>{value_label or _('Score')}: {_num(r['value'], lang)}{_flags(r, lang)}"
            if "rank" in d and not _missing(r.get("rank")):
                h += f"<br>{_('Rank')}: {fmt.rank(r.get('rank'), r.get('ranked_count'), lang)}"
            if _present(r.get("source")):
                h += f"<br>{_('Source')}: {_wrap(str(r['source']))}"
            _shape(fig, features[c], colour, h, {"province": c, "value": v})
        # The colour scale: a trace with no point that only carries the colour bar.
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
                                 meta={"layer": "scale"},
                                 marker=dict(color=[low], cmin=low, cmax=high, colorscale=SEQUENTIAL, showscale=True,
                                             colorbar=dict(title=dict(text=value_label or _("Score")),
                                                           tickformat=".1f"))))
    if province_code and province_code in ids:
        _outline(fig, _svg_path(_rings([features[province_code]])), CHOSEN, 3, f"chosen {province_code}")
    # The archipelagos are named on the map itself (they are part of Đà Nẵng and Khánh Hòa).
    _labels(fig, {_(k): ISLANDS[k] for k in ISLANDS}, "#444444")
    if province_code and province_code in ids:
        title = naming(title, _("{province} outlined in red", province=label(province_code)), str(label(province_code)))
    style(fig, lang, title, source, height=720)
    if gaps:
        fig.add_annotation(text=f"<span style='color:{GAP}'>■</span> {_('no data yet')}", xref="paper",
                           yref="paper", x=0, y=1, xanchor="left", yanchor="top", showarrow=False,
                           bgcolor="rgba(255,255,255,0.8)")
    # Dragging pans, as on a map (the page turns the mouse wheel into zoom).
    fig.update_layout(meta={"chart": "map"}, dragmode="pan", hovermode="closest", plot_bgcolor="white")
    return fit_map(fig, None, 720)


def province_map(index_code: str, year: int, indicator: str, province_code: str | None, lang: str, title: str,
                 source: str, value_label: str, province_set: str = "63", province_2025: str | None = None,
                 parts: tuple[tuple[str, str], ...] = ()) -> go.Figure:
    """The Bản đồ page's map, from its choices alone so the page can cache it (`ui.cached`: building
    the 63 shapes takes about 0,15 s, a cached copy 0,04 s): the edition's ranking coloured,
    `province_code` outlined; in the 34 list the 34 provinces over the 63, `province_2025` red and
    the pre-2025 provinces it was formed from (`parts`: (code, name) pairs) named."""
    if scores.ranks_the_new_provinces(index_code, year):
        # an edition of the 34 (PAR INDEX 2025) is coloured on them: on the 63 it painted Đồng Nai's figure
        # on the former Đồng Nai alone and Bình Phước grey
        fig = choropleth(scores.ranking(index_code, year, indicator), scores.map_layer("34"),
                         province_2025 or province_code, lang, title=title, source=source, value_label=value_label)
        return go.Figure(fig.to_dict())
    layer_63 = scores.map_layer("63")
    fig = choropleth(scores.ranking(index_code, year, indicator), layer_63, province_code, lang, title=title,
                     source=source, value_label=value_label)
    if province_set == "34":
        outline_new_provinces(fig, scores.map_layer("34"), province_2025, layer_63, dict(parts), lang)
    # Rebuilt from its dict, as a cached copy is: the first run then sends the same bytes as later
    # ones, and the browser, which keeps the charts it has by their hash, is not sent it again.
    return go.Figure(fig.to_dict())


# Label positions of the archipelagos (lat, lon), and the box the map must show: the mainland
# with both archipelagos (bounds of the bundled boundaries). Each name is centred just north of its
# islands, in open sea: Hoàng Sa's at 15,3°N ran into the coast of Quảng Ngãi (108,9°E at that
# latitude) on a 1600×900 export; at 17,6°N the coast is at 106,5°E, far from the name's west end.
ISLANDS = {N_("Hoàng Sa archipelago (Đà Nẵng)"): (17.6, 112.0), N_("Trường Sa archipelago (Khánh Hòa)"): (12.7, 114.6)}
MAP_BOUNDS = (102.1, 117.0, 6.9, 23.4)  # lon min, lon max, lat min, lat max
ARCHIPELAGOS_EAST_OF = 110.0  # °E: Hoàng Sa and Trường Sa; the mainland ends at 109,46°E (Mũi Đôi)


def mercator_y(lat: float) -> float:
    """Web Mercator northing in degrees of longitude at the equator, so one unit is as long on both
    axes and the shapes look as they did on a web map."""
    return round(math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))), 4)


def _path(geometries) -> tuple[np.ndarray, np.ndarray]:
    """Every ring of the shapes as one x/y path, rings apart by a gap (NaN; plotly fills each closed
    part). float32 arrays: plotly sends them as packed binary, smaller than JSON numbers and
    checked at once rather than number by number (a list made the figure 0,4 s slower to build)."""
    rings = [np.asarray(ring, dtype=np.float64) for g in geometries
             for polygon in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]])
             for ring in polygon]
    gap = np.full((1, 2), np.nan)
    xy = np.concatenate([part for ring in rings for part in (ring, gap)]) if rings else np.empty((0, 2))
    y = np.degrees(np.log(np.tan(np.pi / 4 + np.radians(xy[:, 1]) / 2)))
    return xy[:, 0].astype(np.float32), y.astype(np.float32)


def _shape(fig: go.Figure, feature: dict, colour: str, hover: str, meta: dict) -> None:
    """A province as a fill only (its border is in the one borders path), hover text on the fill."""
    xs, ys = _path([feature["geometry"]])
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="none", fill="toself", fillcolor=colour, hoveron="fills",
                             text=hover, hoverinfo="text", showlegend=False, meta={"layer": "province", **meta}))


def _rings(features) -> list[list[str]]:
    """Each ring of the shapes as its vertices written as in the path ("106.123,21.456"), so an edge
    two shapes share (the layers are simplified as one topology: same vertices) compares equal."""
    xs, ys = _path(f["geometry"] for f in features)
    return [[f"{x:.3f},{y:.3f}" for x, y in ring if not np.isnan(x)]
            for ring in np.split(np.column_stack([xs, ys]), np.flatnonzero(np.isnan(xs)) + 1)]


def _edges(rings) -> Counter:
    return Counter((a, b) if a < b else (b, a) for ring in rings for a, b in zip(ring, ring[1:]) if a != b)


def _svg_path(rings, keep=lambda edge: True) -> str:
    """The edges `keep` accepts as one SVG path, each edge once, consecutive ones in one line."""
    drawn: set[tuple[str, str]] = set()
    lines = []
    for points in rings:
        run: list[str] = []
        for a, b in zip(points, points[1:]):
            edge = (a, b) if a < b else (b, a)
            if a == b or edge in drawn or not keep(edge):
                if len(run) > 1:
                    lines.append("M" + "L".join(run))
                run = []
                continue
            drawn.add(edge)
            run = run or [a]
            run.append(b)
        if len(run) > 1:
            lines.append("M" + "L".join(run))
    return "".join(lines)


def _borders(features, hidden=frozenset()) -> str:
    """The white lines between provinces: only edges two provinces share (a white line on the coast
    against the white background shows nothing, and the coast's ~800 islets were most of the path),
    and none that a darker outline (`hidden`) covers."""
    rings = _rings(features)
    shared = _edges(rings)
    return _svg_path(rings, lambda edge: shared[edge] > 1 and edge not in hidden)


def _outline(fig: go.Figure, path: str, colour: str, width: float, name: str) -> None:
    """A path in data coordinates (it follows zoom and pan) drawn above the fills; `name` says which."""
    fig.add_shape(type="path", path=path, xref="x", yref="y", line=dict(color=colour, width=width),
                  fillcolor="rgba(0,0,0,0)", layer="above", name=name)


def _labels(fig: go.Figure, points: dict[str, tuple[float, float]], colour: str) -> None:
    """Names on the map, where they belong (data coordinates: they follow zoom and pan), above the outlines."""
    for text, (lat, lon) in points.items():
        fig.add_annotation(text=text, x=lon, y=mercator_y(lat), xref="x", yref="y", showarrow=False, name="map label",
                           font=dict(color=colour, size=13))


def fit_map(fig: go.Figure, width: int | None, height: int) -> go.Figure:
    """Show Vietnam with Hoàng Sa and Trường Sa whole on the canvas, one unit as long on both axes
    (plotly widens the range the canvas has room for), the colour scale inside the canvas on the
    empty western side. The fit no longer depends on the canvas (`width`, `height` kept for callers)."""
    lon0, lon1, lat0, lat1 = MAP_BOUNDS
    fig.update_xaxes(visible=False, range=[lon0, lon1], constrain="range", fixedrange=False)
    fig.update_yaxes(visible=False, range=[mercator_y(lat0), mercator_y(lat1)], scaleanchor="x", scaleratio=1)
    fig.update_traces(selector=dict(meta={"layer": "scale"}),
                      marker_colorbar=dict(x=0.02, xanchor="left", y=0.45, yanchor="middle", len=0.55, thickness=22,
                                           outlinewidth=0))
    return fig


def label_points(geojson: dict, codes) -> dict[str, tuple[float, float]]:
    """A point inside each province's shape (shapely's representative point), where its name goes."""
    from shapely.geometry import shape
    features = {f["id"]: f for f in geojson["features"]}
    out = {}
    for c in codes:
        if c in features:
            p = shape(features[c]["geometry"]).representative_point()
            out[c] = (p.y, p.x)
    return out


@speaks
def outline_new_provinces(fig: go.Figure, layer_34: dict, chosen_2025: str | None, layer_63: dict,
                          parts: dict[str, str], lang: str = "vi") -> go.Figure:
    """The 34 provinces of 1 July 2025 as dark outlines over the 63-province map, the chosen one in
    red, and the pre-2025 provinces it was formed from (`parts`: code -> name) named on the map.
    `layer_34` is the build's dissolved layer (feature `id` = code_2025, `name` property)."""
    features = layer_34["features"]
    rings = _rings(features)
    # Outlined: the new provinces' borders, the mainland coast, large islands and both archipelagos
    # (east of 110°E); not the ~460 coastal islets of five points or fewer (a third of the path, specks
    # at this scale, still drawn in their province's colour).
    outlined = [r for r in rings if len(r) > 5 or (r and float(r[0].split(",")[0]) > ARCHIPELAGOS_EAST_OF)]
    _outline(fig, _svg_path(outlined), "#333333", 1.2, f"provinces 2025: {len(features)}")
    # The white borders under the dark lines are hidden anyway: drawn only inside a new province.
    fig.update_shapes(selector=dict(name="borders"), path=_borders(layer_63["features"], set(_edges(rings))))
    if chosen_2025 is not None:
        _outline(fig, _svg_path(_rings([f for f in features if f["id"] == chosen_2025])), CHOSEN, 3,
                 f"chosen 2025 {chosen_2025}")
    points = label_points(layer_63, parts)
    if points:  # beside the outline, never over it (even a province that was not merged)
        chosen = [f for f in features if f["id"] == chosen_2025]
        _callouts(fig, {parts[c]: points[c] for c in points}, _mainland_east(chosen) if chosen else
                  max(lon for _lat, lon in points.values()), CHOSEN)
    return fig


CALLOUT_GAP = 0.62  # Mercator units between two names (a 13-px name is ~0,45 on the page's map and the export)


def _callouts(fig: go.Figure, points: dict[str, tuple[float, float]], east_of: float, colour: str) -> None:
    """The names of a new province's constituents in a column just east of it, north to south as the
    provinces lie, each with a line to its province. Written at their own points they overlapped
    (Hà Nam, Nam Định and Ninh Bình were one red blot over the outline they name)."""
    ordered = sorted(points.items(), key=lambda kv: -kv[1][0])
    wanted = [mercator_y(lat) for _name, (lat, _lon) in ordered]
    placed: list[float] = []
    for y in wanted:
        placed.append(y if not placed else min(y, placed[-1] - CALLOUT_GAP))
    shift = (sum(wanted) - sum(placed)) / len(placed)  # the column centred where the provinces are
    for (text, (lat, lon)), y in zip(ordered, placed):
        fig.add_annotation(text=text, x=lon, y=mercator_y(lat), xref="x", yref="y",
                           ax=east_of + 0.35, ay=y + shift, axref="x", ayref="y", xanchor="left",
                           showarrow=True, arrowhead=0, arrowwidth=1.2, arrowcolor=colour,
                           bgcolor="rgba(255,255,255,0.85)", font=dict(color=colour, size=13, weight="bold"),
                           name="map label")


def _mainland_east(features) -> float:
    """The easternmost longitude of the features' mainland pieces (not Hoàng Sa or Trường Sa)."""
    from shapely.geometry import shape
    geometries = [shape(f["geometry"]) for f in features]
    return max(part.bounds[2] for g in geometries for part in getattr(g, "geoms", [g])
               if part.centroid.x < ARCHIPELAGOS_EAST_OF)
