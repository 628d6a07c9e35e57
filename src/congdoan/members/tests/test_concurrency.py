"""Two officers saving the same record at once: one wins, the other gets 409.

Real concurrent requests need a server-side database with row locks, so this runs on
PostgreSQL (the suite's second pass); SQLite serialises writers by itself.
"""

import json
import threading

import pytest
from django.db import connection

from congdoan.members.models import Member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_concurrent_patch_with_the_same_version(tree, bob, people, api_client):
    from django.db import connections

    hoa = people["hoa"]
    clients = [api_client(bob), api_client(bob)]
    barrier = threading.Barrier(2)
    results = []

    def save(client, phone):
        barrier.wait()
        response = client.patch(
            f"/api/v1/members/{hoa.pk}",
            json.dumps({"version": hoa.version, "phone": phone}),
            content_type="application/json",
        )
        results.append((response.status_code, phone))
        connections.close_all()

    threads = [
        threading.Thread(target=save, args=(client, phone))
        for client, phone in zip(clients, ["0911111111", "0922222222"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _phone in results)
    assert statuses == [200, 409]
    winner = next(phone for status, phone in results if status == 200)
    saved = Member.objects.get(pk=hoa.pk)
    assert saved.phone == winner and saved.version == hoa.version + 1


def test_a_check_reads_the_numbers_on_a_second_connection_as_on_its_own(
    tree, bob, people, monkeypatch
):
    """A check on its own (as the worker runs it) looks each batch's identity numbers up
    on a connection of its own while it reads the next batch; the plan is the one the
    check makes on one connection."""
    from datetime import date

    from congdoan.members import importing

    from .test_import import sheet

    rows = [
        [1, "Nguyễn Thị Hoa", date(1990, 5, 12), "Nữ", "079190000123", "0905999888"],  # theirs
        [2, "Phạm Văn Minh", date(1988, 1, 1), "Nam", "056088000111", ""],  # May 10's
        *([n, f"Người Mới {chr(64 + n)}", 1990, "Nam", f"0791900{n:05d}", ""] for n in range(3, 9)),
    ]
    data = sheet(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Điện thoại"], rows)
    monkeypatch.setattr(importing, "MATCH_BATCH", 3)  # three batches and a short one
    looked_up = []
    holders = importing._holders
    monkeypatch.setattr(
        importing,
        "_holders",
        lambda numbers: looked_up.append(threading.current_thread()) or holders(numbers),
    )

    def checked():
        plan = importing.check(data=data, filename="l.xlsx", unit=tree.le_loi, actor=bob)
        problems = [(p.row, p.column, p.message) for p in plan.problems]
        return plan.added, plan.updated, problems, [r.member_id for r in plan.update]

    apart = checked()
    assert len(looked_up) == 3 and threading.main_thread() not in looked_up
    looked_up.clear()
    monkeypatch.setattr(importing, "_read_alike_apart", lambda: False)
    assert checked() == apart and looked_up == [threading.main_thread()] * 3
    added, updated, problems, changed = apart
    assert (added, updated, changed) == (6, 1, [people["hoa"].pk])
    assert [(row, column) for row, column, _message in problems] == [(5, "Số CCCD")]
    assert "ngoài phạm vi" in problems[0][2]  # Phạm Văn Minh is May 10's, outside Bob's
