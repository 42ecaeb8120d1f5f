"""Download buttons under any chart or table: PNG, SVG, XLSX, CSV (ZIP with a README of sources).

Pages call `download_buttons(fig=..., df=..., name=...)`. Files are made only when the button is
clicked (Streamlit runs the callable then, on its own thread) so a page with many charts does
not render images nobody asked for; images come from the app's one shared browser.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import render, tables
from chiso.i18n import _, use

MIME = {
    "png": "image/png", "svg": "image/svg+xml", "zip": "application/zip", "pptx":
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Excel formats for changes: "+3", "-20", "0" ("+1,25" in a Vietnamese Excel).
SIGNED_INT = "+#,##0;-#,##0;0"
SIGNED_2 = "+#,##0.00;-#,##0.00;0.00"


file_stem = tables.file_stem


def _in(lang: str, make):
    """`make` run in `lang`: Streamlit calls it later, on its own thread, outside the page's language."""
    def run():
        with use(lang):
            return make()
    return run


def download_buttons(fig=None, df: pd.DataFrame | None = None, name: str = "chiso", lang: str = "vi", *,
                     title: str = "", source: str = "", headers_vi: dict[str, str] | None = None,
                     number_formats: dict[str, str] | None = None,
                     frames: dict[str, pd.DataFrame] | None = None, key: str | None = None,
                     notes: list[str] | None = None) -> None:
    """One row of download buttons: PNG and SVG of `fig`; XLSX of `df` (Vietnamese headers
    `headers_vi`, Excel `number_formats`, `title`, `source` line, `notes` above the table); a ZIP
    of CSVs of `frames` (default: `df`) with a README naming the sources (and the notes).

    `name` becomes the file name; `key` keeps widget keys unique when one page shows the same
    name twice.
    """
    stem = file_stem(name)
    key = key or stem
    frames = frames if frames is not None else ({name: df} if df is not None else None)
    buttons = []
    with use(lang):
        if fig is not None:
            buttons.append(("PNG", _in(lang, lambda: render.figure_png(fig, lang=lang)), f"{stem}.png", MIME["png"],
                            _("PNG picture {w}×{h} for a slide or report", w=render.SLIDE[0], h=render.SLIDE[1])))
            buttons.append(("SVG", _in(lang, lambda: render.figure_svg(fig, lang=lang)), f"{stem}.svg", MIME["svg"],
                            _("Vector picture (SVG), sharp at any size")))
        if df is not None:
            buttons.append(("XLSX", _in(lang, lambda: tables.table_xlsx(df, headers_vi, number_formats,
                                                                        title=title or name, source=source,
                                                                        notes=notes)),
                            f"{stem}.xlsx", MIME["xlsx"], _("Excel table, prints on one page width")))
        if frames:
            buttons.append(("CSV (ZIP)", _in(lang, lambda: tables.view_zip(frames, title=title or name, source=source,
                                                                           note=" ".join(notes or []))),
                            f"{stem}.zip", MIME["zip"], _("CSV figures with a README of their sources")))
    if not buttons:
        return
    # One compact row (buttons as wide as their labels) directly under the chart or table.
    with st.container(horizontal=True, gap="small"):
        for label, make, file_name, mime, help_text in buttons:
            st.download_button(f"⬇ {label}", data=make, file_name=file_name, mime=mime, help=help_text,
                               key=f"dl_{key}_{label}", on_click="ignore", width="content")


def dataset_button(lang: str = "vi", key: str = "dl_dataset") -> None:
    """The whole published dataset as a ZIP of CSVs with its README, in the page's language."""
    from chiso import db

    version = db.db_version()
    with use(lang):
        label = _("Download the whole dataset (ZIP)")
    st.download_button(label, data=lambda: _dataset_bytes(version, lang), file_name="chiso_so_lieu.zip",
                       mime=MIME["zip"], key=key, on_click="ignore")


@st.cache_data(show_spinner=False, max_entries=4)
def _dataset_bytes(version: float, lang: str) -> bytes:
    """Cached per database version and language: the ZIP only changes when the database is rebuilt."""
    with use(lang):
        return tables.dataset_zip()
