"""Xuất báo cáo (Exports): the briefing deck of one province and year in one click, and the whole
dataset. Presentation only: the deck and briefing pack are `chiso.deck`, the files `chiso.tables`.
"""
from __future__ import annotations

import io

import streamlit as st

from chiso import auth, coverage, deck, fmt, frame, i18n
from chiso.i18n import _
from chiso.ui_exports import MIME, dataset_button, file_stem
from chiso.clock import today_vn
from chiso.names import formed_together, province_name as province_name_of

ctx = frame.context()
lang = ctx.lang

province = ctx.province
year = ctx.year
user = ctx.user
province_name = ctx.province_name()

st.title(_("Exports"))

st.subheader(_("Briefing pack: {province}, {year}", province=province_name, year=year))
st.markdown(_("One click gives everything a briefing needs: the slide deck (editable 16:9 PowerPoint: a summary "
              "of every index, per index its ranking, its trend and its weak components with their tasks, then the "
              "weak components no open task covers), every chart of it as PNG and SVG, and its tables as one Excel "
              "workbook, zipped and named by province and date. Every slide and picture names its source and date."))

tasks = None
if auth.can_read(user, province):
    try:
        from chiso.tasks import open_store

        tasks = coverage.tasks_frame(open_store().list_tasks(user, coverage.task_provinces(province, None, year)))
        st.caption(_("{n} of the province's tasks will be matched to weak components.", n=tasks.task_id.nunique()))
    except Exception as exc:  # the deck is still useful without tasks; say why they are missing
        st.warning(_("Cannot read the task store ({error}); the deck will say 'no task data'.", error=exc))
elif user is not None:  # signed in, another province's deck (a neighbour's, to compare): no sign-in would help
    st.info(_("Account '{user}' sees only the tasks of its own province, {province}: this deck's task slides will "
              "say 'no task data'.", user=user.username, province=fmt.listing(
                  province_name_of(c) for c in formed_together(user.province_code))))
else:
    st.info(_("Not signed in with this province's account: task slides will say 'no task data'. "
              "Sign in (sidebar) to include tasks."))


def make_pack() -> bytes:
    with i18n.use(lang):
        data, _name = deck.briefing_pack(province, year, lang=lang, tasks=tasks)
    return data


def make_deck() -> bytes:
    out = io.BytesIO()
    deck.build_deck(province, year, out, lang=lang, tasks=tasks)
    return out.getvalue()


with st.container(horizontal=True, gap="small"):
    st.download_button(_("Download the briefing pack (ZIP)"), data=make_pack,
                       file_name=deck.pack_name(province, year, lang=lang), mime=MIME["zip"], type="primary",
                       key="dl_pack", on_click="ignore",
                       help=_("Takes 10–30 seconds: the charts are drawn on the server."))
    st.download_button(_("Download the slide deck (PPTX)"), data=make_deck,
                       file_name=f"chiso_{file_stem(province_name)}_{year}.pptx", mime=MIME["pptx"],
                       key="dl_deck", on_click="ignore", help=_("The deck alone."))
st.caption(_("Also from the command line: python -m chiso deck --province \"{province}\" --year {year} "
             "[--out deck.pptx | pack.zip] [--lang en]", province=province_name, year=year))

st.divider()
st.subheader(_("The whole dataset"))
st.markdown(_("A ZIP of CSV tables (UTF-8, opens in Excel) — every province's scores and ranks for every year, each "
              "row with its source; national/regional means; editions; methodology changes — and a read-me on "
              "origins, licences, caveats (partial editions, derived values) and how to cite."))
dataset_button(lang)
st.caption(_("The export date is written in the files: {date}.", date=fmt.date(today_vn())))
