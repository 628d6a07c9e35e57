"""The card section of a member's page: every action four ways, and what it does."""

import pytest
from django.urls import reverse

from congdoan.cards import services
from congdoan.cards.models import Card, CardStatus
from congdoan.core.models import AuditLog


def actions(card, people):
    return [
        ("post", reverse("cards:card_request", args=[people["binh"].pk]), {}),
        ("post", reverse("cards:card_replace", args=[card.pk]), {"reason": "damaged"}),
        ("post", reverse("cards:card_revoke", args=[card.pk]), {"reason": "Cấp nhầm"}),
        ("get", reverse("cards:card_pdf", args=[card.pk]), None),
    ]


@pytest.mark.parametrize("index", range(4))
def test_card_page_scope(index, hoa_card, people, bob, charlie, nobody, client):
    method, url, data = actions(hoa_card, people)[index]
    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    for outsider in (nobody, charlie):
        client.force_login(outsider)
        assert getattr(client, method)(url, data).status_code == 404
    assert Card.objects.get(pk=hoa_card.pk).status == CardStatus.ISSUED
    assert not Card.objects.filter(member=people["binh"]).exists()
    client.force_login(bob)
    response = getattr(client, method)(url, data)
    assert response.status_code == (200 if method == "get" else 302)


def test_the_member_page_shows_the_card_and_its_actions(hoa_card, people, bob, client):
    client.force_login(bob)
    body = client.get(people["hoa"].get_absolute_url()).content.decode()
    assert 'id="member-cards"' in body and hoa_card.number in body
    assert reverse("cards:card_pdf", args=[hoa_card.pk]) in body
    body = client.get(people["binh"].get_absolute_url()).content.decode()
    assert (
        "Chưa có thẻ." in body and reverse("cards:card_request", args=[people["binh"].pk]) in body
    )


def test_request_then_issue_from_the_member_page(people, bob, client):
    client.force_login(bob)
    binh = people["binh"]
    client.post(reverse("cards:card_request", args=[binh.pk]))
    card = Card.objects.get(member=binh)
    response = client.post(reverse("cards:card_issue", args=[card.pk]), follow=True)
    card.refresh_from_db()
    assert card.status == CardStatus.ISSUED
    assert f"Đã cấp thẻ {card.number}." in response.content.decode()
    assert AuditLog.objects.filter(action="cards.issue", actor=bob).exists()


def test_a_refused_action_says_why_and_changes_nothing(hoa_card, bob, client):
    client.force_login(bob)
    response = client.post(reverse("cards:card_revoke", args=[hoa_card.pk]), {}, follow=True)
    assert "Hãy ghi lý do." in response.content.decode()
    assert Card.objects.get(pk=hoa_card.pk).status == CardStatus.ISSUED
    services.revoke_card(actor=bob, card=hoa_card, reason="Cấp nhầm")
    assert client.get(reverse("cards:card_pdf", args=[hoa_card.pk])).status_code == 404
