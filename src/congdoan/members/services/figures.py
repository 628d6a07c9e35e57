"""Per-unit member figures, kept current by every member service."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.organizations.models import Unit

from ..models import (
    Gender,
    Member,
    UnitMemberCount,
    UnitMemberYear,
)

# --- figures ----------------------------------------------------------------------


def _count(unit: Unit, *, members: int = 0, female: int = 0) -> None:
    UnitMemberCount.objects.get_or_create(unit=unit)
    UnitMemberCount.objects.filter(unit=unit).update(
        members=F("members") + members, female=F("female") + female
    )


def _year(unit: Unit, year: int, **deltas: int) -> None:
    UnitMemberYear.objects.get_or_create(unit=unit, year=year)
    UnitMemberYear.objects.filter(unit=unit, year=year).update(
        **{name: F(name) + delta for name, delta in deltas.items()}
    )


def _enter(member: Member, unit: Unit) -> None:
    _count(unit, members=1, female=int(member.gender == Gender.FEMALE))


def _exit(member: Member, unit: Unit) -> None:
    _count(unit, members=-1, female=-int(member.gender == Gender.FEMALE))


def subtree_figures(unit: Unit, year: int | None = None) -> dict[str, int]:
    """Members and female members under ``unit`` now, and movements in ``year``."""
    from django.db.models import Sum

    year = year or timezone.localdate().year
    current = UnitMemberCount.objects.filter(unit__path__startswith=unit.path).aggregate(
        members=Sum("members"), female=Sum("female")
    )
    moves = UnitMemberYear.objects.filter(unit__path__startswith=unit.path, year=year).aggregate(
        admitted=Sum("admitted"), left=Sum("left"), deceased=Sum("deceased")
    )
    return {key: value or 0 for key, value in {**current, **moves}.items()}


def unit_page_figures(unit: Unit) -> list[tuple[str, int]]:
    """Member figures for the unit page: members, women, admitted and left this year."""
    figures = subtree_figures(unit)
    return [
        (_("Members"), figures["members"]),
        (_("Female members"), figures["female"]),
        (_("Admitted this year"), figures["admitted"]),
        (_("Left this year"), figures["left"] + figures["deceased"]),
    ]


def rebuild_figures(units: Iterable[Unit] | None = None) -> int:
    """Recount current figures from member rows (repair tool; returns units rewritten)."""
    rows = Member.objects.active()
    if units is not None:
        rows = rows.filter(unit__in=list(units))
    counts = rows.values("unit").annotate(
        members=Count("pk"), female=Count("pk", filter=Q(gender=Gender.FEMALE))
    )
    with transaction.atomic():
        target = UnitMemberCount.objects.all()
        if units is not None:
            target = target.filter(unit__in=list(units))
        target.update(members=0, female=0)
        for row in counts:
            UnitMemberCount.objects.update_or_create(
                unit_id=row["unit"], defaults={"members": row["members"], "female": row["female"]}
            )
    return len(counts)
