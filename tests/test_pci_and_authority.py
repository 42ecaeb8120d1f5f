"""PCI as the fourth index, historical provinces, and sources ranked by authority (issue 13).

Figures are checked on the database built from the bundled data (data/published, written by the
importers from ../shared/data/raw/pci); each expected figure is quoted from the source named beside it."""
from __future__ import annotations

import unicodedata

import duckdb
import pytest

from etl.canonical import Record


@pytest.fixture(scope="module")
def con(built_db):
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def total(con, year, province):
    return con.execute("SELECT value, rank, ranked_count, rank_source, edition_coverage, province_set FROM v_scores "
                       "WHERE index_code='PCI' AND year=? AND province_code=? AND indicator_code='TOTAL'",
                       [year, province]).fetchone()


def test_pci_2016_da_nang_first_of_63_with_70_00(con):
    # VCCI, PCI_2016.xlsx Summary_VN: Đà Nẵng 70.001396, Xếp hạng 1; vinhphuc.gov.vn list: 70,00 #1
    value, rank, count, rank_source, coverage, province_set = total(con, 2016, "48")
    assert round(value, 2) == 70.00 and (rank, count) == (1, 63)
    assert rank_source == "published" and coverage == "full" and province_set == "63"


def test_pci_2007_binh_duong_first_of_64_with_ha_tay_ranked_on_its_own(con):
    # VCCI, PCI_2007.xls: Bình Dương 77.19708 #1 of 64 provinces (Hà Tây still a province)
    value, rank, count, *_, province_set = total(con, 2007, "74")
    assert (rank, count, province_set) == (1, 64, "64") and round(value, 2) == 77.20
    ha_tay = total(con, 2007, "28")
    assert ha_tay[1] is not None and ha_tay[2] == 64
    ranking = con.execute("SELECT count(*) FROM v_scores WHERE index_code='PCI' AND year=2007 "
                          "AND indicator_code='TOTAL' AND rank IS NOT NULL").fetchone()[0]
    assert ranking == 64
    merged = con.execute("SELECT merged_into_code, merged_into_vi, merged_on, code_2025 FROM v_province_history "
                         "WHERE province_code='28'").fetchone()
    assert merged == ("01", "Hà Nội", "2008-08-01", "01")


def test_ha_noi_2008_to_2009_is_not_a_score_change_across_the_merger(con):
    # 2008 ranks 64 provinces (Hà Nội without Hà Tây), 2009 ranks 63: no change is computed across.
    row = con.execute("SELECT score_change, rank_change FROM v_scores WHERE index_code='PCI' AND year=2009 "
                      "AND province_code='01' AND indicator_code='TOTAL'").fetchone()
    assert row == (None, None)


def test_pci_2015_has_10_sub_indices_on_a_0_to_10_scale(con):
    rows = con.execute("SELECT indicator_code, max_value FROM v_indicators WHERE index_code='PCI' AND level=1 "
                       "AND first_year <= 2015 AND coalesce(last_year, 9999) >= 2015").fetchall()
    assert len(rows) == 10 and {m for _, m in rows} == {10}
    assert "EQUAL" in {c for c, _ in rows} and "SOE_BIAS" not in {c for c, _ in rows}
    per_year = dict(con.execute("SELECT year, count(DISTINCT indicator_code) FROM v_indicators i JOIN "
                                "(SELECT unnest([2007, 2010, 2015]) AS year) y ON i.index_code='PCI' AND i.level=1 "
                                "AND y.year BETWEEN i.first_year AND coalesce(i.last_year, 9999) GROUP BY year").fetchall())
    assert per_year == {2007: 10, 2010: 9, 2015: 10}  # the sub-index set changes in 2009 and 2013
    values = con.execute("SELECT count(*) FROM v_scores WHERE index_code='PCI' AND year=2015 AND province_code='48' "
                         "AND indicator_code <> 'TOTAL'").fetchone()[0]
    assert values == 10


