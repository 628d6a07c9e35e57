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
