"""Download buttons under any chart or table: PNG, SVG, XLSX, CSV (ZIP with a README of sources).

Pages call `download_buttons(fig=..., df=..., name=...)`. Files are made only when the button is
clicked (Streamlit runs the callable then, on its own thread) so a page with many charts does
not render images nobody asked for; images come from the app's one shared browser.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import exports, fmt
from chiso.names import fold

MIME = {
    "png": "image/png", "svg": "image/svg+xml", "zip": "application/zip", "pptx":
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Excel formats for changes: "+3", "-20", "0" ("+1,25" in a Vietnamese Excel).
SIGNED_INT = "+#,##0;-#,##0;0"
SIGNED_2 = "+#,##0.00;-#,##0.00;0.00"


def file_stem(name: str) -> str:
    """'Xếp hạng PAPI 2022' -> 'xep_hang_papi_2022' (safe on every OS and e-mail client)."""
    return fold(name).replace(" ", "_") or "chiso"


def download_buttons(fig=None, df: pd.DataFrame | None = None, name: str = "chiso", lang: str = "vi", *,
                     title: str = "", source: str = "", headers_vi: dict[str, str] | None = None,
                     number_formats: dict[str, str] | None = None,
                     frames: dict[str, pd.DataFrame] | None = None, key: str | None = None) -> None:
    """One row of download buttons: PNG and SVG of `fig`; XLSX of `df` (Vietnamese headers
    `headers_vi`, Excel `number_formats`, `title`, `source` line); a ZIP of CSVs of `frames`
    (default: `df`) with a README naming the sources.

    `name` becomes the file name; `key` keeps widget keys unique when one page shows the same
    name twice.
    """
    vi = lang == "vi"
    stem = file_stem(name)
    key = key or stem
    frames = frames if frames is not None else ({name: df} if df is not None else None)
    buttons = []
    if fig is not None:
        buttons.append(("PNG", lambda: exports.figure_png(fig), f"{stem}.png", MIME["png"],
                        "Ảnh PNG 1600×900 để chèn vào báo cáo" if vi else "PNG image, 1600×900"))
        buttons.append(("SVG", lambda: exports.figure_svg(fig), f"{stem}.svg", MIME["svg"],
                        "Ảnh vector SVG (phóng to không vỡ)" if vi else "Vector image (SVG)"))
    if df is not None:
        missing = fmt.MISSING.get(lang, fmt.MISSING["vi"])  # a gap reads "no data yet" in an English table
        buttons.append(("XLSX", lambda: exports.table_xlsx(df, headers_vi, number_formats, title=title or name,
                                                          source=source, missing_text=missing),
                        f"{stem}.xlsx", MIME["xlsx"],
                        "Bảng Excel, tiêu đề tiếng Việt" if vi else "Excel table"))
    if frames:
        buttons.append(("CSV (ZIP)", lambda: exports.view_zip(frames, title=title or name, source=source, lang=lang),
                        f"{stem}.zip", MIME["zip"],
                        "Số liệu CSV kèm tệp README ghi nguồn" if vi else "CSV data with a README of sources"))
    if not buttons:
        return
    # One compact row (buttons as wide as their labels) directly under the chart or table.
    with st.container(horizontal=True, gap="small"):
        for label, make, file_name, mime, help_text in buttons:
            st.download_button(f"⬇ {label}", data=make, file_name=file_name, mime=mime, help=help_text,
                               key=f"dl_{key}_{label}", on_click="ignore", width="content")


def dataset_button(lang: str = "vi", key: str = "dl_dataset") -> None:
    """The whole published dataset as a ZIP of CSVs with its README."""
    from chiso import db

    version = db.db_version()
    st.download_button("Tải toàn bộ số liệu (ZIP)" if lang == "vi" else "Download the whole dataset (ZIP)",
                       data=lambda: _dataset_bytes(version), file_name="chiso_so_lieu.zip", mime=MIME["zip"],
                       key=key, on_click="ignore")


@st.cache_data(show_spinner=False, max_entries=2)
def _dataset_bytes(version: float) -> bytes:
    """Cached per database version: the ZIP only changes when the database is rebuilt."""
    return exports.dataset_zip()
