"""Joining ReportLab parts into one PDF keeps every page, in order, readable."""

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfgen.canvas import Canvas

from congdoan.core.pdfjoin import join


def part(texts: list[str], size=A4) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    for text in texts:
        canvas.drawString(72, 72, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pages_of_every_part_come_in_order_and_read_strictly():
    out = io.BytesIO()
    pages = join(
        iter([part(["mot", "hai"]), part(["ba"], size=A5), part(["bon", "nam"])]),
        out,
        title="Thẻ đoàn viên",
    )
    reader = PdfReader(io.BytesIO(out.getvalue()), strict=True)
    assert pages == len(reader.pages) == 5
    texts = [page.extract_text().strip() for page in reader.pages]
    assert texts == ["mot", "hai", "ba", "bon", "nam"]
    assert round(float(reader.pages[2].mediabox.width)) == round(A5[0])  # each page its own
    assert reader.metadata.title == "Thẻ đoàn viên"


def test_one_part_alone_is_a_whole_pdf():
    out = io.BytesIO()
    assert join([part(["mot"])], out) == 1
    assert len(PdfReader(io.BytesIO(out.getvalue()), strict=True).pages) == 1
