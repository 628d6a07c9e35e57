"""Decisions: numbered from the unit's register, prizes from the lương cơ sở summing to
the total, the award history; the Word decision with its list; certificates with a QR
code that verifies them; scope."""

import io
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from congdoan.awards import decisions, services
from congdoan.awards.documents import certificate_pdf, decision_docx
from congdoan.awards.models import AwardTitle, Grant
from congdoan.awards.verify import token_for, verdict
from congdoan.core.docx import text_of


@pytest.fixture
def approved(tree, people, bob, erin):
    """Two members of Lê Lợi proposed for the district's Giấy khen, approved there."""
    award = AwardTitle.objects.get(code="gk-ctcs")  # 0.3 × lương cơ sở
    made = []
    for key in ("hoa", "an"):
        nomination = services.nominate(
            actor=bob,
            origin=tree.le_loi,
            year=2026,
            award=award,
            member=people[key],
            achievements="Hoàn thành xuất sắc nhiệm vụ",
        )
        services.transition(actor=bob, nomination=nomination, to="submitted")
        services.transition(actor=erin, nomination=nomination, to="approved")
        made.append(nomination)
    return made


def issue(actor, unit, nominations, day=date(2026, 12, 20)):
    return decisions.issue_decision(
        actor=actor,
        unit=unit,
        decided_on=day,
        signer="Võ Thị Hồng",
        signer_title="Chủ tịch",
        nominations=nominations,
    )


def test_a_decision_is_numbered_and_its_prizes_sum_to_its_total(tree, approved, erin):
    decision = issue(erin, tree.nha_trang, approved[:1])
    assert decision.number == 1
    grant = decision.grants.get()
    assert grant.amount == 702_000  # 0.3 × 2,340,000
    assert decision.total == 702_000
    second = issue(erin, tree.nha_trang, approved[1:])
    assert second.number == 2  # the register moves on
    assert sum(g.amount for g in Grant.objects.all()) == decision.total + second.total
    with pytest.raises(ValidationError) as again:
        issue(erin, tree.nha_trang, approved[:1])
    assert again.value.error_dict["nominations"][0].code == "decided"


def test_only_approved_nominations_held_by_the_unit_are_decided(tree, people, approved, bob, dana):
    with pytest.raises(PermissionDenied):
        issue(bob, tree.le_loi, approved)  # an officer, not an approver
    with pytest.raises(ValidationError):  # approved at Nha Trang, not at the province
        issue(dana, tree.kh, approved)
    assert not Grant.objects.exists()


def test_the_decision_document_lists_every_awardee(tree, people, approved, erin):
    decision = issue(erin, tree.nha_trang, approved)
    text = text_of(decision_docx(decision))
    lines = text.splitlines()
    assert "QUYẾT ĐỊNH" in lines and "Số: 01/QĐ-CĐCTCS" in lines
    assert "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG NHA TRANG" in lines
    assert "Điều 1. Khen thưởng 2 cá nhân và 0 tập thể" in text
    assert "tổng cộng 1.404.000 đồng" in text
    for key in ("hoa", "an"):
        assert people[key].full_name in lines
    assert "1.404.000" in lines and "Võ Thị Hồng" in lines


def test_a_certificate_verifies_through_its_qr_code(tree, people, approved, erin):
    decision = issue(erin, tree.nha_trang, approved[:1])
    grant = decision.grants.get()
    pdf = PdfReader(io.BytesIO(certificate_pdf(grant, base_url="http://testserver/")))
    text = pdf.pages[0].extract_text()
    assert people["hoa"].full_name in text and "GIẤY KHEN" in text.upper()
    found = verdict(token_for(grant))
    assert found.state == "valid" and found.award == grant.award.name
    assert found.name != people["hoa"].full_name  # abbreviated: no full name in public
    forged = token_for(grant)[:-1] + ("A" if token_for(grant)[-1] != "A" else "B")
    assert verdict(forged).state == "unknown"


def test_the_public_check_and_the_members_page(
    tree, people, approved, erin, bob, client, client_for
):
    grant = issue(erin, tree.nha_trang, approved[:1]).grants.get()
    page = client.get(reverse("awards:verify", args=[token_for(grant)]))
    assert page.status_code == 200 and grant.award.name in page.content.decode()
    assert people["hoa"].id_number not in page.content.decode()
    api = client.get(f"/api/v1/awards/verify/{token_for(grant)}").json()
    assert api["state"] == "valid"
    member_page = client_for(bob).get(people["hoa"].get_absolute_url()).content.decode()
    assert 'id="member-awards"' in member_page and grant.award.name in member_page


def test_decision_routes_scope(tree, approved, erin, charlie, nobody, api_client):
    body = {
        "unit": tree.nha_trang.pk,
        "decided_on": "2026-12-20",
        "signer": "Võ Thị Hồng",
        "signer_title": "Chủ tịch",
        "nominations": [n.pk for n in approved],
    }
    for outsider in (nobody, charlie):
        response = api_client(outsider).post(
            "/api/v1/awards/decisions", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 404
    assert api_client().get("/api/v1/awards/decisions").status_code == 401
    made = api_client(erin).post(
        "/api/v1/awards/decisions", json.dumps(body), content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["total"] == 1_404_000
    url = f"/api/v1/awards/decisions/{made.json()['id']}/docx"
    assert api_client(charlie).get(url).status_code == 404
    assert api_client(erin).get(url).status_code == 200
    grant = made.json()["grants"][0]["id"]
    assert api_client(charlie).get(f"/api/v1/awards/grants/{grant}/certificate").status_code == 404
    assert api_client(erin).get(f"/api/v1/awards/grants/{grant}/certificate").status_code == 200
    assert api_client(charlie).get("/api/v1/awards/decisions").json()["count"] == 0
