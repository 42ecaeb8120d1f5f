"""One question, one answer: which weak components of Hà Tĩnh's PAPI 2022 have no open task?
Điểm yếu, Chưa có nhiệm vụ, the deck and `python -m chiso weak` are asked on the same task store
and must agree (they all call chiso.weakness and chiso.coverage)."""
from __future__ import annotations

import csv
import io
from contextlib import redirect_stdout

import pytest
from chiso import coverage, weakness
from chiso.auth import PROVINCE_ADMIN, VIEWER, User
from chiso.cli import main
from task_fixtures import app_store
from test_page_weakness import UNTASKED_PAGE, WEAK_PAGE, run

HA_TINH = "42"
ADMIN_HT, VIEWER_HT = User("admin_ht", PROVINCE_ADMIN, HA_TINH), User("xem_ht", VIEWER, HA_TINH)
# Weak in 2022 (test_weakness): D7_WATER, D4_EMPLOYMENT, D4_SERVICE, D2_LANDUSE.
TASKS = [
    {"Nội dung nhiệm vụ": "Nâng cao chất lượng nước sinh hoạt", "Đơn vị chủ trì": "Sở Tài nguyên và Môi trường",
     "Thời hạn": "30/06/2025", "Liên kết chỉ số": "PAPI:D7_WATER", "Trạng thái": "Đang thực hiện"},  # covers it
    {"Nội dung nhiệm vụ": "Công khai kế hoạch sử dụng đất", "Đơn vị chủ trì": "Sở Tài nguyên và Môi trường",
     "Thời hạn": "Quý IV/2025", "Liên kết chỉ số": "PAPI:D2"},  # on the dimension: covers D2_LANDUSE
    {"Nội dung nhiệm vụ": "Kiểm soát tham nhũng trong dịch vụ công", "Đơn vị chủ trì": "Thanh tra tỉnh",
     "Thời hạn": "31/12/2024", "Liên kết chỉ số": "PAPI:D4_SERVICE", "Trạng thái": "Hoàn thành"},  # done: not
    {"Nội dung nhiệm vụ": "Tiếp tục phổ biến, quán triệt nâng cao Chỉ số PAPI", "Đơn vị chủ trì": "Sở Nội vụ",
     "Thời hạn": "Thường xuyên", "Liên kết chỉ số": "PAPI"},  # index-wide: covers nothing
]
EXPECTED = {"D4_EMPLOYMENT", "D4_SERVICE"}


@pytest.fixture
def store(built_db, tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch, ADMIN_HT, HA_TINH, TASKS, "thử")


def _deck_uncovered(tasks, db) -> set[str]:
    """The function the deck asks (chiso/deck.py on main; chiso.deck.content once the deck is a package)."""
    try:
        from chiso.deck import content
        return set(content.weak_and_covered("PAPI", 2022, HA_TINH, tasks, db=db).uncovered.indicator_code)
    except ImportError:
        from chiso import deck
        weak, _ = deck.weak_components("PAPI", 2022, HA_TINH, db=db)
        return set(deck.uncovered_components(weak, tasks).indicator_code)


