"""Briefing exports: chart images (PNG/SVG), styled Excel tables, CSV bundles with a README.

No Streamlit here: pages call `chiso.ui_exports`, the deck and the CLI call these directly.

Chart images are rendered on the server by kaleido (≥1), which drives a headless Chromium
over the DevTools protocol. Starting that browser costs seconds while one figure costs a
fraction of one, so a `Renderer` owns ONE browser and renders any number of figures with it:
a whole deck uses one, and the app keeps one shared renderer for its lifetime
(`shared_renderer()`). The browser is Debian's chromium (or `BROWSER_PATH`); MathJax is
disabled and plotly.js comes from the installed plotly package, so nothing is fetched from
the network.

Spreadsheet safety: a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return
would be run as a formula by Excel/LibreOffice when opened or edited (CSV/formula injection).
XLSX cells are written as explicit text with Excel's quote-prefix flag (the value is kept,
never evaluated); CSV has no types, so such text gets a leading apostrophe.
"""
from __future__ import annotations

import asyncio
import atexit
import copy
import csv
import datetime as dt
import io
import math
import os
import shutil
import threading
import zipfile
from pathlib import Path

import pandas as pd

from chiso import catalog, fmt
from chiso.cells import neutralise, set_text

# ---------------------------------------------------------------------------------------------
# Chart images

_BROWSER_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def browser_path() -> str | None:
    """The Chrome/Chromium kaleido drives: $BROWSER_PATH, else Debian's chromium, else
    whatever choreographer finds itself (None)."""
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env
    for p in _BROWSER_CANDIDATES:
        if Path(p).exists():
            return p
    found = shutil.which("chromium") or shutil.which("google-chrome")
    return found


class RenderError(RuntimeError):
    pass


