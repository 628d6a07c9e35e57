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


def _by_detail(rows, details: list[str], measure) -> dict[str, int]:
    """``measure`` (an aggregate given a filter) for each detail, in one query."""
    totals = rows.aggregate(**{f"d{n}": measure(_kind_filter(d)) for n, d in enumerate(details)})
    return {d: totals[f"d{n}"] or 0 for n, d in enumerate(details)}


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)


def _amount(condition: Q) -> Sum:
    return Sum("amount", filter=condition)


def care_count(own, period, details: list[str]) -> dict[str, int]:
    return _by_detail(_care(own, period), details, _count)


def care_amount(own, period, details: list[str]) -> dict[str, int]:
    return _by_detail(_care(own, period), details, _amount)


def houses(own, period, details: list[str]) -> dict[str, int]:
    built = _care(own, period).filter(kind__group=CareKind.Group.HOUSE)
    return _by_detail(built, details, _count)


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


def totals_by_kind(rows) -> list[dict]:
    """Acts of care and đồng by kind over ``rows`` (already scoped and filtered), in one
    grouped query: the care page's table and its totals."""
    return list(
        rows.order_by()
        .values("kind__group", "kind__name")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by("kind__group", "kind__name")
    )


def summed(kinds: list[dict]) -> dict:
    """The whole of a by-kind table: acts of care and đồng."""
    return {
        "count": sum(row["count"] for row in kinds),
        "amount": sum(row["amount"] or 0 for row in kinds),
    }


def subtree_totals(unit, year: int) -> dict:
    """A year's care under ``unit`` read live from the records (a union's page, the
    national officer's view before any return is in): by kind, in all, and the money
    campaigns raised with the sponsors' share."""
    from .filters import CareFilter, filter_care

    rows = filter_care(CareRecord.objects.all(), CareFilter(year=year), unit)
    kinds = totals_by_kind(rows)
    contributions = Contribution.objects.all()
    raised = contributions.filter(contributions.under(unit.path), on__year=year).aggregate(
        raised=Sum("amount"),
        sponsored=Sum("amount", filter=Q(donor=Donor.SPONSOR)),
    )
    return {
        "kinds": kinds,
        **summed(kinds),
        "raised": raised["raised"] or 0,
        "sponsored": raised["sponsored"] or 0,
    }
