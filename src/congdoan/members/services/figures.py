"""Per-unit member figures, kept current by every member service."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.figures import Figure
from congdoan.organizations.models import Unit

from ..models import (
    Gender,
    Member,
    UnitMemberCount,
    UnitMemberYear,
)

# --- figures ----------------------------------------------------------------------


FIGURES = ("members", "female", "with_card")


def tally(*, gender: str, card_number: str | bool) -> dict[str, int]:
    """What one active member adds to its union's current figures (``card_number``: the
    number, or whether there is one)."""
    return {
        "members": 1,
        "female": int(gender == Gender.FEMALE),
        "with_card": int(bool(card_number)),
    }


def _count(unit: Unit, **deltas: int) -> None:
    deltas = {name: delta for name, delta in deltas.items() if delta}
    if not deltas:
        return
    UnitMemberCount.objects.get_or_create(unit=unit)
    UnitMemberCount.objects.filter(unit=unit).update(
        **{name: F(name) + delta for name, delta in deltas.items()}
    )


def _year(unit: Unit, year: int, **deltas: int) -> None:
    UnitMemberYear.objects.get_or_create(unit=unit, year=year)
    UnitMemberYear.objects.filter(unit=unit, year=year).update(
        **{name: F(name) + delta for name, delta in deltas.items()}
    )


def _tally(member: Member) -> dict[str, int]:
    return tally(gender=member.gender, card_number=member.card_number)


def _enter(member: Member, unit: Unit) -> None:
    _count(unit, **_tally(member))


def _exit(member: Member, unit: Unit) -> None:
    _count(unit, **{name: -value for name, value in _tally(member).items()})


def _recount(member: Member, before: dict[str, int]) -> None:
    """An active member's record changed: move its union's figures by the difference."""
    after = _tally(member)
    _count(member.unit, **{name: after[name] - before[name] for name in FIGURES})


def subtree_figures(unit: Unit, year: int | None = None) -> dict[str, int]:
    """Members and female members under ``unit`` now, and movements in ``year``."""
    from django.db.models import Sum

    year = year or timezone.localdate().year
    current = UnitMemberCount.objects.filter(unit__path__startswith=unit.path).aggregate(
        **{name: Sum(name) for name in FIGURES}
    )
    moves = UnitMemberYear.objects.filter(unit__path__startswith=unit.path, year=year).aggregate(
        admitted=Sum("admitted"), left=Sum("left"), deceased=Sum("deceased")
    )
    return {key: value or 0 for key, value in {**current, **moves}.items()}


def unit_page_figures(unit: Unit) -> list[Figure]:
    """Member figures for the unit page: members, women, admitted and left this year."""
    figures = subtree_figures(unit)
    members = reverse("members:member_list") + f"?subtree={unit.pk}"
    return [
        Figure(_("Members"), figures["members"], members),
        Figure(_("Female members"), figures["female"]),
        Figure(_("Admitted this year"), figures["admitted"]),
        Figure(_("Left this year"), figures["left"] + figures["deceased"]),
    ]


def rebuild_figures(units: Iterable[Unit] | None = None) -> int:
    """Recount current figures from member rows (repair tool; returns units rewritten)."""
    rows = Member.objects.active()
    if units is not None:
        rows = rows.filter(unit__in=list(units))
    counts = rows.values("unit").annotate(
        members=Count("pk"),
        female=Count("pk", filter=Q(gender=Gender.FEMALE)),
        with_card=Count("pk", filter=~Q(card_number="")),
    )
    with transaction.atomic():
        target = UnitMemberCount.objects.all()
        if units is not None:
            target = target.filter(unit__in=list(units))
        target.update(**dict.fromkeys(FIGURES, 0))
        for row in counts:
            UnitMemberCount.objects.update_or_create(
                unit_id=row["unit"], defaults={name: row[name] for name in FIGURES}
            )
    return len(counts)
