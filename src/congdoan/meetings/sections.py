"""Meetings and agreements as sections of other pages: the dashboard of a unit (the
grassroots unions under it that have not yet held this year's conferences, the
agreements that expire within 60 days) and a unit's page (its meetings and agreements)."""

from __future__ import annotations

from django.utils import timezone

from .duties import duties, expiring
from .models import CollectiveAgreement, Meeting


def dashboard_duties(request, unit, *, can_edit: bool):
    today = timezone.localdate()
    owed = [duty for duty in duties(unit, today) if duty.missing]
    ending = list(expiring(request.user, unit, today)[:20])
    if not owed and not ending:
        return None
    return "meetings/_dashboard.html", {
        "unit": unit,
        "duties": owed,
        "expiring": [(a, (a.effective_to - today).days) for a in ending],
    }


def unit_meetings(request, unit, *, can_edit: bool):
    meetings = list(
        Meeting.objects.visible_to(request.user).filter(unit=unit).select_related("kind")[:10]
    )
    today = timezone.localdate()
    agreements = [
        (agreement, agreement.status_on(today))
        for agreement in CollectiveAgreement.objects.visible_to(request.user).filter(unit=unit)[:10]
    ]
    if not meetings and not agreements and not can_edit:
        return None
    return "meetings/_unit.html", {
        "unit": unit,
        "meetings": meetings,
        "agreements": agreements,
        "can_edit": can_edit,
    }


def register_sections() -> None:
    from congdoan.organizations import sections as unit_sections
    from congdoan.reports import sections as dashboard_sections

    dashboard_sections.register(dashboard_duties)
    unit_sections.register(unit_meetings)
