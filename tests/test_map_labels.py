"""The archipelagos' names on the 1600×900 map export sit in open sea: Hoàng Sa's name, centred at
15,3°N, ran into the coast of Quảng Ngãi. Measured on the laid-out figure (plotly's own axis ranges
after fitting the canvas), in both the 63 and the 34 view, in both languages."""
from __future__ import annotations

import copy

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, box, shape

from chiso import charts, i18n, maps, render, scores

CLEARANCE_PX = 12  # white sea between the name and the mainland coast, at least


def _mainland():
    """Every piece of land west of 110°E (the archipelagos are east of it), in the map's Mercator units."""
    def to_map(xy):  # (lon, lat) rows -> (lon, Mercator northing)
        return np.column_stack([xy[:, 0], np.degrees(np.log(np.tan(np.pi / 4 + np.radians(xy[:, 1]) / 2)))])
    pieces = []
    for f in scores.map_layer("63")["features"]:
        geom = shape(f["geometry"])
        for part in getattr(geom, "geoms", [geom]):
            if part.centroid.x < maps.ARCHIPELAGOS_EAST_OF:
                pieces.append(shapely.transform(part, to_map))
    return MultiPolygon(pieces)


@pytest.mark.parametrize("province_set", ["63", "34"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_archipelago_names_clear_the_coast_on_the_export(built_db, province_set, lang):
    width, height = render.SLIDE
    with i18n.use(lang):
        fig = charts.province_map("PAPI", 2024, "TOTAL", "42", lang, "PAPI 2024", "UNDP", "điểm",
                                  province_set=province_set, province_2025="48" if province_set == "34" else None,
                                  parts=(("42", "Hà Tĩnh"),) if province_set == "34" else ())
        laid = render.fit(render._titled(copy.deepcopy(fig), "PAPI 2024", "UNDP", lang), width, height)
        full = laid.full_figure_for_development(warn=False)
    xa, ya, margin = full.layout.xaxis, full.layout.yaxis, full.layout.margin
    plot_w = (width - margin.l - margin.r) * (xa.domain[1] - xa.domain[0])
    plot_h = (height - margin.t - margin.b) * (ya.domain[1] - ya.domain[0])
    deg_per_px_x = (xa.range[1] - xa.range[0]) / plot_w
    deg_per_px_y = (ya.range[1] - ya.range[0]) / plot_h
    coast = _mainland()
    labels = [a for a in full.layout.annotations if a.name == "map label"]
    names = {i18n.translate(n, lang) for n in maps.ISLANDS}
    assert {a.text for a in labels} >= names
    for a in labels:
        if a.text not in names:
            continue
        half_w = len(a.text) * 0.56 * a.font.size / 2 * deg_per_px_x  # generous for Noto Sans at this size
        half_h = a.font.size * 0.7 * deg_per_px_y
        label = box(a.x - half_w, a.y - half_h, a.x + half_w, a.y + half_h)
        gap_px = label.distance(coast) / deg_per_px_x
        assert gap_px >= CLEARANCE_PX, f"{a.text}: {gap_px:.1f} px from the coast"


def _laid_out(fig, lang):
    width, height = render.SLIDE
    laid = render.fit(render._titled(copy.deepcopy(fig), "PAPI 2024", "UNDP", lang), width, height)
    full = laid.full_figure_for_development(warn=False)
    xa, ya, margin = full.layout.xaxis, full.layout.yaxis, full.layout.margin
    px_x = (width - margin.l - margin.r) * (xa.domain[1] - xa.domain[0]) / (xa.range[1] - xa.range[0])
    px_y = (height - margin.t - margin.b) * (ya.domain[1] - ya.domain[0]) / (ya.range[1] - ya.range[0])
    return full, px_x, px_y


def test_a_new_provinces_constituent_names_never_overlap(built_db):
    """In the 34 view the provinces a new province was formed from are named; written at their own
    points, Hà Nam, Nam Định and Ninh Bình were one red blot. Every new province of two or more:
    the names' boxes (pixels of the export) are apart, and each name's line ends in its province."""
    provinces = scores.provinces()
    merged = provinces.dropna(subset=["code_2025"]).groupby("code_2025")
    checked, px_x = 0, None
    for code_2025, members in merged:
        if len(members) < 2:
            continue
        parts = tuple(zip(members.province_code, members.name_vi))
        fig = charts.province_map("PAPI", 2024, "TOTAL", parts[0][0], "vi", "PAPI 2024", "UNDP", "điểm",
                                  province_set="34", province_2025=code_2025, parts=parts)
        if px_x is None:  # the map is fitted to fixed bounds: one layout gives the scale of every one
            _full, px_x, px_y = _laid_out(fig, "vi")
        names = {name for _c, name in parts}
        labels = [a for a in fig.layout.annotations
                  if a.name == "map label" and a.text.replace("<b>", "").replace("</b>", "") in names]
        assert len(labels) == len(parts), (code_2025, [a.text for a in labels])
        boxes = []
        for a in labels:
            text = a.text.replace("<b>", "").replace("</b>", "")
            w = len(text) * 0.62 * a.font.size  # bold Noto Sans, generous
            x0, y0 = a.ax * px_x, a.ay * px_y
            boxes.append(box(x0, y0 - a.font.size * 0.6, x0 + w, y0 + a.font.size * 0.6))
            point = shape(next(f for f in scores.map_layer("63")["features"]
                               if f["id"] == members.province_code[members.name_vi == text].iloc[0])["geometry"])
            lat = np.degrees(2 * np.arctan(np.exp(np.radians(a.y))) - np.pi / 2)  # the line's end, back from Mercator
            assert point.buffer(0.02).contains(shape({"type": "Point", "coordinates": [a.x, lat]})), (code_2025, text)
        for i, b1 in enumerate(boxes):
            for b2 in boxes[i + 1:]:
                assert not b1.intersects(b2), (code_2025, [a.text for a in labels])
        checked += 1
    assert checked >= 10


def test_english_map_names_the_archipelagos_as_it_names_provinces(built_db):
    """English names are written without diacritics (Da Nang, Ha Tinh); the archipelagos' labels read
    "Hoàng Sa archipelago (Đà Nẵng)" beside a hover saying "Da Nang"."""
    with i18n.use("en"):
        fig = charts.province_map("PAPI", 2024, "TOTAL", "42", "en", "PAPI 2024", "UNDP", "points")
    labels = {a.text for a in fig.layout.annotations if a.name == "map label"}
    assert {"Hoang Sa archipelago (Da Nang)", "Truong Sa archipelago (Khanh Hoa)"} <= labels, labels
