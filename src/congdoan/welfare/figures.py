"""The figures care work gives a union's return: each read from the records, one grouped
query per source, for the union itself and its sections (``own``) in the period."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from .models import CareKind, CareRecord, Contribution, Donor, SavingsPayment


def _kind_filter(detail: str) -> Q:
    """A detail names a kind of care by its code, or a group of kinds ("gift")."""
    if not detail:
        return Q()
    return Q(kind__code=detail) | Q(kind__group=detail)


def _care(own, period):
    return CareRecord.objects.in_force().filter(
        unit__in=own, on__range=(period.starts_on, period.ends_on)
    )


def care_count(own, period, details: list[str]) -> dict[str, int]:
    totals = _care(own, period).aggregate(
        **{f"d{n}": Count("pk", filter=_kind_filter(d)) for n, d in enumerate(details)}
    )
    return {d: totals[f"d{n}"] or 0 for n, d in enumerate(details)}


def care_amount(own, period, details: list[str]) -> dict[str, int]:
    totals = _care(own, period).aggregate(
        **{f"d{n}": Sum("amount", filter=_kind_filter(d)) for n, d in enumerate(details)}
    )
    return {d: totals[f"d{n}"] or 0 for n, d in enumerate(details)}


def houses(own, period, details: list[str]) -> dict[str, int]:
    built = _care(own, period).filter(kind__group=CareKind.Group.HOUSE)
    totals = built.aggregate(
        **{f"d{n}": Count("pk", filter=_kind_filter(d)) for n, d in enumerate(details)}
    )
    return {d: totals[f"d{n}"] or 0 for n, d in enumerate(details)}


def _contributions(own, period):
    return Contribution.objects.filter(unit__in=own, on__range=(period.starts_on, period.ends_on))


def funds_raised(own, period, details: list[str]) -> dict[str, int]:
    total = _contributions(own, period).aggregate(total=Sum("amount"))["total"] or 0
    return dict.fromkeys(details, total)


def sponsored(own, period, details: list[str]) -> dict[str, int]:
    outside = _contributions(own, period).filter(donor=Donor.SPONSOR)
    total = outside.aggregate(total=Sum("amount"))["total"] or 0
    return dict.fromkeys(details, total)


def savings(own, period, details: list[str]) -> dict[str, int]:
    paid = SavingsPayment.objects.filter(
        cycle__group__unit__in=own, paid_on__range=(period.starts_on, period.ends_on)
    )
    total = paid.aggregate(total=Sum("paid"))["total"] or 0
    return dict.fromkeys(details, total)


def register_sources() -> None:
    from congdoan.reports.models import Source
    from congdoan.reports.services import register_source

    register_source(Source.CARE_COUNT, care_count)
    register_source(Source.CARE_AMOUNT, care_amount)
    register_source(Source.HOUSES, houses)
    register_source(Source.FUNDS_RAISED, funds_raised)
    register_source(Source.SPONSORED, sponsored)
    register_source(Source.SAVINGS, savings)
