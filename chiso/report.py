"""The quarterly report Sở Nội vụ sends up to UBND tỉnh: DOCX (python-docx) and the same table as XLSX.

Which tasks a quarter reports (`quarter_tasks`): every recurring task (it owes work every quarter),
every task whose deadline falls in the quarter, and every earlier task still not done (carried
over, overdue). A task is **overdue** when it is not done and its deadline is before the report's
reference day: the report date, or the day after the quarter for a report on a past quarter.

The document follows the administrative layout of a report (báo cáo) by a provincial department:
issuer and national motto side by side, number and place-date line, title, "Kính gửi", a summary
table of counts by status, then per plan and per lead unit the tasks with deadline, status and the
last progress note (overdue tasks marked), "Nơi nhận" and the signature block. Its text goes
through chiso.i18n (Vietnamese by default; `lang="en"` for an English copy).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from chiso import fmt
from chiso.errors import InputError
from chiso.i18n import N_, _, language, use
from chiso.names import fold
from chiso.tasks.model import DONE, STATUSES, past_due, plan_number_text, status_label, status_text
from chiso.tasks.units import unit_named_on
from chiso.clock import today_vn

ROW_COLUMNS = ["plan_id", "plan", "lead_unit", "task_id", "text", "deadline", "due_date", "recurring", "status",
               "status_label", "overdue", "progress_note"]


# An option of `chiso report`, not a cell: named as the option, worded through the catalogs.
QUARTER_FORMAT = N_("{option}: a quarter is written 2024Q3 or 3/2024, not '{value_}'")
ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def parse_quarter(text: str) -> tuple[int, int]:
    """(year, quarter) from a quarter as it is written: '2024Q3', '2024-q3', and as a Vietnamese
    report writes it, 'quý 3/2024', 'Quý III năm 2024', 'Q3/2024', '3/2024'."""
    folded = unicodedata.normalize("NFD", str(text).lower()).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"\d+|[a-z]+", folded.replace("quy", " q ")) if w not in ("q", "nam")]
    years = [int(w) for w in words if len(w) == 4 and w.isdigit()]
    quarters = [int(w) if w.isdigit() else ROMAN_QUARTERS.get(w) for w in words if not (len(w) == 4 and w.isdigit())]
    if len(words) != 2 or len(years) != 1 or quarters[0] not in (1, 2, 3, 4) or not 1990 <= years[0] <= 2100:
        raise InputError(QUARTER_FORMAT, option="--quarter", value_=text)
    return years[0], quarters[0]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def reference_day(year: int, quarter: int, report_date: dt.date) -> dt.date:
    """Deadlines before this day count as overdue (a past quarter is judged at its end)."""
    return min(report_date, quarter_bounds(year, quarter)[1] + dt.timedelta(days=1))


def in_quarter(task, year: int, quarter: int) -> bool:
    start, end = quarter_bounds(year, quarter)
    if task.recurring or task.due_date is None:
        return True
    return start <= task.due_date <= end or (task.due_date < start and task.status != DONE)


def quarter_tasks(tasks, year: int, quarter: int, plan_id: str | None = None) -> list:
    return [t for t in tasks if in_quarter(t, year, quarter) and (plan_id is None or t.plan_id == plan_id)]


def plan_label(task) -> str:
    if not task.plan_id:
        return _("Tasks assigned directly (no plan)")
    parts = [_("Plan No. {number}", number=plan_number_text(task.plan_number)) if task.plan_number
             else _("Plan {id}", id=task.plan_id)]
    if task.plan_issued_date:
        parts.append(_("dated {date}", date=fmt.date(task.plan_issued_date)))
    if task.plan_issuer:
        parts.append(_("of {issuer}", issuer=task.plan_issuer))
    return " ".join(parts)


def rows(tasks, year: int, quarter: int, report_date: dt.date, plan_id: str | None = None,
         province_titles: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per task the quarter reports, by plan then lead unit then deadline (ROW_COLUMNS).
    `province_titles` (a department's report of several former provinces): each plan names its own."""
    ref = reference_day(year, quarter, report_date)
    out = []
    for t in quarter_tasks(tasks, year, quarter, plan_id):
        overdue = not t.recurring and past_due(t.due_date, t.status, ref)
        plan = plan_label(t)
        if province_titles and not _names_province(plan, t.province_code):  # "… của Sở Ngoại vụ tỉnh Bình Phước"
            plan = _("{plan} — {province}", plan=plan, province=province_titles[t.province_code])
        out.append({"plan_id": t.plan_id or "", "plan": plan, "lead_unit": unit_named_on(t.lead_unit, ref),
                    "task_id": t.task_id,
                    "text": t.text, "deadline": _("Recurring") if t.recurring or t.due_date is None else fmt.date(t.due_date),
                    "due_date": t.due_date, "recurring": bool(t.recurring), "status": t.status,
                    "status_label": status_label(t.status, language()),
                    "overdue": overdue, "progress_note": t.progress_note or ""})
    frame = pd.DataFrame(out, columns=ROW_COLUMNS)
    if frame.empty:
        return frame
    frame["_due"] = frame.due_date.map(lambda d: d or dt.date.max)
    return frame.sort_values(["plan_id", "lead_unit", "_due", "task_id"]).drop(columns="_due").reset_index(drop=True)


