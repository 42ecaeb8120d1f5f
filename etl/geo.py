"""Province boundaries: the shared TopoJSON (63 provinces, with Hoàng Sa and Trường Sa)
to a GeoJSON keyed by GSO code, for Plotly's offline `choropleth_map`.

TopoJSON stores shared arcs, delta-encoded and quantised; decoding is the
format's own arithmetic (arc i reversed when referenced as ~i).
"""
from __future__ import annotations

import json
from pathlib import Path

from chiso.errors import InputError
from chiso.names import UnknownProvince, resolve_province

DECIMALS = 3  # about 100 m: plenty for a province map, and a much smaller file


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    t = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            if t:
                x += dx
                y += dy
                px = x * t["scale"][0] + t["translate"][0]
                py = y * t["scale"][1] + t["translate"][1]
            else:
                px, py = dx, dy
            pts.append((round(px, DECIMALS), round(py, DECIMALS)))
        arcs.append(pts)
    return arcs


def _ring(indexes: list[int], arcs) -> list[list[float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        for p in pts if not ring else pts[1:]:
            if not ring or ring[-1] != p:
                ring.append(p)
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return [list(p) for p in ring]


def to_geojson(topo_path: Path) -> dict:
    topo = json.loads(Path(topo_path).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    features = []
    for obj in topo["objects"].values():
        for n, g in enumerate(obj["geometries"], start=1):
            name = g.get("properties", {}).get("ten_tinh", "")
            try:
                code = resolve_province(name)
            except UnknownProvince as exc:
                raise InputError(str(exc), file=topo_path, row=n, column="ten_tinh") from None
            if g["type"] == "Polygon":
                coords = [[_ring(r, arcs) for r in g["arcs"]]]
            elif g["type"] == "MultiPolygon":
                coords = [[_ring(r, arcs) for r in poly] for poly in g["arcs"]]
            else:
                continue
            coords = [[r for r in poly if len(r) >= 4] for poly in coords]
            coords = [poly for poly in coords if poly]
            features.append({"type": "Feature", "id": code,
                             "properties": {"province_code": code, "name_source": name},
                             "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(topo_path: Path, out: Path) -> int:
    gj = to_geojson(topo_path)
    gj["source"] = ("phamductu/vietnamese-provincial-icons data/diaphantinh.json (MIT), from Open Development "
                    "Mekong provincial boundaries; includes Hoàng Sa and Trường Sa")
    out.write_text(json.dumps(gj, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(gj["features"])


def neighbours(geojson: dict) -> list[tuple[str, str]]:
    """(province_code, neighbour_code) for every pair of provinces sharing a border, both ways.

    The shapes come from one TopoJSON, where a border is one arc drawn for both provinces, so
    neighbours share exact vertices: two shared points make a border (one could be a corner
    touching across a river mouth). No geometry library needed, and no distance threshold.
    """
    owners: dict[tuple, set[str]] = {}
    for f in geojson["features"]:
        code = f["properties"]["province_code"]
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                for x, y in ring:
                    owners.setdefault((x, y), set()).add(code)
    shared: dict[tuple[str, str], int] = {}
    for codes in owners.values():
        for a in codes:
            for b in codes:
                if a != b:
                    shared[(a, b)] = shared.get((a, b), 0) + 1
    return sorted(pair for pair, n in shared.items() if n >= 2)
