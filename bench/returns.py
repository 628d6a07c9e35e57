"""The returns issue's target: the roll-up of a yearly return for the national root over
every grassroots union (150,000), beside the same sums in raw SQL."""

from __future__ import annotations

import time
from datetime import date

from django.db import connection


def _period():
    """The year-end period 2026 opened by the root, with an approved return from every
    grassroots union (made once; later runs reuse them)."""
    from congdoan.organizations.models import Unit
    from congdoan.reports.models import Period, Return, ReturnTemplate

    root = Unit.objects.get(depth=1)
    template = ReturnTemplate.objects.get(code="tong-ket-nam", year=2026)
    period, _created = Period.objects.get_or_create(
        template=template,
        unit=root,
        year=2026,
        number=1,
        defaults={
            "starts_on": date(2026, 1, 1),
            "ends_on": date(2026, 12, 31),
            "deadline": date(2027, 1, 15),
        },
    )
    if Return.objects.filter(period=period).exists():
        return root, period
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # typed values as units answer them; recorded figures from the unit figures
        cursor.execute(
            """
            INSERT INTO reports_return (period_id, unit_id, revision, status, "values",
                computed, reason, version, created_at, submitted_at, decided_at)
            SELECT %s, u.id, 1, 'approved',
                jsonb_build_object(
                    'cbccvc_conference', u.id %% 3 = 0,
                    'worker_conference', u.id %% 3 <> 0,
                    'collective_agreement', u.id %% 2 = 0,
                    'care_visits', u.id %% 40,
                    'care_amount', (u.id %% 40) * 500000,
                    'funds_raised', (u.id %% 7) * 1000000),
                jsonb_build_object(
                    'members', coalesce(c.members, 0),
                    'female', coalesce(c.female, 0),
                    'with_card', coalesce(c.with_card, 0),
                    'admitted', u.id %% 5,
                    'left', u.id %% 3,
                    'new_grassroots', 0),
                '', 1, now(), now(), now()
            FROM organizations_unit u
            JOIN organizations_unitkind k ON k.id = u.kind_id AND k.code = 'grassroots'
            LEFT JOIN members_unitmembercount c ON c.unit_id = u.id""",
            [period.pk],
        )
        cursor.execute("ANALYZE reports_return")
    count = Return.objects.filter(period=period).count()
    print(f"  made {count:,} approved returns in {time.perf_counter() - started:.0f} s")
    return root, period


RAW = """
SELECT count(*), sum((computed->>'members')::float), sum((computed->>'female')::float),
    sum(("values"->>'care_amount')::float),
    count(*) FILTER (WHERE "values"->'cbccvc_conference' = 'true'::jsonb)
FROM reports_return r JOIN organizations_unit u ON u.id = r.unit_id
WHERE r.period_id = %s AND r.status IN ('submitted', 'approved') AND u.path LIKE %s"""


def run(line, timed) -> None:
    from congdoan.reports.services import rollup

    root, period = _period()
    rollup(unit=root, period=period)  # warm: not timed
    app = timed(lambda i: rollup(unit=root, period=period), 10)

    def raw_sums(i):
        with connection.cursor() as cursor:
            cursor.execute(RAW, [period.pk, root.path + "%"])
            cursor.fetchall()

    raw = timed(raw_sums, 10)
    line("roll-up of a yearly return, national root", app, raw, "≤ 1 s")
    result = rollup(unit=root, period=period)
    print(
        f"{'':<44} {result['reported']:,} returns; members "
        f"{result['values']['members']:,}, units with a CBCCVC conference "
        f"{result['values']['cbccvc_conference']:,}"
    )
