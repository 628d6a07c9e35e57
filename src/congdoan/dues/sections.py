"""Dues as sections of other pages: a member's own page (their dues month by month) and
a grassroots union's page (its last months' totals)."""

from __future__ import annotations

from .models import DuesLine, DuesSheet


def own_dues(request, member, *, can_edit: bool):
    lines = list(
        DuesLine.objects.filter(member=member)
        .select_related("sheet")
        .order_by("-sheet__month")[:24]
    )
    if not lines:
        return None
    return "dues/_own.html", {"lines": lines}


def unit_dues(request, unit, *, can_edit: bool):
    if unit.kind.code != "grassroots":
        return None
    sheets = list(DuesSheet.objects.visible_to(request.user).filter(unit=unit)[:6])
    if not sheets and not can_edit:
        return None
    return "dues/_unit.html", {"unit": unit, "sheets": sheets}


def register_sections() -> None:
    from congdoan.organizations import sections as unit_sections
    from congdoan.portal import sections as own_sections

    unit_sections.register(unit_dues)
    own_sections.register(own_dues)
