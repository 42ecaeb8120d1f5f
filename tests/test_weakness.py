"""Weak components (chiso.weakness) and the one covered rule (chiso.coverage), on the database
built from the bundled data.

Expected figures are recomputed here independently from v_scores with pandas; a few facts are
checked by hand against the published PAPI 2022 sub-dimension table (figures in the comments).
"""
from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pandas as pd
import pytest

from chiso import catalog, coverage, weakness, what_if
from chiso.errors import InputError
from task_fixtures import empty_store

HA_TINH, QUANG_NAM = "42", "49"


@pytest.fixture(scope="module")
def v_scores(built_db) -> pd.DataFrame:
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        return con.execute("SELECT * FROM v_scores WHERE index_code = 'PAPI'").df()
    finally:
        con.close()


@pytest.fixture(scope="module")
def ha_tinh_2022(built_db):
    return weakness.assess("PAPI", 2022, HA_TINH)


def simple_rules_file(tmp_path, rows: list[str]):
    path = tmp_path / "weakness_rules.csv"
    path.write_text("rule_id,enabled,verdict,metric,operator,threshold,label_vi,label_en,note\n"
                    + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_ha_tinh_papi_2022_a_short_weak_list_none_in_the_top_quarter(ha_tinh_2022, v_scores):
    a = ha_tinh_2022
    weak = weakness.weak(a)
    assert 1 <= len(weak) <= 8
    assert (weak["rank"] / weak.ranked_count > 0.25).all()
    # Independently: a weak row is in the bottom quarter or at least 1% of its maximum below the
    # national median, recomputed from v_scores.
    y = v_scores[(v_scores.year == 2022) & v_scores.value.notna()]
    mine = y[y.province_code == HA_TINH].set_index("indicator_code")
    median = y.groupby("indicator_code").value.median()
    expected = set()
    for code, row in a.set_index("indicator_code").iterrows():
        low = row["rank"] / row.ranked_count > 0.75 or (median[code] - mine.at[code, "value"]) / row.max_value >= 0.01
        if low and row["rank"] / row.ranked_count > 0.25:
            expected.add(code)
    assert set(weak.indicator_code) == expected
    # Chất lượng nước (D7_WATER) 0,40, 51st of 63, fell three editions: weak, and first (largest gap share).
    assert weak.indicator_code.iloc[0] == "D7_WATER"
    by = a.set_index("indicator_code")
    # Giải quyết khiếu nại (D3) ranks 2/62 and fell two editions in a row: watch, not weak.
    assert (by.at["D3", "rank"], by.at["D3", "ranked_count"]) == (2, 62)
    assert by.at["D3", "verdict"] == "watch" and "falling_2_editions" in by.at["D3", "rules_fired"]
    assert set(a.verdict) <= {"weak", "watch", "ok"}
    # several reasons read as one sentence: "Thuộc nhóm 25% …; thấp hơn trung vị …" (a capital after
    # the semicolon read as two sentences run together)
    two = [r for r in a.reasons_vi if "; " in r]
    assert two and all(part[:1].islower() for r in two for part in r.split("; ")[1:]), two
    assert all(part[:1].islower() for r in a.reasons_en if "; " in r for part in r.split("; ")[1:])
    assert a.attrs["basis"] == "national"
    # The interface columns (COORD.md).
    for col in ("index_code", "indicator_code", "parent_code", "level", "name_vi", "name_en", "value", "max_value",
                "rank", "ranked_count", "verdict", "priority", "reasons"):
        assert col in a.columns
    # Weak first, each verdict by priority.
    order = {"weak": 0, "watch": 1, "ok": 2}
    keys = [(order[v], -p) for v, p in zip(a.verdict, a.priority)]
    assert keys == sorted(keys)


def test_component_figures_and_priority(ha_tinh_2022, v_scores):
    a = ha_tinh_2022
    t = a.attrs["total"]
    assert round(t["value"], 2) == 44.31 and (t["rank"], t["ranked_count"]) == (8, 61)
    c = a.set_index("indicator_code")
    assert {"D1", "D8", "D2_POVERTY", "D7_WATER"} <= set(c.index) and "TOTAL" not in c.index
    assert c.at["D2", "max_value"] == 10 and c.at["D5_CERT", "max_value"] == pytest.approx(3.3334)
    water = v_scores[(v_scores.year == 2022) & (v_scores.indicator_code == "D7_WATER") & v_scores.value.notna()]
    assert c.at["D7_WATER", "national_best"] == pytest.approx(water.value.max())
    assert c.at["D7_WATER", "gap_to_best"] == pytest.approx(water.value.max() - 0.400689, abs=1e-6)
    assert c.at["D7_WATER", "gap_to_median"] == pytest.approx(water.value.median() - 0.400689, abs=1e-6)
    assert c.at["D7_PROTECTION", "rank_change"] == -32
    # Priority: the gap to the best as a share (%) of the summed gap of the level.
    dims = c[c.level == 1]
    assert dims.priority.sum() == pytest.approx(100.0)
    assert c[c.level == 2].priority.sum() == pytest.approx(100.0)
    assert c.at["D7", "priority"] == pytest.approx(100 * 1.171505 / dims.gap_to_best.sum(), rel=1e-5)
    assert c.at["D6_EDUCATION", "gap_to_best"] == 0 and c.at["D6_EDUCATION", "priority"] == 0


def test_where_a_point_counts_most_rerank_by_hand(built_db):
    # Hà Tĩnh 2022, total 44,313824 (8th of 61). Bring Chất lượng nước (D7_WATER) from 0,400689 to
    # the best in the country, 1,749612: new total = 44,313824 − 0,400689 + 1,749612 = 45,662747.
    # Provinces whose actual total exceeds it: Quảng Ninh 47,88, Bình Dương 47,45, Thanh Hóa 46,02,
    # Ninh Thuận 46,00 (Thừa Thiên Huế 45,38 does not) → 4, so the new rank is 5: 3 places gained.
    best = what_if.where_a_point_counts_most("PAPI", 2022, HA_TINH, step="best").set_index("indicator_code")
    w = best.loc["D7_WATER"]
    assert w.new_total == pytest.approx(45.662747, abs=1e-6)
    assert (w.current_rank, w.new_rank, w.ranks_gained, w.ranked_count) == (8, 5, 3, 61)
    assert best.ranks_gained.iloc[0] == 3 and best.ranks_gained.is_monotonic_decreasing


def test_where_a_point_counts_most_median_by_hand(v_scores):
    # Quảng Nam 2022, total 42,237702 (31st). Đóng góp tự nguyện (D1_CONTRIB) 0,654929; the national
    # median of D1_CONTRIB is recomputed below (1,052264). New total = 42,237702 − 0,654929 + 1,052264
    # = 42,635037. Totals above it: the first 27 (Lai Châu 42,6906 is 27th; Hậu Giang 42,5916 is not)
    # → new rank 28, 3 places gained: the best single lever at the median.
    contrib = v_scores[(v_scores.year == 2022) & (v_scores.indicator_code == "D1_CONTRIB") & v_scores.value.notna()]
    assert round(contrib.value.median(), 6) == 1.052264
    totals = v_scores[(v_scores.year == 2022) & (v_scores.indicator_code == "TOTAL") & v_scores.value.notna()]
    assert (totals[totals.province_code != QUANG_NAM].value > 42.635037).sum() == 27

    out = what_if.where_a_point_counts_most("PAPI", 2022, QUANG_NAM, step="median")
    top = out.iloc[0]
    assert top.indicator_code == "D1_CONTRIB"
    assert top.new_total == pytest.approx(42.635037, abs=1e-6)
    assert (top.current_rank, top.new_rank, top.ranks_gained) == (31, 28, 3)
    # A component already above the median has no step to take: it is not listed.
    assert (out.points_needed > 0).all()


def test_the_default_step_is_realistic_and_not_a_column_of_zeros(v_scores):
    # Default: reach the next national quartile cut point above the score. Hà Tĩnh 2022's
    # Tham gia (D2) 5,5814 is in the top quarter, so its next cut is the best (6,3745):
    # total 44,3138 − 5,5814 + 6,3745 = 45,1069, passing Hà Giang and Thừa Thiên Huế: 6th.
    out = what_if.where_a_point_counts_most("PAPI", 2022, HA_TINH)
    assert (out.step == "next_quartile").all() and out.ranks_gained.max() > 0
    d2 = out.set_index("indicator_code").loc["D2"]
    dist = v_scores[(v_scores.year == 2022) & (v_scores.indicator_code == "D2") & v_scores.value.notna()].value
    assert d2.target_value == pytest.approx(dist.max())
    totals = v_scores[(v_scores.year == 2022) & (v_scores.indicator_code == "TOTAL") & v_scores.value.notna()]
    others = totals[totals.province_code != HA_TINH].value
    assert d2.new_rank == 1 + (others > d2.new_total).sum()
    # Every target is a real quartile cut or the best of that component, and lies above the score.
    for r in out.itertuples():
        values = v_scores[(v_scores.year == 2022) & (v_scores.indicator_code == r.indicator_code)].value.dropna()
        cuts = [values.quantile(q) for q in (0.25, 0.5, 0.75)] + [values.max()]
        assert min(abs(r.target_value - c) for c in cuts) < 1e-9 and r.target_value > r.value
    # The next place above costs the gap to the province above, on any component with headroom.
    assert out.points_for_next_place.iloc[0] == pytest.approx(sorted(others[others > 44.313824])[0] - 44.313824, abs=1e-6)
    tenth = what_if.where_a_point_counts_most("PAPI", 2022, HA_TINH, step="tenth_of_max").set_index("indicator_code")
    assert tenth.at["D7_WATER", "points_needed"] == pytest.approx(0.33334)


def test_current_rank_matches_the_published_rank_rule(built_db):
    # The re-ranking counts strictly higher totals (ties share the better rank): applied to the
    # actual totals it must give back the database's rank for every province.
    from chiso import scores
    ranking = scores.ranking("PAPI", 2022)
    for prov in ["42", "22", "49", "95"]:
        out = what_if.where_a_point_counts_most("PAPI", 2022, prov, step="best")
        assert out.current_rank.iloc[0] == ranking.set_index("province_code").at[prov, "rank"]


def test_falls_in_a_row_stop_at_a_methodology_break(v_scores, built_db):
    # Hà Tĩnh, Giải quyết khiếu nại, tố cáo (D3_APPEALS): 1,5293 (2020) → 0,6098 (2021) → 0,5689
    # → 0,5422 → 0,5145 (2024). Four falls in a row in the raw numbers, but 2021 starts a new
    # period (the level dropped with the 2021 methodology), so only 2022, 2023, 2024 count: 3.
    s = v_scores[(v_scores.province_code == HA_TINH) & (v_scores.indicator_code == "D3_APPEALS")].set_index("year")
    assert all(s.at[y, "value"] < s.at[y - 1, "value"] for y in (2021, 2022, 2023, 2024))
    assert catalog.indicator_period("PAPI", "D3_APPEALS", 2021) != catalog.indicator_period("PAPI", "D3_APPEALS", 2020)
    c = weakness.assess("PAPI", 2024, HA_TINH).set_index("indicator_code")
    assert c.at["D3_APPEALS", "score_falls_in_a_row"] == 3
    # 2021 itself is the first edition of its period: no fall can be counted.
    c21 = weakness.assess("PAPI", 2021, HA_TINH).set_index("indicator_code")
    assert c21.at["D3_APPEALS", "score_falls_in_a_row"] == 0


def test_rules_are_data(tmp_path, built_db):
    default = weakness.weak(weakness.assess("PAPI", 2022, HA_TINH))
    copy = tmp_path / "weakness_rules.csv"
    shutil.copy(catalog.catalog_file(weakness.RULES_FILE), copy)
    # Keep only the bottom-quartile rule, with a stricter threshold (bottom fifth).
    text = copy.read_text(encoding="utf-8").splitlines()
    kept = [text[0]] + [line.replace(",0.75,", ",0.8,") for line in text[1:] if line.startswith("bottom_quartile,")]
    copy.write_text("\n".join(kept) + "\n", encoding="utf-8")
    stricter = weakness.weak(weakness.assess("PAPI", 2022, HA_TINH, rules=weakness.load_rules(copy)))
    # 51/63 = 0,8095 > 0,8 and 49/61 = 0,8033 > 0,8; 43/61 is not in the bottom fifth.
    assert set(stricter.indicator_code) == {"D7_WATER", "D4_SERVICE"}
    assert len(default) > len(stricter)
    assert all(r == ("bottom_quartile",) for r in stricter.rules_fired)
    assert stricter.reasons_vi.iloc[0].startswith("Thuộc nhóm 25%")  # the label comes from the file
    # Disabled rules do not fire: everything is ok.
    copy.write_text(copy.read_text(encoding="utf-8").replace(",true,", ",false,"), encoding="utf-8")
    assert set(weakness.assess("PAPI", 2022, HA_TINH, rules=weakness.load_rules(copy)).verdict) == {"ok"}
    # Without the top-quarter guard, a weak rule reaching into the top quarter would flag D3 (2/62).
    loose = simple_rules_file(tmp_path, ["falls,true,weak,score_falls_in_a_row,>=,2,Giảm,Falling,"])
    assert "D3" in set(weakness.weak(weakness.assess("PAPI", 2022, HA_TINH, rules=weakness.load_rules(loose))).indicator_code)


def test_a_malformed_rules_file_names_row_and_column(tmp_path):
    bad = simple_rules_file(tmp_path, ["x,true,weak,rank_shar,>,0.75,Nhãn,Label,"])
    with pytest.raises(InputError, match=r"dòng 2, cột metric"):
        weakness.load_rules(bad)
    bad = simple_rules_file(tmp_path, ["x,true,weak,rank_share,>,ba phần tư,Nhãn,Label,"])
    with pytest.raises(InputError, match=r"cột threshold"):
        weakness.load_rules(bad)
    bad = simple_rules_file(tmp_path, ["x,true,bad,rank_share,>,0.75,Nhãn,Label,"])
    with pytest.raises(InputError, match=r"cột verdict"):
        weakness.load_rules(bad)


def test_partial_edition_is_not_judged(built_db):
    # PAR INDEX 2022 names only some provinces. Quảng Nam's fields are published with ranks
    # (Cải cách thủ tục hành chính 9,66, 63rd of 63), but nothing national can be computed.
    a = weakness.assess("PAR_INDEX", 2022, QUANG_NAM)
    assert a.attrs["basis"] in ("scorecard", "published")
    c = a.set_index("indicator_code")
    assert c.at["F3", "value"] == pytest.approx(9.66) and c.at["F3", "rank"] == 63
    assert c.national_median.isna().all() and c.gap_to_best.isna().all() and c.percentile.isna().all()
    assert "weak" not in set(a.verdict)  # 63rd of 63, yet nothing is weak without a distribution
    assert what_if.where_a_point_counts_most("PAR_INDEX", 2022, QUANG_NAM).empty
    # With maxima, rows are ordered by points lost against the maximum (a scorecard's only yardstick).
    # F3 loses 3,34 points of 13, F2 1,18, F4 1,10: that is the order, nothing judged.
    assert list(a.dropna(subset=["priority"]).indicator_code[:3]) == ["F3", "F2", "F4"]
    assert a.verdict.isna().all() and a.attrs["basis"] == "scorecard"
    h = weakness.assess("PAR_INDEX", 2022, HA_TINH)
    assert (h.attrs["total"]["value"], h.attrs["total"]["rank"]) == (85.95, 28) and h.empty
    assert weakness.basis("SIPAS", 2022) == "published"


def test_a_full_edition_is_not_judged_on_components_two_provinces_publish(built_db, tmp_path, capsys):
    """PCI 2020 ranks all 63 provinces on the total; its sub-indices are public for Hải Phòng and Quảng
    Trị only. Hải Phòng's Land access (6,18 against Quảng Trị's 6,95) was "weak: below the national
    median", a median of two; and Hà Tĩnh, with no sub-index at all, was told "0 weak"."""
    from chiso import scores
    from chiso.cli import main
    hai_phong = weakness.assess("PCI", 2020, "31")
    assert weakness.basis("PCI", 2020) == "published" and not weakness.judged(hai_phong)
    assert hai_phong.set_index("indicator_code").at["LAND", "value"] == pytest.approx(6.18)
    assert "weak" not in set(hai_phong.verdict) and hai_phong.national_median.isna().all()
    assert what_if.where_a_point_counts_most("PCI", 2020, "31").empty
    mine = scores.province_scores("PCI", 2020, "31").set_index("indicator_code")
    assert mine.national_median.drop("TOTAL").isna().all() and mine.at["TOTAL", "national_median"] == pytest.approx(63.44)
    assert 2020 not in set(scores.national_series("PCI", "LAND").year)  # no national line through two values
    assert 2020 in set(scores.national_series("PCI", "TOTAL").year)
    assert main(["weak", "--province", "Hải Phòng", "--year", "2020", "--index", "PCI", "--db", str(built_db),
                 "--store", empty_store(tmp_path)]) == 0
    out = capsys.readouterr().out
    land = next(line for line in out.splitlines() if " LAND " in line)
    assert "Chưa đánh giá" in land and "0 nội dung yếu" not in out, out  # not judged is not "none weak"
    assert "PCI 2020: không đánh giá nội dung yếu (chỉ một số tỉnh có số liệu các nội dung" in out, out
    assert "Không nội dung nào được đánh giá (Hải Phòng, năm 2020;" in out, out
    # PAPI's editions are compared on every component, as before
    assert weakness.basis("PAPI", 2024) == "national"


def task_rows(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(coverage.TASK_COLUMNS, r)) for r in rows], columns=coverage.TASK_COLUMNS)


