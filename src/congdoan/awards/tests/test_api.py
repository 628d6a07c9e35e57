"""``/api/v1/awards`` and the emulation movements and registrations, four ways."""

import json
from datetime import date

import pytest
from django.urls import reverse

from congdoan.awards.models import AwardTitle, Nomination
from congdoan.emulation.models import Movement, Registration


def send(client, method: str, url: str, body=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_the_catalogue_is_data_operators_extend(tree, bob, root_user, api_client):
    listed = {t["code"]: t for t in api_client(bob).get("/api/v1/awards/titles").json()}
    assert listed["cstdcs"]["prerequisite"] == "ldtt" and listed["cstdcs"]["share_cap"] == "15.00"
    assert listed["ldtt"]["min_months"] == 10 and listed["ldtt"]["registration_required"]
    body = {
        "code": "ldst",
        "name": "Bằng Lao động sáng tạo",
        "kind": "form",
        "recipient": "individual",
        "level": 1,
        "prize_multiple": "1.0",
    }
    assert send(api_client(bob), "post", "/api/v1/awards/titles", body).status_code == 403
    made = send(api_client(root_user), "post", "/api/v1/awards/titles", body)
    assert made.status_code == 201 and AwardTitle.objects.filter(code="ldst").exists()


def test_registering_and_nominating_through_the_api(tree, people, bob, erin, dana, api_client):
    hoa = people["hoa"]
    hoa.joined_on = date(2020, 1, 1)
    hoa.save()
    movement = send(
        api_client(dana),
        "post",
        "/api/v1/emulation/movements",
        {
            "unit": tree.kh.pk,
            "name": "Lao động giỏi, lao động sáng tạo",
            "decision_number": "01/QĐ-LĐLĐ",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "titles": ["ldtt", "cstdcs"],
        },
    )
    assert movement.status_code == 201, movement.content
    seen = api_client(bob).get("/api/v1/emulation/movements", {"year": 2026}).json()
    assert [m["id"] for m in seen["items"]] == [movement.json()["id"]]  # from the level above
    registration = {
        "year": 2026,
        "award": "ldtt",
        "member": hoa.pk,
        "movement": movement.json()["id"],
    }
    made = send(api_client(bob), "post", "/api/v1/emulation/registrations", registration)
    assert made.status_code == 201 and Registration.objects.get().member == hoa
    again = send(api_client(bob), "post", "/api/v1/emulation/registrations", registration)
    assert again.status_code == 400 and again.json()["code"] == "exists"
    proposal = {
        "unit": tree.le_loi.pk,
        "year": 2026,
        "award": "ldtt",
        "member": hoa.pk,
        "achievements": "Hoàn thành xuất sắc nhiệm vụ",
    }
    nominated = send(api_client(bob), "post", "/api/v1/awards/nominations", proposal)
    assert nominated.status_code == 201, nominated.content
    body = nominated.json()
    assert body["state"] == "draft" and body["allowed"] == ["submitted", "withdrawn"]
    url = f"/api/v1/awards/nominations/{body['id']}/transition"
    moved = send(api_client(bob), "post", url, {"to": "submitted"})
    assert moved.json()["holder"] == tree.nha_trang.pk
    assert moved.json()["allowed"] == []  # Lê Lợi no longer holds it
    waiting = api_client(erin).get("/api/v1/awards/nominations", {"waiting": True}).json()
    assert [n["id"] for n in waiting["items"]] == [body["id"]]
    no_reason = send(api_client(erin), "post", url, {"to": "returned"})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    back = send(api_client(erin), "post", url, {"to": "returned", "reason": "Thiếu minh chứng"})
    assert back.json()["state"] == "returned" and back.json()["holder"] == tree.le_loi.pk
    assert back.json()["steps"][-1]["reason"] == "Thiếu minh chứng"
    bad = {**proposal, "award": "cstdcs"}
    refused = send(api_client(bob), "post", "/api/v1/awards/nominations", bad)
    assert refused.status_code == 400 and refused.json()["code"] == "not_registered"


@pytest.fixture
def nomination(tree, people, bob):
    from congdoan.awards import services

    return services.nominate(
        actor=bob,
        origin=tree.le_loi,
        year=2026,
        award=AwardTitle.objects.get(code="gk-ctcs"),
        member=people["hoa"],
        achievements="Thành tích",
    )


def test_award_routes_scope(tree, people, nomination, charlie, nobody, api_client):
    base = "/api/v1/awards/nominations"
    attempts = [
        ("get", f"{base}/{nomination.pk}", None),
        ("post", f"{base}/{nomination.pk}/transition", {"to": "submitted"}),
        (
            "post",
            base,
            {
                "unit": tree.le_loi.pk,
                "year": 2026,
                "award": "gk-cdcs",
                "member": people["hoa"].pk,
                "achievements": "x",
            },
        ),
        (
            "post",
            "/api/v1/emulation/registrations",
            {"year": 2026, "award": "ldtt", "member": people["hoa"].pk},
        ),
    ]
    for method, url, body in attempts:
        assert send(api_client(), method, url, body).status_code == 401
        for outsider in (nobody, charlie):  # no role; a sibling union
            assert send(api_client(outsider), method, url, body).status_code == 404
    assert api_client(charlie).get(base).json()["count"] == 0
    assert Nomination.objects.get().dossier.state == "draft"
    assert not Registration.objects.exists() and not Movement.objects.exists()


def test_a_block_proposes_through_the_api(tree, alice, charlie, nobody, api_client):
    from congdoan.emulation import services as emulation

    block = emulation.create_block(
        actor=alice,
        organiser=tree.kh,
        name="Khối 1",
        decision_number="1/QĐ",
        decision_date=date(2026, 1, 5),
        units=[tree.le_loi, tree.may],
    )
    emulation.set_term(actor=alice, block=block, year=2026, leader=tree.may)
    body = {
        "block": block.pk,
        "year": 2026,
        "award": "bk-ldld-tt",
        "nominee_unit": tree.le_loi.pk,
        "achievements": "Dẫn đầu khối",
    }
    assert send(api_client(nobody), "post", "/api/v1/awards/nominations", body).status_code == 404
    made = send(api_client(charlie), "post", "/api/v1/awards/nominations", body)
    assert made.status_code == 201, made.content
    assert made.json()["block"] == block.pk and made.json()["unit"] == tree.may.pk
    outside = {**body, "nominee_unit": tree.hn_school.pk}
    assert (
        send(api_client(charlie), "post", "/api/v1/awards/nominations", outside).status_code == 404
    )


def test_a_units_page_lists_its_awards(tree, bob, client_for):
    from congdoan.awards.models import Grant

    Grant.objects.create(
        award=AwardTitle.objects.get(code="ttldxs"),
        year=2025,
        unit=tree.le_loi,
        granted_on=date(2025, 12, 20),
    )
    page = client_for(bob).get(reverse("organizations:unit_detail", args=[tree.le_loi.pk]))
    body = page.content.decode()
    assert 'id="unit-awards"' in body and "Tập thể lao động xuất sắc" in body