class Renderer:
    """One headless browser rendering many figures.

    kaleido's API is asynchronous; a private event loop runs in a daemon thread so callers
    (Streamlit script threads, the CLI, tests) stay synchronous. Calls from several threads
    are safe: each is scheduled on the loop and kaleido queues them on its tab.

        with Renderer() as r:
            png = r.render(fig, "png", 1600, 900)
    """

    def __init__(self, timeout: float = 90):
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._opening = None  # the browser's start, while it is under way
        self._path = None
        self._lock = threading.Lock()
        self.figures_rendered = 0

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self, wait: bool = True) -> "Renderer":
        """Start the browser. With `wait=False` it starts in the background (seconds) while the
        caller prepares its figures; the first `render` waits for it."""
        with self._lock:
            if self._kaleido is None and self._opening is None:
                import kaleido

                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="chiso-kaleido", daemon=True)
                thread.start()
                options = dict(n=1, timeout=self.timeout, mathjax=False)
                path = browser_path()
                if path:
                    options["path"] = path
                self._path = path

                async def open_browser():
                    k = kaleido.Kaleido(**options)
                    await k.open()
                    return k

                self._loop, self._thread = loop, thread
                self._opening = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        if wait:
            self._wait_open()
        return self

    def _wait_open(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                return
            if self._opening is None:
                raise RenderError("trình duyệt vẽ biểu đồ chưa được khởi động")
            try:
                self._kaleido = self._opening.result(self.timeout)
            except Exception as exc:
                loop, thread = self._loop, self._thread
                self._opening = self._loop = self._thread = None
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
                raise RenderError(f"không khởi động được trình duyệt để vẽ biểu đồ "
                                  f"({self._path or 'chromium'}): {exc}") from exc
            self._opening = None

    def close(self) -> None:
        if self._opening is not None:
            try:
                self._wait_open()
            except RenderError:
                return
        with self._lock:
            if self._kaleido is None:
                return
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(30)
            except Exception:  # a browser that already died needs no closing
                pass
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)

    def render(self, fig, image_format: str, width: int, height: int, scale: float = 1) -> bytes:
        if self._kaleido is None:
            self.start()
        spec = fig.to_dict() if hasattr(fig, "to_dict") else fig
        opts = dict(format=image_format, width=int(width), height=int(height), scale=scale)
        future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(spec, opts=opts), self._loop)
        data = future.result(self.timeout + 10)
        self.figures_rendered += 1
        return data if isinstance(data, bytes) else bytes(data)

    def __enter__(self) -> "Renderer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> Renderer:
    """The process-wide renderer (started on first use, closed at exit): the app's
    download buttons and the CLI reuse one browser instead of starting one per image."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
            atexit.register(_shared.close)
        return _shared.start()


def _render(fig, image_format: str, width: int, height: int, scale: float, renderer: Renderer | None) -> bytes:
    r = renderer or shared_renderer()
    try:
        return r.render(fig, image_format, width, height, scale)
    except (RenderError, asyncio.CancelledError, RuntimeError, OSError):
        if renderer is not None:
            raise
        # The shared browser may have died (killed, out of memory): restart it once.
        r.close()
        return r.start().render(fig, image_format, width, height, scale)


def _titled(fig, title: str | None, source: str | None, lang: str):
    """A copy of the figure with the app's styling, title and source line when asked for
    (figures from `chiso.charts` already carry them)."""
    if not title and not source:
        return fig
    from chiso import charts

    fig = copy.deepcopy(fig)
    return charts.style(fig, lang, title or (fig.layout.title.text or ""), source or "")


def figure_png(fig, width: int = 1600, height: int = 900, scale: float = 1, *, title: str | None = None,
               source: str | None = None, lang: str = "vi", renderer: Renderer | None = None) -> bytes:
    """PNG bytes of a plotly figure, `width`×`height` pixels times `scale`."""
    return _render(_titled(fig, title, source, lang), "png", width, height, scale, renderer)


def figure_svg(fig, width: int = 1600, height: int = 900, *, title: str | None = None, source: str | None = None,
               lang: str = "vi", renderer: Renderer | None = None) -> bytes:
    """SVG bytes (text stays text: searchable, editable in Inkscape/Illustrator)."""
    return _render(_titled(fig, title, source, lang), "svg", width, height, 1, renderer)


# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Excel tables

DEFAULT_FLOAT_FORMAT = "#,##0.00"   # stored in Excel's invariant syntax; Excel shows 85,95 or 85.95 per user locale
DEFAULT_INT_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"           # the users' convention in both languages, not the locale's


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell_value(value):
    """Python/openpyxl-friendly value: numpy scalars to Python, timestamps to datetimes."""
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def table_xlsx(df: pd.DataFrame, headers_vi: dict[str, str] | None = None,
               number_formats: dict[str, str] | None = None, title: str = "", source: str = "",
               sheet_name: str = "Số liệu", missing_text: str | None = fmt.MISSING["vi"]) -> bytes:
    """One table as a styled workbook: title, source line, Vietnamese headers, real numbers
    with formats, dates dd/mm/yyyy, frozen header with a filter.

    `headers_vi` maps column -> header (columns not listed keep their name). `number_formats`
    maps column -> Excel format code; floats default to `#,##0.00`, integers to `#,##0`.
    A missing value is written as `missing_text` ("chưa có số liệu"), never as 0.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    headers_vi = headers_vi or {}
    number_formats = dict(number_formats or {})
    cols = list(df.columns)
    for c in cols:
        if c in number_formats:
            continue
        if pd.api.types.is_bool_dtype(df[c]):
            continue
        if pd.api.types.is_datetime64_any_dtype(df[c]):
            number_formats[c] = DATE_FORMAT
        elif pd.api.types.is_integer_dtype(df[c]):
            number_formats[c] = DEFAULT_INT_FORMAT
        elif pd.api.types.is_float_dtype(df[c]):
            number_formats[c] = DEFAULT_FLOAT_FORMAT

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet_name)
    row = 1
    if title:
        set_text(ws.cell(row=1, column=1), title)
        ws.cell(row=1, column=1).font = Font(bold=True, size=14)
        row += 1
    if source:
        label = source if source.lower().startswith(("nguồn", "source")) else f"Nguồn: {source}"
        set_text(ws.cell(row=row, column=1), label)
        ws.cell(row=row, column=1).font = Font(italic=True, color="555555")
        row += 1
    ws.cell(row=row, column=1, value=f"Ngày xuất: {fmt.date(dt.date.today())}").font = Font(color="555555")
    row += 2
    header_row = row
    fill = PatternFill("solid", fgColor="DCE6F0")
    for j, c in enumerate(cols, 1):
        cell = ws.cell(row=header_row, column=j)
        set_text(cell, str(headers_vi.get(c, c)))
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(headers_vi.get(c, c))) for c in cols]
    for i, record in enumerate(df.itertuples(index=False), header_row + 1):
        for j, (c, value) in enumerate(zip(cols, record), 1):
            cell = ws.cell(row=i, column=j)
            if _is_missing(value):
                if missing_text:
                    cell.value = missing_text
                    cell.font = Font(italic=True, color="808080")
                shown = missing_text or ""
            elif isinstance(value, str):
                set_text(cell, value)
                shown = value
            elif isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
                cell.value = _cell_value(value)
                cell.number_format = number_formats.get(c, DATE_FORMAT)
                shown = "00/00/0000"
            else:
                cell.value = _cell_value(value)
                if c in number_formats and not isinstance(cell.value, bool):
                    cell.number_format = number_formats[c]
                shown = fmt.number(value) if isinstance(cell.value, float) else str(cell.value)
            widths[j - 1] = max(widths[j - 1], min(len(shown), 60))
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = max(8, min(w + 2, 62))
        if w >= 60:
            for r in range(header_row + 1, header_row + 1 + len(df)):
                ws.cell(row=r, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if len(cols):
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(cols))}{header_row + max(len(df), 1)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    bad = '[]:*?/\\'
    return "".join("-" if ch in bad else ch for ch in name)[:31] or "Sheet1"




# ---------------------------------------------------------------------------------------------
# CSV bundles

def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel then reads Vietnamese correctly), decimal point, blank = no data,
    formula-like text neutralised."""
    safe = df.copy()
    for c in safe.columns:
        if safe[c].dtype == object or pd.api.types.is_string_dtype(safe[c]):
            safe[c] = safe[c].map(neutralise, na_action="ignore")
    return safe.to_csv(index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").encode("utf-8-sig")


SCORE_HEADERS = {
    "index_code": "Chỉ số", "year": "Năm", "province_set": "Bộ tỉnh", "province_code": "Mã tỉnh",
    "province_name": "Tỉnh/thành phố", "indicator_code": "Mã thành phần", "indicator_name": "Tên thành phần",
    "value": "Giá trị", "max_value": "Điểm tối đa", "rank": "Xếp hạng", "ranked_count": "Số tỉnh xếp hạng",
    "rank_source": "Nguồn xếp hạng", "score_change": "Thay đổi điểm", "rank_change": "Thay đổi thứ hạng",
    "group_vi": "Nhóm điểm", "group_boundary": "Nhóm ở ranh giới", "derived": "Suy ra",
    "disputed": "Nguồn khác nhau", "edition_coverage": "Phạm vi kỳ công bố", "period": "Giai đoạn phương pháp",
    "source": "Nguồn", "note": "Ghi chú",
}

RANK_SOURCE_VI = {"published": "công bố", "published_derived": "suy từ thay đổi thứ hạng đã công bố",
                  "computed": "tính từ điểm, trong số các tỉnh có đủ mọi chỉ số nội dung"}
COVERAGE_VI = {"full": "đầy đủ", "partial": "một phần"}


def _yes(v) -> str:
    return "có" if (not _is_missing(v) and bool(v)) else ""


def dataset_frames(db=None) -> dict[str, pd.DataFrame]:
    """The whole published dataset as tables with Vietnamese headers (file name -> frame)."""
    from chiso import scores
    from chiso.db import query

    s = query("export_scores", db)
    s["rank_source"] = s["rank_source"].map(lambda v: RANK_SOURCE_VI.get(v, v) if isinstance(v, str) else v)
    s["edition_coverage"] = s["edition_coverage"].map(lambda v: COVERAGE_VI.get(v, v))
    for c in ("derived", "disputed", "group_boundary"):
        s[c] = s[c].map(_yes)
    for c in ("rank", "ranked_count", "rank_change", "period"):
        s[c] = s[c].astype("Int64")
    s = s[[c for c in SCORE_HEADERS if c in s.columns]].rename(columns=SCORE_HEADERS)

    aggregates = pd.concat([scores.aggregates(i, db) for i in catalog.indices()], ignore_index=True)
    aggregates = aggregates.rename(columns={"index_code": "Chỉ số", "year": "Năm", "scope": "Phạm vi",
                                            "metric": "Thước đo", "value": "Giá trị", "source": "Nguồn",
                                            "note": "Ghi chú"})
    editions = scores.editions(db=db).rename(columns={
        "index_code": "Chỉ số", "year": "Năm", "province_set": "Bộ tỉnh", "coverage": "Phạm vi",
        "methodology": "Phương pháp", "ranked_count": "Số tỉnh có xếp hạng trong dữ liệu",
        "published_ranked_count": "Số tỉnh xếp hạng công bố", "note_vi": "Ghi chú", "note_en": "Note",
        "with_total": "Số tỉnh có tổng điểm trong dữ liệu"})
    editions["Phạm vi"] = editions["Phạm vi"].map(lambda v: COVERAGE_VI.get(v, v))
    for c in ("Số tỉnh có xếp hạng trong dữ liệu", "Số tỉnh xếp hạng công bố", "Số tỉnh có tổng điểm trong dữ liệu"):
        if c in editions:
            editions[c] = editions[c].astype("Int64")
    indicators = query("indicators", db).rename(columns={
        "index_code": "Chỉ số", "indicator_code": "Mã thành phần", "parent_code": "Thuộc", "level": "Cấp",
        "kind": "Loại", "name_vi": "Tên", "name_en": "Name", "max_value": "Điểm tối đa",
        "min_value": "Điểm tối thiểu", "first_year": "Từ năm", "last_year": "Đến năm",
        "aggregation": "Cách tổng hợp", "note": "Ghi chú"})
    for c in ("Từ năm", "Đến năm", "Cấp"):
        if c in indicators:
            indicators[c] = indicators[c].astype("Int64")
    changes = pd.concat([scores.methodology_changes(i, db) for i in catalog.indices()], ignore_index=True)
    changes = changes.rename(columns={"index_code": "Chỉ số", "year": "Từ năm", "title_vi": "Thay đổi",
                                      "title_en": "Change", "description_vi": "Mô tả",
                                      "description_en": "Description", "source": "Nguồn"})
    provinces = scores.provinces(db).rename(columns={
        "province_code": "Mã tỉnh", "name_vi": "Tỉnh/thành phố", "name_en": "Province", "region_vi": "Vùng",
        "region_en": "Region", "code_2025": "Mã tỉnh từ 01/07/2025", "name_2025": "Tỉnh/thành phố từ 01/07/2025"})
    disagreements = scores.disagreements(db).rename(columns={
        "index_code": "Chỉ số", "year": "Năm", "province_code": "Mã tỉnh", "indicator_code": "Mã thành phần",
        "kind": "Loại", "chosen": "Giá trị được chọn", "candidates": "Các giá trị và nguồn",
        "rule": "Quy tắc chọn"})
    return {
        "diem_so.csv": s,
        "trung_binh_ca_nuoc_vung.csv": aggregates,
        "ky_cong_bo.csv": editions,
        "thanh_phan_chi_so.csv": indicators,
        "thay_doi_phuong_phap.csv": changes,
        "tinh_thanh.csv": provinces,
        "nguon_khac_nhau.csv": disagreements,
    }


_FILE_NOTES = {
    "diem_so.csv": "mọi giá trị điểm và thứ hạng, một dòng một giá trị, kèm nguồn (cột `Nguồn`)",
    "trung_binh_ca_nuoc_vung.csv": "trung bình cả nước/vùng đã công bố (PAR INDEX, SIPAS), kèm nguồn",
    "ky_cong_bo.csv": "các kỳ công bố: đầy đủ hay một phần, số tỉnh được xếp hạng",
    "thanh_phan_chi_so.csv": "danh mục thành phần của mỗi chỉ số, thang điểm theo từng giai đoạn",
    "thay_doi_phuong_phap.csv": "các mốc thay đổi phương pháp (không nối chuỗi số liệu qua các mốc này)",
    "tinh_thanh.csv": "63 tỉnh/thành phố (mã GSO) và tỉnh/thành phố tương ứng từ 01/07/2025",
    "nguon_khac_nhau.csv": "các giá trị mà các nguồn nêu khác nhau, giá trị được chọn và lý do",
}


def _licence_and_caveats(changes: pd.DataFrame | None) -> str:
    breaks = ""
    if changes is not None and len(changes):
        lines = [f"  - {r['Chỉ số']} từ {r['Từ năm']}: {r['Thay đổi']}" for _, r in changes.iterrows()]
        breaks = "\n" + "\n".join(lines)
    return f"""## Nguồn gốc và giấy phép

