"""Province boundaries: the shared TopoJSON (63 provinces, with Hoàng Sa and Trường Sa)
to a GeoJSON keyed by GSO code, drawn by `chiso.maps` as SVG shapes (no tiles, no network).

TopoJSON stores shared arcs, delta-encoded and quantised; decoding is the
format's own arithmetic (arc i reversed when referenced as ~i).
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from chiso import paths
from chiso.errors import InputError
from chiso.names import UnknownProvince, provinces, resolve_province

DECIMALS = 3  # about 100 m: plenty for a province map, and a much smaller file
GEOJSON_63 = paths.DATA_DIR / "geo" / "provinces-63.geojson"
# Douglas-Peucker tolerance on shared arcs: 0,01° (about 1 km) is half a screen pixel of a whole-country
# map 800 px tall (Vietnam spans ~15°), so the outline a user sees does not change; 1,5 MB -> ~0,2 MB.
SIMPLIFY_DEGREES = 0.01
CACHE_DIR = paths.DATA_DIR / "geo" / ".cache"  # git-ignored; the build's own product
LAYERS_VERSION = "2"  # bump when the simplification below changes, so caches are rebuilt


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


def layers(source: Path = GEOJSON_63) -> dict:
    """{"63": GeoJSON text, "34": GeoJSON text, "neighbours": [[a, b], ...]}: the 63 provinces simplified as one
    topology (a border stays shared, no slivers or gaps between provinces), the 34 provinces formed
    on 1 July 2025 dissolved from them along `code_2025`, and the border pairs of the full map.

    Computed once per version of the bundled map (a second and a half) and cached beside it, each
    layer as the JSON text the database stores (writing it again each build cost 30 ms)."""
    data = Path(source).read_bytes()
    key = hashlib.sha256(data + LAYERS_VERSION.encode() + str(SIMPLIFY_DEGREES).encode()).hexdigest()[:16]
    cached = CACHE_DIR / f"layers-{key}.json"
    if cached.exists():
        return _read_cached(cached)
    out = _simplify(json.loads(data))
    out["counts"] = {name: len(out[name]["features"]) for name in ("63", "34")}
    out.update({name: json.dumps(out[name], ensure_ascii=False, separators=(",", ":")) for name in ("63", "34")})
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, cached)
    for stale in CACHE_DIR.glob("layers-*.json"):  # an older map or simplification
        if stale != cached:
            stale.unlink(missing_ok=True)
    return out


@lru_cache(maxsize=2)
def _read_cached(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _simplify(full: dict) -> dict:
    import shapely
    import topojson
    from shapely.geometry import mapping, shape

    names = {f["id"]: f["properties"].get("name_source", f["id"]) for f in full["features"]}
    topo = topojson.Topology(full, prequantize=False, topology=True)
    simple = json.loads(topo.toposimplify(SIMPLIFY_DEGREES, prevent_oversimplify=True).to_geojson())
    shapes = {}
    for f in simple["features"]:
        code = f.get("id") or f["properties"]["province_code"]
        shapes[code] = shape(f["geometry"])
    layer_63 = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"province_code": code, "name_source": names.get(code, code)},
         "geometry": _rounded(mapping(geom))} for code, geom in shapes.items()]}
    groups: dict[str, list] = {}
    names_2025 = {}
    for p in provinces():
        if p.code in shapes and p.code_2025:
            groups.setdefault(p.code_2025, []).append(shapes[p.code])
            names_2025[p.code_2025] = p.name_2025
    layer_34 = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"province_code": code, "name_source": names_2025[code]},
         "geometry": _rounded(mapping(shapely.union_all([shapely.make_valid(g) for g in parts])))}
        for code, parts in sorted(groups.items())]}
    return {"63": layer_63, "34": layer_34, "neighbours": neighbours(full)}


def _rounded(geometry: dict) -> dict:
    def walk(c):
        return round(c, DECIMALS) if isinstance(c, float) else [walk(x) for x in c]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def load_layers(con, source: Path = GEOJSON_63) -> None:
    """The simplified layers and the border pairs into the database being built."""
    built = layers(source)
    note = ("phamductu/vietnamese-provincial-icons (MIT), from Open Development Mekong; simplified at build time "
            f"(topojson, {SIMPLIFY_DEGREES}°), 34 provinces dissolved along code_2025 (shapely)")
    for name in ("63", "34"):
        con.execute("INSERT INTO map_layers VALUES (?, ?, ?, ?)", [name, built["counts"][name], built[name], note])
    con.execute("INSERT INTO province_neighbours SELECT unnest(pair[1:1]), unnest(pair[2:2]) FROM "
                "(SELECT unnest(?::VARCHAR[][]) AS pair)", [built["neighbours"]])
