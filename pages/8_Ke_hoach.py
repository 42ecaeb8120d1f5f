"""Nhập kế hoạch (plan import): upload a Kế hoạch, review the proposed tasks and their index links, save them.

Presentation only: reading the plan is `chiso.plans.parse_plan`, the template is
`chiso.plans.template` (rows of `chiso.tasks.template`), saving is the task store's `import_rows`
(which checks the user's role). The review grid shows the text, lead unit, deadline and links
first, and flags rows a person must check (OCR damage, a deadline taken from the plan's period).
Its columns keep the template's Vietnamese names (the rows are saved by them); in English only the
headings shown change.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from chiso import catalog, fmt, frame, ui
from chiso import ui_tasks as ut
from chiso.auth import PermissionDenied, tasks_province
from chiso.errors import ChisoError
from chiso.i18n import N_, _
from chiso.plans import template
from chiso.plans.extract import ACCEPTED, MAX_BYTES
from chiso.plans.model import Note
from chiso.plans.worker import may_parse_plans, parse_bounded, prestart
from chiso.tasks import open_store
from chiso.names import province_name
from chiso.tasks.model import plan_number_text

ctx = frame.context()
lang = ctx.lang


UNREAD = _("not read")
DEADLINE_FROM_PERIOD = Note.of(N_("deadline from the plan's period (the text states none)"))
KEYWORDS = "Từ khoá liên kết"  # review columns of this page only: the words that suggested each link,
CHECK = "Cần kiểm tra"  # and what a person should check on the row
# The template's headers as shown in English (the grid keeps the Vietnamese names underneath).
HEADERS_EN = {
    "Mã nhiệm vụ": "Task ID", "Số kế hoạch": "Plan number", "Cơ quan ban hành": "Issuer", "Ngày ban hành": "Plan date",
    "Nội dung nhiệm vụ": "Task", "Đơn vị chủ trì": "Lead unit", "Đơn vị phối hợp": "Partner units",
    "Thời hạn": "Deadline", "Kỳ báo cáo": "Reporting period", "Chỉ tiêu": "Target", "Liên kết chỉ số": "Index links",
    "Trạng thái": "Status", "Ghi chú tiến độ": "Progress note", "Nguồn": "Source", KEYWORDS: "Link keywords",
    CHECK: "To check",
}
# A link example from the catalog: its first index with one of its components, and another index.
_FIRST = next(iter(catalog.indices()))
LINK_EXAMPLE = "; ".join([f"{_FIRST}:" + next(p.indicator_code for p in catalog.indicator_periods()
                                              if p.index_code == _FIRST and p.level == 2),
                          list(catalog.indices())[-1]])
# What a reviewer reads first: the task, who leads it, by when, what it serves.
FIRST = ["Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Liên kết chỉ số", CHECK]


def heading(column: str) -> str | None:
    """The column heading shown: the template's own in Vietnamese, its translation in English."""
    return None if lang == "vi" else HEADERS_EN.get(column, column)


st.title(_("Plan import"))
st.caption(_("Read a plan (Kế hoạch) and propose its tasks, linked to index components."))
user = ctx.user
ut.show_pending_confirmation()
# Reading a plan costs the server memory and time: signed-in editors only (i15: hardening).
if not may_parse_plans(user):
    st.info(_("Sign in (sidebar) as a unit editor or a province admin to read a plan."))
    ui.stop()
prestart()

size_mb = MAX_BYTES // 1048576
st.markdown(_("Upload a plan of a department or unit (Word **.docx**, **.pdf** — scans too —, **.txt**, **.md**; "
              "at most {size} MB). chiso proposes the tasks, lead units, deadlines and links to index components. "
              "**Check and correct them before saving**: this is a proposal, not the final list.", size=size_mb))

# .doc is let through to be told how to make a .docx of it (Streamlit's own refusal names a MIME type)
upload = st.file_uploader(_("Plan file"), type=[s.lstrip(".") for s in ACCEPTED] + ["doc"], accept_multiple_files=False)
if upload is None:
    ui.stop()

