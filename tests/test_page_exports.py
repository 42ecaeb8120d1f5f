"""The Xuất báo cáo page and the download buttons, driven like a user (Streamlit AppTest)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from chiso import paths

PAGE = str(paths.ROOT / "pages" / "10_Xuat_ban.py")


def _download_labels(at) -> list[str]:
    return [str(e.proto.label) for e in at.get("download_button")]


def test_export_page_offers_deck_and_dataset(built_db):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["province"] = "42"
    at.query_params["year"] = "2022"
    at.run()
    assert not at.exception
    labels = _download_labels(at)
    assert "Tải gói báo cáo (ZIP)" in labels and "Tải bộ slide (PPTX)" in labels and "Tải toàn bộ số liệu (ZIP)" in labels
    assert any("Hà Tĩnh, năm 2022" in s.value for s in at.subheader)
    assert any("chưa có dữ liệu nhiệm vụ" in i.value for i in at.info)  # nobody signed in: said, not hidden


def test_export_page_in_english(built_db):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert "Download the slide deck (PPTX)" in _download_labels(at)


def _buttons_script():
    import pandas as pd
    import plotly.graph_objects as go

    from chiso.ui_exports import download_buttons

    fig = go.Figure(go.Bar(x=[1, 2], y=["Hà Tĩnh", "Quảng Ninh"], orientation="h"))
    df = pd.DataFrame({"name": ["Hà Tĩnh"], "value": [44.3138], "source": ["UNDP, PAPI 2022"]})
    download_buttons(fig=fig, df=df, name="Xếp hạng PAPI 2022", lang="vi", source="UNDP, PAPI 2022",
                     headers_vi={"name": "Tỉnh", "value": "Điểm", "source": "Nguồn"})
    download_buttons(df=df, name="Bảng", key="table_only")


def test_download_buttons_render_without_making_files():
    at = AppTest.from_function(_buttons_script, default_timeout=30).run()
    assert not at.exception
    labels = _download_labels(at)
    assert labels == ["⬇ PNG", "⬇ SVG", "⬇ XLSX", "⬇ CSV (ZIP)", "⬇ XLSX", "⬇ CSV (ZIP)"]


def test_a_signed_in_account_of_another_province_is_not_asked_to_sign_in(built_db, tmp_path, monkeypatch):
    """Bình Phước's admin preparing Hà Tĩnh's deck (a neighbour's, to compare) read "Chưa đăng nhập … Đăng nhập ở
    thanh bên trái", signed in: it now says whose tasks the account sees."""
    from chiso.auth import PROVINCE_ADMIN, User
    from task_fixtures import signed_in
    monkeypatch.setenv("CHISO_TASKS_URL", str(tmp_path / "tasks.duckdb"))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["province"] = "42"
    signed_in(at, User("admin_bp", PROVINCE_ADMIN, "70")).run()
    assert not at.exception
    said = [i.value for i in at.info]
    assert said == ["Tài khoản 'admin_bp' chỉ xem được nhiệm vụ của tỉnh mình, Bình Phước và Đồng Nai: slide nhiệm vụ "
                    "của bộ slide này sẽ ghi 'chưa có dữ liệu nhiệm vụ'."], said
