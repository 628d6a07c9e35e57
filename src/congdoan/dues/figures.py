"""The figures dues give a union's return: đoàn phí collected in the period (locked
months of the union and its sections) and what it paid up, one grouped query each."""

from __future__ import annotations

from django.db.models import Sum

from .models import DuesSheet, Remittance, SheetStatus


def dues_collected(own, period, details: list[str]) -> dict[str, int]:
    sheets = DuesSheet.objects.filter(
        unit__in=own,
        status=SheetStatus.LOCKED,
        month__range=(period.starts_on, period.ends_on),
    ).aggregate(n_collected=Sum("collected"), n_adjusted=Sum("adjusted"), n_kept=Sum("kept"))
    total = (sheets["n_collected"] or 0) + (sheets["n_adjusted"] or 0)
    # detail "kept": what the union keeps of it (with the extra of its own rate)
    return {d: (sheets["n_kept"] or 0) if d == "kept" else total for d in details}


def dues_remitted(own, period, details: list[str]) -> dict[str, int]:
    paid = Remittance.objects.filter(
        unit__in=own, fund="dues", on__range=(period.starts_on, period.ends_on)
    ).aggregate(n=Sum("amount"))["n"]
    return dict.fromkeys(details, paid or 0)


def register_sources() -> None:
    from congdoan.reports.models import Source
    from congdoan.reports.services import register_source

    register_source(Source.DUES_COLLECTED, dues_collected)
    register_source(Source.DUES_REMITTED, dues_remitted)
