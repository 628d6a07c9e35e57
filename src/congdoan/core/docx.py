"""Word documents laid out per NĐ 30/2020/NĐ-CP, Phụ lục I (shared/RULES.md).

Default templates are built here with python-docx and carry docxtpl (Jinja) tags, so an
officer can download one, change it in Word and upload it back; ``render`` fills any of
them. The pieces every union document shares — the two-column header, the document
number, place and date, the signature block — are built once here and used by every
app's default template. Figures in documents are written the Vietnamese way: 1.813;
163,6 triệu đồng; dates as "ngày 05 tháng 01 năm 2027".
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
FONT = "Times New Roman"

# --- figures the Vietnamese way -------------------------------------------------------


def vn_number(value, decimals: int = 0) -> str:
    """``1813`` → "1.813"; ``163.62, 1`` → "163,6" (dot groups thousands, comma decimals)."""
    if value is None or value == "":
        return "0"
    if isinstance(value, bool):
        value = int(value)
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{number:,.{decimals}f}"
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    if decimals and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def vn_money(value) -> str:
    """An amount in đồng as a report writes it: "850.000 đồng", "163,6 triệu đồng",
    "1,25 tỷ đồng"."""
    amount = Decimal(str(value or 0))
    if abs(amount) >= 1_000_000_000:
        return f"{vn_number(amount / 1_000_000_000, 2)} tỷ đồng"
    if abs(amount) >= 1_000_000:
        return f"{vn_number(amount / 1_000_000, 1)} triệu đồng"
    return f"{vn_number(amount)} đồng"


def document_number(number: int | None, kind: str, issuer: str) -> str:
    """The number line: "Số: 05/BC-CĐCS"; numbers under 10 take a leading zero; without a
    number the space is left for the clerk (numbers are given when the document is sent)."""
    if number:
        return f"Số: {number:02d}/{kind}-{issuer}"
    return f"Số:      /{kind}-{issuer}"


def place_and_date(place: str, day: date) -> str:
    """ "Nha Trang, ngày 05 tháng 01 năm 2021" (days and months 1–2 take a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- building a default template ------------------------------------------------------


def new_document():
    """An A4 portrait document with NĐ 30 margins and Times New Roman 14 pt body text."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # East-Asian and complex-script slots too, or Word falls back to another font
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.1
    return document


def paragraph(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: str = "justify",
    indent: bool = False,
    after: float = 0,
):
    """A paragraph of one run; ``align`` is left, center, right or justify."""
    para = container.add_paragraph()
    para.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if indent:
        para.paragraph_format.first_line_indent = Cm(1.27)
    para.paragraph_format.space_after = Pt(after)
    if text:
        run = para.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return para


def body(container, text: str):
    """Body text: 14 pt, justified, first line indented 1,27 cm."""
    return paragraph(container, text, indent=True, after=6)


def rule(para, width_mm: float, cell_mm: float) -> None:
    """A short solid line under ``para``'s text, ``width_mm`` long and centred in the
    cell: a bottom border on an indented empty paragraph after it."""
    line = para._parent.add_paragraph()
    side = Mm(max(0.0, (cell_mm - width_mm) / 2))
    line.paragraph_format.left_indent = side
    line.paragraph_format.right_indent = side
    line.paragraph_format.space_after = Pt(6)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    line._p.get_or_add_pPr().append(borders)
    run = line.add_run()
    run.font.size = Pt(2)


def borderless_table(document, columns: list[float]):
    """A table with no borders, for the header and the signature block (widths in mm)."""
    table = document.add_table(rows=1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, columns, strict=True):
        column.width = cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def grid_table(document, headers: list[str], widths: list[float]):
    """A bordered table with a bold header row (widths in mm)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    cells = table.rows[0].cells
    for column, cell, text, width in zip(table.columns, cells, headers, widths, strict=True):
        column.width = cell.width = Mm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(12)
    return table


def add_row(table, texts: list[str], *, size: float = 12, align: list[str] | None = None):
    """A row of one run per cell (``align`` per cell: left, center or right)."""
    cells = table.add_row().cells
    for cell, head in zip(cells, table.rows[0].cells, strict=True):
        cell.width = head.width  # Word reads each cell's width, not the column's
    for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        way = (align or [])[index] if align and index < len(align) else "left"
        cell.paragraphs[0].alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[way]
        if text:
            cell.paragraphs[0].add_run(text).font.size = Pt(size)
    return cells


def loop_rows(table, opening: str, cells: list[str], closing: str = "{%tr endfor %}", **kw):
    """docxtpl's repeated table row: an opening tag row, the row itself, a closing row."""
    add_row(table, [opening] + [""] * (len(cells) - 1))
    add_row(table, cells, **kw)
    add_row(table, [closing] + [""] * (len(cells) - 1))


def header(document) -> None:
    """The NĐ 30 header: the parent body and the issuing body (bold, with a short rule)
    on the left, the document number under them; on the right the national motto, or
    the union's own heading when ``state_header`` is false, and the place and date.

    Context: ``parent_name``, ``issuer_name`` (capitals), ``number_line``,
    ``state_header``, ``place_date``."""
    table = borderless_table(document, [75, 95])
    left, right = table.rows[0].cells
    paragraph(left, "{{ parent_name }}", size=13, align="center")
    issuer = paragraph(left, "{{ issuer_name }}", size=13, bold=True, align="center")
    rule(issuer, 25, 75)
    paragraph(left, "{{ number_line }}", size=13, align="center")
    paragraph(right, "{%p if state_header %}", size=12, align="center")
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center")
    motto = paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center")
    rule(motto, 60, 95)
    paragraph(right, "{%p else %}", size=12, align="center")
    union = paragraph(right, "CÔNG ĐOÀN VIỆT NAM", size=13, bold=True, align="center")
    rule(union, 40, 95)
    paragraph(right, "{%p endif %}", size=12, align="center")
    paragraph(right, "{{ place_date }}", size=13, italic=True, align="center")
    paragraph(document, "")


def title(document, kind: str, subject: str) -> None:
    """The document type in bold capitals and its subject under it."""
    paragraph(document, kind, size=14, bold=True, align="center")
    paragraph(document, subject, size=14, bold=True, align="center", after=12)


def signature(document) -> None:
    """Recipients on the left; "TM. BAN CHẤP HÀNH / CHỦ TỊCH" and the signer on the right.

    Context: ``recipients`` (lines), ``signing_for``, ``signer_title``, ``signer``."""
    paragraph(document, "")
    table = borderless_table(document, [80, 90])
    left, right = table.rows[0].cells
    paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left")
    paragraph(left, "{%p for line in recipients %}", size=11, align="left")
    paragraph(left, "- {{ line }}", size=11, align="left")
    paragraph(left, "{%p endfor %}", size=11, align="left")
    paragraph(right, "{{ signing_for }}", size=13, bold=True, align="center")
    paragraph(right, "{{ signer_title }}", size=13, bold=True, align="center")
    for _blank in range(4):
        paragraph(right, "", size=13, align="center")
    paragraph(right, "{{ signer }}", size=13, bold=True, align="center")


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- filling a template ----------------------------------------------------------------


def render(template: bytes, context: dict, images: dict[str, tuple[bytes, float]] | None = None):
    """Fill a docxtpl template. ``images`` maps a context name to PNG bytes and a width
    in millimetres; the template shows it with ``{{ name }}``."""
    from docxtpl import DocxTemplate, InlineImage

    document = DocxTemplate(io.BytesIO(template))
    filled = dict(context)
    for name, (png, width) in (images or {}).items():
        filled[name] = InlineImage(document, io.BytesIO(png), width=Mm(width))
    document.render(filled, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check_template(content: bytes, sample: dict) -> None:
    """Refuse an uploaded file that is not a Word template this system can fill, with a
    Vietnamese message naming the problem (not .docx, too large, a broken tag)."""
    from jinja2 import TemplateError

    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("The template is larger than 5 MB."), code="too_large", params={"field": "file"}
        )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError(
            _("This file is not a Word document (.docx). Save it in Word as .docx."),
            code="not_docx",
        )
    try:
        render(content, sample)
    except TemplateError as exc:
        raise ValidationError(
            _(
                "A field tag in the template is broken (%(error)s). Check the {{ … }} and "
                "{%% … %%} tags near it."
            )
            % {"error": exc.message},
            code="bad_tag",
        ) from exc
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValidationError(
            _("This file is not a Word document (.docx). Save it in Word as .docx."),
            code="not_docx",
        ) from exc


def text_of(content: bytes) -> str:
    """Every paragraph's text, tables included, in order (for checks and tests)."""
    document = Document(io.BytesIO(content))
    parts = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                parts.append(block.text)

    walk(document)
    return "\n".join(parts)