def _names_province(text: str, province_code: str) -> bool:
    from chiso import names
    words = f" {names.fold(text)} "
    return any(f" {name} " in words for name in _folded_names(province_code))


@lru_cache(maxsize=128)
def _folded_names(province_code: str) -> tuple[str, ...]:
    from chiso import names
    return tuple(names.fold(n) for p in names.provinces() if p.code == province_code for n in (p.name_vi, p.name_en))


def summary(report_rows: pd.DataFrame) -> pd.DataFrame:
    """Counts by status (every status, zeros included), the total, and how many of them are overdue."""
    counts = [{"status": s, "label": status_label(s, language()),
               "count": int((report_rows.status == s).sum())} for s in STATUSES]
    # "of which" reads under the total it is part of: between Paused and Total it read as a fifth status
    counts.append({"status": "total", "label": _("Total"), "count": len(report_rows)})
    counts.append({"status": "overdue", "label": _("of which overdue"), "count": int(report_rows.overdue.sum())})
    return pd.DataFrame(counts)


@dataclass
class QuarterReport:
    province_name: str  # "Hà Tĩnh": the place in the date line
    province_title: str  # "tỉnh Hà Tĩnh", "thành phố Hà Nội": the People's Committee it reports to
    issuer: str
    year: int
    quarter: int
    report_date: dt.date
    rows: pd.DataFrame
    lang: str = "vi"
    # the tasks' province when the report is dated after it became part of another (1 July 2025):
    # "tỉnh Bình Phước", said under "Kính gửi" of a report from Đồng Nai; `renamed`: it became the
    # new province alone (Thừa Thiên Huế, now thành phố Huế), not part of it
    former_title: str | None = None
    renamed: bool = False
    department: bool = False  # the tasks of every province the new one was formed from (`former_title` lists them)

    @property
    def summary(self) -> pd.DataFrame:
        with use(self.lang):
            return summary(self.rows)


def covers_department(province_code: str, plan_id: str | None, report_date: dt.date) -> bool:
    """Whether a report may be its department's: dated from 1 July 2025, of all plans, for a province
    made one with others that day (Bình Phước, Đồng Nai)."""
    from chiso import names
    return plan_id is None and report_date >= names.REORGANISED_ON and len(names.formed_together(province_code)) > 1


def more_for_department(store, user, rep: "QuarterReport", province_code: str, plan_id: str | None) -> int:
    """How many more tasks of the quarter the department's one report would hold than `rep`, one
    province's (0 when it is the department's already, or cannot be): what `chiso report` and Nhiệm
    vụ say beside a report of Đồng Nai's own plans, which had read "0 tasks" in silence."""
    if rep.department or not covers_department(province_code, plan_id, rep.report_date):
        return 0
    whole = build(store, user, province_code, rep.year, rep.quarter, report_date=rep.report_date, lang=rep.lang,
                  department=True)
    return len(whole.rows) - len(rep.rows)


