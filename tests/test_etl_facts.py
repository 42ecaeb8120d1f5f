"""Published facts, checked on the database built from the bundled data.

Each expected figure is quoted from a publication named beside it (see
../shared/data/raw/papi/PROVENANCE.md and par_sipas/SOURCES.md)."""
from __future__ import annotations

import duckdb
import numpy as np
import pytest


@pytest.fixture(scope="module")
def con(built_db):
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()


def score(con, index, year, province, indicator="TOTAL"):
    return one(con, "SELECT value, rank, ranked_count, score_change, rank_change, derived, source, rank_source "
                    "FROM v_scores WHERE index_code=? AND year=? AND province_code=? AND indicator_code=?",
               index, year, province, indicator)


def test_ha_tinh_papi_2022_is_44_31_of_80_eighth_of_61(con):
    # baohatinh.vn: "44,3138/80 điểm, xếp thứ 8/61"
    value, rank, count, *_ , derived, source, rank_source = score(con, "PAPI", 2022, "42")
    assert round(value, 4) == 44.3138
    assert (rank, count) == (8, 61)
    assert derived is True and "D1 + D2" in source and rank_source == "computed"
    assert one(con, "SELECT max_value FROM v_indicators WHERE index_code='PAPI' AND indicator_code='TOTAL' "
                    "AND first_year <= 2022 AND coalesce(last_year, 9999) >= 2022")[0] == 80


def test_ba_ria_vung_tau_papi_2021_bottom_group_down_3_84(con):
    # baobariavungtau.com.vn: 40,62/80 (double-rounded), nhóm 4, giảm 3,84 điểm; rank 47/60
    value, rank, count, change, *_ = score(con, "PAPI", 2021, "77")
    assert abs(value - 40.6146) < 1e-4 and (rank, count) == (47, 60)
    assert round(change, 2) == -3.84
    assert one(con, "SELECT group_no FROM v_groups WHERE year=2021 AND province_code='77'")[0] == 4


def test_quang_ninh_2020_dimensions_and_podium(con):
    dims = con.execute("SELECT indicator_code, value FROM v_scores WHERE index_code='PAPI' AND year=2020 "
                       "AND province_code='22' AND indicator_code LIKE 'D_' ORDER BY indicator_code").fetchall()
    printed = [5.805, 6.499, 4.793, 8.286, 7.611, 7.713, 4.964, 3.14]
    assert [round(v, 3) for _, v in dims][:7] == printed[:7] and round(dims[7][1], 2) == 3.14
    top = con.execute("SELECT province_code, round(value, 3) FROM v_scores WHERE index_code='PAPI' AND year=2020 "
                      "AND indicator_code='TOTAL' ORDER BY rank LIMIT 3").fetchall()
    assert top == [("22", 48.811), ("87", 46.961), ("19", 46.471)]


def test_2021_sixty_provinces_and_their_spread(con):
    vals = [v for (v,) in con.execute("SELECT value FROM v_scores WHERE index_code='PAPI' AND year=2021 "
                                       "AND indicator_code='TOTAL' AND value IS NOT NULL").fetchall()]
    assert len(vals) == 60
    assert round(max(vals), 3) == 48.059 and round(min(vals), 3) == 37.223 and round(float(np.median(vals)), 3) == 42.269
    for code in ("22", "24", "27"):  # Quảng Ninh, Bắc Giang, Bắc Ninh: "không đủ dữ liệu"
        assert score(con, "PAPI", 2021, code) is None


def test_2023_order_and_last(con):
    order = [c for (c,) in con.execute("SELECT province_code FROM v_scores WHERE index_code='PAPI' AND year=2023 "
                                        "AND indicator_code='TOTAL' ORDER BY rank LIMIT 6").fetchall()]
    assert order == ["46", "19", "27", "94", "95", "58"]
    last = one(con, "SELECT province_code, round(value, 2), rank, ranked_count FROM v_scores WHERE index_code='PAPI' "
                    "AND year=2023 AND indicator_code='TOTAL' ORDER BY rank DESC LIMIT 1")
    assert last == ("67", 38.97, 61, 61)


def test_provinces_ranked_per_year(con):
    got = dict(con.execute("SELECT year, ranked_count FROM v_editions WHERE index_code='PAPI'").fetchall())
    expected = {y: 63 for y in (2011, 2012, 2013, 2015, 2016, 2017, 2019, 2020)}
    expected.update({y: 61 for y in (2014, 2018, 2022, 2023, 2024)})
    expected[2021] = 60
    assert {y: int(v) for y, v in got.items()} == expected


def test_2022_d6_quartile_cut_points_match_the_report_legend(con):
    # PAPI 2022 report, D6 map legend: Cao 7.8579–8.3148, TB cao 7.5189–7.8072
    vals = np.array([v for (v,) in con.execute("SELECT value FROM v_scores WHERE index_code='PAPI' AND year=2022 "
                                                "AND indicator_code='D6' AND value IS NOT NULL").fetchall()])
    p50, p75 = np.percentile(vals, [50, 75])
    assert round(vals[vals >= p75].min(), 4) == 7.8579 and round(vals.max(), 4) == 8.3148
    assert round(vals[vals < p75].max(), 4) == 7.8072 and round(vals[vals >= p50].min(), 4) == 7.5189


def test_undp_excel_and_panel_agree_for_2011_2016(con):
    # both sources loaded; equal values merge into one row naming both
    n = one(con, "SELECT count(*) FROM v_disagreements WHERE index_code='PAPI' AND year <= 2016")[0]
    assert n == 0
    src = score(con, "PAPI", 2015, "42", "D1_KNOWLEDGE")[6]
    assert "PAPI_2011-2016.xlsx" in src and "ml-mcdm" in src
    value, rank, count, _, _, derived, *_ = score(con, "PAPI", 2015, "42")
    assert derived is False  # 2011-2016 totals are published in UNDP's file


