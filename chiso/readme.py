"""What the CSV bundles say about themselves: the dataset's tables with headers in the run's
language, and the README.md (origins, licences, caveats, citation) that travels with every ZIP.

Texts are chiso.i18n msgids (English), with their Vietnamese in locales/vi; call inside
`with i18n.use(lang):` for a language other than the run's.
"""
from __future__ import annotations


import pandas as pd

from chiso import catalog, fmt, i18n
from chiso.i18n import N_, _
from chiso.clock import today_vn

SCORE_HEADERS = {
    "index_code": N_("Index"), "year": N_("Year"), "province_set": N_("Province set"),
    "province_code": N_("Province code"), "province_name": N_("Province"), "indicator_code": N_("Component code"),
    "indicator_name": N_("Component"), "value": N_("Value"), "max_value": N_("Maximum"), "rank": N_("Rank"),
    "ranked_count": N_("Provinces ranked"), "rank_source": N_("Rank source"), "score_change": N_("Score change"),
    "rank_change": N_("Rank change"), "group_vi": N_("Score group"), "group_boundary": N_("On a group boundary"),
    "derived": N_("Derived"), "disputed": N_("Sources differ"), "edition_coverage": N_("Edition coverage"),
    "period": N_("Methodology period"), "source": N_("Source"), "note": N_("Note"),
}
RANK_SOURCES = {"published": N_("published"), "published_derived": N_("derived from a published rank change"),
                "computed": N_("computed from scores, among provinces with every component")}
COVERAGES = {"full": N_("full"), "partial": N_("partial")}
FILE_NOTES = {
    "diem_so.csv": N_("every score and rank, one value per row, with its source"),
    "trung_binh_ca_nuoc_vung.csv": N_("published national/regional means, with sources"),
    "ky_cong_bo.csv": N_("editions: full or partial, how many provinces ranked"),
    "thanh_phan_chi_so.csv": N_("each index's components and their scale by period"),
    "thay_doi_phuong_phap.csv": N_("methodology changes (series are never joined across them)"),
    "tinh_thanh.csv": N_("the 63 provinces (GSO codes) and their province from 1 July 2025"),
    "nguon_khac_nhau.csv": N_("values that sources state differently, the value chosen and why"),
}


def _renamed(frame: pd.DataFrame, headers: dict[str, str]) -> pd.DataFrame:
    return frame.rename(columns={c: _(h) for c, h in headers.items() if c in frame.columns})


def _yes(v) -> str:
    return _("yes") if (v is not None and not pd.isna(v) and bool(v)) else ""


def dataset_frames(db=None) -> dict[str, pd.DataFrame]:
    """The whole published dataset as tables with headers in the run's language (file -> frame)."""
    from chiso import scores
    from chiso.db import query

    s = query("export_scores", db)
    s["source"] = s["source"].map(fmt.source)
    s["period"] = scores.methodology_periods(s, db)  # the period a figure's methodology is of, as Xu hướng says
    s["rank_source"] = s["rank_source"].map(lambda v: _(RANK_SOURCES[v]) if v in RANK_SOURCES else v)
    s["edition_coverage"] = s["edition_coverage"].map(lambda v: _(COVERAGES[v]) if v in COVERAGES else v)
    for c in ("derived", "disputed", "group_boundary"):
        s[c] = s[c].map(_yes)
    for c in ("rank", "ranked_count", "rank_change", "period"):
        s[c] = s[c].astype("Int64")
    s = _renamed(s[[c for c in SCORE_HEADERS if c in s.columns]], SCORE_HEADERS)

    codes = list(catalog.indices())
    aggregates = _renamed(pd.concat([scores.aggregates(i, db) for i in codes], ignore_index=True), {
        "index_code": N_("Index"), "year": N_("Year"), "scope": N_("Scope"), "metric": N_("Measure"),
        "value": N_("Value"), "source": N_("Source"), "note": N_("Note")})
    editions = scores.editions(db=db)
    editions["coverage"] = editions["coverage"].map(lambda v: _(COVERAGES[v]) if v in COVERAGES else v)
    for c in ("ranked_count", "published_ranked_count", "with_total"):
        if c in editions:
            editions[c] = editions[c].astype("Int64")
    editions = _renamed(editions, {
        "index_code": N_("Index"), "year": N_("Year"), "province_set": N_("Province set"),
        "coverage": N_("Coverage"), "methodology": N_("Methodology"),
        "ranked_count": N_("Provinces ranked in the data"), "published_ranked_count": N_("Provinces ranked as published"),
        "note_vi": N_("Note (Vietnamese)"), "note_en": N_("Note (English)"),
        "with_total": N_("Provinces with a total in the data")})
    indicators = query("indicators", db)
    for c in ("first_year", "last_year", "level"):
        if c in indicators:
            indicators[c] = indicators[c].astype("Int64")
    indicators = _renamed(indicators, {
        "index_code": N_("Index"), "indicator_code": N_("Component code"), "parent_code": N_("Part of"),
        "level": N_("Level"), "kind": N_("Kind"), "name_vi": N_("Name (Vietnamese)"), "name_en": N_("Name (English)"),
        "max_value": N_("Maximum"), "min_value": N_("Minimum"), "first_year": N_("From year"),
        "last_year": N_("To year"), "aggregation": N_("Aggregation"), "note_vi": N_("Note (Vietnamese)"),
        "note_en": N_("Note (English)")})
    changes = _renamed(pd.concat([scores.methodology_changes(i, db) for i in codes], ignore_index=True), {
        "index_code": N_("Index"), "year": N_("From year"), "title_vi": N_("Change (Vietnamese)"),
        "title_en": N_("Change (English)"), "description_vi": N_("Description (Vietnamese)"),
        "description_en": N_("Description (English)"), "source": N_("Source")})
    provinces = _renamed(scores.provinces(db), {
        "province_code": N_("Province code"), "name_vi": N_("Province"), "name_en": N_("Province (English)"),
        "region_vi": N_("Region"), "region_en": N_("Region (English)"), "code_2025": N_("Province code from 01/07/2025"),
        "name_2025": N_("Province from 01/07/2025")})
    disagreements = _renamed(scores.disagreements(db), {
        "index_code": N_("Index"), "year": N_("Year"), "province_code": N_("Province code"),
        "indicator_code": N_("Component code"), "kind": N_("Kind"), "chosen": N_("Value chosen"),
        "candidates": N_("Values and sources"), "rule": N_("Rule used")})
    return {
        "diem_so.csv": s, "trung_binh_ca_nuoc_vung.csv": aggregates, "ky_cong_bo.csv": editions,
        "thanh_phan_chi_so.csv": indicators, "thay_doi_phuong_phap.csv": changes, "tinh_thanh.csv": provinces,
        "nguon_khac_nhau.csv": disagreements,
    }


