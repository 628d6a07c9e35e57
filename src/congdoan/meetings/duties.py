"""What the level above watches: grassroots unions that have not yet held a meeting the
law asks of them this year (by the kind's sector and month), and agreements about to
expire. Each is one query over the subtree, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from congdoan.organizations.models import Unit

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
    return Unit.objects.filter(path__startswith=unit.path, kind__code="grassroots").active()


def duties(unit: Unit, today: date) -> list[Duty]:
    """The yearly meetings the grassroots unions under ``unit`` (or ``unit`` itself) owe
    this year, with how many have not yet held them."""
    found = []
    year = today.year
    for kind in MeetingKind.objects.filter(active=True).exclude(sectors=[]):
        due_on = kind.due_on(year)
        if due_on is None:
            continue
        bound = _bound(unit).filter(sector__in=kind.sectors)
        held = Meeting.objects.filter(
            kind=kind, held_on__range=(date(year, 1, 1), date(year, 12, 31))
        ).values("unit")
        missing = bound.exclude(pk__in=held)
        expected = bound.count()
        if not expected:
            continue
        count = missing.count()
        found.append(
            Duty(
                kind=kind,
                year=year,
                due_on=due_on,
                expected=expected,
                missing=count,
                units=list(missing.order_by("name")[:SHOWN]) if count else [],
                overdue=today > due_on and count > 0,
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