- **PAPI** (UNDP Việt Nam, CECODES, VFF-CRT, RTA; papi.org.vn). Số liệu lấy từ:
  - tệp Excel của UNDP 2011–2016 (`PAPI_2011-2016.xlsx`), bản lưu trong kho `mdtrinh/vietnamdata`
    (commit be581b8d) — giấy phép **CC0**;
  - bảng điểm nội dung thành phần 2011–2024 trong kho `hnks-gh/ml-mcdm` (commit d165721e),
    đã đối chiếu khớp với tệp của UNDP — giấy phép **MIT** (Copyright (c) 2026 Son Hoang).
  Bản quyền kết quả PAPI thuộc các đơn vị thực hiện PAPI; khi dùng hãy trích dẫn báo cáo PAPI của năm tương ứng.
- **PAR INDEX, SIPAS** (Bộ Nội vụ): chưa tìm được bảng đầy đủ 63 tỉnh ở dạng văn bản. Mỗi giá trị ở đây
  được trích từ một trang công khai (báo, cổng thông tin, kế hoạch của tỉnh); địa chỉ trang nằm trong cột
  `Nguồn` của chính dòng đó. Số liệu gốc là của Bộ Nội vụ (quyết định công bố hằng năm).

## Lưu ý khi dùng

- **Kỳ công bố một phần**: mọi kỳ PAR INDEX và SIPAS ở đây chỉ có một số tỉnh (xem `ky_cong_bo.csv`).
  Thứ hạng PAR INDEX/SIPAS là **thứ hạng đã công bố** (trên 63 tỉnh), không phải tính lại từ các tỉnh có
  trong bảng; tỉnh không có dòng nghĩa là **chưa có số liệu**, không phải điểm thấp.
