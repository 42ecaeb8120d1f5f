"""Nhập kết quả: the Ministry's national table and the province's own scorecard, entered and kept.

Presentation only. Reading and checking an upload is `chiso.results.prepare` (one call for both
kinds), keeping it is the results store (province admins only, all or nothing), and the database
is rebuilt at once with `etl.build.build`, which always includes the entered results.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from chiso import address, catalog, fmt, frame, paths, scores, ui
from chiso.auth import PermissionDenied
from chiso.clock import local_time
from chiso.errors import ChisoError
from chiso.i18n import _
from chiso.names import set_province_name
from chiso.results import (SOURCE_KINDS, authority_label, kind_label, open_results_store, prepare,
                           save_and_rebuild)
from chiso.results.national import ACCEPTED_TYPES
from chiso.results.scorecard import LEVEL_NAMES, entry_year, template_xlsx
from chiso.tasks import OLD_EXCEL
from chiso.clock import today_vn

ctx = frame.context()
lang, user = ctx.lang, ctx.user

st.title(_("Enter the Ministry's results"))
st.caption(_("The national results table of an index and year, and the province's own scorecard (field, criterion, "
             "sub-criterion with maximum and points): checked, shown for review, kept and part of every rebuild."))
if user is None or not user.is_admin:
    st.info(_("Sign in (sidebar) as a province admin to enter results. Published scores on the other pages need "
              "no sign-in."))
    ui.stop()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
store = open_results_store()
indices = list(catalog.indices())

# ------------------------------------------------------------------ the document the results come from
st.subheader(_("1. The document"))
c1, c2, c3 = st.columns([2, 1, 1.4])
document = c1.text_input(_("Decision number"), placeholder=_("Decision No. …/QĐ-BNV"), key="results_document")
document_date = c2.date_input(_("Date of the decision"), value=None, format="DD/MM/YYYY", key="results_date")
source_kind = c3.selectbox(_("Authority"), SOURCE_KINDS, format_func=authority_label, key="results_authority",
                           placeholder=_("Type to search"))

# opened from Điểm yếu on an edition without components: that index and year (?index=&year=)
asked_index = address.url_param("index", catalog.results_entry_index())
asked_index = asked_index if asked_index in indices else catalog.results_entry_index()
asked_year = str(address.url_param("year", ""))
asked_year = int(asked_year) if asked_year.isdigit() and 2010 <= int(asked_year) <= today_vn().year else entry_year()
c1, c2, c3 = st.columns(3)
index_code = c1.selectbox(_("Index"), indices, index=indices.index(asked_index) if asked_index in indices else 0,
                          format_func=lambda c: catalog.indices()[c].short, key="results_index",
                          placeholder=_("Type to search"))  # "PAR INDEX", as the sidebar
year = int(c2.number_input(_("Year assessed"), min_value=2010, max_value=today_vn().year, step=1,
                           value=asked_year, key="results_year"))
indicator = c3.text_input(_("Component of a table without that column"), value="TOTAL", key="results_indicator")
address.remember("index", index_code)  # a reload keeps the edition being entered
address.remember("year", year)


@st.cache_data(show_spinner=False, max_entries=16)
def national_template(index_code: str, year: int, indicator: str, source: str) -> bytes:
    from etl.templates import write_xlsx
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "mau.xlsx"
        write_xlsx(out, index_code, year, indicator, source)
        return out.read_bytes()


d1, d2 = st.columns(2)
d1.download_button(_("National table template (XLSX)"), national_template(index_code, year, indicator, document),
                   file_name=f"ket_qua_{index_code}_{year}.xlsx", mime=XLSX, key="download_national_template")
d2.download_button(_("Province scorecard template (XLSX)"), template_xlsx(index_code, year),
                   file_name=f"bang_diem_{index_code}_{year}.xlsx", mime=XLSX, key="download_scorecard_template")
st.caption(_("One row per province in the national template; one row per field, criterion and sub-criterion in "
             "the scorecard template, names as the Ministry writes them, codes optional. A text PDF of the "
             "Ministry's appendix is read too (index and year from the boxes above when the table lacks them)."))

# ------------------------------------------------------------------ upload and review
st.subheader(_("2. Upload and review"))
upload = st.file_uploader(_("National table (.xlsx, .csv, .pdf) or scorecard (.xlsx, .csv)"),
                          type=[t.lstrip(".") for t in (*ACCEPTED_TYPES, OLD_EXCEL)], key="results_upload")


@st.cache_data(show_spinner=False, max_entries=8)
def read_upload(name: str, data: bytes, province: str, document: str, day, kind: str, index_code: str, year: int,
                indicator: str, lang: str):
    return prepare(name, data, province_code=province, document=document, document_date=day, source_kind=kind,
                   index_code=index_code, year=year, indicator_code=indicator)


def review_table(entry) -> pd.DataFrame:
    if entry.scorecard is not None:
        items = entry.scorecard.items
        return pd.DataFrame({
            _("Row"): [i.row for i in items], _("Level"): [LEVEL_NAMES[i.level] for i in items],
            _("Code"): [i.code for i in items], _("Name"): [i.name for i in items],
            _("Maximum"): [fmt.number(i.max_value, 2, lang) for i in items],
            _("Points"): [fmt.number(i.points, 2, lang) for i in items],
            _("Points lost"): [fmt.number(None if i.max_value is None or i.points is None else i.max_value - i.points,
                                          2, lang) for i in items],
            _("In the catalog"): [_("yes") if i.in_catalog else _("added from the scorecard") for i in items]})
    return pd.DataFrame({  # a table of the 34 names its codes as the 34 (80: Tây Ninh, not Long An)
        _("Row"): [r.row for r in entry.records],
        _("Province"): [set_province_name(r.province_code, r.province_set) if r.province_code else r.province_name
                        for r in entry.records],
        _("Component"): [r.indicator_code for r in entry.records],
        _("Value"): [fmt.number(r.value, 2, lang) for r in entry.records],
        _("Published rank"): [fmt.rank(r.published_rank, r.published_ranked_count, lang) if r.published_rank
                              else "" for r in entry.records],
        _("Source"): [r.source for r in entry.records]})


entry = None
if upload is not None:
    try:
        entry = read_upload(upload.name, upload.getvalue(), user.province_code, document, document_date, source_kind,
                            index_code, year, indicator, lang)
    except ChisoError as exc:
        st.error(_("Not read, nothing saved: {error}", error=exc))

if entry is not None:
    kind = kind_label(entry.kind)
    provinces_n = len({r.province_code for r in entry.records})
    st.markdown(f"#### {catalog.short_name(entry.index_code)} {entry.year} · {kind}")
    m1, m2, m3 = st.columns(3)
    m1.metric(_("Values"), len(entry.records))
    m2.metric(_("Provinces"), provinces_n)
    m3.metric(_("Warnings"), len(entry.warnings))
    st.markdown(_("**Document:** {document} · **authority:** {kind}", document=entry.source,
                  kind=authority_label(entry.source_kind)))
    for w in entry.warnings:
        st.warning(w)
    ui.table(review_table(entry), width="stretch")
    if st.button(_("Save and rebuild the database"), type="primary", key="results_save"):
        try:
            with st.spinner(_("Saving and rebuilding the database …")):
                save_and_rebuild(store, user, entry, paths.default_db_path())
                st.cache_data.clear()
        except (PermissionDenied, ChisoError) as exc:
            st.error(_("Not saved: {error}", error=exc))
        else:
            ed = scores.edition(entry.index_code, entry.year)
            coverage = _("full") if ed and ed["coverage"] == "full" else _("partial")
            ranked = "" if not ed or fmt.is_missing(ed.get("ranked_count")) else \
                _(", {n} provinces ranked", n=int(ed["ranked_count"]))
            st.success(_("Saved. {index} {year}: {coverage} edition{ranked}.",
                         index=catalog.short_name(entry.index_code), year=entry.year, coverage=coverage, ranked=ranked))

# ------------------------------------------------------------------ what has been entered
st.subheader(_("3. Results entered"))
batches = store.batches()
if batches.empty:
    st.caption(_("Nothing entered yet."))
else:
    # what an official looks for first (which edition, when, by whom) before the long document and authority
    # names: in the order before, the time of entry was past the right edge of a 1366 px screen
    shown = pd.DataFrame({
        _("Edition"): [f"{catalog.short_name(i)} {y}" for i, y in zip(batches.index_code, batches.year)],
        _("Kind"): [kind_label(k) for k in batches.kind],
        _("Values"): batches.row_count,
        _("Entered at"): [local_time(t) for t in batches.entered_at],  # Vietnam's time, as a task's update
        _("Entered by"): batches.entered_by,
        _("Document"): [d + ("" if fmt.is_missing(day) else f" ({fmt.date(day, lang)})")
                        for d, day in zip(batches.document, batches.document_date)],
        _("Authority"): [authority_label(k) for k in batches.source_kind],
        _("File"): batches.file_name})
    ui.table(shown, width="stretch", phone_first=[_("Edition"), _("Entered at")])
    st.caption(_("Store: {store}. Every rebuild includes these results; the bundled files never overwrite them, "
                 "and a published value that disagrees is listed on the Methodology page.", store=store.describe()))