def test_pci_2023_is_partial_with_published_ranks_only(con):
    # From PCI 2023 VCCI publishes scores and ranks of its top 30 only (pcivietnam.vn profile note);
    # cafef.vn names the top 5: Quảng Ninh 71,25 #1 …
    coverage = con.execute("SELECT coverage FROM v_editions WHERE index_code='PCI' AND year=2023").fetchone()[0]
    assert coverage == "partial"
    ranks = con.execute("SELECT province_code, rank, rank_source FROM v_scores WHERE index_code='PCI' AND year=2023 "
                        "AND rank IS NOT NULL").fetchall()
    assert {r[2] for r in ranks} == {"published"} and len(ranks) == 5
    assert ("22", 1, "published") in ranks
    subs = con.execute("SELECT count(*), count(rank) FROM v_scores WHERE index_code='PCI' AND year=2023 "
                       "AND indicator_code='ENTRY'").fetchone()
    assert subs == (63, 0)  # sub-indices of all 63, never ranked from a partial edition
    quang_tri = total(con, 2023, "45")
    assert quang_tri is None  # "N/A: không được xếp hạng" stays a gap


def test_pci_tiers_are_published_groups(con):
    # PCI_2016.xlsx: Đà Nẵng "Rất tốt"; 2006 and 2008 workbooks have no tier column
    row = con.execute("SELECT group_no, group_vi FROM v_groups WHERE index_code='PCI' AND year=2016 "
                      "AND province_code='48'").fetchone()
    assert row == (1, "Rất tốt")
    years = {y for (y,) in con.execute("SELECT DISTINCT year FROM v_groups WHERE index_code='PCI'").fetchall()}
    assert 2016 in years and 2007 in years and not {2006, 2008, 2009} & years


def test_sipas_2022_ha_tinh_resolved_by_authority_with_the_press_value_kept(con):
    # Plan 221/KH-UBND (provincial government) 84,48% vs baohatinh.vn (press) 84,37%
    value, disputed = con.execute("SELECT value, disputed FROM v_scores WHERE index_code='SIPAS' AND year=2022 "
                                  "AND province_code='42' AND indicator_code='TOTAL'").fetchone()
    assert value == 84.48 and disputed is True
    chosen, candidates, rule = con.execute(
        "SELECT chosen, candidates, rule FROM v_disagreements WHERE index_code='SIPAS' AND year=2022 "
        "AND province_code='42' AND kind='value'").fetchone()
    assert chosen == 84.48 and "84.37 (press:" in candidates and "84.48 (provincial:" in candidates
    assert "provincial > press" in rule


def test_observations_2026_11_are_loaded(con):
    # baohatinh.vn: "Chỉ số PAR Index năm 2023 đạt 88,35 điểm, đứng thứ 18 cả nước"
    row = con.execute("SELECT value, rank FROM v_scores WHERE index_code='PAR_INDEX' AND year=2023 "
                      "AND province_code='42' AND indicator_code='TOTAL'").fetchone()
    assert row == (88.35, 18)


HEADER = "Chỉ số,Năm,Tỉnh/thành phố,Mã thành phần,Giá trị,Xếp hạng công bố,Nguồn,Loại nguồn\n"
# one published rank (Hà Tĩnh's, from its plan) so the file is a whole edition's worth of kinds
RANK_ROW = "SIPAS,2022,Hà Tĩnh,TOTAL,,7,Kế hoạch của UBND tỉnh,provincial\n"


def build_from(tmp_path, monkeypatch, files: dict[str, list[tuple]]) -> duckdb.DuckDBPyConnection:
    """A database built from these canonical files only (rows: value, source, kind), read in the
    order given: the build's own rule, whatever module implements it."""
    from chiso import paths
    from etl.build import build

    folder = tmp_path / "published"
    folder.mkdir(parents=True)
    for name, rows in files.items():
        (folder / name).write_text(HEADER + "".join(f"SIPAS,2022,Hà Tĩnh,TOTAL,{v},,{src},{kind}\n"
                                                     for v, src, kind in rows), encoding="utf-8")
    (folder / "rank.csv").write_text(HEADER + RANK_ROW, encoding="utf-8")
    monkeypatch.setattr(paths, "PUBLISHED_DIR", folder)
    db = tmp_path / "t.duckdb"
    build(db, progress=lambda *_: None)
    return duckdb.connect(str(db), read_only=True)


