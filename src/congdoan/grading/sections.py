"""Grading as sections of other pages: the dashboard of a union (its grassroots unions by
published tier, as a bar with the numbers, and the self-scorings waiting for its
decision), a unit's page (its gradings by year) and a member's own page (the tier the
member's union was published with)."""

from __future__ import annotations

from django.utils import timezone

from congdoan.core.scoping import covers

from . import services
from .models import Grading, Round, Status, Tier

TIER_COLOURS = {
    Tier.EXCELLENT: "bg-success",
    Tier.GOOD: "bg-primary",
    Tier.DONE: "bg-warning",
    Tier.FAILED: "bg-danger",
}


def tier_bar(counts: dict[str, int]) -> list[dict]:
    """The tiers with their counts and shares, for a stacked bar and its table."""
    total = sum(counts.values())
    return [
        {
            "tier": tier,
            "label": Tier(tier).label,
            "count": counts.get(tier, 0),
            "share": round(100 * counts.get(tier, 0) / total, 1) if total else 0,
            "colour": TIER_COLOURS[tier],
        }
        for tier in Tier.values
    ]


def latest_year(unit) -> int | None:
    return (
        Grading.objects.published()
        .filter(Grading.objects.under(unit.path))
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def dashboard_tiers(request, unit, *, can_edit: bool):
    year = latest_year(unit)
    waiting = 0
    if covers(request.user, unit.path, "officer"):
        waiting = Grading.objects.filter(round__unit=unit, status=Status.SUBMITTED).count()
    if year is None and not waiting:
        return None
    counts = services.distribution(unit, year) if year else {}
    return "grading/_dashboard.html", {
        "unit": unit,
        "year": year,
        "bar": tier_bar(counts) if counts else [],
        "total": sum(counts.values()),
        "waiting": waiting,
        "round": Round.objects.filter(unit=unit).order_by("-year").first(),
    }


def unit_gradings(request, unit, *, can_edit: bool):
    if unit.kind.code != "grassroots":
        return None
    gradings = list(
        Grading.objects.visible_to(request.user).current().filter(unit=unit).order_by("-year")[:6]
    )
    year = timezone.localdate().year
    if not gradings and services.round_for(unit, year) is None:
        return None
    return "grading/_unit.html", {"unit": unit, "gradings": gradings, "can_edit": can_edit}


def own_grading(request, member, *, can_edit: bool):
    """The published tiers of the member's own grassroots union."""
    paths = member.unit.lineage_paths()
    gradings = list(
        Grading.objects.published()
        .filter(unit__path__in=paths, unit__kind__code="grassroots")
        .select_related("unit")
        .order_by("-year")[:3]
    )
    if not gradings:
        return None
    return "grading/_own.html", {"gradings": gradings}


def register_sections() -> None:
    from congdoan.organizations import sections as unit_sections
    from congdoan.portal import sections as own_sections
    from congdoan.reports import sections as dashboard_sections

    dashboard_sections.register(dashboard_tiers)
    unit_sections.register(unit_gradings)
    own_sections.register(own_grading)
