"""The covenant (giao ước thi đua) as a Word document per NĐ 30, from a template the
block's organiser can download, edit in Word and upload back."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from congdoan.core import docx
from congdoan.core.documents import DocumentKind, fill, register

from .models import Covenant


def covenant_context(covenant: Covenant) -> dict:
    block, organiser = covenant.block, covenant.block.organiser
    signatories = [
        {"unit": s.unit.name.upper(), "title": s.title, "name": s.name}
        for s in covenant.signatories.select_related("unit").order_by("id")
    ]
    pairs = [
        {"left": signatories[i], "right": signatories[i + 1] if i + 1 < len(signatories) else None}
        for i in range(0, len(signatories), 2)
    ]
    place = covenant.place or (organiser.province.name if organiser.province_id else "")
    return {
        "year": covenant.year,
        "parent_name": organiser.name.upper(),
        "issuer_name": block.name.upper(),
        "number_line": "",
        "state_header": False,
        "place_date": docx.place_and_date(place, covenant.signed_on) if covenant.signed_on else "",
        "block_name": block.name,
        "theme": covenant.theme,
        "decision": f"{block.decision_number} ngày {block.decision_date:%d/%m/%Y}",
        "targets": [
            {"no": str(n), "text": t.text}
            for n, t in enumerate(covenant.targets.order_by("order", "id"), start=1)
        ],
        "signature_rows": pairs,
        "signed": bool(signatories),
    }


def default_template() -> bytes:
    d = docx
    document = d.new_document()
    d.header(document)
    d.title(document, "GIAO ƯỚC THI ĐUA", "Năm {{ year }}")
    d.body(document, "Chủ đề: {{ theme }}")
    d.body(
        document,
        "Thực hiện Quyết định số {{ decision }} về việc thành lập {{ block_name }}, các đơn "
        "vị thành viên thống nhất ký kết giao ước thi đua năm {{ year }} với những nội dung "
        "sau:",
    )
    d.paragraph(document, "{%p for t in targets %}")
    d.body(document, "{{ t.no }}. {{ t.text }}")
    d.paragraph(document, "{%p endfor %}")
    d.body(
        document,
        "Các đơn vị thành viên cam kết tổ chức thực hiện tốt các nội dung giao ước; cuối năm "
        "khối tổ chức chấm điểm, bình xét và suy tôn theo bảng chấm điểm của khối./.",
    )
    d.paragraph(document, "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", bold=True, align="center", after=6)
    table = d.borderless_table(document, [85, 85])
    left, right = table.rows[0].cells
    d.paragraph(left, "{%tr for row in signature_rows %}")
    table.add_row()
    cells = table.rows[1].cells
    for cell, side in zip(cells, ("left", "right"), strict=True):
        cell.width = left.width
        d.paragraph(cell, "{%p if row." + side + " %}", align="center")
        d.paragraph(cell, "{{ row." + side + ".unit }}", size=12, bold=True, align="center")
        d.paragraph(cell, "{{ row." + side + ".title }}", size=12, bold=True, align="center")
        for _blank in range(3):
            d.paragraph(cell, "", size=12, align="center")
        d.paragraph(
            cell, "{{ row." + side + ".name }}", size=12, bold=True, align="center", after=12
        )
        d.paragraph(cell, "{%p endif %}", align="center")
    table.add_row()
    d.paragraph(table.rows[2].cells[0], "{%tr endfor %}")
    return d.to_bytes(document)


def sample_context() -> dict:
    who = {"unit": "", "title": "", "name": ""}
    return {
        "year": 2026,
        "parent_name": "",
        "issuer_name": "",
        "number_line": "",
        "state_header": False,
        "place_date": "",
        "block_name": "",
        "theme": "",
        "decision": "",
        "targets": [{"no": "1", "text": ""}],
        "signature_rows": [{"left": who, "right": None}],
        "signed": True,
    }


COVENANT = register(
    DocumentKind(
        code="covenant",
        label=gettext_lazy("Emulation covenant"),
        default=default_template,
        sample=sample_context,
        filename="mau-giao-uoc-thi-dua.docx",
    )
)


def covenant_docx(covenant: Covenant) -> bytes:
    """The covenant as .docx, from the template serving the block's organiser."""
    return fill(covenant.block.organiser, COVENANT, covenant_context(covenant))