def build(store, user, province_code: str, year: int, quarter: int, *, plan_id: str | None = None,
          report_date: dt.date | None = None, issuer: str | None = None, lang: str = "vi",
          department: bool = False) -> QuarterReport:
    """The report's content from the task store (role-checked: reading needs an account of the province).
    `department`: dated on or after 1 July 2025, the tasks of every province the new one was formed from
    (Đồng Nai's Sở Nội vụ reports Bình Phước's plans and Đồng Nai's in one report to UBND tỉnh Đồng Nai)."""
    from chiso import names

    by_code = {p.code: p for p in names.provinces()}
    province = by_code.get(province_code)
    name = (province.name_vi if lang == "vi" else province.name_en) if province else province_code
    title = _title(province, lang) if province else name
    report_date = report_date or today_vn()
    former, renamed = None, False
    moved = names.successor(province_code) if report_date >= names.REORGANISED_ON else None
    if moved is not None:
        # a report dated after 1 July 2025 comes from the province that exists then, and goes to its
        # People's Committee: Bình Phước's tasks are reported by Đồng Nai's Sở Nội vụ
        new, renamed = moved
        former, title = title, f"{new.type} {new.short_vi}" if lang == "vi" else new.name_en
        name = new.short_vi if lang == "vi" else new.name_en
    department = department and covers_department(province_code, plan_id, report_date)
    codes = names.formed_together(province_code) if department else (province_code,)
    titles = {c: _title(by_code[c], lang) for c in codes} if department else None
    with use(lang):
        if department:  # "tỉnh Bình Phước và tỉnh Đồng Nai" ("tỉnh Hà Nam, tỉnh Nam Định và tỉnh Ninh Bình")
            former, renamed = fmt.listing(titles.values()), False
        tasks = [t for c in codes for t in store.list_tasks(user, c, plan_id=plan_id)]
        table = rows(tasks, year, quarter, report_date, plan_id, province_titles=titles)
        issuer = issuer or _("Department of Home Affairs")
    return QuarterReport(name, title, issuer, year, quarter, report_date, table, lang, former, renamed, department)


def _title(province, lang: str) -> str:
    """"tỉnh Bình Phước", "thành phố Hà Nội" (English: the name): as a report addresses a province."""
    return f"{province.type} {province.name_vi}" if lang == "vi" else province.name_en


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _cell_text(cell, text: str, *, bold=False, italic=False, size=None, align=None, color=None):
    from docx.shared import Pt, RGBColor

    p = cell.paragraphs[0]  # a new cell holds one empty paragraph
    run = p.add_run(str(text))
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    if align is not None:
        p.alignment = align


