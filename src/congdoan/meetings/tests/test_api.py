"""``/api/v1/meetings`` and ``/api/v1/agreements`` four ways, and the flows an outside
system drives: record a meeting, read its minutes and article, edit the article; record
an agreement, amend it, have it graded, list what expires and what is still owed."""

from datetime import date

import pytest

from congdoan.core.models import AuditLog
from congdoan.meetings import services
from congdoan.meetings.models import Attachment, CollectiveAgreement, Meeting


@pytest.fixture
def objects(tree, bob, kind, conference, agreement):
    review = services.record_meeting(
        actor=bob,
        unit=tree.le_loi,
        spec=services.MeetingSpec(kind=kind("tong-ket"), held_on=date(2026, 12, 1)),
    )
    attached = services.attach(actor=bob, owner=conference, name="a.pdf", content=b"x")
    return {"conference": conference, "review": review, "agreement": agreement, "file": attached}


def _meeting_body(tree, **extra):
    return {"unit": tree.le_loi.pk, "kind": "hn-cbccvc", "held_on": "2026-02-01", **extra}


def test_every_route_four_ways(tree, objects, bob, charlie, nobody, api_client):
    o = objects
    bobs = [
        f"/api/v1/meetings/{o['conference'].pk}",
        f"/api/v1/meetings/{o['conference'].pk}/minutes",
        f"/api/v1/meetings/{o['review'].pk}/article",
        f"/api/v1/meetings/{o['review'].pk}/article.docx",
        f"/api/v1/meetings/{o['review'].pk}/article.html",
        f"/api/v1/meetings/files/{o['file'].pk}",
        f"/api/v1/meetings/due?unit={tree.le_loi.pk}",
    ]
    charlies = [
        f"/api/v1/agreements/{o['agreement'].pk}",
        f"/api/v1/agreements/expiring?unit={tree.may.pk}",
    ]
    lists = ["/api/v1/meetings", "/api/v1/agreements"]
    for url in bobs + charlies + lists + ["/api/v1/meetings/kinds"]:
        assert api_client().get(url).status_code == 401, url
    for owner, urls, outsiders in (
        (bob, bobs, (charlie, nobody)),
        (charlie, charlies, (bob, nobody)),
    ):
        for url in urls:
            assert api_client(owner).get(url).status_code == 200, url
            for outsider in outsiders:
                response = api_client(outsider).get(url)
                assert response.status_code == 404, url
                assert set(response.json()) >= {"code", "message", "field"}
    assert api_client(bob).get("/api/v1/meetings").json()["count"] == 2
    assert api_client(charlie).get("/api/v1/meetings").json()["count"] == 0
    assert api_client(bob).get("/api/v1/agreements").json()["count"] == 0
    assert api_client(charlie).get("/api/v1/agreements").json()["count"] == 1
    writes = [
        ("post", "/api/v1/meetings", _meeting_body(tree)),
        (
            "put",
            f"/api/v1/meetings/{o['conference'].pk}",
            {**_meeting_body(tree), "version": 1},
        ),
        ("put", f"/api/v1/meetings/{o['review'].pk}/article", {"version": 1, "title": "x"}),
    ]
    agreement_writes = [
        (
            "post",
            f"/api/v1/agreements/{o['agreement'].pk}/amendments",
            {"on": "2026-05-01", "summary": "x"},
        ),
        (
            "put",
            f"/api/v1/agreements/{o['agreement'].pk}",
            {"unit": tree.may.pk, "employer": "x", "version": 1},
        ),
        (
            "post",
            "/api/v1/agreements",
            {"unit": tree.may.pk, "employer": "Công ty khác"},
        ),
    ]
    for outsider, calls in ((charlie, writes), (bob, agreement_writes), (nobody, writes)):
        for method, url, body in calls:
            response = getattr(api_client(outsider), method)(
                url, body, content_type="application/json"
            )
            assert response.status_code == 404, (outsider, url)
    for method, url, body in writes + agreement_writes:
        response = getattr(api_client(), method)(url, body, content_type="application/json")
        assert response.status_code == 401
    assert Meeting.objects.count() == 2 and CollectiveAgreement.objects.count() == 1
    assert not o["agreement"].amendments.exists()


def test_an_outside_system_records_and_reads_a_meeting(tree, bob, people, api_client):
    client = api_client(bob)
    created = client.post(
        "/api/v1/meetings",
        _meeting_body(
            tree,
            kind="dai-hoi",
            held_on="2025-10-10",
            term_from=2025,
            term_to=2030,
            expected=200,
            present=180,
            guests=[{"name": "Nguyễn Văn A", "title": "Chủ tịch", "body": "LĐLĐ"}],
            resolutions=["Thông qua báo cáo"],
            elected=[{"member": people["hoa"].pk, "role": "chair"}],
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["elected"] == [
        {"member": people["hoa"].pk, "name": people["hoa"].full_name, "role": "chair"}
    ]
    assert "150" in body["form_warning"]  # 200 people in a full congress: a warning
    assert AuditLog.objects.filter(action="meetings.record").count() == 1
    # a member of the sibling union cannot be elected here: a 404 before anything
    refused = client.post(
        "/api/v1/meetings",
        _meeting_body(
            tree, kind="dai-hoi", elected=[{"member": people["minh"].pk, "role": "chair"}]
        ),
        content_type="application/json",
    )
    assert refused.status_code == 404
    bad = client.post(
        "/api/v1/meetings",
        _meeting_body(tree, expected=5, present=6),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "present"
    stale = client.put(
        f"/api/v1/meetings/{body['id']}",
        {**_meeting_body(tree, kind="dai-hoi"), "version": 99},
        content_type="application/json",
    )
    assert stale.status_code == 409
    upload = client.post(
        f"/api/v1/meetings/{body['id']}/files", {"file": _upload(b"%PDF", "bb.pdf")}
    )
    assert upload.status_code == 201 and Attachment.objects.get().size == 4


def _upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_outside_system_keeps_an_agreement(tree, charlie, alice, api_client):
    client = api_client(charlie)
    created = client.post(
        "/api/v1/agreements",
        {
            "unit": tree.may.pk,
            "employer": "Công ty TNHH May",
            "tax_code": "4200123456-001",
            "signed_on": "2026-01-05",
            "effective_from": "2026-01-15",
            "effective_to": "2027-01-14",
            "workers": 1200,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    agreement = created.json()
    assert agreement["status"] in ("in_force", "expired")
    amended = client.post(
        f"/api/v1/agreements/{agreement['id']}/amendments",
        {"on": "2026-06-01", "summary": "Phụ cấp độc hại"},
        content_type="application/json",
    )
    assert amended.status_code == 201
    criteria = api_client(alice).get("/api/v1/agreements/criteria?year=2026").json()
    scores = [{"criterion": c["id"], "points": c["points"]} for c in criteria]
    assert (
        client.post(
            f"/api/v1/agreements/{agreement['id']}/grade",
            {"year": 2026, "scores": scores},
            content_type="application/json",
        ).status_code
        == 403
    )
    graded = api_client(alice).post(
        f"/api/v1/agreements/{agreement['id']}/grade",
        {"year": 2026, "scores": scores},
        content_type="application/json",
    )
    assert graded.status_code == 200 and graded.json()["grade"] == "A"
    too_long = client.post(
        "/api/v1/agreements",
        {
            "unit": tree.may.pk,
            "employer": "x",
            "signed_on": "2026-01-05",
            "effective_from": "2026-01-15",
            "effective_to": "2030-01-14",
        },
        content_type="application/json",
    )
    assert too_long.status_code == 400 and too_long.json()["code"] == "term_too_long"
