"""A round's results as the sheet the upper union files and sends up: one row a
grassroots union, graded or not and why."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from congdoan.core.xlsx import workbook_response

from .models import Round
from .services import round_rows


def results_response(found: Round):
    header = [
        _("No."),
        _("Grassroots union"),
        _("Kind"),
        _("Own points"),
        _("Own tier"),
        _("Points decided"),
        _("Tier decided"),
        _("Status"),
        _("Note"),
    ]
    rows = []
    for n, row in enumerate(round_rows(found), start=1):
        g = row.grading
        rows.append(
            [
                n,
                row.unit.name,
                row.unit.get_sector_display(),
                g.self_total if g and g.self_total is not None else "",
                capfirst(g.get_self_tier_display()) if g else "",
                g.total if g and g.total is not None else "",
                capfirst(g.get_tier_display()) if g else "",
                g.get_status_display()
                if g
                else (_("not begun") if row.eligibility.graded else _("not graded")),
                row.eligibility.reason or (g.reason if g else ""),
            ]
        )
    return workbook_response(
        f"xep-loai-cdcs-{found.year}-{found.unit.code}.xlsx",
        _("Grading %(year)s") % {"year": found.year},
        header,
        rows,
    )