data = upload.getvalue()
if len(data) > MAX_BYTES:
    st.error(_("The file is larger than {size} MB. Split it or scan at a lower resolution.", size=size_mb))
    ui.stop()


@st.cache_data(show_spinner=False, max_entries=8)
def _parse(content: bytes, name: str) -> dict:
    plan = parse_bounded(content, name)  # in a child process with memory and time limits
    return {"plan": plan.to_dict(), "rows": template.tasks_to_rows(plan),
            "triggers": [" | ".join(f"{l.code}: {', '.join(l.triggers)}" for l in t.links) for t in plan.tasks],
            # the reader's remarks as notes, said in the language of whoever reads the cached result
            "checks": [t.review + ([DEADLINE_FROM_PERIOD] if t.deadline_inferred else []) for t in plan.tasks]}


try:
    with st.spinner(_("Reading the plan (a scan may take a few minutes)…")):
        parsed = _parse(data, upload.name)
except ChisoError as exc:
    st.error(_("Cannot read the plan: {error}", error=str(exc)))
    ui.stop()

plan = parsed["plan"]
# the issuer in full on a line of its own: a metric a quarter wide cut "Sở Công Thương tỉnh Bình Phước"
# to "Sở Công Th…"
st.markdown(f"**{_('Issuer')}:** {ut.plain(plan['issuer']) if plan['issuer'] else UNREAD}")
c2, c3, c4 = st.columns(3)
c2.metric(_("Plan number"), plan_number_text(plan["number"]) or UNREAD)
c3.metric(_("Date issued"), fmt.date(plan["date"], lang) if plan["date"] else (plan["date_text"] or UNREAD))
c4.metric(_("Tasks proposed"), len(plan["tasks"]))
if plan["title"]:
    st.caption(_("Title: {title}", title=ut.plain(plan["title"])))
st.caption(_("Indices named: {indices}", indices=", ".join(catalog.short_names(plan["indices"])) or _("none")))
if plan.get("period_end"):
    st.caption(_("The plan covers until {date}: a task stating no date is given that deadline, marked "
                 "«theo kỳ kế hoạch»; change it in the grid if the plan says otherwise.",
                 date=fmt.date(plan["period_end"], lang)))
for w in plan["warnings"]:
    st.warning(ut.plain(str(Note.from_dict(w))))  # may quote the document: never rendered as Markdown

st.subheader(_("Proposed tasks"))
st.caption(_("Edit in the grid; add or delete rows as needed. «Link keywords» shows which words of the plan "
             "suggested each index link and «To check» what to verify on the row (both for reference, not saved). "
             "Deadlines: dd/mm/yyyy, «Quý III/2024», «tháng 9/2024», «Thường xuyên» (recurring), «Hằng quý»."))
table = pd.DataFrame(parsed["rows"], columns=list(template.HEADERS))
table[KEYWORDS] = parsed["triggers"]
table[CHECK] = ["; ".join(str(note) for note in notes) for notes in parsed["checks"]]
rest = [c for c in table.columns if c not in FIRST and c not in ("Mã nhiệm vụ", "Trạng thái", "Ghi chú tiến độ",
                                                                   "Phiên bản")]
