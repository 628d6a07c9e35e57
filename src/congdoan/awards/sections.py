"""The awards a member received over the years, as a section of the member's page."""

from __future__ import annotations

from django.urls import reverse


def member_awards(request, member, *, can_edit: bool):
    from .models import Grant

    grants = list(
        Grant.objects.filter(member=member).select_related("award", "decision__unit")[:50]
    )
    rows = [(grant, reverse("api:certificate", kwargs={"grant_id": grant.pk})) for grant in grants]
    return "awards/_member_awards.html", {"grants": rows}


def register_sections() -> None:
    from congdoan.members import sections

    sections.register(member_awards)