def test_one_covered_rule(ha_tinh_2022):
    tasks = task_rows(
        ("T1", "P1", HA_TINH, "Nước sạch", "Sở TN&MT", "", dt.date(2025, 6, 30), False, "in_progress", "PAPI", "D7_WATER"),
        ("T2", "P1", HA_TINH, "Môi trường", "Sở TN&MT", "", dt.date(2025, 3, 31), False, "done", "PAPI", "D7"),
        ("T3", "P1", HA_TINH, "Nâng cao PAPI", "Sở Nội vụ", "", None, True, "not_started", "PAPI", None),
        ("T4", "P1", HA_TINH, "Tuyển dụng", "Sở Nội vụ", "", dt.date(2025, 12, 31), False, "paused", "PAPI", "D4"),
        ("T5", "P1", HA_TINH, "SIPAS", "Sở Nội vụ", "", None, True, "in_progress", "SIPAS", None),
        ("T6", "P1", HA_TINH, "Đóng góp", "UBND huyện", "", None, True, "in_progress", "PAPI", "D1_CONTRIB"),
        ("T7", "P1", "49", "Quảng Nam", "Sở Nội vụ", "", None, True, "in_progress", "PAPI", "D4_SERVICE"),
    )
    a = coverage.attach(ha_tinh_2022, tasks).set_index("indicator_code")
    assert a.at["D7_WATER", "covered"] and a.at["D7_WATER", "task_ids"] == ("T1",)  # T2 on D7 is done
    # A paused task on the dimension covers its sub-dimensions (still open work).
    assert a.at["D4_SERVICE", "covered"] and a.at["D4_EMPLOYMENT", "task_ids"] == ("T4",)
    # A task on a sub-dimension does not cover the dimension; an index-wide task covers nothing.
    assert not a.at["D1", "covered"] and a.at["D1_CONTRIB", "open_tasks"] == 1
    assert not a.at["D2_LANDUSE", "covered"] and a.at["D2_LANDUSE", "open_tasks"] == 0
    # Another province's task never counts.
    assert "T7" not in a.at["D4_SERVICE", "task_ids"]
    # The uncovered weak list and the general tasks, listed once.
    assert set(coverage.uncovered(coverage.attach(ha_tinh_2022, tasks)).indicator_code) == {"D2_LANDUSE"}
    general = coverage.general_tasks(tasks, "PAPI")
    assert list(general.task_id) == ["T3"] and general.is_open.all()
    # Listing agrees with counting.
    links = coverage.links(ha_tinh_2022, tasks)
    water = links[links.indicator_code == "D7_WATER"].set_index("task_id")
    assert water.at["T1", "scope"] == "exact" and water.at["T2", "scope"] == "parent" and not water.at["T2", "is_open"]
    opened = links[links.is_open.astype(bool)].groupby("indicator_code").task_id.nunique()
    assert all(opened.get(c, 0) == n for c, n in a.open_tasks.items())
    # Unknown tasks (nobody signed in): covered is missing, never False.
    assert coverage.attach(ha_tinh_2022, None).covered.isna().all()
    # Of the open tasks, those past their deadline: T1 (30/06/2025) on 01/01/2026 and T4 (31/12/2025,
    # paused: still owed) on 01/01/2026; the done T2 and the recurring T6 never
    late = coverage.attach(ha_tinh_2022, tasks, day=dt.date(2025, 7, 1)).set_index("indicator_code")
    assert (late.at["D7_WATER", "overdue_tasks"], late.at["D4_SERVICE", "overdue_tasks"]) == (1, 0)
    late = coverage.attach(ha_tinh_2022, tasks, day=dt.date(2026, 1, 1)).set_index("indicator_code")
    assert (late.at["D7", "overdue_tasks"], late.at["D4_SERVICE", "overdue_tasks"]) == (0, 1)
    assert late.at["D1_CONTRIB", "overdue_tasks"] == 0 and late.at["D1_CONTRIB", "open_tasks"] == 1


