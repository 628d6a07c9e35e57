"""The care issue's targets: the national roll-up of a year's care over every grassroots
union (20 records each: 3 million) beside the same sums in raw SQL, the care page of the
national officer, and a 10,000-member Tết list recorded at once (the service, and the
same list imported from .xlsx)."""

from __future__ import annotations

import io
import time
from datetime import date

from django.db import connection, transaction

YEAR = 2026
PER_UNIT = 20


def _data() -> int:
    """Care records, a fund, a campaign and two contributions for every grassroots union
    (made once by SQL; later runs reuse them)."""
    from congdoan.welfare.models import CareKind, CareRecord

    made = CareRecord.objects.filter(occasion="bench").count()
    if made:
        return made
    started = time.perf_counter()
    if not CareKind.objects.exists():  # the data build truncates units, and with them kinds
        import importlib

        from django.apps import apps

        importlib.import_module("congdoan.welfare.migrations.0002_default_kinds").load(apps, None)
    kinds = list(CareKind.objects.filter(unit=None).order_by("id").values_list("id", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE TEMP TABLE bench_first_member AS
            SELECT unit_id, min(id) AS member_id FROM members_member GROUP BY unit_id"""
        )
        cursor.execute(
            """
            INSERT INTO welfare_fund (unit_id, name, kind, allow_negative, active, created_at)
            SELECT u.id, 'Quỹ xã hội', 'social', true, true, now()
            FROM organizations_unit u
            JOIN organizations_unitkind k ON k.id = u.kind_id AND k.code = 'grassroots'"""
        )
        cursor.execute(
            """
            INSERT INTO welfare_carerecord (unit_id, kind_id, "on", beneficiary, member_id,
                person_name, person_note, amount, in_kind, fund_id, occasion, voucher,
                created_at, cancel_reason)
            SELECT f.unit_id, (%s::int[])[1 + (f.id + g) %% %s],
                %s::date + ((f.id * 7 + g * 17) %% 330)::int,
                CASE WHEN m.member_id IS NULL THEN 'outside' ELSE 'member' END, m.member_id,
                CASE WHEN m.member_id IS NULL THEN 'Người nhận' ELSE '' END, '',
                100000 * (1 + (f.id + g) %% 20), '', f.id, 'bench', '', now(), ''
            FROM welfare_fund f
            LEFT JOIN bench_first_member m ON m.unit_id = f.unit_id
            CROSS JOIN generate_series(1, %s) g""",
            [kinds, len(kinds), date(YEAR, 1, 1), PER_UNIT],
        )
        cursor.execute(
            """
            INSERT INTO welfare_campaign (unit_id, name, fund_id, target, starts_on, ends_on,
                created_at)
            SELECT f.unit_id, 'Vận động quỹ xã hội', f.id, 40000000, %s, %s, now()
            FROM welfare_fund f""",
            [date(YEAR, 1, 1), date(YEAR, 12, 31)],
        )
        cursor.execute(
            """
            INSERT INTO welfare_contribution (campaign_id, unit_id, "on", donor, member_id,
                donor_name, amount, note, created_at)
            SELECT c.id, c.unit_id, %s::date + (c.id %% 300)::int, d.donor,
                CASE WHEN d.donor = 'member' THEN m.member_id END,
                CASE WHEN d.donor = 'sponsor' THEN 'Nhà tài trợ' ELSE '' END,
                1000000 * (1 + c.id %% 9), '', now()
            FROM welfare_campaign c
            JOIN bench_first_member m ON m.unit_id = c.unit_id
            CROSS JOIN (VALUES ('member'), ('sponsor')) d(donor)""",
            [date(YEAR, 1, 1)],
        )
        cursor.execute("DROP TABLE bench_first_member")
    with connection.cursor() as cursor:
        for table in ("welfare_fund", "welfare_carerecord", "welfare_contribution"):
            cursor.execute(f"ANALYZE {table}")
    made = CareRecord.objects.filter(occasion="bench").count()
    print(f"  made {made:,} care records in {time.perf_counter() - started:.0f} s")
    return made


RAW = """
SELECT k."group", count(*), sum(c.amount)
FROM welfare_carerecord c JOIN welfare_carekind k ON k.id = c.kind_id
WHERE c.cancelled_at IS NULL AND c."on" BETWEEN %s AND %s
GROUP BY k."group" """

RAW_RAISED = """
SELECT sum(amount), sum(amount) FILTER (WHERE donor = 'sponsor')
FROM welfare_contribution WHERE "on" BETWEEN %s AND %s"""


def run(line, timed) -> None:
    from django.test import Client

    from congdoan.organizations.models import Unit
    from congdoan.welfare.figures import subtree_totals

    from .measure import _officer

    made = _data()
    root = Unit.objects.get(depth=1)
    days = (date(YEAR, 1, 1), date(YEAR, 12, 31))

    def raw_sums(i):
        with connection.cursor() as cursor:
            cursor.execute(RAW, days)
            cursor.fetchall()
            cursor.execute(RAW_RAISED, days)
            cursor.fetchall()

    subtree_totals(root, YEAR)  # warm: not timed
    app = timed(lambda i: subtree_totals(root, YEAR), 5)
    raw = timed(raw_sums, 5)
    line(f"care roll-up, national root ({made / 1e6:.1f} M records)", app, raw, "≤ 1 s")
    totals = subtree_totals(root, YEAR)
    print(
        f"{'':<44} {totals['count']:,} acts of care, {totals['amount']:,} đ; raised "
        f"{totals['raised']:,} đ, of which sponsors {totals['sponsored']:,} đ"
    )
    client = Client()
    client.force_login(_officer(root, "bench-care-officer"))
    url = f"/care/?unit={root.pk}&year={YEAR}"
    assert client.get(url).status_code == 200
    app = timed(lambda i: client.get(url), 5)
    line("care page, national root", app, raw, "≤ 1 s")
    run_list(line)


def run_list(line) -> None:
    """A 10,000-member Tết list recorded at once, then the same list imported."""
    from xlsxwriter import Workbook

    from congdoan.members.models import Member
    from congdoan.organizations.models import Unit
    from congdoan.welfare import services
    from congdoan.welfare.importing import read_care_list
    from congdoan.welfare.models import CareKind

    district = Unit.objects.filter(depth=3).order_by("-numchild", "path").first()
    members = list(Member.objects.in_subtree(district).active().order_by("pk")[:10_000])
    kind = CareKind.objects.get(code="qua-tet", unit=None)
    size = len(members)

    class Undo(Exception):
        pass

    def record(chosen, amounts=None):
        services.record_batch(
            actor=None,
            unit=district,
            kind=kind,
            on=date(YEAR, 1, 25),
            occasion="Tết (bench)",
            members=chosen,
            amount=500_000,
            amounts=amounts,
        )

    try:
        with transaction.atomic():
            started = time.perf_counter()
            record(members)
            elapsed = time.perf_counter() - started
            raise Undo
    except Undo:
        pass
    line(f"Tết list of {size:,} members (service)", size / elapsed, None, "≥ 2,000 rows/s")
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Số tiền"])
    for number, member in enumerate(members, start=1):
        birth = member.birth_date.strftime("%d/%m/%Y") if member.birth_date else ""
        sheet.write_row(number, 0, [number, member.full_name, birth, member.id_number, 500000])
    book.close()
    content = buffer.getvalue()
    try:
        with transaction.atomic():
            started = time.perf_counter()
            found = read_care_list(content, "tet.xlsx", district)
            assert not found.problems, found.problems[:3]
            record(found.members, found.amounts)
            elapsed = time.perf_counter() - started
            raise Undo
    except Undo:
        pass
    line(f"Tết list of {size:,} members (.xlsx import)", size / elapsed, None, "≥ 2,000 rows/s")
