"""Xuất báo cáo (Exports): the briefing deck of one province and year in one click, and the whole
dataset. Presentation only: the deck is `chiso.deck`, the files `chiso.exports`.
"""
from __future__ import annotations

import datetime as dt
import io

import streamlit as st

from chiso import coverage, deck, fmt, frame, scores, ui
from chiso.ui_exports import MIME, dataset_button, file_stem

ctx = frame.context()
lang = ctx.lang
t = lambda vi, en: ui.t(lang, vi, en)  # noqa: E731

province = ctx.province
year = ctx.year
user = ctx.user
province_name = ui.cached(scores.provinces).set_index("province_code").loc[province]["name_vi" if lang == "vi" else "name_en"]

st.title(t("Xuất báo cáo", "Exports"))

st.subheader(t(f"Bộ slide: {province_name}, năm {year}", f"Slide deck: {province_name}, {year}"))
st.markdown(t(
    "Tệp PowerPoint 16:9, sửa được: trang tóm tắt PAPI, PAR INDEX, SIPAS (điểm, xếp hạng, thay đổi); với mỗi chỉ số "
    "một biểu đồ xếp hạng, một biểu đồ diễn biến và các nội dung yếu kèm nhiệm vụ; trang cuối là các nội dung yếu "
    "chưa có nhiệm vụ đang thực hiện. Mỗi trang ghi nguồn và ngày xuất.",
    "An editable 16:9 PowerPoint: a summary of PAPI, PAR INDEX and SIPAS (score, rank, change); per index a ranking "
    "chart, a trend chart and the weak components with their tasks; last, weak components with no open task. "
    "Every slide names its source and the export date."))

tasks = None
if user is not None and user.province_code == province:
    try:
        from chiso.tasks import open_store

        tasks = coverage.tasks_frame(open_store().list_tasks(user, province))
        st.caption(t(f"Nhiệm vụ của tỉnh: {tasks.task_id.nunique()} nhiệm vụ sẽ được đối chiếu với các nội dung yếu.",
                     f"{tasks.task_id.nunique()} of the province's tasks will be matched to weak components."))
    except Exception as exc:  # the deck is still useful without tasks; say why they are missing
        st.warning(t(f"Không đọc được kho nhiệm vụ ({exc}); slide sẽ ghi 'chưa có dữ liệu nhiệm vụ'.",
                     f"Cannot read the task store ({exc}); the deck will say 'no task data'."))
else:
    st.info(t("Chưa đăng nhập bằng tài khoản của tỉnh này: slide nhiệm vụ sẽ ghi 'chưa có dữ liệu nhiệm vụ'. "
              "Đăng nhập ở thanh bên trái để đưa nhiệm vụ vào bộ slide.",
              "Not signed in with this province's account: task slides will say 'no task data'. "
              "Sign in (sidebar) to include tasks."))


def make_deck() -> bytes:
    out = io.BytesIO()
    deck.build_deck(province, year, out, lang=lang, tasks=tasks)
    return out.getvalue()


st.download_button(t("Tải bộ slide (PPTX)", "Download the slide deck (PPTX)"), data=make_deck,
                   file_name=f"chiso_{file_stem(province_name)}_{year}.pptx", mime=MIME["pptx"], type="primary",
                   key="dl_deck", on_click="ignore",
                   help=t("Mất khoảng 10–20 giây: các biểu đồ được vẽ trên máy chủ.",
                          "Takes about 10–20 seconds: charts are drawn on the server."))
st.caption(t(f"Cũng có thể xuất bằng dòng lệnh: python -m chiso deck --province \"{province_name}\" --year {year} "
             f"--out bao_cao.pptx",
             f"Also from the command line: python -m chiso deck --province \"{province_name}\" --year {year} "
             f"--out deck.pptx"))

st.divider()
st.subheader(t("Toàn bộ số liệu", "The whole dataset"))
st.markdown(t(
    "Tệp ZIP gồm các bảng CSV (UTF-8, mở được bằng Excel) — điểm và thứ hạng của mọi tỉnh, mọi năm, mỗi dòng có nguồn; "
    "trung bình cả nước/vùng; các kỳ công bố; thay đổi phương pháp — và tệp README.md ghi nguồn gốc, giấy phép, "
    "các lưu ý (kỳ công bố một phần, giá trị suy ra) và cách trích dẫn.",
    "A ZIP of CSV tables (UTF-8, opens in Excel) — every province's scores and ranks for every year, each row with "
    "its source; national/regional means; editions; methodology changes — and a README.md on origins, licences, "
    "caveats (partial editions, derived values) and how to cite."))
dataset_button(lang)
st.caption(t(f"Ngày xuất sẽ ghi trong tệp: {fmt.date(dt.date.today())}.",
             f"The export date is written in the files: {fmt.date(dt.date.today())}."))