def test_not_assessed_is_a_gap_not_a_zero(con):
    assert score(con, "PAPI", 2014, "24") is None  # Bắc Giang 2014: all-zero row in UNDP's sheet
    # Quảng Ninh 2018 lacks D2 and D4: no total, no rank, but its other dimensions stand
    assert score(con, "PAPI", 2018, "22") is None
    assert score(con, "PAPI", 2018, "22", "D1")[0] is not None


def test_no_change_across_the_2018_break(con):
    value, rank, count, change, rank_change, *_ = score(con, "PAPI", 2018, "42")
    assert change is None and rank_change is None  # 60-point and 80-point totals are different scales
    assert score(con, "PAPI", 2019, "42")[3] is not None


def test_par_index_2022_ha_tinh_published_rank_and_change(con):
    # Hà Tĩnh plan 221/KH-UBND: PAR INDEX 2022 85,95, 28/63, giảm 20 bậc; SIPAS 84,48%, 7/63
    value, rank, count, _, rank_change, derived, source, rank_source = score(con, "PAR_INDEX", 2022, "42")
    assert (value, rank, count, rank_change, rank_source) == (85.95, 28, 63, -20, "published")
    value, rank, count, *_ = score(con, "SIPAS", 2022, "42")
    assert (value, rank, count) == (84.48, 7, 63)


def test_partial_editions_are_never_ranked_by_computation(con):
    # Đồng Nai PAR INDEX 2022 is published 51/63 (baodongnai); a computed "x/14" would be a lie
    value, rank, count, *_ , rank_source = score(con, "PAR_INDEX", 2022, "75")
    assert (rank, count, rank_source) == (51, 63, "published")
    computed = one(con, "SELECT count(*) FROM v_scores WHERE index_code IN ('PAR_INDEX','SIPAS') "
                        "AND rank_source = 'computed'")[0]
    assert computed == 0
    assert one(con, "SELECT coverage FROM v_editions WHERE index_code='SIPAS' AND year=2023")[0] == "partial"


def test_source_disagreements_are_reported_not_silently_chosen(con):
    # Hải Phòng PAR 2023: 91.87 (most national outlets) vs 91.81 (one site)
    row = one(con, "SELECT chosen, candidates, rule FROM v_disagreements WHERE index_code='PAR_INDEX' "
                   "AND year=2023 AND province_code='31' AND kind='value'")
    assert row[0] == 91.87 and "91.81" in row[1] and "most sources" in row[2]
    assert one(con, "SELECT disputed FROM v_scores WHERE index_code='PAR_INDEX' AND year=2023 "
                    "AND province_code='31' AND indicator_code='TOTAL'")[0] is True


def test_derived_ranks_stay_marked(con):
    # Nghệ An PAR 2021 rank 17 is computed by the source from "2022 rank 16, +1"
    row = one(con, "SELECT rank, rank_source FROM v_scores WHERE index_code='PAR_INDEX' AND year=2021 "
                   "AND province_code='40' AND indicator_code='TOTAL'")
    assert row == (17, "published_derived")


def test_every_value_has_a_source(con):
    assert one(con, "SELECT count(*) FROM v_scores WHERE source IS NULL OR trim(source) = ''")[0] == 0


def test_views_have_the_documented_columns(con):
    def cols(view):
        return [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
    assert cols("v_provinces") == ["province_code", "name_vi", "name_en", "region", "code_2025", "name_2025"]
    assert cols("v_indicators") == ["index_code", "indicator_code", "parent_code", "level", "name_vi", "name_en",
                                    "max_value", "first_year", "last_year"]
    assert cols("v_scores")[:11] == ["index_code", "year", "province_code", "indicator_code", "value", "rank",
                                     "ranked_count", "score_change", "rank_change", "derived", "source"]
    assert one(con, "SELECT count(*) FROM v_provinces")[0] == 63
    assert one(con, "SELECT count(DISTINCT code_2025) FROM v_provinces")[0] == 34


def test_neighbours_come_from_shared_borders_of_the_bundled_map(con):
    pairs = set(con.execute("SELECT province_code, neighbour_code FROM province_neighbours").fetchall())
    assert {b for a, b in pairs if a == "77"} == {"60", "75", "79"}  # Bà Rịa - Vũng Tàu: Bình Thuận, Đồng Nai, TP. Hồ Chí Minh
    assert all((b, a) in pairs for a, b in pairs)  # a border is shared both ways
    assert {a for a, _ in pairs} == {r[0] for r in con.execute("SELECT province_code FROM v_provinces").fetchall()}


def test_the_memory_a_build_holds_is_eight_times_its_input_at_most_half_the_limit(tmp_path):
    """The build keeps the memory DuckDB frees for its next step (etl/build.py: _tune): sized by its
    input, never more than half DuckDB's memory limit, and none when the limit cannot be read."""
    import duckdb
    from etl import build as b
    small = tmp_path / "small.csv"
    small.write_bytes(b"x" * 1000)
    con = duckdb.connect()
    con.execute("SET memory_limit = '1GiB'")
    b._tune(con, [small])
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 1  # a small input: one thread
    held = con.execute("SELECT current_setting('allocator_flush_threshold')").fetchone()[0]
    assert b._bytes(held) == 8000, held
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(100 * 2**20)  # 100 MiB (sparse): 8 times it is more than half of 1 GiB
    b._tune(con, [big])
    assert b._bytes(con.execute("SELECT current_setting('block_allocator_memory')").fetchone()[0]) == 2**29
    assert b._bytes("12.5 GB") == 12_500_000_000 and b._bytes("unlimited") == 0