def test_chiso_weak_table_reads_in_the_clis_language(built_db, tmp_path, monkeypatch, capsys):
    """The table to read said "không" under `covered` and gave Vietnamese names and the codes weak/ok
    in an English CLI: its verdicts, yes/no and names follow the CLI's language (the CSV keeps codes)."""
    from chiso.cli import main
    argv = ["weak", "--province", "Hà Tĩnh", "--year", "2022", "--index", "PAPI", "--db", str(built_db),
            "--store", empty_store(tmp_path)]
    monkeypatch.setenv("CHISO_LANG", "en")
    assert main(argv) == 0
    water = next(line for line in capsys.readouterr().out.splitlines() if "D7_WATER" in line)
    assert "Water quality" in water and " Weak " in water and water.split()[-3] == "no", water
    assert "không" not in water and "Chất lượng" not in water, water
    monkeypatch.setenv("CHISO_LANG", "vi")
    assert main(argv) == 0
    water = next(line for line in capsys.readouterr().out.splitlines() if "D7_WATER" in line)
    assert "Chất lượng nước" in water and " Yếu " in water and " không " in water, water


def test_chiso_weak_says_why_its_list_is_longer_than_its_count(built_db, tmp_path, capsys):
    """Bình Phước's PAPI 2024: "7 nội dung yếu" under 21 weak rows, as on the page: said."""
    from chiso.cli import main
    argv = ["weak", "--province", "Bình Phước", "--year", "2024", "--index", "PAPI", "--db", str(built_db),
            "--store", empty_store(tmp_path)]
    assert main(argv) == 0
    weak = weakness.weak(weakness.assess("PAPI", 2024, "70"))
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == (f"Một nội dung cùng các nội dung thành phần yếu của nó (cột Thuộc) tính là một: "
                    f"{weakness.groups(weak)} mục, {len(weak)} dòng."), last


