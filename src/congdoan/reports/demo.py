"""Year-end returns for the demo tree: last year's approved everywhere, this year's
under way (most grassroots unions submitted, part of them approved), so the dashboard,
the return pages and the year-end report have figures to show."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from congdoan.organizations.models import Unit

from . import services
from .models import Return, ReturnTemplate, Rollup, Source


def _typed(rng: random.Random, scale: float, unit: Unit, period) -> dict:
    """What the union's officer types: the conferences and the agreement ticked from
    what the union recorded (the sources that count them from a later year's form), the
    care figures of a year that was not recorded as it happened."""
    visits = int(rng.randint(5, 60) * scale)
    own = Unit.objects.filter(pk=unit.pk)
    ticks = {}
    for code, source, detail in (
        ("cbccvc_conference", Source.MEETINGS_HELD, "hn-cbccvc"),
        ("worker_conference", Source.MEETINGS_HELD, "hn-nld"),
        ("collective_agreement", Source.AGREEMENTS, ""),
    ):
        provider = services.SOURCE_PROVIDERS.get(source)
        if provider is not None:
            ticks[code] = bool(provider(own, period, [detail])[detail])
    return {
        **ticks,
        "care_visits": visits,
        "care_amount": visits * rng.choice([300_000, 500_000, 1_000_000]),
        "funds_raised": rng.randint(0, 40) * 1_000_000,
    }


@transaction.atomic
def add_demo_returns(year: int, seed: int = 2025) -> int:
    """Open the year-end periods of ``year - 1`` and ``year`` at the root and file the
    grassroots unions' returns through the services; returns how many were filed."""
    rng = random.Random(seed)
    root = Unit.objects.get(depth=1)
    unions = list(Unit.objects.filter(kind__code="grassroots").exclude(status="closed"))
    filed = 0
    for this, deadline in ((year - 1, date(year, 1, 15)), (year, date(year + 1, 1, 15))):
        template = ReturnTemplate.objects.filter(code=services.YEAR_END, year=this).first()
        if template is None:
            continue
        period = services.open_period(actor=None, template=template, unit=root, deadline=deadline)
        typed_here = set(
            template.indicators.filter(source=Source.MANUAL)
            .exclude(rollup=Rollup.RATIO)
            .values_list("code", flat=True)
        )
        last_year = this < year
        for unit in unions:
            if not last_year and rng.random() < 0.25:
                continue  # not submitted yet
            ret = services.return_for(actor=None, period=period, unit=unit)
            # a later year's form computes what earlier forms typed: only the rest is typed
            typed = {
                code: value
                for code, value in _typed(rng, 0.9 if last_year else 1, unit, period).items()
                if code in typed_here
            }
            ret = services.save_values(actor=None, ret=ret, values=typed, version=ret.version)
            ret = services.submit(actor=None, ret=ret)
            if last_year:
                # last year's figures as they were then: a little fewer members
                shrink = rng.uniform(0.85, 0.97)
                computed = {
                    code: int(value * shrink) if isinstance(value, int) else value
                    for code, value in ret.computed.items()
                }
                Return.objects.filter(pk=ret.pk).update(computed=computed)
            if last_year or rng.random() < 0.5:
                services.approve(actor=None, ret=ret)
            filed += 1
    return filed
