"""Award pages four ways; moving a nomination on its page; "waiting for me" on the
dashboard (nominations and returns to approve)."""

import pytest
from django.urls import reverse

from congdoan.awards import services
from congdoan.awards.models import AwardTitle, DossierState, Nomination


@pytest.fixture
def nomination(tree, people, bob):
    return services.nominate(
        actor=bob,
        origin=tree.le_loi,
        year=2026,
        award=AwardTitle.objects.get(code="gk-ctcs"),  # decided by the district
        member=people["hoa"],
        achievements="Hoàn thành xuất sắc nhiệm vụ năm học",
    )


def test_nomination_pages_scope(tree, nomination, bob, charlie, nobody, client, client_for):
    url = nomination.get_absolute_url()
    listing = reverse("awards:nomination_list")
    assert client.get(url).status_code == 302 and client.get(listing).status_code == 302
    for outsider in (nobody, charlie):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, {"to": "submitted"}).status_code == 404
        assert not client_for(outsider).get(listing).context["page"].object_list
    mine = client_for(bob).get(listing)
    assert list(mine.context["waiting"]) == [nomination]
    assert nomination.dossier.state == DossierState.DRAFT


def test_a_nomination_is_sent_up_and_decided_on_its_page(tree, nomination, bob, erin, client_for):
    url = nomination.get_absolute_url()
    page = client_for(bob).get(url)
    assert [s.to_state for s in page.context["allowed"]] == ["submitted", "withdrawn"]
    client_for(bob).post(url, {"to": "submitted"})
    nomination.dossier.refresh_from_db()
    assert nomination.dossier.holder == tree.nha_trang
    district = client_for(erin)
    dashboard = district.get(reverse("reports:dashboard"))
    waiting = dashboard.context["waiting"]
    assert [item.url for item in waiting] == [url]
    assert "Lê" in waiting[0].label or str(nomination.nominee) in waiting[0].label
    refused = district.post(url, {"to": "returned"}, follow=True)
    assert "lý do" in str(list(refused.context["messages"])[0]).lower()
    district.post(url, {"to": "approved"})
    nomination.dossier.refresh_from_db()
    assert nomination.dossier.state == DossierState.APPROVED
    steps = district.get(url).context["steps"]
    assert [s.to_state for s in steps] == ["submitted", "approved"]


def test_returns_to_approve_wait_on_the_dashboard(tree, people, period, bob, dana, client_for):
    from congdoan.reports import services as returns

    ret = returns.return_for(actor=bob, period=period, unit=tree.le_loi)
    returns.submit(actor=bob, ret=ret)
    # Lê Lợi's level above is Nha Trang: nobody approves there in this cast
    assert not client_for(dana).get(reverse("reports:dashboard")).context["waiting"]
    from congdoan.accounts.models import Role

    Role.objects.create(user=dana, unit=tree.nha_trang, role="approver")
    waiting = client_for(dana).get(reverse("reports:dashboard")).context["waiting"]
    assert [item.url for item in waiting] == [
        reverse("reports:return", args=[period.pk, tree.le_loi.pk])
    ]


def test_proposing_and_deciding_on_the_awards_page(tree, people, bob, erin, client_for):
    listing = reverse("awards:nomination_list")
    hoa = people["hoa"]
    body = {
        "action": "nominate",
        "unit": tree.le_loi.pk,
        "year": 2026,
        "award": AwardTitle.objects.get(code="ldtt").pk,
        "id_number": hoa.id_number,
        "achievements": "Giáo viên dạy giỏi cấp tỉnh",
    }
    refused = client_for(bob).post(listing, body)  # not registered at the start of the year
    assert refused.status_code == 200
    assert "đăng ký" in str(refused.context["nominate_form"].errors)
    body["award"] = AwardTitle.objects.get(code="gk-ctcs").pk
    made = client_for(bob).post(listing, body)
    nomination = hoa_nomination = Nomination.objects.get()
    assert made["Location"] == nomination.get_absolute_url()
    client_for(bob).post(nomination.get_absolute_url(), {"to": "submitted"})
    district = client_for(erin)
    district.post(nomination.get_absolute_url(), {"to": "approved"})
    page = district.get(listing)
    assert list(page.context["decision_form"].fields["nominations"].queryset) == [hoa_nomination]
    decide = {
        "action": "decide",
        "unit": tree.nha_trang.pk,
        "decided_on": "2026-12-20",
        "signer": "Võ Thị Hồng",
        "signer_title": "Chủ tịch",
        "nominations": [nomination.pk],
    }
    assert district.post(listing, decide).status_code == 302
    assert "decision_form" not in district.get(listing).context  # nothing left to decide
    from congdoan.awards.models import Grant

    assert Grant.objects.get().member == hoa
