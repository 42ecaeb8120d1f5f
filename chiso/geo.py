"""Province shapes for maps: data/geo/provinces-63.geojson (63 pre-2025 provinces, feature `id` =
GSO province code, Hoàng Sa and Trường Sa included; provenance in data/geo and ../shared/data/geo).

Read once per process: the file is 1,5 MB and never changes while the app runs.
"""
from __future__ import annotations

import json
from functools import lru_cache

from chiso import paths

GEOJSON_63 = paths.DATA_DIR / "geo" / "provinces-63.geojson"


@lru_cache(maxsize=1)
def provinces_63() -> dict:
    with open(GEOJSON_63, encoding="utf-8") as fh:
        return json.load(fh)
