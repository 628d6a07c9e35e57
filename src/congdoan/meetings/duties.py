"""What the level above watches: grassroots unions that have not yet held a meeting the
law asks of them this year (by the kind's sector and month), and agreements about to
expire. Each is one query over the subtree, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from congdoan.organizations.models import Unit, UnitKind

from .models import CollectiveAgreement, Meeting, MeetingKind

SHOWN = 20  # names listed under each count


@dataclass
class Duty:
    kind: MeetingKind
    year: int
    due_on: date
    expected: int  # grassroots unions that must hold it
    missing: int  # of which have not yet
    units: list[Unit]  # the first of them, by name
    overdue: bool


def _bound(unit: Unit):
    # the kind by its id, not a join on its code: the planner then knows how few of the
    # subtree's rows are grassroots unions and reads the subtree's path range
    grassroots = UnitKind.objects.get(code="grassroots").pk
    return Unit.objects.filter(path__startswith=unit.path, kind_id=grassroots).active()


def _held(kind: MeetingKind, year: int):
    return Meeting.objects.filter(
        kind=kind, held_on__range=(date(year, 1, 1), date(year, 12, 31))
    ).values("unit")


def duties(unit: Unit, today: date) -> list[Duty]:
    """The yearly meetings the grassroots unions under ``unit`` (or ``unit`` itself) owe
    this year, with how many have not yet held them (every kind counted in one pass over
    the subtree), and the first unions still owing each, in tree order."""
    year = today.year
    kinds = [
        kind
        for kind in MeetingKind.objects.filter(active=True).exclude(sectors=[])
        if kind.due_on(year) is not None
    ]
    if not kinds:
        return []
    bound = _bound(unit)
    owing = {kind.pk: Q(sector__in=kind.sectors) & ~Q(pk__in=_held(kind, year)) for kind in kinds}
    counts = bound.aggregate(
        **{f"e{kind.pk}": Count("pk", filter=Q(sector__in=kind.sectors)) for kind in kinds},
        **{f"m{kind.pk}": Count("pk", filter=owing[kind.pk]) for kind in kinds},
    )
    found = []
    for kind in kinds:
        expected, missing = counts[f"e{kind.pk}"], counts[f"m{kind.pk}"]
        if not expected:
            continue
        due_on = kind.due_on(year)
        shown = bound.filter(owing[kind.pk]).order_by("path")[:SHOWN] if missing else []
        found.append(
            Duty(
                kind=kind,
                year=year,
                due_on=due_on,
                expected=expected,
                missing=missing,
                units=list(shown),
                overdue=today > due_on and missing > 0,
            )
        )
    return found


def expiring(user, unit: Unit, today: date, days: int = 60):
    """Agreements in ``unit``'s subtree, inside the user's scope, in force today and
    ending within ``days``: soonest first."""
    rows = CollectiveAgreement.objects.visible_to(user).filter(
        CollectiveAgreement.objects.all().under(unit.path)
    )
    return rows.expiring(today, days).select_related("unit").order_by("effective_to")