- **PAPI**: tổng điểm từ 2017 là tổng các chỉ số nội dung (cột `Suy ra` = `có`); thứ hạng PAPI được tính
  trong số các tỉnh có đủ mọi chỉ số nội dung (cột `Nguồn xếp hạng`), đã đối chiếu với thứ hạng công bố
  (ví dụ Hà Tĩnh 2022: 44,31/80, thứ 8/61). Nhóm điểm theo tứ phân vị; tỉnh ở ranh giới nhóm được đánh dấu.
- **Giá trị suy ra** (cột `Suy ra` = `có`): không được nêu trực tiếp mà tính ra (tổng các thành phần, hoặc
  thứ hạng năm trước suy từ "tăng/giảm n bậc"). Nguồn của giá trị suy ra là nguồn của các số dùng để tính.
- **Thay đổi phương pháp** — không so sánh trực tiếp qua các mốc này (cột `Giai đoạn phương pháp`):{breaks}
  Đặc biệt: PAPI thang 60 điểm (2011–2017) và thang 80 điểm (từ 2018) là hai thang khác nhau.
- **Nguồn khác nhau**: khi các trang nêu số khác nhau, cả hai đều được ghi trong `nguon_khac_nhau.csv`
  cùng quy tắc chọn (cột `Nguồn khác nhau` = `có`).
