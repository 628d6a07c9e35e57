"""Cards as PDF: one card at ID-1 size (85.6 × 54 mm, front and back), or many on A4
sheets, ten to a page with cut marks, fronts on one page and backs on the next.

Text is set in Open Sans (installed as a Python package: full Vietnamese coverage); the
QR code is drawn as vector squares from the code's matrix and holds the card's check
address, with no personal data in it. ReportLab writes every coordinate through its C
accelerator (the ``rl_accel`` package): a batch of 1,000 cards takes a third less time.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache

import segno
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from ttf_opensans import opensans

from congdoan.core.pdfjoin import join

from .models import Card
from .verify import verify_url

CARD_W, CARD_H = 85.6 * mm, 54 * mm
COLUMNS, ROWS = 2, 5  # ten cards on an A4 sheet
RED = Color(0.75, 0.05, 0.1)


@cache
def _fonts() -> tuple[str, str]:
    pdfmetrics.registerFont(TTFont("OpenSans", str(opensans().path)))
    pdfmetrics.registerFont(TTFont("OpenSans-Bold", str(opensans(font_weight=700).path)))
    return "OpenSans", "OpenSans-Bold"


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width``."""
    while size > 5 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _front(canvas: Canvas, card: Card, x: float, y: float) -> None:
    regular, bold = _fonts()
    member = card.member
    canvas.saveState()
    canvas.setFillColor(RED)
    canvas.rect(x, y + CARD_H - 11 * mm, CARD_W, 11 * mm, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(bold, 7)
    canvas.drawCentredString(x + CARD_W / 2 + 5 * mm, y + CARD_H - 5 * mm, "CÔNG ĐOÀN VIỆT NAM")
    canvas.setFont(bold, 9)
    canvas.drawCentredString(x + CARD_W / 2 + 5 * mm, y + CARD_H - 9 * mm, "THẺ ĐOÀN VIÊN")
    # the union's emblem sits in this circle on the printed card stock
    canvas.setStrokeColor(white)
    canvas.circle(x + 8 * mm, y + CARD_H - 5.5 * mm, 4 * mm, stroke=1, fill=0)
    # the photo (3 × 4), or a box to paste one in
    photo = getattr(member, "card_photo", None)
    canvas.setStrokeColor(black)
    if photo is not None:
        picture = ImageReader(io.BytesIO(bytes(photo.image)))
        canvas.drawImage(picture, x + 4 * mm, y + 8 * mm, 20 * mm, 26.7 * mm)
        canvas.rect(x + 4 * mm, y + 8 * mm, 20 * mm, 26.7 * mm, stroke=1, fill=0)
    else:
        canvas.setFillColor(Color(0.93, 0.93, 0.93))
        canvas.rect(x + 4 * mm, y + 8 * mm, 20 * mm, 26.7 * mm, stroke=1, fill=1)
        canvas.setFillColor(Color(0.45, 0.45, 0.45))
        canvas.setFont(regular, 6)
        canvas.drawCentredString(x + 14 * mm, y + 20 * mm, "Ảnh 3 × 4")
    left, width = x + 27 * mm, CARD_W - 30 * mm
    canvas.setFillColor(black)
    size = _fit(canvas, member.full_name.upper(), bold, 10, width)
    canvas.setFont(bold, size)
    canvas.drawString(left, y + 36 * mm, member.full_name.upper())
    lines = [
        ("Ngày sinh", member.birth_display or "—"),
        ("CĐCS", card.issuing_unit.name if card.issuing_unit else member.unit.name),
        ("Số thẻ", card.number or ""),
        ("Ngày cấp", card.issued_on.strftime("%d/%m/%Y") if card.issued_on else ""),
    ]
    top = y + 31 * mm
    for label, value in lines:
        canvas.setFont(regular, 6.5)
        canvas.drawString(left, top, f"{label}:")
        text_size = _fit(canvas, value, bold, 7.5, width - 13 * mm)
        canvas.setFont(bold, text_size)
        canvas.drawString(left + 13 * mm, top, value)
        top -= 5.5 * mm
    canvas.restoreState()


def _qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """The QR code of ``data`` as squares, ``size`` wide, its lower left at (x, y)."""
    code = segno.make(data, error="m", micro=False)
    border = 2
    modules = code.symbol_size(border=border)[0]
    step = size / modules
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    path = canvas.beginPath()  # one path: runs of dark modules in a row are one rectangle
    for row, line in enumerate(code.matrix_iter(border=border)):
        top = y + size - (row + 1) * step
        start = None
        for column, dark in enumerate([*line, 0]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                path.rect(x + start * step, top, (column - start) * step, step)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)


def _back(canvas: Canvas, card: Card, x: float, y: float, base_url: str | None) -> None:
    regular, bold = _fonts()
    url = verify_url(card, base_url=base_url)
    canvas.saveState()
    _qr(canvas, url, x + 4 * mm, y + 7 * mm, 40 * mm)
    left = x + 47 * mm
    canvas.setFont(bold, 8)
    canvas.drawString(left, y + 42 * mm, "Kiểm tra thẻ")
    canvas.setFont(regular, 6.5)
    for index, line in enumerate(
        [
            "Quét mã QR bằng điện thoại",
            "để biết thẻ còn hiệu lực.",
            "Thẻ dùng cho đoàn viên có tên",
            "ở mặt trước, không cho mượn.",
            "Nhặt được thẻ xin gửi lại",
            "công đoàn cơ sở ghi trên thẻ.",
        ]
    ):
        canvas.drawString(left, y + (36 - index * 4) * mm, line)
    canvas.setFont(bold, 7)
    canvas.drawString(left, y + 9 * mm, card.number or "")
    canvas.restoreState()


def card_pdf(card: Card, base_url: str | None = None) -> bytes:
    """One card: the front on the first page, the back on the second, at ID-1 size."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(CARD_W, CARD_H), pageCompression=1)
    canvas.setTitle(f"Thẻ đoàn viên {card.number}")
    _front(canvas, card, 0, 0)
    canvas.showPage()
    _back(canvas, card, 0, 0, base_url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _cut_marks(canvas: Canvas, x: float, y: float) -> None:
    canvas.setLineWidth(0.3)
    canvas.setStrokeColor(black)
    mark = 3 * mm
    for cx, cy in ((x, y), (x + CARD_W, y), (x, y + CARD_H), (x + CARD_W, y + CARD_H)):
        canvas.line(cx - mark, cy, cx - 1 * mm, cy)
        canvas.line(cx + 1 * mm, cy, cx + mark, cy)
        canvas.line(cx, cy - mark, cx, cy - 1 * mm)
        canvas.line(cx, cy + 1 * mm, cx, cy + mark)


def _slot(index: int, back: bool) -> tuple[float, float]:
    """Where the ``index``-th card of a sheet goes; backs are mirrored left to right so
    that a sheet printed on both sides (long edge) puts each back behind its front."""
    page_w, page_h = A4
    margin_x = (page_w - COLUMNS * CARD_W) / 2
    margin_y = (page_h - ROWS * CARD_H) / 2
    row, column = divmod(index, COLUMNS)
    if back:
        column = COLUMNS - 1 - column
    return margin_x + column * CARD_W, page_h - margin_y - (row + 1) * CARD_H


SHEETS_PER_PART = 10  # a hundred cards are drawn at a time


def _sheets_part(cards: list[Card], out, base_url: str | None) -> None:
    """Up to ``SHEETS_PER_PART`` sheets of cards as one PDF written to ``out``."""
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle("Thẻ đoàn viên")
    per_sheet = COLUMNS * ROWS
    for start in range(0, len(cards), per_sheet):
        sheet = cards[start : start + per_sheet]
        for back in (False, True):
            for index, card in enumerate(sheet):
                x, y = _slot(index, back)
                (_back(canvas, card, x, y, base_url) if back else _front(canvas, card, x, y))
                _cut_marks(canvas, x, y)
            canvas.showPage()
    canvas.save()


def sheets_pdf(cards: Iterable[Card], out, base_url: str | None = None, progress=None) -> None:
    """Many cards on A4 sheets written to the binary file ``out``: ten fronts on a page,
    their backs on the next.

    Memory stays flat however many cards there are: a hundred cards at a time are drawn
    into a PDF part, which is copied into ``out`` and dropped before the next is drawn
    (``congdoan.core.pdfjoin``)."""
    per_part = COLUMNS * ROWS * SHEETS_PER_PART

    def parts():
        batch: list[Card] = []
        done = 0
        for card in cards:
            batch.append(card)
            done += 1
            if len(batch) == per_part:
                yield _part(batch)
                batch = []
            if progress and done % (COLUMNS * ROWS) == 0:
                progress(done)
        if batch or not done:
            yield _part(batch)
        if progress:
            progress(done)

    def _part(batch: list[Card]) -> bytes:
        buffer = io.BytesIO()
        _sheets_part(batch, buffer, base_url)
        return buffer.getvalue()

    join(parts(), out, title="Thẻ đoàn viên")


def sheets_pdf_bytes(cards: Iterable[Card], base_url: str | None = None) -> bytes:
    """``sheets_pdf`` into memory (small batches and tests)."""
    buffer = io.BytesIO()
    sheets_pdf(cards, buffer, base_url=base_url)
    return buffer.getvalue()