def to_docx(report: QuarterReport) -> bytes:
    """The report as a Word document (A4, Times New Roman 13, administrative layout)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    center = WD_ALIGN_PARAGRAPH.CENTER
    with use(report.lang):
        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        style = doc.styles["Normal"]
        style.font.name, style.font.size = "Times New Roman", Pt(13)

        head = doc.add_table(rows=2, cols=2)
        # Nghị định 30/2020/NĐ-CP: the national title on one line; in two equal halves of the 16 cm line it
        # wrapped after "CHỦ NGHĨA" (LibreOffice, Word), so the body's name takes 6 cm and the title 10
        head.autofit = False
        for column, width in zip(head.columns, (Cm(6), Cm(10))):
            column.width = width  # the grid LibreOffice lays out by; Word reads each cell's
            for cell in column.cells:
                cell.width = width
        committee = _("PEOPLE’S COMMITTEE OF {province}", province=report.province_title).upper()
        _cell_text(head.cell(0, 0), f"{committee}\n{report.issuer.upper()}", bold=True, size=12, align=center)
        _cell_text(head.cell(0, 1), _("SOCIALIST REPUBLIC OF VIETNAM") + "\n" + _("Independence - Freedom - Happiness"),
                   bold=True, size=12, align=center)
        _cell_text(head.cell(1, 0), _("No.: …/BC-SNV"), size=12, align=center)
        _cell_text(head.cell(1, 1), _("{place}, {date}", place=report.province_name,
                                      date=_long_date(report.report_date)), italic=True, size=12, align=center)

        title = doc.add_paragraph()
        title.alignment = center
        title.add_run(_("REPORT")).bold = True
        sub = doc.add_paragraph()
        sub.alignment = center
        sub.add_run(_("Progress of the tasks to improve the governance and administrative-reform indices, "
                      "quarter {roman} of {year}", roman=ROMAN[report.quarter], year=report.year)).bold = True
        to = doc.add_paragraph()
        to.alignment = center
        to.add_run(_("To: the People’s Committee of {province}", province=report.province_title))
        if report.former_title:
            scope = doc.add_paragraph()
            scope.alignment = center
            scope.add_run(_scope_line(report)).italic = True

        doc.add_paragraph().add_run(_("I. SUMMARY")).bold = True
        counts = report.summary
        t = doc.add_table(rows=1 + len(counts), cols=2)
        t.style = "Table Grid"
        _cell_text(t.cell(0, 0), _("Status"), bold=True)
        _cell_text(t.cell(0, 1), _("Number of tasks"), bold=True, align=center)
        for i, r in enumerate(counts.itertuples(), start=1):
            _cell_text(t.cell(i, 0), r.label, bold=r.status == "total", italic=r.status == "overdue")
            _cell_text(t.cell(i, 1), str(r.count), bold=r.status == "total", align=center)

        section = doc.add_paragraph()
        section.paragraph_format.space_before = Pt(12)  # not glued to the summary table above
        section.add_run(_("II. TASKS BY PLAN AND LEAD UNIT")).bold = True
        if report.rows.empty:
            doc.add_paragraph(_("No task falls in this quarter."))
        for plan, by_plan in report.rows.groupby("plan", sort=False):
            heading = doc.add_paragraph()
            heading.paragraph_format.space_before = Pt(12)  # a plan's heading was glued to the table above
            heading.paragraph_format.keep_with_next = True
            heading.add_run(plan).bold = True
            for unit, by_unit in by_plan.groupby("lead_unit", sort=False):
                lead = doc.add_paragraph()
                lead.paragraph_format.space_before = Pt(6)
                lead.paragraph_format.keep_with_next = True  # never the last line of a page, its table on the next
                lead.add_run(_("Lead unit: {unit}", unit=unit)).italic = True
                _task_table(doc, by_unit)

        # the signature block is never alone on the last page: the last task's row goes with it
        for cell in doc.tables[-1].rows[-1].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
        doc.add_paragraph().paragraph_format.keep_with_next = True
        end = doc.add_table(rows=1, cols=2)
        _row_property(end.rows[0], "w:cantSplit")
        _cell_text(end.cell(0, 0), _("Recipients:") + "\n- " + _("People’s Committee of {province} (to report);",
                                                                     province=report.province_title)
                   + "\n- " + _("Archive: VT."), size=11)
        _cell_text(end.cell(0, 1), _("DIRECTOR") + "\n\n\n\n", bold=True, align=center)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def _scope_line(report: QuarterReport) -> str | None:
    """Whose plans the tasks are when that is not the reporting province's alone (a report dated from 1 July
    2025 on a province formed of several, or renamed), in the run's language; None otherwise."""
    if not report.former_title:
        return None
    places = dict(former=report.former_title, province=report.province_title)
    if report.department:
        return _("Tasks of the plans of {former} (one province, {province}, from 1 July 2025)", **places)
    if report.renamed:
        return _("Tasks of the plans of {former} (now {province})", **places)
    return _("Tasks of the plans of {former} (part of {province} from 1 July 2025)", **places)


