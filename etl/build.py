"""Build the DuckDB database of published results, atomically.

    published files -> records -> validate -> consolidate sources -> derive by the
    index's own rule -> ranks and changes -> a NEW database file -> swap

The new database is written beside the old one and moved into place only when
everything succeeded, so a failed build leaves the previous database exactly as
it was.
"""
from __future__ import annotations

import datetime as dt
import os
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from chiso import catalog, paths
from chiso.errors import InputError
from chiso.i18n import _
from chiso.names import historical_provinces, province_set_codes, provinces
from etl import sources, validate
from etl.canonical import Record

TOLERANCE = validate.TOLERANCE
SUM_TOLERANCE = 1e-4  # published dimension vs sum of published sub-dimensions (float32 rounding)
GROUPS = [(1, "Nhóm đạt điểm cao nhất", "Highest"), (2, "Nhóm đạt điểm trung bình cao", "High average"),
          (3, "Nhóm đạt điểm trung bình thấp", "Low average"), (4, "Nhóm đạt điểm thấp nhất", "Lowest")]


@dataclass
class BuildReport:
    files: list[tuple[str, int]] = field(default_factory=list)
    rows_per_edition: pd.DataFrame | None = None
    missing_per_edition: dict = field(default_factory=dict)
    derived_count: int = 0
    disagreements: pd.DataFrame | None = None
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [f"Đã đọc {len(self.files)} tệp nguồn:"]
        out += [f"  {n:>6} dòng  {f}" for f, n in self.files]
        out.append("Số giá trị theo chỉ số và năm (tỉnh có tổng điểm / thiếu):")
        for r in self.rows_per_edition.itertuples():
            missing = self.missing_per_edition.get((r.index_code, r.year), [])
            names = {p.code: p.name_vi for p in provinces()}
            listed = f" ({', '.join(names.get(c, c) for c in missing)})" if 0 < len(missing) <= 5 else ""
            miss = f"; thiếu tổng điểm: {len(missing)} tỉnh{listed}" if missing else ""
            out.append(f"  {r.index_code:<9} {r.year}: {r.values:>5} giá trị, {r.with_total:>2} tỉnh có tổng điểm{miss}"
                       f" [{r.coverage}]")
        out.append(f"Giá trị suy ra theo quy tắc của chỉ số (đánh dấu derived): {self.derived_count}")
        n = 0 if self.disagreements is None else len(self.disagreements)
        out.append(f"Nguồn không khớp nhau: {n}")
        if n:
            for r in self.disagreements.head(40).itertuples():
                out.append(f"  {r.index_code} {r.year} tỉnh {r.province_code} {r.indicator_code} {r.kind}: "
                           f"{r.candidates} -> chọn {r.chosen} ({r.rule})")
            if n > 40:
                out.append(f"  ... và {n - 40} mục khác (xem v_disagreements)")
        out.append(f"Thời gian: {self.seconds:.1f} s")
        return out


def published_files(extra_sources: list[Path] | None = None) -> list[Path]:
    files = sources.files_in(paths.PUBLISHED_DIR)
    for folder in extra_sources or []:
        folder = Path(folder)
        files += [folder] if folder.is_file() else sources.files_in(folder)
    return files


# Catalog files the database holds. The weakness rules, plan vocabulary and unit names are read by
# the app directly, so editing them needs no rebuild.
CATALOG_TABLES = ("indices.csv", "indicators.csv", "editions.csv", "province_sets.csv", "methodology_changes.csv",
                  "province_aliases.csv", "indicator_aliases.csv")


def bundled_inputs() -> list[Path]:
    """Every bundled file a default build reads, and the ETL code that shapes the database: when one
    is newer than the database (a `git pull` brought new figures or a new table), the app rebuilds
    on its next start."""
    files = published_files() + [paths.CATALOG_DIR / name for name in CATALOG_TABLES]
    files += [paths.DATA_DIR / "provinces.csv", paths.DATA_DIR / "geo" / "provinces-63.geojson",
              Path(__file__).with_name("schema.sql"), *sorted(Path(__file__).parent.glob("*.py"))]
    return [f for f in files if f.exists()]


