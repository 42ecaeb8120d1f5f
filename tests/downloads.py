"""Helpers for tests of the download buttons pages put under their charts and tables
(`chiso.ui_exports.download_buttons`), driven with Streamlit's AppTest."""
from __future__ import annotations

import io

import streamlit.testing.v1.app_test as app_test
from streamlit.runtime.media_file_manager import MediaFileManager


def button_key(button) -> str:
    """The widget key a download button was given ("ranking_table_XLSX" for key="ranking_table").

    Element ids read "$$ID-<hash>-<user key>"; download_buttons keys its buttons "dl_<key>_<label>"."""
    key = button.proto.id.split("-", 2)[-1]
    return key[3:] if key.startswith("dl_") else key


def download_rows(at) -> list[tuple[str, list[str]]]:
    """Every row of download buttons with the element shown just above it, in page order:
    [("plotly_chart", ["ranking_chart_PNG", "ranking_chart_SVG"]), ("dataframe", [...]), ...]."""
    rows: list[tuple[str, list[str]]] = []

    def walk(block) -> None:
        previous = None
        for child in getattr(block, "children", {}).values():
            kids = list(getattr(child, "children", {}).values())
            if kids and all(k.type == "download_button" for k in kids):
                rows.append((previous, [button_key(k) for k in kids]))
            else:
                walk(child)
            previous = child.type
    walk(at.main)
    return rows


def download_keys(at) -> list[str]:
    return [button_key(b) for b in at.get("download_button")]


def record_downloads(monkeypatch) -> dict:
    """Make AppTest keep every deferred download callable: {deferred_file_id: callable}.

    AppTest creates a fresh MediaFileManager for each run and drops it afterwards; this records
    the callables the page registers so a test can make the file exactly as a click would."""
    callables: dict = {}

    class Recording(MediaFileManager):
        def add_deferred(self, data_callable, *args, **kwargs):
            file_id = super().add_deferred(data_callable, *args, **kwargs)
            callables[file_id] = data_callable
            return file_id

    monkeypatch.setattr(app_test, "MediaFileManager", Recording)
    return callables


def make_file(at, callables: dict, key: str) -> bytes:
    """The bytes one button (by key, e.g. "ranking_table_XLSX") would download."""
    [button] = [b for b in at.get("download_button") if button_key(b) == key]
    assert button.proto.deferred_file_id, "the file must be made on click, not with the page"
    return callables[button.proto.deferred_file_id]()


def xlsx_table(data: bytes, first_header: str):
    """(cells above the table, header row, data rows) of an exported workbook's first sheet;
    the header row is the one starting with `first_header`."""
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows())
    at = next(i for i, r in enumerate(rows) if r[0].value == first_header)
    above = [r[0].value for r in rows[:at] if r[0].value is not None]
    header = [c.value for c in rows[at]]
    return above, header, rows[at + 1:]