def test_chiso_weak_counts_only_the_indices_it_judged(built_db, tmp_path, capsys):
    """Quảng Nam, 2022: PAPI is judged (5 weak), PAR INDEX is published for some provinces only, SIPAS
    and PCI give no component. The count is PAPI's, and PAR INDEX is said not judged, under its name
    as the pages write it (the table's Index column said "PAR_INDEX")."""
    from chiso.cli import main
    assert main(["weak", "--province", "Quảng Nam", "--year", "2022", "--db", str(built_db),
                 "--store", empty_store(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    f3 = next(line for line in lines if " F3 " in line)
    assert f3.split()[:2] == ["PAR", "INDEX"] and "PAR_INDEX" not in "\n".join(lines), f3
    weak = weakness.weak(weakness.assess("PAPI", 2022, QUANG_NAM))
    assert any(line.startswith(f"{weakness.groups(weak)} nội dung yếu, ") for line in lines), lines
    assert any(line.startswith("PAR INDEX 2022: không đánh giá nội dung yếu") for line in lines), lines
    assert "PAPI 2022: không đánh giá" not in "\n".join(lines)
    assert "SIPAS 2022: Nguồn công khai không nêu điểm các nội dung của tỉnh trong kỳ này." in lines


def test_chiso_weak_for_a_year_no_index_covers_says_so(built_db, tmp_path, capsys):
    """`chiso weak --year 1999` printed an empty table and "0 weak components": as if the province
    had none. No index has a 1999 edition, and the command says that (exit 2)."""
    from chiso.cli import main
    assert main(["weak", "--province", "Hà Tĩnh", "--year", "1999", "--db", str(built_db),
                 "--store", empty_store(tmp_path)]) == 2
    out = capsys.readouterr()
    assert "Chưa có chỉ số nào có kỳ 1999 (kỳ mới nhất: PAPI 2024, PAR INDEX 2024, SIPAS 2024, PCI 2024)" in out.err \
        and "0 nội dung yếu" not in out.out, out
    assert main(["weak", "--province", "Hà Tĩnh", "--year", "2025", "--index", "PAR_INDEX", "--db", str(built_db),
                 "--store", empty_store(tmp_path)]) == 2
    assert "PAR INDEX chưa có kỳ 2025 (kỳ mới nhất: PAR INDEX 2024)" in capsys.readouterr().err


def test_chiso_weak_says_when_its_database_is_missing_or_old(built_db, tmp_path, capsys):
    """`chiso weak --db typo.duckdb` ended in a DuckDB traceback, and a database older than the bundled
    data and catalog (a pull) in a Binder Error on a column it lacked. Missing: an error naming the
    file and the build command; older: a note, and the command runs on what is there."""
    import os
    import shutil

    from chiso.cli import main
    store = empty_store(tmp_path)
    missing = tmp_path / "typo.duckdb"
    assert main(["weak", "--province", "42", "--year", "2022", "--db", str(missing), "--store", store]) == 2
    err = capsys.readouterr().err
    assert f"Không có cơ sở dữ liệu tại {missing}" in err and "python -m chiso build --db" in err, err
    old = tmp_path / "old.duckdb"
    shutil.copy(built_db, old)
    os.utime(old, (0, 0))
    assert main(["weak", "--province", "42", "--year", "2022", "--index", "PAPI", "--db", str(old), "--store", store]) == 0
    out = capsys.readouterr()
    assert "cũ hơn số liệu kèm theo" in out.err and "D7_WATER" in out.out, out.err


def test_chiso_weak_piped_into_a_reader_that_stops_ends_quietly(built_db, tmp_path, monkeypatch):
    """`python -m chiso weak ... | head` printed a BrokenPipeError traceback once head had its lines:
    the command now ends with 141 (a shell's code for a closed pipe) and says nothing."""
    import sys

    from chiso.cli import main

    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["weak", "--province", "42", "--year", "2022", "--index", "PAPI", "--format", "csv",
                 "--db", str(built_db), "--store", empty_store(tmp_path)]) == 141
