"""The archipelagos' names on the 1600×900 map export sit in open sea: Hoàng Sa's name, centred at
15,3°N, ran into the coast of Quảng Ngãi. Measured on the laid-out figure (plotly's own axis ranges
after fitting the canvas), in both the 63 and the 34 view, in both languages."""
from __future__ import annotations

import copy

import numpy as np
import pytest
from shapely.geometry import MultiPolygon, box, shape
from shapely.ops import transform

from chiso import charts, i18n, maps, render, scores

CLEARANCE_PX = 12  # white sea between the name and the mainland coast, at least


def _mainland():
    """Every piece of land west of 110°E (the archipelagos are east of it), in the map's Mercator units."""
    to_map = lambda x, y, z=None: (x, np.degrees(np.log(np.tan(np.pi / 4 + np.radians(y) / 2))))  # noqa: E731
    pieces = []
    for f in scores.map_layer("63")["features"]:
        geom = shape(f["geometry"])
        for part in getattr(geom, "geoms", [geom]):
            if part.centroid.x < maps.ARCHIPELAGOS_EAST_OF:
                pieces.append(transform(to_map, part))
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
