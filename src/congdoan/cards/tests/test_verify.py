"""The public check behind the QR code: state, abbreviated name, nothing personal."""

from congdoan.cards import services
from congdoan.cards.verify import token_for, verify_url


def page(client, card=None, token=None):
    return client.get(f"/verify/{token or token_for(card)}/")


def test_a_valid_card_shows_number_abbreviated_name_union_and_province(client, hoa_card):
    response = page(client, hoa_card)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Còn hiệu lực" in body and hoa_card.number in body
    assert "Nguyễn T. H." in body and "Nguyễn Thị Hoa" not in body
    assert "Trường THCS Lê Lợi" in body and "Khánh Hòa" in body
    # nothing personal beyond what the card shows
    assert "079190000123" not in body and "12/05/1990" not in body and "1990" not in body
    assert "0905123456" not in body


def test_replaced_and_revoked_cards_say_so(client, hoa_card, bob):
    new = services.replace_card(actor=bob, card=hoa_card, reason="damaged")
    assert "Đã được thay bằng thẻ mới" in page(client, hoa_card).content.decode()
    services.revoke_card(actor=bob, card=new, reason="Cấp nhầm")
    assert "Đã thu hồi" in page(client, new).content.decode()


def test_a_changed_or_made_up_token_is_unknown(client, hoa_card):
    token = token_for(hoa_card)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, "abc:def", hoa_card.public_code):
        body = page(client, token=bad).content.decode()
        assert "Thẻ không xác định" in body and hoa_card.number not in body


def test_the_api_answers_the_same_as_json(client, hoa_card):
    body = client.get(f"/api/v1/cards/verify/{token_for(hoa_card)}").json()
    assert body == {
        "state": "valid",
        "label": "Còn hiệu lực",
        "number": hoa_card.number,
        "name": "Nguyễn T. H.",
        "union": hoa_card.issuing_unit.name,
        "province": "Khánh Hòa",
    }
    assert client.get("/api/v1/cards/verify/nothing").json()["state"] == "unknown"


def test_checks_are_limited_per_client(client, hoa_card, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CONGDOAN_VERIFY_RATE = 2
    assert page(client, hoa_card).status_code == 200
    assert client.get(f"/api/v1/cards/verify/{token_for(hoa_card)}").status_code == 200
    assert page(client, hoa_card).status_code == 429
    assert client.get("/api/v1/cards/verify/x").json()["code"] == "rate_limited"
    cache.clear()


def test_the_qr_address_verifies(client, hoa_card):
    url = verify_url(hoa_card)
    assert url.startswith("http") and "/verify/" in url
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert "Còn hiệu lực" in client.get("/" + path).content.decode()


def test_behind_a_proxy_each_forwarded_client_has_its_own_limit(client, hoa_card, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CONGDOAN_VERIFY_RATE, settings.BEHIND_PROXY = 1, True
    url = f"/verify/{token_for(hoa_card)}/"
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    cache.clear()
