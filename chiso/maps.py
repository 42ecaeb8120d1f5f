"""The province map: a choropleth of one edition on a blank background (no tiles: renders offline).

Kept apart from `chiso.charts` (which re-exports it) because fitting Vietnam with Hoàng Sa and
Trường Sa to a canvas is geometry of its own.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from chiso import fmt
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
    """
    name = _name_col(lang)
    ids = [f["id"] for f in geojson["features"]]
    names_geo = {f["id"]: f.get("properties", {}).get("name_source", f["id"]) for f in geojson["features"]}
    d = df.set_index("province_code") if len(df) else pd.DataFrame(columns=["value"])
    have = [c for c in ids if c in d.index and not _missing(d.loc[c, "value"])]
    gaps = [c for c in ids if c not in have]

    def label(c):
        return d.loc[c, name] if c in d.index and name in d else names_geo.get(c, c)

    # Each trace gets only the shapes it draws: the file is 1,5 MB and every trace would otherwise
    # carry (and plotly validate and serialise) a full copy of it.
    features = {f["id"]: f for f in geojson["features"]}

    def subset(codes):
        return {"type": "FeatureCollection", "features": [features[c] for c in codes]}

    fig = go.Figure()
    if gaps:
        fig.add_trace(go.Choroplethmap(
            geojson=subset(gaps), locations=gaps, z=[0] * len(gaps), colorscale=[[0, GAP], [1, GAP]], showscale=False,
            marker_line_color="white", marker_line_width=0.5, name=_("no data yet"),
            hovertext=[f"<b>{label(c)}</b><br>{_('no data yet')}" for c in gaps], hoverinfo="text"))
    if have:
        hover = []
        for c in have:
            r = d.loc[c]
            h = f"<b>{label(c)}</b><br>{value_label or _('Score')}: {_num(r['value'], lang)}{_flags(r, lang)}"
            if "rank" in d and not _missing(r.get("rank")):
                h += f"<br>{_('Rank')}: {fmt.rank(r.get('rank'), r.get('ranked_count'), lang)}"
            if _present(r.get("source")):
                h += f"<br>{_('Source')}: {_wrap(str(r['source']))}"
            hover.append(h)
        z = [float(d.loc[c, "value"]) for c in have]
        fig.add_trace(go.Choroplethmap(
            geojson=subset(have), locations=have, z=z, colorscale=SEQUENTIAL,
            zmin=range_color[0] if range_color else None, zmax=range_color[1] if range_color else None,
            marker_line_color="white", marker_line_width=0.5, hovertext=hover, hoverinfo="text",
            colorbar=dict(title=dict(text=value_label or _("Score")), tickformat=".1f")))
    if province_code and province_code in ids:
        fig.add_trace(go.Choroplethmap(
            geojson=subset([province_code]), locations=[province_code], z=[0], colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            showscale=False, marker_line_color=CHOSEN, marker_line_width=3, hoverinfo="skip"))
    # The archipelagos are named on the map itself (they are part of Đà Nẵng and Khánh Hòa).
    fig.add_trace(go.Scattermap(lat=[ISLANDS[k][0] for k in ISLANDS], lon=[ISLANDS[k][1] for k in ISLANDS],
                                mode="text", text=[_(k) for k in ISLANDS],
                                textfont=dict(color="#444444", size=13, family="Open Sans Regular"),
                                hoverinfo="skip", showlegend=False))
    if province_code and province_code in ids:
        title = naming(title, _("{province} outlined in red", province=label(province_code)), str(label(province_code)))
    style(fig, lang, title, source, height=720)
    if gaps:
        fig.add_annotation(text=f"<span style='color:{GAP}'>■</span> {_('no data yet')}", xref="paper",
                           yref="paper", x=0, y=1, xanchor="left", yanchor="top", showarrow=False,
                           bgcolor="rgba(255,255,255,0.8)")
    fig.update_layout(meta={"chart": "map"})
    return fit_map(fig, None, 720)


# Label positions of the archipelagos (lat, lon), and the box the map must show: the mainland
# with both archipelagos (bounds of the bundled boundaries).
ISLANDS = {N_("Hoàng Sa archipelago (Đà Nẵng)"): (15.3, 112.2), N_("Trường Sa archipelago (Khánh Hòa)"): (12.7, 114.6)}
MAP_BOUNDS = (102.1, 117.0, 6.9, 23.4)  # lon min, lon max, lat min, lat max


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_map(fig: go.Figure, width: int | None, height: int) -> go.Figure:
    """Centre and zoom the map so Vietnam with Hoàng Sa and Trường Sa fills a `width`×`height`
    canvas (width None: fit the height, the app's column is wider than tall), with the colour
    scale inside the canvas on the empty western side."""
    m = fig.layout.margin
    plot_h = height - (m.t or 0) - (m.b or 0)
    lon0, lon1, lat0, lat1 = MAP_BOUNDS
    # MapLibre draws the world 512·2^zoom pixels wide.
    zoom = math.log2(plot_h / (512 * (_mercator(lat1) - _mercator(lat0)) / (2 * math.pi)))
    if width:
        plot_w = width - (m.l or 0) - (m.r or 0)
        zoom = min(zoom, math.log2(plot_w / (512 * (lon1 - lon0) / 360)))
    mid = (_mercator(lat0) + _mercator(lat1)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(mid)) - math.pi / 2)
    fig.update_layout(map=dict(style="white-bg", center=dict(lat=centre_lat, lon=(lon0 + lon1) / 2),
                               zoom=zoom - 0.05))
    fig.update_traces(selector=dict(type="choroplethmap"),
                      colorbar=dict(x=0.02, xanchor="left", y=0.45, yanchor="middle", len=0.55, thickness=22,
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
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    fig.add_trace(go.Choroplethmap(
        geojson=layer_34, locations=[f["id"] for f in features], z=[0] * len(features), colorscale=clear,
        showscale=False, marker_line_color="#333333", marker_line_width=1.2, hoverinfo="skip",
        name=_("34 new provinces (from 1 July 2025)")))
    if chosen_2025 is not None:
        mine = [f for f in features if f["id"] == chosen_2025]
        fig.add_trace(go.Choroplethmap(
            geojson={"type": "FeatureCollection", "features": mine}, locations=[chosen_2025], z=[0],
            colorscale=clear, showscale=False, marker_line_color=CHOSEN, marker_line_width=3, hoverinfo="skip"))
    points = label_points(layer_63, parts)
    if points:
        fig.add_trace(go.Scattermap(lat=[points[c][0] for c in points], lon=[points[c][1] for c in points],
                                    mode="text", text=[parts[c] for c in points], hoverinfo="skip",
                                    textfont=dict(color=CHOSEN, size=13, family="Open Sans Bold"), showlegend=False))
    return fig