shown = table[FIRST + rest]
shown.index = pd.RangeIndex(1, len(shown) + 1)  # the rows numbered from 1, as the notes on saving name them
column_config = {c: st.column_config.TextColumn(heading(c)) for c in shown.columns}
column_config.update({
    # at every task table's width, so the links and what to check on each row are in view on a laptop
    # beside the text (a cell opens whole for editing)
    "Nội dung nhiệm vụ": st.column_config.TextColumn(heading("Nội dung nhiệm vụ"), width=ut.TASK_TEXT_PX,
                                                     required=True),
    KEYWORDS: st.column_config.TextColumn(heading(KEYWORDS), disabled=True),
    CHECK: st.column_config.TextColumn(heading(CHECK), disabled=True),
    "Thời hạn": st.column_config.TextColumn(heading("Thời hạn"),
                                            help=_("dd/mm/yyyy, «Quý III/2024», «tháng 9/2024» or «Thường xuyên»")),
    "Liên kết chỉ số": st.column_config.TextColumn(
        heading("Liên kết chỉ số"), help=_("INDEX or INDEX:INDICATOR, separated by «; », e.g. {example}",
                                           example=LINK_EXAMPLE)),
})
edited = st.data_editor(shown, num_rows="dynamic", width="stretch", hide_index=False, column_config=column_config,
                        key=f"editor-{upload.name}-{len(data)}")
# each row numbered as the grid shows it, from its first row: what the store says of a row ("dòng 3 (=
# dòng 2)", a missing unit) names the grid's row, not a spreadsheet's (the grid has no header row)
rows = [{**{h: ("" if pd.isna(r.get(h)) else str(r.get(h, ""))) for h in template.HEADERS if h in r}, "_row": n}
        for n, r in enumerate(edited.to_dict("records"), start=1)]
rows = [r for r in rows if r["Nội dung nhiệm vụ"].strip()]


def save_to_task_store(rows: list[dict], source_name: str, province_code: str) -> str:
    """Save the reviewed rows through the task store (`import_rows`: province admins only, all or
    nothing; the store checks the role). The user is the one signed in on the sidebar."""
    result = open_store().import_rows(user, province_code, rows, source_name)
    saved = _("Saved {created} new tasks, updated {updated}.", created=result.created, updated=result.updated) \
        if result.created or result.updated else _("Nothing new to save.")  # the plan saved again
    if province_code != user.province_code:  # a former province's plan, kept with its earlier tasks
        saved += " " + _("They are filed with the tasks of {province}'s plans.", province=province_name(province_code))
    return saved + result.already_said()


st.divider()
# The task list the plan joins: a former province's plan uploaded by the department it became part of
# joins that province's tasks (chiso.auth.tasks_province).
saved_for = tasks_province(user, plan.get("province_code")) if user is not None else None
# A plan of another province's body (a neighbour's plan kept as an example) would be saved as this
# province's tasks: said, and saved only once the user says so.
elsewhere = (user is not None and plan.get("province_code") and user.province_code
             and plan["province_code"] != saved_for)
if elsewhere:
    st.warning(_("This plan was issued in {plan_province}, not in {province}: saved, its tasks become {province}'s.",
                 plan_province=province_name(plan["province_code"]), province=province_name(user.province_code)))
    elsewhere = not st.checkbox(_("Save it for {province} anyway", province=province_name(user.province_code)),
                                key="plan_elsewhere_ok")
elif saved_for and user is not None and saved_for != user.province_code:  # said before, not only after
    st.caption(_("Saved, they join the tasks of {province}'s plans.", province=province_name(saved_for)))
left, right = st.columns(2)
with left:
    if st.button(_("Save to the task list"), type="primary", disabled=not rows or bool(elsewhere)):
        if user is None:
            st.warning(_("Sign in (sidebar) as a province admin to save the tasks."))
        else:
            try:
                message = save_to_task_store(rows, upload.name, saved_for)
            except (PermissionDenied, ChisoError) as exc:
                st.error(_("Not saved: {error}", error=str(exc)))
            else:
                ut.confirm(message)
                st.success(message)
                ut.saved_tasks_link(saved_for)
    st.caption(_("Saving: province admins only; the whole list or no row."))
with right:
    st.download_button(_("Download the list in the task template (XLSX)"), template.xlsx_bytes(rows),
                       file_name=f"nhiem_vu_{upload.name.rsplit('.', 1)[0]}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", disabled=not rows)
    st.caption(_("The XLSX file can be imported on the Tasks page."))
