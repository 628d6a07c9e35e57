"""``/api/v1/care``, ``/funds``, ``/campaigns``, ``/savings-groups`` four ways, and the
flows an outside system drives: record, list, cancel; a payment list; a ledger; a
campaign; a savings group from its first cycle to its payout and a member's statement."""

from datetime import date

import pytest

from congdoan.core.models import AuditLog
from congdoan.welfare import services
from congdoan.welfare.models import CareRecord


@pytest.fixture
def objects(tree, people, bob, kind, fund, sick_visit):
    campaign = services.create_campaign(
        actor=bob,
        unit=tree.le_loi,
        name="Vận động",
        fund=fund,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    group = services.create_group(
        actor=bob,
        unit=tree.le_loi,
        name="Nhóm",
        contribution=1_000_000,
        cycle_months=1,
        starts_on=date(2026, 1, 1),
        order="agreed",
        members=[people["hoa"], people["binh"]],
    )
    cycle = services.open_cycle(actor=bob, group=group)
    batch = services.record_batch(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("qua-tet"),
        on=date(2026, 1, 25),
        occasion="Tết",
        members=[people["hoa"]],
        amount=100_000,
    )
    return {
        "care": sick_visit,
        "fund": fund,
        "campaign": campaign,
        "group": group,
        "cycle": cycle,
        "batch": batch,
    }


def _reads(o, people):
    return [
        f"/api/v1/care/{o['care'].pk}",
        f"/api/v1/care/batches/{o['batch'].pk}",
        f"/api/v1/care/batches/{o['batch'].pk}/document",
        f"/api/v1/funds/{o['fund'].pk}",
        f"/api/v1/funds/{o['fund'].pk}/entries",
        f"/api/v1/campaigns/{o['campaign'].pk}",
        f"/api/v1/campaigns/{o['campaign'].pk}/contributions",
        f"/api/v1/savings-groups/{o['group'].pk}",
        f"/api/v1/savings-groups/{o['group'].pk}/cycles/1/payments",
        f"/api/v1/savings-groups/{o['group'].pk}/members/{people['hoa'].pk}/statement",
    ]


def _writes(o, tree):
    payment = o["cycle"].payments.first()
    return [
        (f"/api/v1/care/{o['care'].pk}/cancel", {"reason": "x"}),
        (
            f"/api/v1/funds/{o['fund'].pk}/entries",
            {"on": "2026-02-01", "direction": "out", "amount": 1, "description": "x"},
        ),
        (
            f"/api/v1/campaigns/{o['campaign'].pk}/contributions",
            {"on": "2026-02-01", "donor": "sponsor", "gifts": [{"donor_name": "A", "amount": 5}]},
        ),
        (f"/api/v1/savings-groups/{o['group'].pk}/cycles", {}),
        (f"/api/v1/savings-groups/payments/{payment.pk}", {"paid": 1, "paid_on": "2026-01-01"}),
        (f"/api/v1/savings-groups/{o['group'].pk}/cycles/1/payout", {"on": "2026-01-02"}),
    ]


def test_every_route_four_ways(tree, people, objects, bob, charlie, nobody, api_client):
    lists = [
        "/api/v1/care",
        "/api/v1/funds",
        "/api/v1/campaigns",
        "/api/v1/savings-groups",
        f"/api/v1/care/kinds?unit={tree.le_loi.pk}",
        f"/api/v1/care/rates?unit={tree.le_loi.pk}",
    ]
    for url in _reads(objects, people) + lists:
        assert api_client().get(url).status_code == 401, url
        assert api_client(bob).get(url).status_code == 200, url
    for outsider in (charlie, nobody):
        client = api_client(outsider)
        for url in _reads(objects, people):
            response = client.get(url)
            assert response.status_code == 404, url
            assert set(response.json()) >= {"code", "message", "field"}
        for url in lists[:4]:
            assert client.get(url).json()["count"] == 0, url
        for url in lists[4:]:
            assert client.get(url).status_code == 404, url
        for url, body in _writes(objects, tree):
            response = client.post(url, body, content_type="application/json")
            assert response.status_code == 404, url
    for url, body in _writes(objects, tree):
        assert api_client().post(url, body, content_type="application/json").status_code == 401
    assert objects["fund"].entries.count() == 2 and objects["group"].cycles.count() == 1
    assert CareRecord.objects.in_force().count() == 2


def test_a_sibling_cannot_record_for_another_union_or_its_members(
    tree, people, charlie, api_client
):
    client = api_client(charlie)
    body = {
        "unit": tree.le_loi.pk,
        "kind": "tham-om",
        "on": "2026-03-01",
        "member": people["minh"].pk,
        "amount": 1,
    }
    assert client.post("/api/v1/care", body, content_type="application/json").status_code == 404
    body = {
        "unit": tree.may.pk,
        "kind": "tham-om",
        "on": "2026-03-01",
        "member": people["hoa"].pk,
        "amount": 1,
    }
    assert client.post("/api/v1/care", body, content_type="application/json").status_code == 404
    assert not CareRecord.objects.exists()


def test_care_is_recorded_listed_and_cancelled(tree, people, bob, fund, api_client):
    client = api_client(bob)
    made = client.post(
        "/api/v1/care",
        {
            "unit": tree.le_loi.pk,
            "kind": "tham-om",
            "on": "2026-03-01",
            "member": people["hoa"].pk,
            "amount": 800_000,
            "fund": fund.pk,
            "voucher": "PC 1",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    care = made.json()
    assert (care["amount"], care["fund"], care["cancelled"]) == (800_000, fund.pk, False)
    listed = client.get("/api/v1/care", {"unit": tree.le_loi.pk, "year": 2026}).json()
    assert [row["id"] for row in listed["items"]] == [care["id"]]
    refused = client.post(
        "/api/v1/care",
        {
            "unit": tree.le_loi.pk,
            "kind": "tro-cap-kho-khan",
            "on": "2026-03-01",
            "member": people["hoa"].pk,
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "amount" and "Nhập số tiền" in refused.json()["message"]
    future = client.post(
        "/api/v1/care",
        {
            "unit": tree.le_loi.pk,
            "kind": "tham-om",
            "on": "2999-01-01",
            "member": people["hoa"].pk,
            "amount": 1,
        },
        content_type="application/json",
    )
    assert future.status_code == 422 and future.json()["field"] == "on"
    cancelled = client.post(
        f"/api/v1/care/{care['id']}/cancel",
        {"reason": "Nhập nhầm"},
        content_type="application/json",
    )
    assert cancelled.json()["cancelled"] is True
    assert client.get(f"/api/v1/funds/{fund.pk}").json()["balance"] == 50_000_000
    assert client.get("/api/v1/care", {"unit": tree.le_loi.pk}).json()["count"] == 0
    assert AuditLog.objects.filter(action__in=["welfare.care", "welfare.cancel"]).count() == 2


def test_a_payment_list_through_the_api(tree, people, bob, kind, api_client):
    client = api_client(bob)
    services.set_rate(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("qua-tet"),
        amount=400_000,
        valid_from=date(2026, 1, 1),
    )
    made = client.post(
        "/api/v1/care/batches",
        {
            "unit": tree.le_loi.pk,
            "kind": "qua-tet",
            "on": "2026-01-26",
            "occasion": "Tết",
            "members": [people["hoa"].pk, people["an"].pk],
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json() | {"id": 0} == made.json() | {"id": 0}
    assert (made.json()["count"], made.json()["total"]) == (2, 800_000)
    twice = client.post(
        "/api/v1/care/batches",
        {
            "unit": tree.le_loi.pk,
            "kind": "qua-tet",
            "on": "2026-01-26",
            "occasion": "Tết",
            "members": [people["hoa"].pk, people["hoa"].pk],
        },
        content_type="application/json",
    )
    assert twice.status_code == 400 and twice.json()["field"] == "members"
    outsider = client.post(
        "/api/v1/care/batches",
        {
            "unit": tree.le_loi.pk,
            "kind": "qua-tet",
            "on": "2026-01-26",
            "occasion": "Tết",
            "members": [people["hoa"].pk, people["minh"].pk],
        },
        content_type="application/json",
    )
    assert outsider.status_code == 404
    assert CareRecord.objects.count() == 2


def test_a_savings_group_through_the_api(tree, people, bob, api_client):
    client = api_client(bob)
    made = client.post(
        "/api/v1/savings-groups",
        {
            "unit": tree.le_loi.pk,
            "name": "Nhóm B",
            "contribution": 1_000_000,
            "cycle_months": 1,
            "starts_on": "2026-01-05",
            "order": "agreed",
            "interest_percent": "10",
            "members": [people["binh"].pk, people["hoa"].pk],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    group = made.json()["id"]
    first = client.post(f"/api/v1/savings-groups/{group}/cycles").json()
    assert first["receiver"] == people["binh"].pk
    for row in client.get(f"/api/v1/savings-groups/{group}/cycles/1/payments").json():
        client.post(
            f"/api/v1/savings-groups/payments/{row['id']}",
            {"paid": row["due"], "paid_on": "2026-01-05"},
            content_type="application/json",
        )
    paid = client.post(
        f"/api/v1/savings-groups/{group}/cycles/1/payout",
        {"on": "2026-01-06"},
        content_type="application/json",
    ).json()
    assert paid["pot"] == 2_000_000
    client.post(f"/api/v1/savings-groups/{group}/cycles")
    dues = {
        r["member"]: r["due"]
        for r in client.get(f"/api/v1/savings-groups/{group}/cycles/2/payments").json()
    }
    assert dues == {people["binh"].pk: 1_100_000, people["hoa"].pk: 1_000_000}
    statement = client.get(
        f"/api/v1/savings-groups/{group}/members/{people['binh'].pk}/statement"
    ).json()
    assert (statement["paid"], statement["receives_in_cycle"], statement["received"]) == (
        1_000_000,
        1,
        2_000_000,
    )
    assert client.get(f"/api/v1/savings-groups/{group}").json()["total_paid"] == 2_000_000


def test_campaign_contributions_through_the_api(tree, people, bob, fund, api_client):
    client = api_client(bob)
    campaign = client.post(
        "/api/v1/campaigns",
        {
            "unit": tree.le_loi.pk,
            "name": "Mái ấm",
            "fund": fund.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2026-03-31",
        },
        content_type="application/json",
    ).json()
    url = f"/api/v1/campaigns/{campaign['id']}/contributions"
    made = client.post(
        url,
        {
            "on": "2026-02-01",
            "donor": "member",
            "gifts": [
                {"member": people["hoa"].pk, "amount": 100_000},
                {"member": people["binh"].pk, "amount": 200_000},
            ],
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and len(made.json()) == 2
    late = client.post(
        url,
        {"on": "2026-04-01", "donor": "sponsor", "gifts": [{"donor_name": "A", "amount": 1}]},
        content_type="application/json",
    )
    assert late.status_code == 400 and late.json()["field"] == "on"
    shown = client.get(f"/api/v1/campaigns/{campaign['id']}").json()
    assert (shown["raised"], shown["sponsored"]) == (300_000, 0)
    assert client.get(f"/api/v1/funds/{fund.pk}").json()["balance"] == 50_300_000


def test_lists_ask_the_same_queries_for_one_row_or_many(tree, people, bob, kind, fund, api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client(bob)
    lists = ["/api/v1/care", "/api/v1/funds", "/api/v1/campaigns", "/api/v1/savings-groups"]

    def make(n: int) -> None:
        services.record_care(
            actor=bob,
            unit=tree.le_loi,
            kind=kind("tham-om"),
            on=date(2026, 3, n),
            recipient=services.Recipient(member=people["hoa"]),
            amount=1_000,
            fund=fund,
        )
        extra = services.create_fund(actor=bob, unit=tree.le_loi, name=f"Quỹ {n}", kind="other")
        services.create_campaign(
            actor=bob,
            unit=tree.le_loi,
            name=f"Vận động {n}",
            fund=extra,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        group = services.create_group(
            actor=bob,
            unit=tree.le_loi,
            name=f"Nhóm {n}",
            contribution=1_000,
            cycle_months=1,
            starts_on=date(2026, 1, 1),
            order="agreed",
            members=[people["hoa"], people["binh"]],
        )
        services.open_cycle(actor=bob, group=group)

    def queries() -> list[int]:
        counts = []
        for url in lists:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    client.get("/api/v1/me")  # the token's first use of the day is written once
    make(1)
    one = queries()
    make(2)
    make(3)
    assert queries() == one
    assert client.get("/api/v1/savings-groups").json()["items"][0]["cycles"][0]["number"] == 1