def test_pages_deck_and_cli_agree_on_uncovered(store, built_db):
    tasks = coverage.tasks_frame(store.list_tasks(VIEWER_HT, HA_TINH))
    weak = set(weakness.weak(weakness.assess("PAPI", 2022, HA_TINH)).indicator_code)
    assert EXPECTED < weak

    # Điểm yếu: each weak row says whether an open task covers it.
    at = run(WEAK_PAGE, user=VIEWER_HT)
    heads = [m.value for m in at.markdown if m.value.startswith("**D")]
    flags = [m.value for m in at.markdown if m.value.startswith("⚠️") or "nhiệm vụ đang mở" in m.value]
    assert len(heads) == len(flags) == len(weak)
    weak_page = {h.split(" · ")[0].strip("*") for h, f in zip(heads, flags) if f.startswith("⚠️")}
    # The index-wide task is listed once, apart, not under any weak component.
    general = [d.value for d in at.dataframe if "Nội dung nhiệm vụ" in d.value.columns][-1]
    assert list(general["Nội dung nhiệm vụ"]) == ["Tiếp tục phổ biến, quán triệt nâng cao Chỉ số PAPI"]

    # Chưa có nhiệm vụ.
    untasked_page = set(run(UNTASKED_PAGE, user=VIEWER_HT).dataframe[-1].value["Mã"])

    # The deck.
    deck = _deck_uncovered(tasks, built_db)

    # The command line.
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["weak", "--province", "Hà Tĩnh", "--year", "2022", "--index", "PAPI", "--format", "csv",
                     "--store", store.url, "--db", str(built_db)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == ["index_code", "indicator_code", "name_vi", "value", "max_value", "rank", "ranked_count",
                             "verdict", "priority", "reasons", "open_tasks", "covered", "weak_parent", "percentile",
                             "gap_to_best", "comparable", "overdue_tasks"]
    cli = {r["indicator_code"] for r in rows if r["verdict"] == "weak" and r["covered"] == "false"}
    assert {r["indicator_code"] for r in rows if r["verdict"] == "weak"} == weak
    by_code = {r["indicator_code"]: r for r in rows}
    assert by_code["D7_WATER"]["open_tasks"] == "1" and by_code["D2_LANDUSE"]["open_tasks"] == "1"
    # ... and how many of them are overdue (due 30/06/2025 and Quý IV/2025, not done): as the page says
    assert by_code["D7_WATER"]["overdue_tasks"] == by_code["D2_LANDUSE"]["overdue_tasks"] == "1"
    late_page = {h.split(" · ")[0].strip("*") for h, f in zip(heads, flags) if "1 quá hạn" in f}
    assert late_page == {c for c, r in by_code.items() if r["verdict"] == "weak" and r["overdue_tasks"] not in ("", "0")}

    assert weak_page == untasked_page == deck == cli == EXPECTED


def test_the_cli_reads_an_index_and_a_component_as_a_tasks_link_does(store, built_db, capsys):
    """`weak --index papi` was refused (argparse's choices), while `tasks list --index papi` and
    `--index PAPI --indicator D99` listed "0 tasks", and `--indicator D7_WATER` alone listed every task;
    an edition with no component figures printed pandas' "Empty DataFrame"."""
    common = ["--province", "Hà Tĩnh", "--store", store.url, "--db", str(built_db)]
    assert main(["tasks", "list", *common, "--index", "papi", "--indicator", "d7_water"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("1 nhiệm vụ")
    assert main(["tasks", "list", *common, "--index", "PAPI", "--indicator", "D99"]) == 2
    assert "thành phần 'D99' không có trong chỉ số PAPI" in capsys.readouterr().err
    assert main(["tasks", "list", *common, "--indicator", "D7_WATER"]) == 2
    assert "--indicator cần --index" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["tasks", "list", *common, "--index", "PARI"])
    assert "'PARI' không phải một chỉ số: PAPI, PAR_INDEX, SIPAS, PCI" in capsys.readouterr().err

    assert main(["weak", *common, "--year", "2022", "--index", "papi", "--format", "csv"]) == 0
    assert "D7_WATER" in capsys.readouterr().out
    assert main(["weak", *common, "--year", "2022", "--index", "par index"]) == 0
    out = capsys.readouterr().out
    assert "Empty DataFrame" not in out
    assert "PAR INDEX 2022: Nguồn công khai không nêu điểm các nội dung của tỉnh trong kỳ này." in out, out


@pytest.mark.parametrize("index_code, year, province", [("PCI", 2020, "31"), ("PAR_INDEX", 2022, "49")])
def test_the_deck_judges_an_edition_as_the_pages_do(built_db, index_code, year, province):
    """Hải Phòng's PCI 2020 sub-indices and Quảng Nam's PAR INDEX 2022 fields are public with their maxima,
    but cannot be compared with the country: the pages say "not judged", and the deck's summary said
    "no component weak by the current rules", as if they had been judged and found fine."""
    from chiso.deck import content
    assessed = weakness.assess(index_code, year, province, db=built_db)
    assert not assessed.empty and not weakness.judged(assessed)
    _weak, judged = content.weak_components(index_code, year, province, db=built_db)
    assert judged is False
