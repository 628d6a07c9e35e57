"""The care payment list (danh sách chi) as Word per NĐ 30, for the voucher file: each
person with the amount and a column to sign on receiving, the total in figures, and the
signatures of the maker, the treasurer and the union's chair. Its template is editable
through the shared ``core.documents`` machinery."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from congdoan.core import docx
from congdoan.core.documents import DocumentKind, fill, register
from congdoan.reports.yearend import ISSUER_ABBREVIATIONS

from .models import CareBatch


def batch_context(batch: CareBatch, *, signer: str = "") -> dict:
    unit = batch.unit
    records = list(
        batch.records.in_force().select_related("member__unit").order_by("member__sort_key", "id")
    )
    total = sum(r.amount for r in records)
    place = unit.province.name if unit.province_id else "Hà Nội"
    return {
        "parent_name": (unit.parent.name if unit.parent_id else "").upper(),
        "issuer_name": unit.name.upper(),
        "number_line": docx.document_number(
            None, "DS", ISSUER_ABBREVIATIONS.get(unit.kind.code, "CĐ")
        ),
        "state_header": False,
        "place_date": docx.place_and_date(place, timezone.localdate()),
        "occasion": batch.occasion,
        "kind": batch.kind.name,
        "day": f"{batch.on:%d/%m/%Y}",
        "voucher": batch.voucher,
        "fund": batch.fund.name if batch.fund_id else "",
        "count": docx.vn_number(len(records)),
        "total": docx.vn_number(total),
        "total_words": docx.vn_money(total),
        "rows": [
            {
                "no": str(n),
                "name": r.member.full_name if r.member_id else r.person_name,
                "part": r.member.unit.display_name if r.member_id else r.person_note,
                "amount": docx.vn_number(r.amount),
            }
            for n, r in enumerate(records, start=1)
        ],
        "signer": signer,
    }


def default_template() -> bytes:
    d = docx
    document = d.new_document()
    d.header(document)
    d.title(document, "DANH SÁCH CHI", "{{ kind }} — {{ occasion }}")
    d.body(
        document,
        "Ngày chi: {{ day }}.{% if fund %} Nguồn chi: {{ fund }}.{% endif %}"
        "{% if voucher %} Theo quyết định, chứng từ số {{ voucher }}.{% endif %}",
    )
    table = d.grid_table(
        document, ["STT", "Họ và tên", "Bộ phận", "Số tiền (đ)", "Ký nhận"], [12, 55, 45, 28, 30]
    )
    d.loop_rows(
        table,
        "{%tr for row in rows %}",
        ["{{ row.no }}", "{{ row.name }}", "{{ row.part }}", "{{ row.amount }}", ""],
        align=["center", "left", "left", "right", "left"],
    )
    d.add_row(
        table,
        ["", "Tổng cộng: {{ count }} người", "", "{{ total }}", ""],
        align=["center", "left", "left", "right", "left"],
    )
    d.body(document, "Tổng số tiền: {{ total_words }}.")
    signatures = d.borderless_table(document, [56, 56, 58])
    for cell, who in zip(
        signatures.rows[0].cells, ["NGƯỜI LẬP", "THỦ QUỸ", "TM. BAN CHẤP HÀNH"], strict=True
    ):
        d.paragraph(cell, who, size=13, bold=True, align="center")
        d.paragraph(cell, "(Ký, ghi rõ họ tên)", size=12, italic=True, align="center")
        for _blank in range(3):
            d.paragraph(cell, "", size=13, align="center")
    d.paragraph(signatures.rows[0].cells[2], "{{ signer }}", size=13, bold=True, align="center")
    return d.to_bytes(document)


def sample_context() -> dict:
    row = {"no": "1", "name": "", "part": "", "amount": "0"}
    return {
        "parent_name": "",
        "issuer_name": "",
        "number_line": "Số:",
        "state_header": False,
        "place_date": "",
        "occasion": "",
        "kind": "",
        "day": "",
        "voucher": "",
        "fund": "",
        "count": "0",
        "total": "0",
        "total_words": "0 đồng",
        "rows": [row],
        "signer": "",
    }


PAYMENT_LIST = register(
    DocumentKind(
        code="care-payment-list",
        label=gettext_lazy("Care payment list"),
        default=default_template,
        sample=sample_context,
        filename="mau-danh-sach-chi.docx",
    )
)


def batch_docx(batch: CareBatch, *, signer: str = "") -> bytes:
    return fill(batch.unit, PAYMENT_LIST, batch_context(batch, signer=signer))
