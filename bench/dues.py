"""The dues issue's targets: a grassroots union of 5,000 members computing and saving a
month's dues sheet from its payroll (every line's dues from the month's rule, capped,
the totals and the split), beside the same rows written by one raw INSERT … SELECT; and
the national roll-up of a month's dues over every grassroots union (collected, kept,
owed, paid, by province) beside the same sums in raw SQL.

The 5,000 members are lent to a bench union for the measure and given back after it;
the national month is one locked sheet and one payment per grassroots union (made
once)."""

from __future__ import annotations

import time
from datetime import date

from django.db import connection, transaction

MONTH = date(2026, 11, 1)
SIZE = 5_000


def _union():
    """A bench grassroots union (made once) under the first district."""
    from congdoan.organizations import services as org
    from congdoan.organizations.models import Unit, UnitKind

    found = Unit.objects.filter(code="BENCH-DUES").first()
    if found:
        return found
    grassroots = UnitKind.objects.get(code="grassroots")
    parent = Unit.objects.filter(kind__code="district").order_by("path").first()
    return org.found_unit(
        actor=None,
        parent=parent,
        decision=org.Decision(number="1/BENCH", date=date(2020, 1, 1)),
        spec=org.NewUnit(code="BENCH-DUES", name="CĐCS bench đoàn phí", kind=grassroots),
    )


def _sheet_once(unit, payroll: dict[int, int]) -> None:
    from congdoan.dues import services
    from congdoan.dues.models import DuesSheet

    DuesSheet.objects.filter(unit=unit).delete()
    sheet = services.open_sheet(actor=None, unit=unit, month=MONTH)
    changes = {
        pk: services.LineChange(base=base, set_base=True, collected=True)
        for pk, base in payroll.items()
    }
    services.change_lines(actor=None, sheet=sheet, changes=changes, version=sheet.version)


RAW_SHEET = """
INSERT INTO bench_dues_lines (member_id, base, dues)
SELECT m.id, 5000000 + (m.id %% 25000) * 1000,
       LEAST(round((5000000 + (m.id %% 25000) * 1000) * 0.005), 234000)
FROM members_member m WHERE m.unit_id = %s AND m.status = 'active'"""


