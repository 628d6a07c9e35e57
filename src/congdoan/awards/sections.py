"""Awards over the years as sections of a member's page and of a unit's page."""

from __future__ import annotations

from django.urls import reverse


def member_awards(request, member, *, can_edit: bool):
    from .models import Grant

    grants = list(
        Grant.objects.filter(member=member).select_related("award", "decision__unit")[:50]
    )
    rows = [(grant, reverse("api:certificate", kwargs={"grant_id": grant.pk})) for grant in grants]
    return "awards/_member_awards.html", {"grants": rows}


def unit_awards(request, unit, *, can_edit: bool):
    """The unit's own awards (collective), by year, newest first."""
    from .models import Grant

    grants = list(
        Grant.objects.filter(unit=unit, member__isnull=True).select_related(
            "award", "decision__unit"
        )[:50]
    )
    rows = [(grant, reverse("api:certificate", kwargs={"grant_id": grant.pk})) for grant in grants]
    return "awards/_unit_awards.html", {"grants": rows}


def register_sections() -> None:
    from congdoan.members import sections as member_sections
    from congdoan.organizations import sections as unit_sections

    member_sections.register(member_awards)
    unit_sections.register(unit_awards)