def read_all(files: list[Path], progress=print) -> tuple[list[Record], list[dict], list[tuple[str, int]]]:
    records, aggregates, seen = [], [], []
    for f in files:
        recs, aggs = sources.read_any(f)
        for r in recs:
            validate.check_record(r)
        records += validate.check_duplicates(recs)
        aggregates += aggs
        seen.append((str(f), len(recs) + len(aggs)))
        progress(f"  đọc {f.name}: {len(recs) + len(aggs)} dòng")
    return records, aggregates, seen


def entered_results(db_path: Path, progress=print):
    """Results entered in the app (`chiso.results`: the Ministry's tables, the province's scorecards):
    extra canonical records and the scorecard's criteria the catalog lacks, in every build."""
    from chiso.results import entered_inputs
    entered = entered_inputs(db_path)
    for f, n in entered.files:
        progress(f"  đọc {f}: {n} dòng")
    return entered


def _authority(r: Record) -> int:
    kind = r.source_kind or catalog.source_kind_of(r.index_code, r.source) or ""
    return catalog.source_kinds().get(kind, 0)


def _decimals(v: float) -> int:
    text = repr(float(v))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _agree(a: float, b: float, kind: str) -> bool:
    """Same figure: equal, or (scores only) equal once the more precise is rounded as the other is
    stated (a page's 7,43 and VCCI's workbook 7,4321 are one value)."""
    if abs(a - b) <= TOLERANCE:
        return True
    if kind != "value":
        return False
    places = min(_decimals(a), _decimals(b))
    return places >= 1 and round(a, places) == round(b, places)