- Ô trống = chưa có số liệu. Số thập phân dùng dấu chấm (`85.95`) để máy đọc được; trong Excel dùng
  Data › From Text/CSV và chọn dấu thập phân phù hợp, hoặc tải bản XLSX trong ứng dụng.
- Ô văn bản bắt đầu bằng `=`, `+`, `-`, `@` được thêm dấu `'` ở đầu để bảng tính không chạy nó như công thức.
"""


def _citation(today: str) -> str:
    return f"""## Cách trích dẫn

Trích dẫn nguồn gốc của từng số (cột `Nguồn`), ví dụ:

> UNDP Việt Nam và các đối tác (2023). *Chỉ số PAPI 2022*. Số liệu lấy qua chiso, truy xuất ngày {today}.

> Bộ Nội vụ (2023). *Chỉ số cải cách hành chính năm 2022 (PAR INDEX 2022)*, theo [địa chỉ trang trong cột `Nguồn`],
> số liệu lấy qua chiso, truy xuất ngày {today}.

English: cite the original publisher of each value (column `Nguồn` = source), then
"compiled by chiso, retrieved {today}".
"""


def _zip(frames: dict[str, pd.DataFrame], readme: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.md", readme.encode("utf-8"))
        for name, frame in frames.items():
            z.writestr(name, csv_bytes(frame))
    return out.getvalue()


def dataset_zip(db=None) -> bytes:
    """The whole published dataset: CSV files (UTF-8 with BOM) and a README.md on sources,
    licences, caveats and citation."""
    frames = dataset_frames(db)
    today = fmt.date(dt.date.today())
    s = frames["diem_so.csv"]
    files = "\n".join(f"- `{name}` ({fmt.number(len(f), 0)} dòng): {_FILE_NOTES.get(name, '')}"
                      for name, f in frames.items())
    per_index = s.groupby("Chỉ số")["Năm"].agg(["min", "max", "count"])
    span = "\n".join(f"- {i}: {r['min']}–{r['max']}, {fmt.number(r['count'], 0)} giá trị"
                     for i, r in per_index.iterrows())
    readme = f"""# Bộ số liệu chiso: PAPI, PAR INDEX, SIPAS cấp tỉnh

