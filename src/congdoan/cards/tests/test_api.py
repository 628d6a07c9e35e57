"""``/api/v1/cards``: scope four ways on every route, and what each route does."""

import json

import pytest

from congdoan.cards.models import Card, CardStatus


def send(client, method, url, body=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def routes(card, people):
    return [
        ("get", f"/api/v1/cards/{card.pk}", None, 200),
        ("post", f"/api/v1/cards/{card.pk}/replace", {"reason": "lost"}, 200),
        ("post", f"/api/v1/cards/{card.pk}/revoke", {"reason": "Cấp nhầm"}, 200),
        ("post", "/api/v1/cards/request", {"members": [people["binh"].pk]}, 201),
    ]


@pytest.mark.parametrize("index", range(4))
def test_card_route_scope(index, hoa_card, people, bob, charlie, nobody, api_client):
    method, url, body, ok = routes(hoa_card, people)[index]
    assert send(api_client(), method, url, body).status_code == 401
    for outsider in (nobody, charlie):
        response = send(api_client(outsider), method, url, body)
        assert response.status_code == 404, (url, response.content)
    assert Card.objects.get(pk=hoa_card.pk).status == CardStatus.ISSUED
    assert not Card.objects.filter(member=people["binh"]).exists()
    response = send(api_client(bob), method, url, body)
    assert response.status_code == ok, response.content


def test_issue_route(people, bob, charlie, api_client):
    created = api_client(bob).post(
        "/api/v1/cards/request",
        json.dumps({"members": [people["an"].pk]}),
        content_type="application/json",
    )
    card_id = created.json()[0]["id"]
    url = f"/api/v1/cards/{card_id}/issue"
    assert send(api_client(charlie), "post", url).status_code == 404
    body = send(api_client(bob), "post", url, {"on": "2026-04-01"}).json()
    assert body["status"] == "issued" and body["number"].startswith("05626")
    again = send(api_client(bob), "post", url)
    assert again.status_code == 400 and again.json()["code"] == "not_requested"


def test_list_is_scoped_and_filtered(hoa_card, people, bob, charlie, alice, tree, api_client):
    assert api_client(bob).get("/api/v1/cards").json()["count"] == 1
    assert api_client(charlie).get("/api/v1/cards").json() == {"items": [], "count": 0}
    province = api_client(alice).get(f"/api/v1/cards?subtree={tree.nha_trang.pk}&status=issued")
    assert [c["number"] for c in province.json()["items"]] == [hoa_card.number]
    assert api_client(alice).get("/api/v1/cards?status=revoked").json()["count"] == 0
    assert api_client().get("/api/v1/cards").status_code == 401


def test_request_for_a_whole_union(people, bob, tree, api_client):
    response = send(api_client(bob), "post", "/api/v1/cards/request", {"unit": tree.le_loi.pk})
    assert response.status_code == 201
    assert sorted(c["member_name"] for c in response.json()) == [
        "Lê Thị An",
        "Nguyễn Thị Hoa",
        "Trần Văn Bình",
    ]