def consolidate(records: list[Record]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One value and one published rank per (index, year, province, indicator).

    Equal values from several sources merge, their sources listed. Different values are a
    disagreement, resolved by the sources' authority (source_kinds.csv: official > provincial >
    press), then by how many sources state each value, never by the order files were read; when
    both are equal nothing decides, and the value stays a gap. Every disagreement is recorded
    (v_disagreements, all candidates with their sources) and the score is flagged disputed."""
    groups: dict[tuple, dict[str, list[Record]]] = defaultdict(lambda: {"value": [], "published_rank": []})
    for r in records:
        key = (r.index_code, r.year, r.province_set, r.province_code, r.indicator_code)
        for kind in ("value", "published_rank"):
            if getattr(r, kind) is not None:
                groups[key][kind].append(r)
    authority_names = {v: k for k, v in catalog.source_kinds().items()}
    rows, disagreements = [], []
    for key, kinds in groups.items():
        row = dict(zip(("index_code", "year", "province_set", "province_code", "indicator_code"), key))
        row.update(value=None, published_rank=None, published_ranked_count=None, derived=False,
                   source="", rank_source_text="", disputed=False, note="")
        for kind, recs in kinds.items():
            if not recs:
                continue
            clusters: list[list[Record]] = []
            for r in recs:
                for c in clusters:
                    if _agree(getattr(c[0], kind), getattr(r, kind), kind):
                        c.append(r)
                        break
                else:
                    clusters.append([r])
            strength = [(max(_authority(x) for x in c), len({x.source for x in c})) for c in clusters]
            order = sorted(range(len(clusters)), key=lambda i: (-strength[i][0], -strength[i][1],
                                                                 -max(abs(getattr(x, kind)) for x in clusters[i])))
            clusters = [clusters[i] for i in order]
            strength = [strength[i] for i in order]
            for c in clusters:  # the most authoritative, then the most precise statement of the value first
                c.sort(key=lambda x: (-_authority(x), -_decimals(getattr(x, kind))))
            chosen = clusters[0]
            unresolved = len(clusters) > 1 and strength[0] == strength[1]
            if len(clusters) > 1:
                row["disputed"] = True
                if unresolved:
                    rule = "không quyết định được: cùng loại nguồn, cùng số nguồn; để trống (unresolved: same authority, same number of sources; left blank)"
                elif strength[0][0] > strength[1][0]:
                    rule = (f"nguồn có thẩm quyền cao hơn (higher authority: {authority_names.get(strength[0][0], '?')}"
                            f" > {authority_names.get(strength[1][0], '?')})")
                else:
                    rule = "cùng loại nguồn: giá trị được nhiều nguồn nêu nhất (same authority: most sources)"
                disagreements.append({
                    **{k: row[k] for k in ("index_code", "year", "province_code", "indicator_code")},
                    "kind": "value" if kind == "value" else "rank",
                    "chosen": None if unresolved else getattr(chosen[0], kind),
                    "candidates": " | ".join(
                        f"{getattr(c[0], kind):g} ("
                        + "; ".join(sorted({f'{x.source_kind or catalog.source_kind_of(x.index_code, x.source) or "?"}: {x.source}' for x in c}))
                        + ")" for c in clusters),
                    "rule": rule})
                if unresolved:
                    continue
            srcs = "; ".join(dict.fromkeys(x.source for x in chosen))
            notes = "; ".join(dict.fromkeys(x.note for x in chosen if x.note))
            if kind == "value":
                row["value"] = chosen[0].value
                row["source"] = srcs
                row["derived"] = any(x.derived for x in chosen)
                row["note"] = notes
            else:
                row["published_rank"] = chosen[0].published_rank
                row["published_ranked_count"] = chosen[0].published_ranked_count
                row["rank_source_text"] = srcs
                row["rank_derived"] = any(x.derived for x in chosen)
                row["note"] = "; ".join(x for x in (row["note"], notes) if x)
        rows.append(row)
    return pd.DataFrame(rows), pd.DataFrame(disagreements)


def published_groups(records: list[Record]) -> pd.DataFrame:
    """Tiers the publisher names on its table (PCI's "Rất tốt" … "Thấp", data/catalog/tiers.csv),
    one per province and edition, from the most authoritative source stating one."""
    best: dict[tuple, tuple[int, tuple]] = {}
    for r in records:
        if not r.published_group:
            continue
        tier = catalog.tiers().get((r.index_code, unicodedata.normalize("NFC", r.published_group).strip().lower()))
        if tier is None:
            raise InputError(_("tier not in data/catalog/tiers.csv"),
                             file=r.file, sheet=r.sheet, row=r.row, column="Nhóm xếp hạng công bố", value=r.published_group)
        key = (r.index_code, r.year, r.province_code)
        if key not in best or _authority(r) > best[key][0]:
            best[key] = (_authority(r), tier)
    return pd.DataFrame([{"index_code": k[0], "year": int(k[1]), "province_code": k[2], "group_no": t[0],
                          "group_vi": t[1], "group_en": t[2], "boundary": False} for k, (_, t) in best.items()],
                        columns=["index_code", "year", "province_code", "group_no", "group_vi", "group_en", "boundary"])


def derive_sums(scores: pd.DataFrame, disagreements: list[dict]) -> pd.DataFrame:
    """A parent with aggregation 'sum' = sum of its children that year, when every child has a value.

    Marked derived, with the rule as its source. A published parent is kept and
    checked against the sum."""
    parents = [p for p in catalog.indicator_periods() if p.aggregation == "sum"]
    parents.sort(key=lambda p: -p.level)  # dimensions before totals
    values = {(r.index_code, r.year, r.province_set, r.province_code, r.indicator_code): r
              for r in scores.itertuples(index=False)}
    new_rows = []
    cells = scores[["index_code", "year", "province_set", "province_code"]].drop_duplicates()
    derived_values: dict[tuple, float] = {}
    derived_sources: dict[tuple, str] = {}
    for cell in cells.itertuples(index=False):
        for p in parents:
            if p.index_code != cell.index_code or not p.covers(cell.year):
                continue
            kids = catalog.children(p.index_code, p.indicator_code, cell.year)
            got, kid_sources = [], []
            for k in kids:
                key = (cell.index_code, cell.year, cell.province_set, cell.province_code, k.indicator_code)
                v = derived_values.get(key)
                if v is not None:
                    kid_sources.append(derived_sources[key])
                if v is None and key in values and values[key].value is not None and not pd.isna(values[key].value):
                    v = values[key].value
                    kid_sources.append(values[key].source)
                got.append(v)
            if not kids or any(v is None for v in got):
                continue
            total = float(sum(got))
            pkey = (cell.index_code, cell.year, cell.province_set, cell.province_code, p.indicator_code)
            existing = values.get(pkey)
            if existing is not None and existing.value is not None and not pd.isna(existing.value):
                if abs(existing.value - total) > SUM_TOLERANCE:
                    disagreements.append({"index_code": cell.index_code, "year": cell.year,
                                          "province_code": cell.province_code, "indicator_code": p.indicator_code,
                                          "kind": "value", "chosen": existing.value,
                                          "candidates": f"{existing.value:g} (công bố) | {total:g} (tổng thành phần)",
                                          "rule": "giá trị công bố được giữ (published value kept)"})
                continue
            derived_values[pkey] = total
            derived_sources[pkey] = kid_sources[0].split("; thành phần: ")[-1] if kid_sources else ""
            kid_codes = " + ".join(k.indicator_code for k in kids)
            new_rows.append({"index_code": cell.index_code, "year": cell.year, "province_set": cell.province_set,
                             "province_code": cell.province_code, "indicator_code": p.indicator_code,
                             "value": total, "published_rank": None, "published_ranked_count": None,
                             "derived": True, "disputed": False, "rank_source_text": "", "note": "",
                             "source": f"Suy ra theo quy tắc của {p.index_code}: {p.indicator_code} = {kid_codes} "
                                       f"(derived by the index's own rule)"
                                       + (f"; thành phần: {kid_sources[0]}" if kid_sources else "")})
    if not new_rows:
        return scores
    return pd.concat([scores, pd.DataFrame(new_rows)], ignore_index=True)


def edition_table(scores: pd.DataFrame) -> pd.DataFrame:
    set_sizes = {s["province_set"]: int(s["province_count"]) for s in catalog.province_sets()}
    keys = set(catalog.editions()) | set(map(tuple, scores[["index_code", "year"]].drop_duplicates().values.tolist()))
    rows = []
    for index_code, year in sorted(keys):
        e = catalog.edition(index_code, int(year))
        with_total = scores[(scores.index_code == index_code) & (scores.year == year)
                            & (scores.indicator_code == "TOTAL") & scores.value.notna()].province_code.nunique()
        coverage = e.coverage
        if coverage != "full":  # an edition becomes full once every province of its set has a total
            coverage = "full" if with_total >= set_sizes[e.province_set] else "partial"
        rows.append({"index_code": index_code, "year": int(year), "province_set": e.province_set,
                     "coverage": coverage, "methodology": e.methodology,
                     "ranked_count": int(with_total) if coverage == "full" else None,
                     "published_ranked_count": e.published_ranked_count,
                     "note_vi": e.note_vi, "note_en": e.note_en, "with_total": int(with_total)})
    return pd.DataFrame(rows)


def rank_and_change(scores: pd.DataFrame, editions: pd.DataFrame, disagreements: list[dict],
                    extra_periods=()) -> pd.DataFrame:
    s = scores.merge(editions[["index_code", "year", "coverage"]], on=["index_code", "year"], how="left")
    s = s.rename(columns={"coverage": "edition_coverage"})
    full = s.edition_coverage.eq("full") & s.value.notna()
    # A component is ranked only where every province the edition ranks has it: never "2/2" from two
    # provinces' published fields, or "1/1" from one province's own scorecard.
    with_total = s[["index_code", "year"]].merge(editions[["index_code", "year", "with_total"]],
                                                 on=["index_code", "year"], how="left").with_total.to_numpy()
    full &= s.groupby(["index_code", "year", "indicator_code"]).value.transform("count").to_numpy() >= with_total
    higher = {c: i.higher_is_better for c, i in catalog.indices().items()}
    s["sort_value"] = np.where(s.index_code.map(higher).fillna(True), -s.value.astype(float), s.value.astype(float))
    part = ["index_code", "year", "indicator_code"]
    s["computed_rank"] = pd.NA
    s["computed_count"] = pd.NA
    s.loc[full, "computed_rank"] = s[full].groupby(part).sort_value.rank(method="min").astype("Int64")
    s.loc[full, "computed_count"] = s[full].groupby(part).value.transform("count").astype("Int64")
    # a published rank wins over a computed one; a difference is reported
    pub = s.published_rank.notna()
    clash = pub & s.computed_rank.notna() & (s.published_rank.astype("Float64") != s.computed_rank.astype("Float64"))
    for r in s[clash].itertuples():
        disagreements.append({"index_code": r.index_code, "year": r.year, "province_code": r.province_code,
                              "indicator_code": r.indicator_code, "kind": "rank", "chosen": r.published_rank,
                              "candidates": f"{r.published_rank} (công bố) | {r.computed_rank} (tính)",
                              "rule": "xếp hạng công bố được giữ (published rank kept)"})
    s["rank"] = s.published_rank.astype("Int64").where(pub, s.computed_rank.astype("Int64"))
    set_sizes = {x["province_set"]: int(x["province_count"]) for x in catalog.province_sets()}
    s["ranked_count"] = np.where(pub, s.published_ranked_count.fillna(s.province_set.map(set_sizes)),
                                 s.computed_count)
    s["ranked_count"] = pd.to_numeric(s.ranked_count, errors="coerce").astype("Int64")
    s["rank_source"] = np.where(pub, np.where(s.get("rank_derived", False).fillna(False).astype(bool),
                                              "published_derived", "published"),
                                np.where(s.computed_rank.notna(), "computed", None))
    # changes against the previous edition, only within one indicator period (no methodology break)
    periods = {(p.index_code, p.indicator_code, y): p.first_year for p in (*catalog.indicator_periods(), *extra_periods)
               for y in range(p.first_year, (p.last_year or 2100) + 1)}
    s["period"] = [periods.get((a, b, c)) for a, b, c in zip(s.index_code, s.indicator_code, s.year)]
    prev = s[["index_code", "province_set", "province_code", "indicator_code", "year", "value", "rank", "period"]].copy()
    prev["year"] = prev.year + 1
    prev = prev.rename(columns={"value": "prev_value", "rank": "prev_rank", "period": "prev_period"})
    s = s.merge(prev, on=["index_code", "province_set", "province_code", "indicator_code", "year"], how="left")
    same = s.period.notna() & (s.period == s.prev_period)
    s["score_change"] = (s.value - s.prev_value).where(same)
    s["rank_change"] = (s.prev_rank.astype("Float64") - s["rank"].astype("Float64")).where(same).astype("Int64")
    s["source"] = [";  ".join(x for x in (v, f"xếp hạng: {rk}" if rk and rk != v else "") if x)
                   for v, rk in zip(s.source.fillna(""), s.rank_source_text.fillna(""))]
    return s


def quartile_groups(scores: pd.DataFrame) -> pd.DataFrame:
    """PAPI's four groups from the 25th/50th/75th linear percentiles of the year's totals.

    With 60 or 61 provinces a cut point falls exactly on a province, whose group
    then depends on the definition: it is flagged as a boundary, not asserted."""
    rows = []
    for code, idx in catalog.indices().items():
        if not idx.quartile_groups:
            continue
        t = scores[(scores.index_code == code) & (scores.indicator_code == "TOTAL") & scores.value.notna()
                   & scores.edition_coverage.eq("full")]
        for year, g in t.groupby("year"):
            p25, p50, p75 = np.percentile(g.value.astype(float), [25, 50, 75])
            for r in g.itertuples():
                v = float(r.value)
                n = 1 if v >= p75 else 2 if v >= p50 else 3 if v >= p25 else 4
                boundary = any(abs(v - c) < 1e-9 for c in (p25, p50, p75))
                rows.append({"index_code": code, "year": int(year), "province_code": r.province_code,
                             "group_no": n, "group_vi": GROUPS[n - 1][1], "group_en": GROUPS[n - 1][2],
                             "boundary": boundary})
    return pd.DataFrame(rows, columns=["index_code", "year", "province_code", "group_no", "group_vi", "group_en",
                                       "boundary"])


def _catalog_frames(extra_periods=()) -> dict[str, pd.DataFrame]:
    idx = pd.DataFrame([vars(i) for i in catalog.indices().values()]).rename(columns={"code": "index_code"})
    ind = pd.DataFrame([vars(p) for p in (*catalog.indicator_periods(), *extra_periods)])
    prov = pd.DataFrame([vars(p) for p in provinces()]).rename(columns={"code": "province_code"})
    prov25 = prov[["code_2025", "name_2025"]].drop_duplicates().rename(
        columns={"code_2025": "province_code", "name_2025": "name_vi"})
    changes = pd.DataFrame(list(catalog.methodology_changes()))
    changes["year"] = changes.year.astype(int)
    from chiso.geo import provinces_63
    from etl.geo import neighbours
    borders = pd.DataFrame(neighbours(provinces_63()), columns=["province_code", "neighbour_code"])
    from dataclasses import fields
    from chiso.names import HistoricalProvince
    history = pd.DataFrame([vars(h) for h in historical_provinces()],
                           columns=[f.name for f in fields(HistoricalProvince)]).rename(columns={"code": "province_code"})
    return {"province_history": history, "indices": idx, "indicators": ind, "provinces": prov, "provinces_2025": prov25,
            "methodology_changes": changes, "province_neighbours": borders}


def build(db_path: Path | None = None, extra_sources: list[Path] | None = None, progress=print) -> BuildReport:
    started = time.perf_counter()
    db_path = Path(db_path or paths.default_db_path())
    report = BuildReport()
    progress("Đọc các tệp số liệu đã công bố ...")
    records, aggregates, report.files = read_all(published_files(extra_sources), progress)
    entered = entered_results(db_path, progress)
    records = entered.records + records  # read first: a tie between sources goes to the entered document
    report.files += entered.files
    progress("Hợp nhất nguồn, suy ra tổng, xếp hạng ...")
    scores, disagreements_df = consolidate(records)
    disagreements = disagreements_df.to_dict("records")
    scores = derive_sums(scores, disagreements)
    editions = edition_table(scores)
    scores = rank_and_change(scores, editions, disagreements, entered.periods)
    group_frames = [g for g in (quartile_groups(scores), published_groups(records)) if len(g)]
    groups = pd.concat(group_frames, ignore_index=True) if group_frames else quartile_groups(scores)
    report.derived_count = int(scores.derived.sum())
    report.disagreements = pd.DataFrame(disagreements, columns=["index_code", "year", "province_code",
                                                                "indicator_code", "kind", "chosen", "candidates", "rule"])
    counts = scores.groupby(["index_code", "year"]).size().rename("values").reset_index()
    report.rows_per_edition = counts.merge(editions[["index_code", "year", "with_total", "coverage"]],
                                           on=["index_code", "year"], how="right").fillna({"values": 0})
    report.rows_per_edition["values"] = report.rows_per_edition["values"].astype(int)
    for e in editions.itertuples():
        have = set(scores[(scores.index_code == e.index_code) & (scores.year == e.year)
                          & (scores.indicator_code == "TOTAL") & scores.value.notna()].province_code)
        report.missing_per_edition[(e.index_code, e.year)] = sorted(province_set_codes(e.province_set) - have)

    frames = _catalog_frames(entered.periods)
    frames["scores"] = scores[["index_code", "year", "province_set", "province_code", "indicator_code", "value",
                               "rank", "ranked_count", "score_change", "rank_change", "derived", "source",
                               "rank_source", "disputed", "edition_coverage", "note", "period"]]
    frames["editions"] = editions
    frames["disagreements"] = report.disagreements.astype({"chosen": float})
    frames["groups"] = groups
    frames["aggregates"] = pd.DataFrame(aggregates, columns=["index_code", "year", "scope", "metric", "value",
                                                             "source", "note"])
    frames["build_info"] = pd.DataFrame([{"built_at": dt.datetime.now().isoformat(timespec="seconds"),
                                          "files": "; ".join(f for f, _ in report.files)}])
    progress("Ghi cơ sở dữ liệu mới ...")
    _write_atomically(db_path, frames)
    report.seconds = time.perf_counter() - started
    return report


def _write_atomically(db_path: Path, frames: dict[str, pd.DataFrame]) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        for name, df in frames.items():
            con.register("frame", df)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
            con.unregister("frame")
        con.execute((Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8"))
        con.execute("CHECKPOINT")
        con.close()
        os.replace(tmp, db_path)  # atomic on one filesystem: readers see the old file or the new one
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