Xuất ngày {today}. Mỗi dòng số liệu có nguồn của nó (cột `Nguồn`).

## Các tệp

{files}

Phạm vi:
{span}

{_licence_and_caveats(frames["thay_doi_phuong_phap.csv"])}
{_citation(today)}"""
    return _zip(frames, readme)


def view_zip(frames: dict[str, pd.DataFrame], title: str = "", source: str = "", lang: str = "vi",
             note: str = "") -> bytes:
    """The figures behind one view (a chart or table) as CSV files with a README naming their sources."""
    today = fmt.date(dt.date.today())
    named = {}
    for name, frame in frames.items():
        stem = _file_stem(name)
        named[f"{stem}.csv"] = frame
    sources: list[str] = []
    for frame in frames.values():
        for c in ("source", "Nguồn", "Source"):
            if c in frame:
                sources += [s for s in frame[c].dropna().astype(str).unique() if s]
    if source:
        sources.insert(0, source)
    sources = list(dict.fromkeys(sources))
    source_lines = "\n".join(f"- {s}" for s in sources[:200]) or f"- {fmt.MISSING['vi']}"
    if len(sources) > 200:
        source_lines += f"\n- … và {len(sources) - 200} nguồn khác (xem cột nguồn trong từng tệp)"
    files = "\n".join(f"- `{n}` ({len(f)} dòng)" for n, f in named.items())
    readme = f"""# {title or 'Số liệu xuất từ chiso'}

Xuất ngày {today}.{(' ' + note) if note else ''}

## Các tệp

{files}

## Nguồn

{source_lines}

{_licence_and_caveats(None)}
{_citation(today)}"""
    return _zip(named, readme)


def _file_stem(name: str) -> str:
    from chiso.names import fold

    stem = name[:-4] if name.lower().endswith(".csv") else name
    return fold(stem).replace(" ", "_") or "bang"
