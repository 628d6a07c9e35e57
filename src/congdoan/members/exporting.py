"""Member lists to .xlsx in the column layout the import reads (round trip)."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from xlsxwriter import Workbook

from congdoan.core.models import record
from congdoan.core.xlsx import XLSX_TYPE

from .columns import EXPORT_FIELDS, HEADERS
from .models import BirthPrecision, Gender, MemberQuerySet

GENDER_TEXT = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


def _cells(index: int, member) -> list:
    birth = ""
    if member.birth_date:
        birth = (
            str(member.birth_date.year)
            if member.birth_precision == BirthPrecision.YEAR
            else member.birth_date.strftime("%d/%m/%Y")
        )
    values = {
        "row": index,
        "full_name": member.full_name,
        "birth_date": birth,
        "gender": GENDER_TEXT.get(member.gender, ""),
        "id_number": member.id_number,
        "nationality": member.nationality,
        "ethnicity": member.ethnicity.name if member.ethnicity else "",
        "religion": member.religion,
        "education": member.education,
        "qualification": member.qualification,
        "job_title": member.job_title,
        "unit": member.unit.code,
        "joined_on": member.joined_on.strftime("%d/%m/%Y") if member.joined_on else "",
        "card_number": member.card_number,
        "phone": member.phone,
        "email": member.email,
        "address": member.address,
        "party_member": "x" if member.party_member else "",
        "notes": member.notes,
    }
    return [values[field] for field in EXPORT_FIELDS]


def write_members(members: MemberQuerySet, handle, title: str = "") -> int:
    """Write members to ``handle`` as one sheet; memory stays flat for any size."""
    book = Workbook(handle, {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(_("Members")[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    title_row = 0
    if title:
        sheet.write(0, 0, title, book.add_format({"bold": True, "font_size": 13}))
        title_row = 2
    widths = {"full_name": 28, "unit": 16, "id_number": 15, "address": 30, "notes": 20}
    for column, field in enumerate(EXPORT_FIELDS):
        sheet.set_column(column, column, widths.get(field, 12), text)
    sheet.write_row(title_row, 0, [HEADERS[field] for field in EXPORT_FIELDS], bold)
    count = 0
    rows = members.select_related("unit", "ethnicity").order_by("unit__path", "sort_key", "id")
    for count, member in enumerate(rows.iterator(chunk_size=2000), start=1):
        sheet.write_row(title_row + count, 0, _cells(count, member))
    book.close()
    return count


def export_scope(user, filters):
    """The unit an export is logged against: the one filtered on (in scope, else 404),
    or the outermost unit of the user's roles (``None`` for a superuser's whole tree)."""
    from django.shortcuts import get_object_or_404

    from congdoan.core.scoping import scope_paths
    from congdoan.organizations.models import Unit

    wanted = filters.subtree or filters.unit
    if wanted:
        return get_object_or_404(Unit.objects.visible_to(user), pk=wanted)
    if user.is_superuser:
        return None
    paths = scope_paths(user)
    return Unit.objects.filter(path=paths[0]).first() if paths else None


def export_response(
    *, user, members: MemberQuerySet, scope_unit, filename: str, filters: dict
) -> FileResponse:
    """The members as an .xlsx download; every export is logged (who, scope, rows)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    title = _("Member list of %(unit)s, %(date)s") % {
        "unit": scope_unit.name if scope_unit else _("your scope"),
        "date": timezone.localdate().strftime("%d/%m/%Y"),
    }
    count = write_members(members, handle, title)
    record(
        actor=user,
        action="members.export",
        unit=scope_unit,
        summary=_("Exported %(count)s members of %(unit)s")
        % {"count": count, "unit": scope_unit.name if scope_unit else _("your scope")},
        data={"rows": count, "filters": {k: v for k, v in filters.items() if v}},
    )
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def error_copy(job) -> bytes:
    """The uploaded sheet with a “Lỗi” column beside each refused row (fix, then import)."""
    import io
    from datetime import date, datetime

    from congdoan.core.legacy import to_unicode
    from congdoan.core.sheets import read_table

    table = read_table(bytes(job.data), job.filename)
    messages: dict[int, list[str]] = {}
    for problem in job.problems:
        if problem["level"] == "error":
            messages.setdefault(problem["row"], []).append(
                f"{problem['column']}: {problem['message']}"
            )
    width = max((len(row) for row in table), default=0)
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Members")[:31])
    red = book.add_format({"font_color": "#C00000", "text_wrap": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for index, row in enumerate(table):
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(index, column, to_unicode(value, job.encoding or "unicode"))
            elif isinstance(value, datetime | date):
                sheet.write_datetime(
                    index, column, datetime(value.year, value.month, value.day), date_format
                )
            elif value is not None:
                sheet.write(index, column, value)
        if job.header_row is not None and index == job.header_row:
            sheet.write_string(index, width, "Lỗi")
        elif index + 1 in messages:
            sheet.write_string(index, width, "; ".join(messages[index + 1]), red)
        else:
            sheet.write_string(index, width, "")
    sheet.set_column(width, width, 60)
    book.close()
    return buffer.getvalue()