def sipas_ha_tinh(con):
    value, disputed = con.execute("SELECT value, disputed FROM v_scores WHERE index_code='SIPAS' AND year=2022 "
                                  "AND province_code='42' AND indicator_code='TOTAL'").fetchone()
    return value, disputed


PRESS = [(84.37, "https://a.example/1", "press"), (84.37, "https://b.example/2", "press")]
PLAN = [(84.48, "Kế hoạch của UBND tỉnh", "provincial")]


@pytest.mark.parametrize("files", [{"a.csv": PRESS, "b.csv": PLAN}, {"a.csv": PLAN, "b.csv": PRESS}])
def test_authority_beats_number_of_sources_whatever_the_read_order(tmp_path, monkeypatch, files):
    con = build_from(tmp_path, monkeypatch, files)
    assert sipas_ha_tinh(con) == (84.48, True)
    assert con.execute("SELECT count(*) FROM v_disagreements").fetchone()[0] == 1


def test_same_authority_more_sources_win_and_a_tie_never_depends_on_read_order(tmp_path, monkeypatch):
    one, two = [(90.1, "https://x.example", "press")], [(90.3, "https://y.example", "press")]
    con = build_from(tmp_path / "a", monkeypatch, {"a.csv": one, "b.csv": two + [(90.3, "https://z.example", "press")]})
    assert sipas_ha_tinh(con) == (90.3, True)
    first = sipas_ha_tinh(build_from(tmp_path / "b", monkeypatch, {"a.csv": one, "b.csv": two}))
    second = sipas_ha_tinh(build_from(tmp_path / "c", monkeypatch, {"a.csv": two, "b.csv": one}))
    assert first == second and first[1] is True


