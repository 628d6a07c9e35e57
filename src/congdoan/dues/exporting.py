"""A month's dues sheet and a union's statement as .xlsx. The sheet lists salaries only
for those who keep the union's books; anyone else reading it gets the totals."""

from __future__ import annotations

from django.utils.translation import gettext as _

from congdoan.core.xlsx import workbook_response

from .models import DuesSheet
from .services import keeps_books, standing


def sheet_response(user, sheet: DuesSheet):
    month = f"{sheet.month:%m-%Y}"  # a sheet name takes no slash
    if keeps_books(user, sheet.unit):
        header = [
            _("No."),
            _("Full name"),
            _("Identity number"),
            _("Salary (đồng)"),
            _("Dues (đồng)"),
            _("Extra (đồng)"),
            _("Collected"),
            _("Note"),
        ]
        rows = [
            [
                n,
                line.member.full_name,
                line.member.id_number,
                line.base if line.base is not None else "",
                line.dues,
                line.extra,
                _("yes") if line.collected else _("no"),
                line.note,
            ]
            for n, line in enumerate(sheet.lines.select_related("member"), start=1)
        ]
        rows.append(
            [
                "",
                _("Total"),
                "",
                sheet.base_total,
                sheet.dues_total,
                sheet.extra_total,
                sheet.collected + sheet.extra_collected,
                "",
            ]
        )
    else:
        header = [
            _("Members"),
            _("Dues (đồng)"),
            _("Extra (đồng)"),
            _("Collected"),
            _("Kept by the union"),
            _("Owed upward"),
        ]
        rows = [
            [
                sheet.members,
                sheet.dues_total,
                sheet.extra_total,
                sheet.collected,
                sheet.kept,
                sheet.owed,
            ]
        ]
    return workbook_response(
        f"doan-phi-{sheet.unit.code}-{sheet.month:%Y-%m}.xlsx",
        _("Dues %(month)s") % {"month": month},
        header,
        rows,
    )


def statement_response(unit, year: int):
    found = standing(unit, year)
    header = [_("Unit"), _("Dues collected"), _("Owed upward"), _("Paid up"), _("Still owed")]
    rows = [
        [child.unit.name, child.collected, child.owed, child.paid, child.balance]
        for child in found.children
    ]
    rows.append(
        [_("Total") + f" — {unit.name}", found.collected, found.owed, found.paid, found.balance]
    )
    return workbook_response(
        f"doan-phi-{unit.code}-{year}.xlsx", _("Statement %(year)s") % {"year": year}, header, rows
    )