def _national() -> int:
    """One locked sheet and one payment a grassroots union for MONTH (made once)."""
    from congdoan.dues.models import DuesSheet

    made = DuesSheet.objects.filter(month=MONTH).count()
    if made > 1:
        return made
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO dues_duessheet (unit_id, month, status, "group", rate, own_rate, cap,
                dues_kept, members, base_total, dues_total, extra_total, collected,
                extra_collected, adjusted, kept, owed, locked_at, version, created_at)
            SELECT u.id, %s, 'locked', '3', 0.5, NULL, 234000, 70, 80, 80 * 9000000,
                80 * 45000, 0, c.collected, 0, 0, round(c.collected * 0.7),
                c.collected - round(c.collected * 0.7), now(), 1, now()
            FROM organizations_unit u JOIN organizations_unitkind k ON k.id = u.kind_id,
                LATERAL (SELECT 80 * 45000 - (u.id %% 7) * 45000 AS collected) c
            WHERE k.code = 'grassroots' AND u.code <> 'BENCH-DUES'""",
            [MONTH],
        )
        cursor.execute(
            """
            INSERT INTO dues_remittance (unit_id, to_id, fund, "on", amount, reference,
                created_at)
            SELECT s.unit_id, u.parent_id, 'dues', %s, s.owed, '', now()
            FROM dues_duessheet s JOIN organizations_unit u ON u.id = s.unit_id
            WHERE s.month = %s AND s.unit_id %% 4 <> 0""",
            [date(MONTH.year, 11, 28), MONTH],
        )
        cursor.execute("ANALYZE dues_duessheet")
        cursor.execute("ANALYZE dues_remittance")
    made = DuesSheet.objects.filter(month=MONTH).count()
    print(f"  made {made:,} sheets of {MONTH:%m/%Y} in {time.perf_counter() - started:.0f} s")
    return made


RAW_NATIONAL = [
    """SELECT sum(s.collected), sum(s.kept), sum(s.owed) FROM dues_duessheet s
       JOIN organizations_unit u ON u.id = s.unit_id
       WHERE u.path LIKE %s AND s.status = 'locked' AND s.month >= %s AND s.month < %s""",
    """SELECT left(u.path, %s) AS branch, sum(s.owed), sum(s.collected) FROM dues_duessheet s
       JOIN organizations_unit u ON u.id = s.unit_id
       WHERE u.path LIKE %s AND s.status = 'locked' AND s.month >= %s AND s.month < %s
       GROUP BY branch""",
    """SELECT left(u.path, %s) AS branch, sum(r.amount) FROM dues_remittance r
       JOIN organizations_unit u ON u.id = r.unit_id
       WHERE u.path LIKE %s AND r.fund = 'dues' AND r."on" >= %s AND r."on" < %s
       GROUP BY branch""",
]


def run(line, timed) -> None:
    from congdoan.dues import services
    from congdoan.dues.models import DuesSheet
    from congdoan.members.models import Member
    from congdoan.organizations.models import Unit

    unit = _union()
    services.set_group(actor=None, unit=unit, group="3", effective_from=date(2026, 1, 1))
    lent = list(
        Member.objects.filter(status="active")
        .exclude(unit=unit)
        .order_by("id")
        .values_list("id", "unit_id")[:SIZE]
    )
    try:
        with transaction.atomic():
            Member.objects.filter(pk__in=[pk for pk, _unit in lent]).update(
                unit=unit, unit_path=unit.path
            )
        payroll = {pk: 5_000_000 + (pk % 25_000) * 1000 for pk, _unit in lent}
        app = timed(lambda i: _sheet_once(unit, payroll), 5)

        def raw_sheet(i):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TABLE bench_dues_lines"
                    " (member_id bigint, base bigint, dues bigint) ON COMMIT DROP"
                )
                cursor.execute(RAW_SHEET, [unit.pk])
                cursor.execute("SELECT sum(dues), count(*) FROM bench_dues_lines")
                cursor.fetchone()

        raw = timed(raw_sheet, 5)
        sheet = DuesSheet.objects.get(unit=unit, month=MONTH)
        line(f"dues sheet of {sheet.members:,} members, computed, saved", app, raw, "≤ 2 s")
        expected = sum(min(round(base * 0.005), 234_000) for base in payroll.values())
        assert sheet.members == SIZE and sheet.collected == expected, (sheet.collected, expected)
        DuesSheet.objects.filter(unit=unit).delete()
    finally:
        with transaction.atomic():
            by_unit: dict[int, list[int]] = {}
            for pk, owner in lent:
                by_unit.setdefault(owner, []).append(pk)
            paths = dict(Unit.objects.filter(pk__in=by_unit).values_list("pk", "path"))
            for owner, pks in by_unit.items():
                Member.objects.filter(pk__in=pks).update(unit_id=owner, unit_path=paths[owner])

    _national()
    root = Unit.objects.get(depth=1)
    services.standing(root, MONTH.year)  # warm: not timed
    app = timed(lambda i: services.standing(root, MONTH.year), 10)
    width = len(root.path) + Unit.steplen
    start, end = date(MONTH.year, 1, 1), date(MONTH.year + 1, 1, 1)

    def raw_sums(i):
        with connection.cursor() as cursor:
            cursor.execute(RAW_NATIONAL[0], [root.path + "%", start, end])
            cursor.fetchall()
            for query in RAW_NATIONAL[1:]:
                cursor.execute(query, [width, root.path + "%", start, end])
                cursor.fetchall()

    raw = timed(raw_sums, 10)
    found = services.standing(root, MONTH.year)
    units = DuesSheet.objects.filter(month=MONTH).count()
    line(f"national dues roll-up, {units:,} unions", app, raw, "≤ 1 s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(collected), sum(owed) FROM dues_duessheet WHERE status = 'locked'"
        )
        collected, owed = cursor.fetchone()
    assert (found.collected, found.owed) == (collected, owed)
    print(
        f"{'':<44} {found.collected:,} đ collected, {found.owed:,} đ owed upward, "
        f"{found.paid:,} đ paid (= the raw sums); {len(found.children)} units under the root"
    )
