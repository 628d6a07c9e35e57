"""Dues for the demo tree, through the services: the demo grassroots unions and a few
dozen others keep their dues group (by sector; some public units exempt since 06/2025),
a sheet for each month of the year with their members' salaries, locked once the month
is over and paid up each quarter — so a June and a July show the rate change, and the
statement of a province has figures."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from congdoan.organizations.models import Sector, Unit

from . import services
from .models import DuesGroup


def _group(rng: random.Random, unit: Unit, *, may_be_exempt: bool) -> str:
    if unit.sector == Sector.PUBLIC_SERVICE:
        exempt = may_be_exempt and rng.random() < 0.2
        return DuesGroup.EXEMPT if exempt else DuesGroup.PUBLIC
    if unit.sector == Sector.STATE_ENTERPRISE:
        return DuesGroup.STATE
    return DuesGroup.OTHER


@transaction.atomic
def add_demo_dues(first: list[Unit], year: int, others: int = 30, seed: int = 2026) -> int:
    """Sheets from January of ``year - 1`` to this month for ``first`` and ``others``
    more unions with members; returns the number of sheets."""
    from congdoan.members.models import Member

    rng = random.Random(seed)
    today = timezone.localdate()
    with_members = (
        Unit.objects.filter(kind__code="grassroots", pk__in=Member.objects.values("unit"))
        .exclude(pk__in=[u.pk for u in first])
        .order_by("path")
    )
    unions = list(first) + list(with_members[:others])
    sheets = 0
    for unit in unions:
        group = _group(rng, unit, may_be_exempt=unit not in first)
        services.set_group(
            actor=None,
            unit=unit,
            group=group if group != DuesGroup.EXEMPT else DuesGroup.PUBLIC,
            effective_from=date(year - 1, 1, 1),
        )
        if group == DuesGroup.EXEMPT:
            services.set_group(actor=None, unit=unit, group=group, effective_from=date(2025, 6, 1))
        pay = {}
        owed_quarter = 0
        for this in (year - 1, year):
            for month in range(1, 13):
                day = date(this, month, 1)
                if day > today.replace(day=1):
                    break
                sheet = services.open_sheet(actor=None, unit=unit, month=day)
                changes = {}
                for line in sheet.lines.all():
                    base = pay.setdefault(line.member_id, rng.randrange(5_000, 32_000) * 1000)
                    changes[line.member_id] = services.LineChange(
                        base=base, set_base=True, collected=rng.random() < 0.96
                    )
                sheet = services.change_lines(
                    actor=None, sheet=sheet, changes=changes, version=sheet.version
                )
                sheets += 1
                if day == today.replace(day=1):
                    continue  # this month is still being collected
                sheet = services.lock(actor=None, sheet=sheet, version=sheet.version)
                owed_quarter += sheet.owed
                if month % 3 == 0 and owed_quarter:
                    paid_on = min(date(this, month, 28), today)
                    services.remit(actor=None, unit=unit, amount=owed_quarter, on=paid_on)
                    owed_quarter = 0
    return sheets
