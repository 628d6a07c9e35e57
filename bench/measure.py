"""The members issue's speed targets, each beside the same work in raw SQL."""

from __future__ import annotations

import io
import random
import resource
import time
from datetime import date

from django.db import connection
from django.test import Client

SEARCH_TERMS = [
    "thi hoa",
    "van hung",
    "minh tuan",
    "tran thi thu",
    "le van",
    "ngoc anh",
    "pham quoc",
    "hoang thi",
    "duc thang",
    "thu huong",
    "bui van",
    "kim yen",
    "vo thi lan",
    "dang van",
    "thanh tung",
    "nguyen thi mai",
    "huynh",
    "quang",
    "my",
    "ho thi",
]


def _officer(province):
    from congdoan.accounts.models import Role, User

    user, _created = User.objects.get_or_create(username="bench-officer")
    if not Role.objects.filter(user=user, unit=province, revoked_at__isnull=True).exists():
        Role.objects.create(user=user, unit=province, role="officer")
    return User.objects.get(pk=user.pk)


def _raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def run(line, timed) -> int:
    from congdoan.members.filters import MemberFilters
    from congdoan.members.listing import MemberListing
    from congdoan.members.models import Member
    from congdoan.members.services import subtree_figures
    from congdoan.organizations.models import Unit

    root = Unit.objects.get(depth=1)
    province = Unit.objects.filter(depth=2).order_by("-numchild", "code").first()
    officer = _officer(province)
    visible = Member.objects.visible_to(officer)
    like = province.path + "%"
    rng = random.Random(7)

    # 1. partial name without diacritics inside a province: the first page of results
    # and its count, as the list page and the API get them
    def search(term):
        found = MemberListing(officer, MemberFilters(q=term))
        return found[0:50], found.count()

    app = timed(lambda i: search(SEARCH_TERMS[i % 20]), 40)
    raw = timed(
        lambda i: _raw(
            "SELECT m.id FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
            "WHERE u.path LIKE %s AND m.name_folded LIKE %s ORDER BY m.sort_key, m.id LIMIT 50",
            [like, f"%{SEARCH_TERMS[i % 20]}%"],
        ),
        40,
    )
    line("search by partial name in a province", app, raw, "p95 ≤ 50 ms")

    # 1b. whole names of real members of the province (rare terms: the trigram pass)
    people = [
        name
        for (name,) in _raw(
            "SELECT name_folded FROM members_member WHERE unit_path LIKE %s "
            "AND status = 'active' ORDER BY id LIMIT 40",
            [like],
        )
    ]
    app = timed(lambda i: search(people[i % len(people)]), 40)
    raw = timed(
        lambda i: _raw(
            "SELECT m.id FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
            "WHERE u.path LIKE %s AND m.name_folded LIKE %s ORDER BY m.sort_key, m.id LIMIT 50",
            [like, f"%{people[i % len(people)]}%"],
        ),
        40,
    )
    line("search by whole name in a province", app, raw, "p95 ≤ 50 ms")

    # 2. by CCCD
    numbers = [
        n
        for (n,) in _raw(
            "SELECT id_number FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
            "WHERE u.path LIKE %s LIMIT 200",
            [like],
        )
    ]
    app = timed(lambda i: list(visible.search(numbers[i % len(numbers)])[:50]), 100)
    raw = timed(
        lambda i: _raw(
            "SELECT id FROM members_member WHERE id_number = %s", [numbers[i % len(numbers)]]
        ),
        100,
    )
    line("search by CCCD", app, raw, "≤ 5 ms")

    # 3. member list page, 50 rows, any page number
    client = Client()
    client.force_login(officer)
    total = visible.filter(status="active").count()
    pages = max(1, total // 50)
    picks = [1, pages] + [rng.randint(1, pages) for _ in range(28)]
    client.get("/members/")  # the process's first page loads its templates: not timed
    app = timed(lambda i: client.get("/members/", {"page": picks[i]}), len(picks))
    raw = timed(
        lambda i: _raw(
            "SELECT m.id FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
            "WHERE u.path LIKE %s AND m.status = 'active' ORDER BY m.sort_key, m.id "
            "OFFSET %s LIMIT 50",
            [like, (picks[i] - 1) * 50],
        ),
        len(picks),
    )
    line(f"member list page (HTML, {pages:,} pages)", app, raw, "p95 ≤ 150 ms")

    # 4. subtree figures for the national root
    app = timed(lambda i: subtree_figures(root), 10)
    raw = timed(lambda i: _raw("SELECT count(*) FROM members_member WHERE status = 'active'"), 3)
    line("subtree figures, national root", app, raw, "≤ 200 ms")

    # 5. import of a 100,000-row .xlsx, end to end, beside raw COPY into the same table
    from django.db import transaction

    with transaction.atomic():  # the imported rows are rolled back: runs stay comparable
        rate, copy_rate, peak = _import_rate(100_000)
        transaction.set_rollback(True)
    imported = int(__import__("os").environ.get("BENCH_IMPORT_ROWS", 100_000))
    line(f"import {imported:,} rows .xlsx (rows/s)", rate, copy_rate, "≥ 20,000 rows/s")
    print(
        f"{'peak memory of the run':<44} {peak:,.0f} MB (import of 1,000,000 rows: "
        "BENCH_IMPORT_ROWS=1000000 target < 1 GB)"
    )
    return 0


def _import_rate(rows: int) -> tuple[float, float, float]:
    import os

    from xlsxwriter import Workbook

    from congdoan.members.demo import MemberFactory
    from congdoan.members.models import ImportJob, Member
    from congdoan.members.services import commit_import, run_check
    from congdoan.organizations import services as org
    from congdoan.organizations.models import Unit, UnitKind

    rows = int(os.environ.get("BENCH_IMPORT_ROWS", rows))
    district = Unit.objects.filter(depth=3).order_by("code").first()
    code = f"BENCH-{int(time.time())}"
    target = org.found_unit(
        actor=None,
        parent=district,
        decision=org.Decision(number="bench"),
        spec=org.NewUnit(
            code=code, name=f"CĐCS thử tải {code}", kind=UnitKind.objects.get(code="grassroots")
        ),
    )
    factory = MemberFactory(seed=int(time.time()))
    factory.serial = 900_000
    today = date.today()
    people = [factory.person(target, today) for _ in range(rows)]
    stamp = int(time.time()) % 1000  # a fresh number range for each run's import
    for index, person in enumerate(people):
        person.id_number = f"99{stamp:03d}{index:07d}"
    buffer = io.BytesIO()
    book = Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"])
    for index, person in enumerate(people, start=1):
        sheet.write_row(
            index,
            0,
            [
                index,
                person.full_name,
                person.birth_date.strftime("%d/%m/%Y"),
                "Nữ" if person.gender == "female" else "Nam",
                person.id_number,
            ],
        )
    book.close()
    job = ImportJob.objects.create(unit=target, filename="bench.xlsx", data=buffer.getvalue())
    started = time.perf_counter()
    run_check(job)
    job.refresh_from_db()
    commit_import(actor=None, job=job)
    elapsed = time.perf_counter() - started
    added = Member.objects.filter(unit=target).count()
    assert added == rows, (added, job.counts)
    # raw baseline: COPY the same rows into a scratch copy of the member table
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_copy (LIKE members_member INCLUDING ALL)")
        data = io.StringIO()
        for person in people:
            data.write(
                "\t".join(
                    [
                        person.full_name,
                        person.name_folded,
                        person.sort_key,
                        person.gender,
                        person.birth_date.isoformat(),
                        "day",
                        "cccd",
                        person.id_number,
                        "VN",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        str(target.pk),
                        target.path,
                        "2015-09-01",
                        "",
                        "f",
                        "active",
                        "",
                        "1",
                        "2025-01-01",
                        "2025-01-01",
                    ]
                )
                + "\n"
            )
        copy_started = time.perf_counter()
        with cursor.connection.cursor().copy(
            "COPY bench_copy (full_name, name_folded, sort_key, gender, birth_date, "
            "birth_precision, id_kind, id_number, nationality, religion, education, "
            "qualification, job_title, phone, email, address, unit_id, unit_path, joined_on, "
            "card_number, party_member, status, notes, version, created_at, updated_at) "
            "FROM STDIN"
        ) as copy:
            copy.write(data.getvalue())
        copy_elapsed = time.perf_counter() - copy_started
        cursor.execute("DROP TABLE bench_copy")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return rows / elapsed, rows / copy_elapsed, peak
