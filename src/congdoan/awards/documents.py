"""An award decision as Word per NĐ 30 (from an editable template) with its annexed list,
and certificates (giấy khen, bằng khen) as PDF with a QR code that verifies them."""

from __future__ import annotations

import io

from django.utils.translation import gettext_lazy
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from congdoan.core import docx
from congdoan.core.documents import DocumentKind, fill, register

from .models import AwardDecision, Grant
from .verify import verify_url

ISSUER = {1: "TLĐ", 2: "LĐLĐ", 3: "CĐCTCS", 4: "CĐCS"}


def decision_context(decision: AwardDecision) -> dict:
    unit = decision.unit
    grants = list(
        decision.grants.select_related("award", "member", "unit").order_by("award__code", "id")
    )
    people = [g for g in grants if g.member_id]
    level = unit.kind.level
    place = unit.province.name if unit.province_id else "Hà Nội"
    return {
        "parent_name": (unit.parent.name if unit.parent_id else "").upper(),
        "issuer_name": unit.name.upper(),
        "number_line": docx.document_number(decision.number, "QĐ", ISSUER.get(level, "CĐ")),
        "state_header": False,
        "place_date": docx.place_and_date(place, decision.decided_on),
        "subject": decision.subject,
        "deciding_body": ("BAN CHẤP HÀNH " if level == 4 else "BAN THƯỜNG VỤ ") + unit.name.upper(),
        "individuals": docx.vn_number(len(people)),
        "collectives": docx.vn_number(len(grants) - len(people)),
        "total": docx.vn_number(decision.total),
        "rows": [
            {
                "no": str(n),
                "name": g.member.full_name if g.member_id else g.unit.name,
                "unit": g.unit.name if g.member_id else "",
                "award": g.award.name,
                "amount": docx.vn_number(g.amount),
            }
            for n, g in enumerate(grants, start=1)
        ],
        "recipients": ["Như Điều 3;", "Lưu: VT, TĐKT."],
        "signing_for": "TM. BAN CHẤP HÀNH" if level == 4 else "TM. BAN THƯỜNG VỤ",
        "signer_title": decision.signer_title.upper(),
        "signer": decision.signer,
    }


def default_template() -> bytes:
    d = docx
    document = d.new_document()
    d.header(document)
    d.title(document, "QUYẾT ĐỊNH", "{{ subject }}")
    d.paragraph(document, "{{ deciding_body }}", bold=True, align="center", after=6)
    d.body(document, "Căn cứ Luật Thi đua, khen thưởng năm 2022;")
    d.body(document, "Căn cứ quy định về công tác thi đua, khen thưởng trong tổ chức Công đoàn;")
    d.body(document, "Xét đề nghị của các đơn vị và của Hội đồng Thi đua, khen thưởng,")
    d.paragraph(document, "QUYẾT ĐỊNH:", bold=True, align="center", after=6)
    d.body(
        document,
        "Điều 1. Khen thưởng {{ individuals }} cá nhân và {{ collectives }} tập thể đã có thành "
        "tích xuất sắc (có danh sách kèm theo).",
    )
    d.body(
        document,
        "Điều 2. Tiền thưởng kèm theo theo quy định, tổng cộng {{ total }} đồng.",
    )
    d.body(
        document,
        "Điều 3. Văn phòng, các ban, đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều "
        "1 chịu trách nhiệm thi hành Quyết định này./.",
    )
    d.signature(document)
    d.page_break(document)
    d.paragraph(document, "DANH SÁCH KHEN THƯỞNG", bold=True, align="center")
    d.paragraph(
        document, "(Kèm theo Quyết định {{ number_line }})", italic=True, align="center", after=6
    )
    table = d.grid_table(
        document,
        ["STT", "Cá nhân, tập thể", "Đơn vị", "Danh hiệu, hình thức", "Tiền thưởng (đ)"],
        [12, 50, 45, 45, 25],
    )
    d.loop_rows(
        table,
        "{%tr for row in rows %}",
        ["{{ row.no }}", "{{ row.name }}", "{{ row.unit }}", "{{ row.award }}", "{{ row.amount }}"],
        align=["center", "left", "left", "left", "right"],
    )
    d.add_row(
        table,
        ["", "Tổng cộng", "", "", "{{ total }}"],
        align=["center", "left", "left", "left", "right"],
    )
    return d.to_bytes(document)


def sample_context() -> dict:
    row = {"no": "1", "name": "", "unit": "", "award": "", "amount": "0"}
    return {
        "parent_name": "",
        "issuer_name": "",
        "number_line": "Số:",
        "state_header": False,
        "place_date": "",
        "subject": "",
        "deciding_body": "",
        "individuals": "0",
        "collectives": "0",
        "total": "0",
        "rows": [row],
        "recipients": [""],
        "signing_for": "",
        "signer_title": "",
        "signer": "",
    }


DECISION = register(
    DocumentKind(
        code="award-decision",
        label=gettext_lazy("Award decision"),
        default=default_template,
        sample=sample_context,
        filename="mau-quyet-dinh-khen-thuong.docx",
    )
)


def decision_docx(decision: AwardDecision) -> bytes:
    return fill(decision.unit, DECISION, decision_context(decision))


RED = Color(0.7, 0.05, 0.1)


def certificate_pdf(grant: Grant, base_url: str | None = None) -> bytes:
    """The certificate of one award: A4 landscape, the issuing body, the form (giấy
    khen, bằng khen) or title, the awardee, the decision, and the QR code to check it."""
    from congdoan.cards.printing import _fit, _fonts, _qr

    regular, bold = _fonts()
    decision = grant.decision
    issuer = decision.unit if decision else grant.unit
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(f"{grant.award.name} — {grant.member or grant.unit}")
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    middle = width / 2
    canvas.setFillColor(black)
    canvas.setFont(bold, 13)
    canvas.drawCentredString(middle, height - 32 * mm, "CÔNG ĐOÀN VIỆT NAM")
    canvas.setFont(bold, 14)
    canvas.drawCentredString(middle, height - 40 * mm, issuer.name.upper())
    heading = grant.award.name.upper()
    canvas.setFillColor(RED)
    size = _fit(canvas, heading, bold, 30, width - 60 * mm)
    canvas.setFont(bold, size)
    canvas.drawCentredString(middle, height - 62 * mm, heading)
    canvas.setFillColor(black)
    canvas.setFont(regular, 15)
    canvas.drawCentredString(middle, height - 78 * mm, "TẶNG")
    name = grant.member.full_name if grant.member_id else grant.unit.name
    canvas.setFont(bold, _fit(canvas, name, bold, 24, width - 60 * mm))
    canvas.drawCentredString(middle, height - 92 * mm, name)
    if grant.member_id:
        canvas.setFont(regular, 13)
        canvas.drawCentredString(middle, height - 102 * mm, grant.unit.name)
    canvas.setFont(regular, 13)
    canvas.drawCentredString(
        middle, height - 115 * mm, f"Đã có thành tích xuất sắc năm {grant.year}"
    )
    if decision:
        line = f"Quyết định số {decision.number:02d}/QĐ ngày {decision.decided_on:%d/%m/%Y}"
        canvas.setFont(regular, 11)
        canvas.drawString(30 * mm, 30 * mm, line)
        canvas.setFont(bold, 12)
        canvas.drawCentredString(width - 75 * mm, 55 * mm, decision.signer_title.upper())
        canvas.drawCentredString(width - 75 * mm, 30 * mm, decision.signer)
    _qr(canvas, verify_url(grant, base_url), 30 * mm, 38 * mm, 28 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