def _per_index(column: str) -> list[str]:
    """One catalog text per index, in catalog order and the run's language (empty ones left out)."""
    lang = i18n.language()
    texts = (catalog.index_origins().get(code, {}).get(f"{column}_{lang}", "") for code in catalog.indices())
    return [t.strip() for t in texts if t and t.strip()]


def licence_and_caveats(changes: pd.DataFrame | None) -> str:
    breaks = ""
    if changes is not None and len(changes):
        idx, year, title = _("Index"), _("From year"), _("Change (Vietnamese)")
        if title not in changes:
            title = _("Change (English)")
        breaks = "\n" + "\n".join(f"  - {r[idx]} {r[year]}: {r[title]}" for _i, r in changes.iterrows())
    origins = _("## Origins and licences") + "\n\n" + "\n".join(_per_index("origin")) + "\n"
    caveats = (_("## Caveats") + "\n\n" + "\n".join(_per_index("caveat")) + "\n"
               + _(CAVEATS, breaks=breaks))
    return origins + "\n" + caveats


def citation(today: str) -> str:
    examples = "\n\n".join(c.format(today=today) for c in _per_index("citation"))
    return _(CITATION) + "\n\n" + examples + "\n"


def dataset_readme(frames: dict[str, pd.DataFrame]) -> str:
    today = fmt.date(today_vn())
    s = frames["diem_so.csv"]
    files = "\n".join(_("- `{name}` ({rows} rows): {what}", name=name, rows=fmt.number(len(f), 0),
                        what=_(FILE_NOTES[name]) if name in FILE_NOTES else "") for name, f in frames.items())
    per_index = s.groupby(_("Index"))[_("Year")].agg(["min", "max", "count"])
    span = "\n".join(_("- {index}: {first}–{last}, {n} values", index=i, first=r["min"], last=r["max"],
                       n=fmt.number(r["count"], 0)) for i, r in per_index.iterrows())
    indices = ", ".join(i.short for i in catalog.indices().values())
    head = _("# chiso dataset: provincial {indices}\n\nExported {today}. Every row carries its source "
             "(column `{source}`).\n\n## Files\n\n{files}\n\nCoverage:\n{span}\n",
             indices=indices, today=today, source=_("Source"), files=files, span=span)
    return f"{head}\n{licence_and_caveats(frames['thay_doi_phuong_phap.csv'])}\n{citation(today)}"


def view_readme(title: str, sources: list[str], files: dict[str, pd.DataFrame], note: str = "") -> str:
    today = fmt.date(today_vn())
    lines = "\n".join(f"- {s}" for s in sources[:200]) or f"- {_('no data yet')}"
    if len(sources) > 200:
        lines += "\n" + _("- … and {n} more sources (see the source column of each file)", n=len(sources) - 200)
    listing = "\n".join(_("- `{name}` ({rows} rows)", name=n, rows=len(f)) for n, f in files.items())
    head = _("# {title}\n\nExported {today}.{note}\n\n## Files\n\n{files}\n\n## Sources\n\n{sources}\n",
             title=title or _("Figures exported from chiso"), today=today, note=f" {note}" if note else "",
             files=listing, sources=lines)
    return f"{head}\n{licence_and_caveats(None)}\n{citation(today)}"


# What holds for every index; what is particular to one is catalog data (index_origins.csv).
CAVEATS = N_("""- **Derived values** (column `Derived` = `yes`): not stated directly but computed (a sum of components, or the
  previous rank from "up/down n places"). Their source is the source of the figures they are computed from.
- **Methodology changes** — do not compare directly across these (column `Methodology period`):{breaks}
- **Sources differ**: when pages state different numbers, both are in `nguon_khac_nhau.csv` with the rule
  used (column `Sources differ` = `yes`).
- An empty cell means no data yet. Decimals use a point (`85.95`) so that software reads them; in Excel use
  Data › From Text/CSV and choose the decimal separator, or download the XLSX from the app.
- Text cells starting with `=`, `+`, `-`, `@` get a leading `'` so that a spreadsheet does not run them.
""")

CITATION = N_("""## How to cite

Cite the original publisher of each value (column `Source`), for example:""")
