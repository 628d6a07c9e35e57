"""Care and savings as sections of a member's page (for the officers who see the
member) and of the member's own page (what they received, nobody else's)."""

from __future__ import annotations

from .models import CareRecord, SavingsMember
from .services import statement


def _care_of(member):
    return list(
        CareRecord.objects.in_force()
        .filter(member=member)
        .select_related("kind", "unit")
        .order_by("-on", "-id")[:50]
    )


def member_care(request, member, *, can_edit: bool):
    """A member's care history on the member page (the page itself is scoped)."""
    return "welfare/_member_care.html", {"records": _care_of(member), "own": False}


def own_care(request, member, *, can_edit: bool):
    """The member's own page: the care they received and their savings statements."""
    savers = SavingsMember.objects.filter(member=member).select_related("group")
    return "welfare/_member_care.html", {
        "records": _care_of(member),
        "own": True,
        "savings": [(saver.group, statement(saver)) for saver in savers],
    }


def register_sections() -> None:
    from congdoan.members import sections as member_sections
    from congdoan.portal import sections as own_sections

    member_sections.register(member_care)
    own_sections.register(own_care)
