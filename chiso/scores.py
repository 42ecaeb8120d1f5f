"""Data access for published results: what the pages and the CLI ask, by name.

Every function runs a named query from `queries/` (through `chiso.db`) and
returns a DataFrame or a small dict. No SQL is written here or in the pages.
`db` is the database path (None = the default `data/chiso.duckdb`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from chiso import catalog, fmt, i18n, names
from chiso.db import query
from chiso.i18n import _


def _query(name: str, db=None, **params) -> pd.DataFrame:
    """A named query with its sources in the reader's language: the build's own words ("Suy ra theo
    quy tắc của …") translated, the citations as published (`fmt.source`)."""
    frame = query(name, db, **params)
    if i18n.language() != "vi":
        for column in ("source", "sources"):
            if column in frame.columns:
                frame[column] = frame[column].map(fmt.source)
    return frame


def provinces(db=None) -> pd.DataFrame:
    return _query("provinces", db)


def new_province_regions(db=None) -> pd.DataFrame:
    """(code_2025, region_vi, region_en), one row per region one of a new province's parts was in: a province
    formed on 1 July 2025 is in each (Lâm Đồng, with Bình Thuận, in Tây Nguyên and on the coast), its namesake's
    region first. Derived from the 63's regions: no publisher has given the 34 theirs."""
    p = provinces(db)
    named = p.name_2025.str.removeprefix(names.CITY) == p.name_vi.str.removeprefix(names.CITY)  # Gia Lai: code 52
    p = p.assign(later=~named).sort_values(["code_2025", "later"], kind="stable")
    return p.drop_duplicates(["code_2025", "region_vi"])[["code_2025", "region_vi", "region_en"]].reset_index(drop=True)


def province_neighbours(province_code: str, db=None) -> pd.DataFrame:
    return _query("province_neighbours", db, province_code=province_code)


def map_layer(province_set: str = "63", db=None) -> dict:
    """Province outlines for a map (GeoJSON, feature `id` = the province code in that set): '63' the
    pre-2025 provinces, '34' the provinces formed on 1 July 2025. Simplified once at build time
    (about 0,19 MB instead of the bundled 1,5 MB), parsed once per database version."""
    from chiso.db import db_version
    return _map_layer(str(db or ""), db_version(db), str(province_set))


@lru_cache(maxsize=4)
def _map_layer(db: str, version: float, province_set: str) -> dict:
    rows = _query("map_layer", db or None, layer=province_set)
    if rows.empty:
        raise KeyError(f"no map layer '{province_set}' in the database (rebuild it: python -m chiso build)")
    return json.loads(rows.geojson.iloc[0])


def indices(db=None) -> pd.DataFrame:
    return _query("indices", db)


def editions(index_code: str | None = None, db=None) -> pd.DataFrame:
    e = _query("editions", db)
    return e[e.index_code == index_code].reset_index(drop=True) if index_code else e


def ranks_the_new_provinces(index_code: str | None, year: int, db=None) -> bool:
    """Whether the year's editions (of one index, or of every index published that year) all rank the 34
    provinces formed on 1 July 2025: a new province is then shown as itself, not through its former parts."""
    e = editions(index_code, db)
    return set(e.loc[e.year == year, "province_set"].astype(str)) == {"34"}


def shown_province(province_code: str, index_code: str | None, year: int, db=None) -> str:
    """The province whose figures answer for `province_code` in the year's editions: itself, or, where they
    rank the 34 (PAR INDEX 2025), the province it is part of from 1 July 2025 (Bình Phước: Đồng Nai). The
    pages (the frame), `chiso weak` and `chiso deck` ask this one rule."""
    if not ranks_the_new_provinces(index_code, year, db):
        return province_code
    return next((p.code_2025 for p in names.provinces() if p.code == province_code and p.code_2025), province_code)


def shown_name(code: str, index_code: str | None, year: int, db=None) -> str:
    """A code's name as the year's editions (of `index_code`, or any) list it: the new province where they
    rank the 34 (80 is Tây Ninh there, not Long An: a new province has one of its parts' codes), else the 63's.
    For the deck and `chiso weak`, which name the province whose figures they show."""
    return names.set_province_name(code, "34" if ranks_the_new_provinces(index_code, year, db) else "63")


def formed_from_notice(code_2025: str, year: int) -> str | None:
    """Said where an edition ranking the 34 shows a new province in place of a province of the 63 it was
    formed from (the pages' 63 list, `chiso weak`, `chiso deck`); None for one made of a province alone."""
    of_63 = {p.code for p in names.provinces()}
    parts = [c for c in names.formed_together(code_2025) if c in of_63]  # in the order of their names
    if len(parts) < 2:
        return None
    return _("The {year} figures rank the 34 provinces formed on 1 July 2025: shown here is {new}, formed from "
             "{parts}.", year=year, new=names.set_province_name(code_2025, "34"),
             parts=fmt.listing(names.province_name(c) for c in parts))


def years(index_code: str, db=None) -> list[int]:
    return [int(y) for y in editions(index_code, db).year]


def edition(index_code: str, year: int, db=None) -> dict | None:
    e = editions(index_code, db)
    e = e[e.year == year]
    return None if e.empty else e.iloc[0].to_dict()


def indicator_note(period, lang: str) -> str:
    """An indicator period's catalog note in the reader's language (Vietnamese where no English is written)."""
    for column in (f"note_{lang}", "note_vi"):
        note = getattr(period, column, None)
        if not fmt.is_missing(note) and str(note).strip():
            return str(note)
    return ""


def indicators(index_code: str, year: int | None = None, db=None) -> pd.DataFrame:
    """Indicator periods of an index; with a year, only those that apply that year."""
    i = _query("indicators", db)
    i = i[i.index_code == index_code]
    if year is not None:
        i = i[(i.first_year <= year) & (i.last_year.isna() | (i.last_year >= year))]
    return i.reset_index(drop=True)


def province_scores(index_code: str, year: int, province_code: str, db=None) -> pd.DataFrame:
    """The province's rows of one edition; `not_ranked` (see `not_ranked`) says how a missing rank reads."""
    df = _query("province_year_scores", db, index_code=index_code, year=int(year), province_code=province_code)
    df["not_ranked"] = not_ranked(df)
    return df


def not_ranked(df: pd.DataFrame) -> pd.Series:
    """A score with no rank because its edition ranks no province on that component (a criterion of a
    province's own scorecard, a sub-index an edition publishes without ranks): "không xếp hạng", not a
    gap. The total is always ranked by its publisher, so a total without a rank is a gap, as is a rank
    other provinces have and this one lacks (a partial edition's missing published rank)."""
    return (df.value.notna() & df["rank"].isna() & (df.indicator_code != "TOTAL")
            & (pd.to_numeric(df.provinces_ranked, errors="coerce").fillna(0) == 0))


def ranking(index_code: str, year: int, indicator_code: str = "TOTAL", db=None) -> pd.DataFrame:
    df = _query("ranking", db, index_code=index_code, year=int(year), indicator_code=indicator_code)
    df["not_ranked"] = not_ranked(df.assign(indicator_code=indicator_code, provinces_ranked=df["rank"].notna().sum()))
    if (edition(index_code, year, db) or {}).get("province_set") == "34":  # the 34 have no region of their own
        joined = new_province_regions(db).groupby("code_2025").agg("; ".join)
        df["region_vi"], df["region_en"] = df.province_code.map(joined.region_vi), df.province_code.map(joined.region_en)
    return df


# Why a change against the year before is missing (the build compares a row with the same province,
# indicator and indicator period in the year before, in the same province list: etl/sql/rank.sql)
NO_EDITION, NEW_LIST, METHOD_CHANGED, NO_FIGURE = "no_edition", "new_list", "method_changed", "no_figure"


def change_gap(index_code: str, year: int, indicator_code: str = "TOTAL", db=None) -> str | None:
    """Why no province of this edition has a change against the year before: no edition that year
    (NO_EDITION), the edition ranks another province list (NEW_LIST: 34 provinces against 63), or the
    indicator's period starts this year (METHOD_CHANGED: PAPI 2018's total out of 80). None: changes
    exist, and a province without one had no figure the year before (NO_FIGURE)."""
    before = edition(index_code, int(year) - 1, db)
    if before is None:
        return NO_EDITION
    now = edition(index_code, int(year), db)
    if now is not None and now["province_set"] != before["province_set"]:
        return NEW_LIST
    period = catalog.indicator_period(index_code, indicator_code, int(year))
    if period is not None and int(period.first_year) == int(year):
        return METHOD_CHANGED
    return None


def province_series(index_code: str, indicator_code: str, province_code: str, province_set: str = "63",
                    db=None) -> pd.DataFrame:
    return _query("province_series", db, index_code=index_code, indicator_code=indicator_code,
                 province_code=province_code, province_set=province_set)


def place_series(index_code: str, indicator_code: str, parts: tuple[str, ...], code_2025: str | None = None,
                 db=None) -> list[tuple[str, str, str, pd.DataFrame]]:
    """A place over the years, one series each: every province of `parts` in the editions of the 63 (and
    before), then `code_2025`, the province it is or is part of from 1 July 2025, in the editions that rank
    the 34. That one is a series of its own, never joined to the years before: its territory is new, its
    rank is among 34; it is named so, "Đồng Nai (từ 01/07/2025)", beside the former Đồng Nai. As (province
    code, province set, name in the reader's language, series); the 34's only where it has a row."""
    out = [(code, "63", names.province_name(code), province_series(index_code, indicator_code, code, db=db))
           for code in parts]
    if code_2025:
        series = province_series(index_code, indicator_code, code_2025, "34", db)
        if len(series):
            label = _("{new} (from 1 July 2025)", new=names.set_province_name(code_2025, "34"))
            out.append((code_2025, "34", label, series))
    return out


def national_series(index_code: str, indicator_code: str, region_vi: str = "", db=None) -> pd.DataFrame:
    return _query("national_series", db, index_code=index_code, indicator_code=indicator_code, region_vi=region_vi)


def aggregates(index_code: str, db=None) -> pd.DataFrame:
    return _query("aggregates", db, index_code=index_code)


def groups(index_code: str, province_code: str, db=None) -> pd.DataFrame:
    return _query("groups", db, index_code=index_code, province_code=province_code)


def component_distribution(index_code: str, year: int, db=None) -> pd.DataFrame:
    """Every province's value and rank for every indicator of one edition (weakness analysis)."""
    return _query("component_distribution", db, index_code=index_code, year=int(year))


def province_index_series(index_code: str, province_code: str, province_set: str = "63",
                          db=None) -> pd.DataFrame:
    """One province's values of every indicator of an index across editions, with periods."""
    return _query("province_index_series", db, index_code=index_code, province_code=province_code,
                 province_set=province_set)


def methodology_changes(index_code: str, db=None) -> pd.DataFrame:
    return _query("methodology_changes", db, index_code=index_code)


def series_breaks(index_code: str, indicator_code: str, lang: str = "vi", db=None) -> pd.DataFrame:
    """Where an indicator's series must not be joined, titled and explained: the first year of each
    catalog period after the first (the indicator changed meaning or scale) and, for the overall
    score, every methodology change the catalog marks `breaks_total` (PAR INDEX 2022: new fields,
    same 100 points; not PAPI 2021, whose total UNDP still compares year on year).
    Columns year, title, description."""
    periods = indicators(index_code, db=db)
    periods = periods[periods.indicator_code == indicator_code].sort_values("first_year")
    changes = methodology_changes(index_code, db).drop_duplicates("year").set_index("year")
    notes = {int(p.first_year): indicator_note(p, lang) for p in periods.iloc[1:].itertuples()}
    years = set(notes)
    if indicator_code == "TOTAL" and len(periods):
        years |= {y for y in _total_breaks(changes) if y > int(periods.first_year.iloc[0])}
    rows = []
    for year in sorted(years):
        if year in changes.index:
            title, description = changes.loc[year, f"title_{lang}"], changes.loc[year, f"description_{lang}"]
        else:
            title, description = i18n.translate("Scale or content change", lang), notes[year]
        rows.append({"year": year, "title": title, "description": description})
    return pd.DataFrame(rows, columns=["year", "title", "description"])


def _total_breaks(changes: pd.DataFrame) -> list[int]:
    """The years of the methodology changes (indexed by year) that cut the overall score's series."""
    return [int(y) for y in changes[changes.breaks_total.astype(str).str.lower().isin(["true", "1", "có"])].index]


def methodology_period(year: int, indicator_period: int, break_years) -> int:
    """The first year of the methodology an edition's figure belongs to: its indicator's catalog period
    (`period`, within which score and rank changes are computed), or the last break of its series since
    (`series_breaks`): PAR INDEX 2023's total is of the period from 2022 (Decision 876/QĐ-BNV), though the
    total's catalog period, out of 100 throughout, runs from 2012."""
    return max([int(indicator_period), *(int(b) for b in break_years if int(b) <= int(year))])


def methodology_periods(frame: pd.DataFrame, db=None) -> pd.Series:
    """`methodology_period` of each row of a frame of scores (index_code, indicator_code, year, period):
    only the overall score has breaks besides its catalog periods."""
    periods = frame.period.copy()
    totals = frame[(frame.indicator_code == "TOTAL") & frame.period.notna()]
    for index_code, of_index in totals.groupby("index_code"):  # the rule once per edition, not per row
        breaks = _total_breaks(methodology_changes(index_code, db).drop_duplicates("year").set_index("year"))
        for (year, period), rows in of_index.groupby(["year", "period"]).groups.items():
            periods[rows] = methodology_period(year, period, breaks)
    return periods


def disagreements(db=None) -> pd.DataFrame:
    return _query("disagreements", db)


def edition_scores(index_code: str, year: int, db=None) -> pd.DataFrame:
    """Every province's value on every indicator of one edition (for side-by-side comparison)."""
    return _query("edition_scores", db, index_code=index_code, year=int(year))


def provinces_2025(db=None) -> pd.DataFrame:
    """The 34 provinces of 1 July 2025 with the pre-2025 provinces each was formed from."""
    return _query("provinces_2025", db)


def index_sources(index_code: str, db=None) -> pd.DataFrame:
    """The sources of an index's figures, with years covered and derived/disputed counts."""
    return _query("index_sources", db, index_code=index_code)


@dataclass
class Card:
    """One index's headline for a province and year, as the overview shows it."""
    index_code: str
    short: str
    year: int
    value: float | None
    max_value: float | None
    unit_vi: str
    unit_en: str
    rank: int | None
    ranked_count: int | None
    score_change: float | None
    rank_change: int | None
    group_vi: str | None
    group_en: str | None
    group_boundary: bool
    coverage: str | None
    derived: bool
    source: str
    has_edition: bool
    change_gap: str | None = None  # why a change is missing (`change_gap`); None: no figure the year before

    def change_gap_text(self, lang: str = "vi") -> str | None:
        """Why a card with a figure has no change ("đổi phương pháp năm 2018"); None without a figure."""
        if self.value is None and self.rank is None:
            return None
        return fmt.change_gap(self.change_gap, self.year, lang)

    def sentence(self, lang: str = "vi") -> str:
        """'PAR INDEX 2022: 85,95 điểm, xếp thứ 28/63, giảm 20 bậc'."""
        with i18n.use(lang):
            return self._sentence(lang)

    def _sentence(self, lang: str) -> str:
        head = f"{self.short} {self.year}"
        if not self.has_edition:
            return _("{head}: no edition published", head=head)
        if self.value is None and self.rank is None:
            return f"{head}: {fmt.MISSING[lang]}"
        parts = []
        if self.value is not None:
            parts.append(fmt.amount(self.value, self.unit_vi, lang))
        else:
            parts.append(_("score: {missing}", missing=fmt.MISSING[lang]))
        if self.rank is not None:
            parts.append(_("ranked {rank}", rank=fmt.rank(self.rank, self.ranked_count, lang)))
            if self.rank_change is not None:
                n = abs(int(self.rank_change))
                if n == 0:
                    parts.append(_("same rank"))
                elif self.rank_change > 0:
                    parts.append(_("up 1 place") if n == 1 else _("up {n} places", n=n))
                else:
                    parts.append(_("down 1 place") if n == 1 else _("down {n} places", n=n))
        return f"{head}: " + ", ".join(parts)


def card(index_code: str, year: int, province_code: str, db=None) -> Card:
    idx = catalog.indices()[index_code]
    ed = edition(index_code, year, db)
    period = catalog.indicator_period(index_code, "TOTAL", year)
    rows = province_scores(index_code, year, province_code, db) if ed else pd.DataFrame()
    total = rows[rows.indicator_code == "TOTAL"] if not rows.empty else rows
    g = groups(index_code, province_code, db)  # PAPI's computed quartiles or a publisher's tiers (PCI)
    g = g[g.year == year] if not g.empty else g
    t = total.iloc[0] if len(total) else None

    def val(name):
        if t is None or pd.isna(t[name]):
            return None
        return t[name]

    return Card(
        index_code=index_code, short=idx.short, year=int(year), value=val("value"),
        max_value=period.max_value if period else None, unit_vi=idx.unit_vi, unit_en=idx.unit_en,
        rank=None if val("rank") is None else int(val("rank")),
        ranked_count=None if val("ranked_count") is None else int(val("ranked_count")),
        score_change=val("score_change"),
        rank_change=None if val("rank_change") is None else int(val("rank_change")),
        group_vi=g.iloc[0].group_vi if len(g) else None, group_en=g.iloc[0].group_en if len(g) else None,
        group_boundary=bool(g.iloc[0].boundary) if len(g) else False,
        coverage=ed["coverage"] if ed else None, derived=bool(val("derived") or False),
        source=val("source") or "", has_edition=ed is not None,
        change_gap=change_gap(index_code, year, "TOTAL", db) if ed else None)