def test_every_bundled_value_has_a_source_kind():
    import csv

    from chiso import paths
    from etl.canonical import SOURCE_KINDS
    for f in sorted(paths.PUBLISHED_DIR.glob("*.csv")):
        with open(f, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        if "Mã thành phần" not in rows[0]:
            continue  # aggregates: national and regional means, not province values
        kinds = {r["Loại nguồn"] for r in rows}
        assert kinds <= set(SOURCE_KINDS), (f.name, kinds - set(SOURCE_KINDS))


def test_workbook_importer_reads_what_pci_csv_recorded_from_the_same_workbooks(shared_dir):
    """pci.csv holds, beside other pages, every value of VCCI's 2006–2016 workbooks as transcribed
    by its compiler; the workbook importer, reading the files themselves, must find exactly those."""
    import csv

    from chiso import aliases
    from chiso.names import resolve_province
    from etl import pci_csv, pci_workbooks

    raw = shared_dir / "data" / "raw" / "pci"
    mine = {}
    for f in sorted((raw / "workbooks").iterdir()):
        if pci_workbooks.looks_like(f):
            for r in pci_workbooks.read(f):
                mine[(r.year, r.province_code, r.indicator_code)] = r.value
                if r.published_rank is not None:
                    mine[(r.year, r.province_code, "RANK")] = r.published_rank
                if r.published_group:
                    mine[(r.year, r.province_code, "TIER")] = r.published_group
    theirs = {}
    with open(raw / "pci.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if not pci_csv.from_workbook(r["source_url_or_repo_path"]):
                continue
            year = int(r["year"])
            code = r["indicator"] if r["indicator"] in ("TOTAL", "RANK", "TIER") else \
                aliases.indicator_for("PCI", r["indicator"], year)
            v = unicodedata.normalize("NFC", r["value"]).strip()
            theirs[(year, resolve_province(r["province"]), code)] = v if code == "TIER" else float(v)
    assert len(theirs) == 8605 and set(mine) == set(theirs)
    assert all(mine[k] == theirs[k] for k in theirs), [k for k in theirs if mine[k] != theirs[k]][:5]


# --- the pages show PCI like the other indices (catalog-driven, no page names it) -----------------

def page(name: str, **params):
    import sys
    from pathlib import Path

    from streamlit.testing.v1 import AppTest
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    at = AppTest.from_file(str(root / "pages" / name), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for kind in ("title", "markdown", "caption", "info", "warning") for e in getattr(at, kind)]
    shown += [f"{m.label} {m.value}" for m in at.metric] + [d.value.to_string() for d in at.dataframe]
    return at, "\n".join(map(str, shown))


def test_rankings_pci_2016_full_and_2007_with_ha_tay(built_db):
    at, shown = page("1_Xep_hang.py", province="48", index="PCI", year=2016, indicator="TOTAL")
    table = at.dataframe[0].value
    assert len(table) == 63 and "xếp thứ 1/63" in shown and "70,00" in shown
    at, shown = page("1_Xep_hang.py", province="01", index="PCI", year=2007, indicator="TOTAL")
    assert len(at.dataframe[0].value) == 64
    assert "Hà Tây (hợp nhất vào Hà Nội từ 01/08/2008)" in shown and "41/64" in shown


def test_rankings_pci_2023_partial_published_ranks_only(built_db):
    at, shown = page("1_Xep_hang.py", province="22", index="PCI", year=2023, indicator="TOTAL")
    assert "Kỳ công bố chưa đầy đủ" in shown and "xếp thứ 1/63" in shown
    assert len(at.dataframe[0].value) == 5  # VCCI's top 30, of which 5 are in the sources at hand


def test_overview_shows_the_pci_card_with_its_tier(built_db):
    at, shown = page("0_Tong_quan.py", province="48", year=2016)
    assert "PCI 2016: 70,00 điểm, xếp thứ 1/63" in shown and "Rất tốt" in shown


def test_trends_pci_total_breaks_at_the_sub_index_changes(built_db):
    at, shown = page("2_Xu_huong.py", province="01", index="PCI", indicator="TOTAL")
    assert "Thay đổi phương pháp 2009" in shown and "Thay đổi phương pháp 2013" in shown
    table = at.dataframe[0].value
    assert {"2007", "2016"} <= set(table["Năm"])  # Hà Nội's own 2006–2008 values, before the merger
    assert "2006–2008: Hà Nội trước khi hợp nhất Hà Tây (01/08/2008)" in shown
    note = table[table["Năm"] == "2007"].iloc[0]["Ghi chú"]
    assert "Hà Tây được xếp hạng riêng" in note


@pytest.mark.parametrize("table_first", [True, False])
def test_between_equal_sources_the_one_stating_the_editions_whole_table_wins(table_first):
    """Same kind, one source each: the press table of all 63 provinces decides against a press
    quote of one province, whichever is read first; the disagreement names the rule."""
    from chiso.names import province_set_codes
    from etl.build import consolidate
    from etl.canonical import Record

    def record(code, value, source):
        return Record("SIPAS", 2023, code, "", "TOTAL", value, None, None, False, source, province_set="63",
                      source_kind="press")

    table = [record(code, 80.0 + n / 10, "https://table.example/sipas-2023")
             for n, code in enumerate(sorted(province_set_codes("63")))]
    quote = [record("42", 99.5, "https://quote.example/ha-tinh")]
    values, disagreements = consolidate(table + quote if table_first else quote + table)
    ha_tinh = values[values.province_code == "42"].iloc[0]
    assert ha_tinh.value == next(r.value for r in table if r.province_code == "42")
    assert ha_tinh.source == "https://table.example/sipas-2023" and bool(ha_tinh.disputed)
    assert len(disagreements) == 1 and "complete table" in disagreements.iloc[0]["rule"]


def test_a_note_is_said_once_whether_it_came_with_the_value_or_the_rank():
    """A row stating a score and its rank with one note read "came last; came last" (the value's notes
    then the rank's); two sources stating the value, one of them also the rank, repeated that one's note."""
    from etl.build import consolidate
    from etl.canonical import Record

    def record(value, rank, source, note, row):
        return Record("PAR_INDEX", 2013, "14", "", "TOTAL", value, rank, 63, False, source, note=note,
                      province_set="63", source_kind="press", row=row)

    values, _ = consolidate([record(71.5, 63, "https://a.example", "came last", 2),
                             record(71.5, None, "https://b.example", "score nearly 72", 3)])
    assert values.iloc[0].note == "came last; score nearly 72"
    values, _ = consolidate([record(71.5, 63, "https://a.example", "came last", 2)])
    assert values.iloc[0].note == "came last"
