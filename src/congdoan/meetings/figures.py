"""The figures meetings and agreements give a union's return, read from the records for
the union itself and its sections (``own``) in the period: one grouped query a source.

A meeting counts its union once ("units that held the workers' conference"), so summed
up the tree the figure is the number of unions that held it, as reports state it.
Agreements count on the period's last day (or today, while the period runs)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from congdoan.organizations.models import ENTERPRISE_SECTORS

from .models import Amendment, CollectiveAgreement, Meeting


def _last_day(period):
    return min(period.ends_on, timezone.localdate())


def meetings_held(own, period, details: list[str]) -> dict[str, int]:
    """1 for each kind of meeting (detail: its code) the union held in the period."""
    held = set(
        Meeting.objects.filter(
            unit__in=own,
            kind__code__in=details,
            held_on__range=(period.starts_on, period.ends_on),
        )
        .values_list("kind__code", flat=True)
        .distinct()
    )
    return {detail: int(detail in held) for detail in details}


def _by_grade(rows, details: list[str]) -> dict[str, int]:
    """A count for each detail: blank for all, or a grade (A, B, C)."""
    found = rows.aggregate(
        **{
            f"d{n}": Count("pk", filter=Q(grade=detail) if detail else Q())
            for n, detail in enumerate(details)
        }
    )
    return {detail: found[f"d{n}"] for n, detail in enumerate(details)}


def agreements(own, period, details: list[str]) -> dict[str, int]:
    """Agreements the union signed that are in force on the period's last day."""
    rows = CollectiveAgreement.objects.filter(unit__in=own).in_force_on(_last_day(period))
    return _by_grade(rows, details)


def agreements_new(own, period, details: list[str]) -> dict[str, int]:
    rows = CollectiveAgreement.objects.filter(
        unit__in=own, signed_on__range=(period.starts_on, period.ends_on)
    )
    return _by_grade(rows, details)


def agreements_amended(own, period, details: list[str]) -> dict[str, int]:
    amended = Amendment.objects.filter(
        agreement__unit__in=own, on__range=(period.starts_on, period.ends_on)
    ).values("agreement")
    return _by_grade(CollectiveAgreement.objects.filter(pk__in=amended), details)


def agreement_covered(own, period, details: list[str]) -> dict[str, int]:
    """1 when the union is a grassroots union of an enterprise with an agreement in force
    on the period's last day: its own, or a sector agreement that covers it."""
    union = own.filter(kind__code="grassroots", sector__in=ENTERPRISE_SECTORS).first()
    covered = 0
    if union is not None:
        covered = int(
            CollectiveAgreement.objects.in_force_on(_last_day(period))
            .filter(Q(unit=union) | Q(covers=union))
            .exists()
        )
    return dict.fromkeys(details, covered)


def register_sources() -> None:
    from congdoan.reports.models import Source
    from congdoan.reports.services import register_source

    register_source(Source.MEETINGS_HELD, meetings_held)
    register_source(Source.AGREEMENTS, agreements)
    register_source(Source.AGREEMENTS_NEW, agreements_new)
    register_source(Source.AGREEMENTS_AMENDED, agreements_amended)
    register_source(Source.AGREEMENT_COVERED, agreement_covered)
