"""Hostile plan uploads, generated here: every one is refused by a budget or stopped by the worker's
limits, with a message naming the limit, and the worker's peak memory stays far from the server's."""
from __future__ import annotations

import io
import zipfile

import pytest

from chiso.errors import InputError
from chiso.plans.extract import DEFAULT_BUDGET, Budget, read_document
from chiso.plans.worker import Limits, PlanRefused, Run, parse_bounded

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Peak resident memory of the worker on a refused file: a small fraction of its 1.5 GB limit.
REFUSED_PEAK_KB = 300 * 1024


@pytest.fixture(autouse=True)
def english():
    """Messages checked in English (the Vietnamese wording is the .po's business)."""
    from chiso import i18n
    with i18n.use("en"):
        yield


def _docx(write_body) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w") as fh:
            fh.write(f'<?xml version="1.0"?><w:document {W}><w:body>'.encode())
            write_body(fh)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def _refused(data: bytes, name: str, **kw) -> tuple[str, Run]:
    run = Run()
    with pytest.raises(PlanRefused) as refused:
        parse_bounded(data, name, run=run, **kw)
    return str(refused.value), run


def test_zip_bomb_docx_is_refused_while_inflating():
    def body(fh):  # 96 MB of comments: compresses to ~100 KB
        block = b"<!--" + b" " * ((1 << 20) - 7) + b"-->"
        for _ in range(96):
            fh.write(block)
        fh.write(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>")
    data = _docx(body)
    assert len(data) < 1 << 20
    message, run = _refused(data, "bomb.docx")
    assert run.outcome == "refused" and "32 MB" in message and "bomb.docx" in message
    assert run.peak_rss_kb < REFUSED_PEAK_KB


def test_twenty_thousand_paragraphs_are_refused_at_the_budget():
    def body(fh):
        fh.write(b"<w:p><w:r><w:t>Nhi\xe1\xbb\x87m v\xe1\xbb\xa5</w:t></w:r></w:p>" * 20_000)
    message, run = _refused(_docx(body), "dai.docx")
    assert run.outcome == "refused" and "10,000" in message
    assert run.peak_rss_kb < REFUSED_PEAK_KB


def test_two_thousand_page_blank_pdf_is_refused_before_any_ocr():
    from pypdf import PdfWriter
    writer = PdfWriter()
    for _ in range(2000):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    message, run = _refused(out.getvalue(), "trang.pdf")
    assert run.outcome == "refused" and "2000" in message and "300" in message
    # Under the page limit, a long scan stops at the OCR page cap before OCR starts.
    writer = PdfWriter()
    for _ in range(DEFAULT_BUDGET.max_ocr_pages + 1):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputError, match=str(DEFAULT_BUDGET.max_ocr_pages)):
        read_document(out.getvalue(), "quet.pdf")


def test_big_text_is_refused_by_size_and_by_budget():
    line = "Tổ chức khảo sát sự hài lòng của người dân tại Bộ phận Một cửa.\n".encode()
    ten_mb = line * (10 * 1024 * 1024 // len(line) + 1)
    with pytest.raises(InputError, match="5 MB"):
        parse_bounded(ten_mb, "dai.txt")  # over the upload limit: refused without starting a process
    one_mb = ten_mb[:1024 * 1024]
    message, run = _refused(one_mb, "dai.txt")
    assert run.outcome == "refused" and "10,000" in message


def test_reader_alone_refuses_at_the_inflate_budget():
    """The budget is counted on the bytes as they inflate, in the reader itself (no worker needed)."""
    def body(fh):
        fh.write((b"<!--" + b" " * ((1 << 20) - 7) + b"-->") * 40)
    data = bytearray(_docx(body))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    assert info.file_size > DEFAULT_BUDGET.max_inflated_bytes
    with pytest.raises(InputError, match="32 MB"):
        read_document(bytes(data), "noi_doi.docx", Budget())


# The worker's OS limits, on a file that passes the reading budgets: each fires and is named.
HONEST_BUT_LONG = ("KẾ HOẠCH\nII. NHIỆM VỤ\n" + "".join(
    f"{i}. Công khai danh sách hộ nghèo, giải quyết khiếu nại tố cáo đúng hạn tại xã số {i}.\n"
    for i in range(1, 4000))).encode()


def test_wall_clock_limit_kills_the_worker():
    message, run = _refused(HONEST_BUT_LONG, "cham.txt", limits=Limits(seconds=2))
    assert run.outcome == "timeout" and "2 s" in message


def test_cpu_limit_stops_the_worker():
    message, run = _refused(HONEST_BUT_LONG, "cham.txt", limits=Limits(cpu_seconds=1, seconds=120))
    assert run.outcome == "timeout" and "1 s" in message


def test_memory_limit_stops_the_worker():
    message, run = _refused(HONEST_BUT_LONG, "nang.txt", limits=Limits(memory_bytes=64 * 1024 * 1024))
    assert run.outcome == "memory" and "64 MB" in message


def test_honest_plan_goes_through_the_worker(shared_dir):
    from chiso.plans import parse_plan
    path = shared_dir / "plans" / "khanhhoa-sct-2022-papi.txt"
    run = Run()
    bounded = parse_bounded(path.read_bytes(), path.name, run=run)
    assert run.outcome == "ok" and bounded.to_dict() == parse_plan(path).to_dict()
