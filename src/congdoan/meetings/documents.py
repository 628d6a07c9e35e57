"""The minutes (biên bản) of a meeting as Word per NĐ 30, from a template the officer can
edit through the shared ``core.documents`` machinery: when and where, who attended and
who chaired, the guests, the agenda, the proceedings, the numbered resolutions, the
committee a congress elected, and the signatures of the secretary and the chair."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from congdoan.core import docx
from congdoan.core.documents import DocumentKind, fill, register
from congdoan.reports.yearend import ISSUER_ABBREVIATIONS

from .models import Form, Meeting


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def minutes_context(meeting: Meeting) -> dict:
    unit = meeting.unit
    place = unit.province.name if unit.province_id else "Hà Nội"
    attendance = ""
    if meeting.expected:
        attendance = (
            f"Có mặt {docx.vn_number(meeting.present or 0)}/{docx.vn_number(meeting.expected)} "
            "người được triệu tập"
        )
    elif meeting.present:
        attendance = f"Có mặt {docx.vn_number(meeting.present)} người"
    return {
        "parent_name": (unit.parent.name if unit.parent_id else "").upper(),
        "issuer_name": unit.name.upper(),
        "number_line": docx.document_number(
            None, "BB", ISSUER_ABBREVIATIONS.get(unit.kind.code, "CĐ")
        ),
        "state_header": False,
        "place_date": docx.place_and_date(place, meeting.held_on),
        "title": meeting.title,
        "kind": meeting.kind.name,
        "day": f"{meeting.held_on:%d/%m/%Y}",
        "place": meeting.place,
        "form": "hội nghị đại biểu" if meeting.form == Form.DELEGATES else "hội nghị toàn thể",
        "attendance": attendance,
        "chairs": meeting.chairs,
        "secretary": meeting.secretary,
        "guests": [str(guest) for guest in meeting.guests.all()],
        "agenda": lines(meeting.agenda),
        "proceedings": lines(meeting.proceedings),
        "resolutions": [
            {"number": str(r.number), "text": r.text} for r in meeting.resolutions.all()
        ],
        "elected": [
            {"name": e.member.full_name, "role": e.get_role_display()}
            for e in meeting.elected.select_related("member")
        ],
        "term": f"nhiệm kỳ {meeting.term_from}–{meeting.term_to}"
        if meeting.term_from and meeting.term_to
        else "",
    }


def default_template() -> bytes:
    d = docx
    document = d.new_document()
    d.header(document)
    d.title(document, "BIÊN BẢN", "{{ title }}")
    d.body(
        document,
        "Hôm nay, ngày {{ day }}{% if place %}, tại {{ place }}{% endif %}, {{ issuer_name }} "
        "tổ chức {{ kind }} theo hình thức {{ form }}{% if term %}, {{ term }}{% endif %}.",
    )
    d.paragraph(document, "I. THÀNH PHẦN THAM DỰ", bold=True, after=6)
    d.body(
        document,
        "{% if attendance %}{{ attendance }}. {% endif %}"
        "{% if chairs %}Chủ trì: {{ chairs }}. {% endif %}"
        "{% if secretary %}Thư ký: {{ secretary }}.{% endif %}",
    )
    d.paragraph(document, "{%p if guests %}")
    d.body(document, "Khách mời:")
    d.paragraph(document, "{%p for guest in guests %}")
    d.body(document, "- {{ guest }};")
    d.paragraph(document, "{%p endfor %}")
    d.paragraph(document, "{%p endif %}")
    d.paragraph(document, "II. NỘI DUNG", bold=True, after=6)
    d.paragraph(document, "{%p for item in agenda %}")
    d.body(document, "- {{ item }}")
    d.paragraph(document, "{%p endfor %}")
    d.paragraph(document, "{%p for item in proceedings %}")
    d.body(document, "{{ item }}")
    d.paragraph(document, "{%p endfor %}")
    d.paragraph(document, "{%p if resolutions %}")
    d.paragraph(document, "III. HỘI NGHỊ THỐNG NHẤT", bold=True, after=6)
    d.paragraph(document, "{%p for item in resolutions %}")
    d.body(document, "{{ item.number }}. {{ item.text }}")
    d.paragraph(document, "{%p endfor %}")
    d.paragraph(document, "{%p endif %}")
    d.paragraph(document, "{%p if elected %}")
    d.paragraph(document, "KẾT QUẢ BẦU CỬ", bold=True, after=6)
    table = d.grid_table(document, ["STT", "Họ và tên", "Chức danh được bầu"], [12, 80, 78])
    d.loop_rows(
        table,
        "{%tr for row in elected %}",
        ["{{ loop.index }}", "{{ row.name }}", "{{ row.role }}"],
        align=["center", "left", "left"],
    )
    d.paragraph(document, "{%p endif %}")
    d.body(
        document,
        "Biên bản được lập xong và thông qua tại hội nghị; hội nghị kết thúc cùng ngày./.",
    )
    signatures = d.borderless_table(document, [85, 85])
    for cell, who, name in zip(
        signatures.rows[0].cells,
        ["THƯ KÝ", "CHỦ TRÌ HỘI NGHỊ"],
        ["secretary", "chairs"],
        strict=True,
    ):
        d.paragraph(cell, who, size=13, bold=True, align="center")
        d.paragraph(cell, "(Ký, ghi rõ họ tên)", size=12, italic=True, align="center")
        for _blank in range(3):
            d.paragraph(cell, "", size=13, align="center")
        d.paragraph(cell, "{{ " + name + " }}", size=13, bold=True, align="center")
    return d.to_bytes(document)


def sample_context() -> dict:
    return {
        "parent_name": "",
        "issuer_name": "",
        "number_line": "Số:",
        "state_header": False,
        "place_date": "",
        "title": "",
        "kind": "",
        "day": "",
        "place": "",
        "form": "",
        "attendance": "",
        "chairs": "",
        "secretary": "",
        "guests": [""],
        "agenda": [""],
        "proceedings": [""],
        "resolutions": [{"number": "1", "text": ""}],
        "elected": [{"name": "", "role": ""}],
        "term": "",
    }


MINUTES = register(
    DocumentKind(
        code="meeting-minutes",
        label=gettext_lazy("Minutes of a meeting"),
        default=default_template,
        sample=sample_context,
        filename="mau-bien-ban-hoi-nghi.docx",
    )
)


def minutes_docx(meeting: Meeting) -> bytes:
    return fill(meeting.unit, MINUTES, minutes_context(meeting))
