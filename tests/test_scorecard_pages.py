"""The pages after a province's scorecard is entered (SYNTHETIC, tests/results_fixtures.py): Chưa có
nhiệm vụ judges it as Điểm yếu does, and every count of weak items counts a weak criterion and the
↳ sub-criteria under it once, on both pages and in `chiso weak`."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from chiso import clock, paths
from chiso.results import open_results_store
from chiso.cli import main as cli
from chiso.tasks import open_store
from results_fixtures import ADMIN_HT, HA_TINH
from task_fixtures import signed_in
from test_results import scorecard_db  # noqa: F401 (the fixture: Hà Tĩnh's scorecards of 2022 and 2023)


def _task(code: str) -> dict:
    return {"Số kế hoạch": "01/KH-SYNTHETIC", "Nội dung nhiệm vụ": f"Nhiệm vụ thử cho {code} (SYNTHETIC)",
            "Đơn vị chủ trì": "Sở Nội vụ", "Thời hạn": "31/12/2026", "Liên kết chỉ số": f"PAR_INDEX:{code}"}


def _page(name: str, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(str(paths.ROOT / "pages" / name), default_timeout=60)
    for k, v in {"province": HA_TINH, "index": "PAR_INDEX", "year": "2023", "lang": lang}.items():
        at.query_params[k] = v
    signed_in(at, ADMIN_HT)
    at.run()
    assert not at.exception, at.exception
    return at


def test_weak_no_task_judges_the_scorecard_and_counts_items_as_the_weak_page(scorecard_db, tmp_path, monkeypatch,
                                                                             capsys):
    """Chưa có nhiệm vụ said "none is judged weak" where Điểm yếu listed five weak items, and Điểm yếu
    counted 9 weak without a task against 5 weak (rows against items). A task on criterion 7.1 covers
    7.1.2 too; one on 3.2.1 leaves 3.2 uncovered: 4 items without a task, 6 rows."""
    monkeypatch.setenv("CHISO_DB", str(scorecard_db))
    url = str(tmp_path / "tasks.duckdb")
    monkeypatch.setenv("CHISO_TASKS_URL", url)
    open_store(url).import_rows(ADMIN_HT, HA_TINH, [_task("F7.1"), _task("F3.2.1")], "thử")

    at = _page("9_Chua_co_nhiem_vu.py")
    assert not at.warning, [w.value for w in at.warning]
    assert {m.label: m.value for m in at.metric} == {"Điểm yếu": "5", "Chưa có nhiệm vụ đang mở": "4"}
    table = next(d.value for d in at.dataframe if "Mã" in d.value.columns).set_index("Mã")
    assert list(table.index) == ["F3.2", "F2.2", "F2.2.2", "F5.1", "F5.1.1", "F1.1.2"]
    assert table.at["F2.2.2", "Tên thành phần"].startswith("↳ ") and not table.at["F3.2", "Tên thành phần"].startswith("↳")
    assert set(table["Thay đổi thứ hạng"]) == {"không áp dụng"}

    weak_page = _page("6_Diem_yeu.py")
    counts = {m.label: m.value for m in weak_page.metric}
    assert counts["Điểm yếu"] == "5" and counts["Yếu mà chưa có nhiệm vụ"] == "4", counts
    english = [m.value for m in _page("6_Diem_yeu.py", "en").markdown]
    assert "1 open task covers it" in english and "1 open tasks cover it" not in english  # the task on 7.1

    assert cli(["weak", "--province", "Hà Tĩnh", "--year", "2023", "--index", "PAR_INDEX", "--db", str(scorecard_db),
                "--store", url]) == 0
    assert "5 nội dung yếu, 4 chưa có nhiệm vụ đang mở" in capsys.readouterr().out


def test_enter_results_names_the_index_as_the_sidebar_does(scorecard_db, monkeypatch):
    """Nhập kết quả offered "PAR_INDEX", the catalog's code, where every other page says "PAR INDEX"."""
    monkeypatch.setenv("CHISO_DB", str(scorecard_db))
    at = AppTest.from_file(str(paths.ROOT / "pages" / "11_Nhap_ket_qua.py"), default_timeout=60)
    signed_in(at, ADMIN_HT)
    at.run()
    assert not at.exception, at.exception
    index = at.selectbox(key="results_index")
    assert index.value == "PAR_INDEX" and "PAR INDEX" in index.options and "PAR_INDEX" not in index.options
    # so do the results entered (Hà Tĩnh's scorecards)
    entered = next(d.value for d in at.dataframe if "Kỳ đánh giá" in d.value.columns)
    assert set(entered["Kỳ đánh giá"]) == {"PAR INDEX 2022", "PAR INDEX 2023"}, entered
    # when, in Vietnam's time as a task's update is shown (the column said "(UTC)" and the UTC time)
    batches = open_results_store(paths.default_results_url(scorecard_db)).batches()
    assert list(entered["Thời điểm nhập"]) == [clock.local_time(t) for t in batches.entered_at], entered
    # which edition, when and by whom first: after the document and authority, the time of entry was past
    # the right edge of a 1366 px screen
    assert list(entered.columns)[:5] == ["Kỳ đánh giá", "Loại", "Số giá trị", "Thời điểm nhập", "Người nhập"], \
        list(entered.columns)


@pytest.mark.parametrize("lang, example", [("vi", "Quyết định số …/QĐ-BNV"), ("en", "Decision No. …/QĐ-BNV")])
def test_enter_results_shows_the_decision_numbers_example_in_the_users_language(scorecard_db, monkeypatch, lang,
                                                                              example):
    """The example in the empty decision-number box was Vietnamese in the English interface too."""
    monkeypatch.setenv("CHISO_DB", str(scorecard_db))
    at = AppTest.from_file(str(paths.ROOT / "pages" / "11_Nhap_ket_qua.py"), default_timeout=60)
    at.query_params["lang"] = lang
    signed_in(at, ADMIN_HT)
    at.run()
    assert not at.exception, at.exception
    assert at.text_input(key="results_document").placeholder == example


def test_the_weak_page_names_a_scorecards_levels_and_why_no_rank_is_recomputed(scorecard_db, monkeypatch, tmp_path):
    """With Hà Tĩnh's scorecard, Điểm yếu offered the chart's levels as PAPI's "Dimensions",
    "Sub-dimensions", "Level 3" (they are PAR INDEX's fields, criteria and sub-criteria), and said it
    could not re-rank because the province had "no total, or its total is not a sum of components":
    the reason is that the edition ranks only some provinces."""
    monkeypatch.setenv("CHISO_DB", str(scorecard_db))
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    at = _page("6_Diem_yeu.py", "en")
    assert at.radio(key="level").options == ["Field", "Criterion", "Sub-criterion"]
    assert any("no national ranking to recompute" in i.value for i in at.info)
    assert not any("not a sum of components" in i.value for i in at.info)
    vi = _page("6_Diem_yeu.py")
    assert vi.radio(key="level").options == ["Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần"]
