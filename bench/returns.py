"""The returns issue's targets: the roll-up of a yearly return for the national root over
every grassroots union (150,000), the dashboard page of a province and its year-end
report as Word, each beside the same sums in raw SQL."""

from __future__ import annotations

import time
from datetime import date

from django.db import connection


def _period(year: int = 2026):
    """The year-end period of ``year`` opened by the root, with an approved return from
    every grassroots union (made once; later runs reuse them)."""
    from congdoan.organizations.models import Unit
    from congdoan.reports.models import Period, Return, ReturnTemplate

    root = Unit.objects.get(depth=1)
    template = ReturnTemplate.objects.get(code="tong-ket-nam", year=year)
    period, _created = Period.objects.get_or_create(
        template=template,
        unit=root,
        year=year,
        number=1,
        defaults={
            "starts_on": date(year, 1, 1),
            "ends_on": date(year, 12, 31),
            "deadline": date(year + 1, 1, 15),
        },
    )
    # last year's figures: a little lower, as they were then
    scale = 1.0 if year == 2026 else 0.95
    if Return.objects.filter(period=period).exists():
        return root, period
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # typed values as units answer them; recorded figures from the unit figures
        cursor.execute(
            """
            INSERT INTO reports_return (period_id, unit_id, revision, status, "values",
                computed, corrections, reason, version, created_at, submitted_at, decided_at)
            SELECT %s, u.id, 1, 'approved',
                jsonb_build_object(
                    'cbccvc_conference', u.id %% 3 = 0,
                    'worker_conference', u.id %% 3 <> 0,
                    'collective_agreement', u.id %% 2 = 0,
                    'care_visits', u.id %% 40,
                    'care_amount', (u.id %% 40) * 500000,
                    'funds_raised', (u.id %% 7) * 1000000),
                jsonb_build_object(
                    'members', floor(coalesce(c.members, 0) * %s),
                    'female', floor(coalesce(c.female, 0) * %s),
                    'with_card', floor(coalesce(c.with_card, 0) * %s),
                    'admitted', u.id %% 5,
                    'left', u.id %% 3,
                    'new_grassroots', 0),
                '{}'::jsonb, '', 1, now(), now(), now()
            FROM organizations_unit u
            JOIN organizations_unitkind k ON k.id = u.kind_id AND k.code = 'grassroots'
            LEFT JOIN members_unitmembercount c ON c.unit_id = u.id""",
            [period.pk, scale, scale, scale],
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


PROVINCE_RAW = """
SELECT sum((computed->>'members')::float), sum((computed->>'female')::float),
    sum(("values"->>'care_amount')::float), count(*)
FROM reports_return r JOIN organizations_unit u ON u.id = r.unit_id
WHERE r.period_id = %s AND r.status IN ('submitted', 'approved') AND u.path LIKE %s"""


def run_province(line, timed) -> None:
    """The dashboard page of the largest province and its year-end report (.docx)."""
    from django.test import Client

    from congdoan.organizations.models import Unit
    from congdoan.reports.yearend import year_end_report

    from .measure import _officer

    _period(2025)
    root, period = _period(2026)
    province = Unit.objects.filter(depth=2).order_by("-numchild", "path").first()
    under = Unit.objects.filter(path__startswith=province.path, kind__code="grassroots").count()
    client = Client()
    client.force_login(_officer(province))
    url = f"/returns/dashboard/?unit={province.pk}"
    assert client.get(url).status_code == 200  # warm: templates load once per process

    def raw_sums(i):
        with connection.cursor() as cursor:
            cursor.execute(PROVINCE_RAW, [period.pk, province.path + "%"])
            cursor.fetchall()

    raw = timed(raw_sums, 10)
    app = timed(lambda i: client.get(url), 20)
    line(f"dashboard page, province ({under:,} CĐCS)", app, raw, "≤ 300 ms")
    year_end_report(province, 2026)  # warm: the chart library loads once per process
    app = timed(lambda i: year_end_report(province, 2026), 5)
    line("year-end report .docx, province", app, raw, "≤ 3 s")
