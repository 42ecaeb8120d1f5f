"""Regenerate the project's canonical `data/` from the raw published files in ../shared/data.

    python -m etl.refresh [--shared DIR]

Run when a raw file changes. The output (`data/provinces.csv`,
`data/published/*.csv`, `data/geo/provinces-63.geojson`) is committed so a fresh
clone works with no network and without ../shared; the raw files never are.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from chiso import paths
from etl import (canonical, geo, papi_panel_csv, papi_undp_xlsx, par_sipas_observations, pci_csv, pci_workbooks,
                 provinces, sources)


def refresh(shared: Path, out_dir: Path = paths.DATA_DIR) -> dict[str, int]:
    raw = shared / "data" / "raw"
    counts = {}
    provinces.write_provinces(provinces.read_shared_provinces(shared / "data" / "provinces.csv"),
                              out_dir / "provinces.csv")
    from chiso import names
    names.provinces.cache_clear(); names._key_index.cache_clear(); names.provinces_2025.cache_clear()
    names.historical_provinces.cache_clear(); names.province_set_codes.cache_clear()
    published = out_dir / "published"
    published.mkdir(parents=True, exist_ok=True)

    undp = papi_undp_xlsx.read(raw / "papi" / "undp-2011-2016" / "PAPI_2011-2016.xlsx")
    canonical.write_csv(undp, published / "papi_undp_2011_2016.csv")
    counts["papi_undp_2011_2016.csv"] = len(undp)

    panel = []
    for f in sorted((raw / "papi" / "subdimensions-2011-2024").glob("*.csv")):
        panel += papi_panel_csv.read(f)
    canonical.write_csv(panel, published / "papi_subdimensions_2011_2024.csv")
    counts["papi_subdimensions_2011_2024.csv"] = len(panel)

    obs = par_sipas_observations.read(raw / "par_sipas" / "observations.csv")
    canonical.write_csv(obs, published / "par_sipas_observations.csv")
    counts["par_sipas_observations.csv"] = len(obs)
    der = par_sipas_observations.read(raw / "par_sipas" / "derived_from_rank_changes.csv")
    canonical.write_csv(der, published / "par_sipas_derived_ranks.csv")
    counts["par_sipas_derived_ranks.csv"] = len(der)

    later = par_sipas_observations.read(raw / "par_sipas" / "observations-2026-11.csv")
    canonical.write_csv(later, published / "par_sipas_observations_2026_11.csv")
    counts["par_sipas_observations_2026_11.csv"] = len(later)

    workbooks = []
    for f in sorted((raw / "pci" / "workbooks").iterdir()):
        if pci_workbooks.looks_like(f):
            workbooks += pci_workbooks.read(f)
    canonical.write_csv(workbooks, published / "pci_vcci_workbooks_2006_2016.csv")
    counts["pci_vcci_workbooks_2006_2016.csv"] = len(workbooks)
    pages = pci_csv.read(raw / "pci" / "pci.csv")  # its rows copied from the workbooks are read from them
    canonical.write_csv(pages, published / "pci_sources_2017_2024.csv")
    counts["pci_sources_2017_2024.csv"] = len(pages)

    agg = par_sipas_observations.read_aggregates(raw / "par_sipas" / "aggregates.csv")
    sources.write_aggregates(agg, published / "par_sipas_aggregates.csv")
    counts["par_sipas_aggregates.csv"] = len(agg)

    (out_dir / "geo").mkdir(exist_ok=True)
    counts["geo"] = geo.write_geojson(shared / "data" / "geo" / "provinces-63.topo.json",
                                      out_dir / "geo" / "provinces-63.geojson")
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m etl.refresh", description=__doc__)
    ap.add_argument("--shared", type=Path, default=paths.SHARED_DIR)
    args = ap.parse_args(argv)
    for name, n in refresh(args.shared).items():
        print(f"{name}: {n} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