def _task_table(doc, table_rows: pd.DataFrame) -> None:
    """One table per lead unit. python-docx builds the rows; each row's cells are reached once."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from docx.shared import Cm

    headers = [_("No."), _("Task"), _("Deadline"), _("Status"), _("Progress note")]
    t = doc.add_table(rows=1 + len(table_rows), cols=len(headers))
    t.style = "Table Grid"
    t.autofit = False
    # 16 cm: A4 less the margins; "STT" in bold needs 1,3 cm with the cell margins (1,1 broke it in two). The
    # progress note is what UBND tỉnh reads the report for: in 2,5 cm its heading broke in two and a note
    # of two sentences ran to ten lines, beside a task's text in 7,2
    widths = [Cm(w) for w in (1.3, 6.0, 2.4, 2.6, 3.7)]
    for column, width in zip(t.columns, widths):
        column.width = width  # the grid LibreOffice reads
    for cell, width in zip(t.rows[0].cells, widths):
        cell.width = width  # Word lays a fixed table out by its first row
    for j, h in enumerate(headers):
        _cell_text(t.cell(0, j), h, bold=True, size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
        t.cell(0, j).paragraphs[0].paragraph_format.keep_with_next = True  # never a page's last line alone
    # the heading row repeats on each page a table runs onto, and no task's row is cut in two by a page:
    # a unit's table began with its headings alone at the foot of a page, its tasks on the next
    _row_property(t.rows[0], "w:tblHeader")
    for row in t.rows:
        _row_property(row, "w:cantSplit")
    for i, r in enumerate(table_rows.itertuples(), start=1):
        cells = t.rows[i].cells
        status = status_text(r.status, r.overdue, language())
        for j, (text, bold, color) in enumerate([(str(i), False, None), (r.text, False, None), (r.deadline, False, None),
                                                 (status, r.overdue, "C00000" if r.overdue else None),
                                                 (r.progress_note, False, None)]):
            _cell_text(cells[j], text, bold=bold, size=11, color=color)


def _row_property(row, tag: str) -> None:
    """A table row property python-docx has no setting for (Word's "repeat as header row", "allow row
    to break across pages" off), written into the row's properties."""
    from docx.oxml import OxmlElement
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def _long_date(day: dt.date) -> str:
    """A report's date as an official document writes it: "ngày 27 tháng 11 năm 2026", "27 November 2026"."""
    from babel.dates import format_date
    return _("day {d:02d} month {m:02d} year {y}", d=day.day, m=day.month, y=day.year,
             month_name=format_date(day, "MMMM", locale="en"))


def xlsx_headers() -> list[str]:
    return [_("Plan"), _("Lead unit"), _("No."), _("Task ID"), _("Task"), _("Deadline"), _("Status"), _("Overdue"),
            _("Progress note")]


def to_xlsx(report: QuarterReport) -> bytes:
    """The same table as the DOCX, one row per task, and the summary on a second sheet, written by
    chiso.tables as the app's other workbooks are: a task's text wraps in its cell (it was cut at the
    next column), the heading row stays in view and filters, and the sheet prints one page wide."""
    from chiso import tables

    with use(report.lang):
        rows, yes = report.rows, _("yes")
        tasks = rows.assign(no=range(1, len(rows) + 1), overdue_said=[yes if o else "" for o in rows.overdue])[
            ["plan", "lead_unit", "no", "task_id", "text", "deadline", "status_label", "overdue_said", "progress_note"]]
        tasks.columns = xlsx_headers()
        counts = report.summary[["label", "count"]].set_axis([_("Status"), _("Number of tasks")], axis=1)
        # whose department, as the DOCX's heading says it: "Quý IV năm 2026: Sở Nội vụ" alone named no province
        # (an --issuer that names it already is kept as it is)
        said = dict(roman=ROMAN[report.quarter], year=report.year, issuer=report.issuer)
        title = _("Quarter {roman} of {year}: {issuer}", **said) if fold(report.province_title) in fold(report.issuer) \
            else _("Quarter {roman} of {year}: {issuer}, {province}", province=report.province_title, **said)
        scope = [line for line in [_scope_line(report)] if line]
        # a progress note such as "40/111" is not a rank to split in two columns
        return tables.workbook([tables.Sheet(tasks, _("Task list"), title, ranks=False, notes=scope),
                                tables.Sheet(counts, _("Summary"), title, notes=scope)])
