"""Inputs once reported to answer 500, and the class they stand for: each is a 4xx with
the API's JSON error body, or done, and nothing half-written is left behind."""

import json
from datetime import date, timedelta

from congdoan.core.models import AuditLog
from congdoan.members.models import Member, MemberEvent, MemberStatus, UnitMemberYear


def post(client, url, body):
    return client.post(
        url, body if isinstance(body, str) else json.dumps(body), content_type="application/json"
    )


def test_death_recorded_as_reported_is_refused_before_joining(people, root_user, api_client):
    # given a member who joined on 01/09/2020 (the reported body dates the death in 2000)
    hoa = people["hoa"]
    body = {"on": "2000-01-01", "reason": "", "decision_number": "", "deceased": True}
    # when
    response = post(api_client(root_user), f"/api/v1/members/{hoa.pk}/leave", body)
    # then
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "bad_date" and error["field"] == "on"
    assert "01/01/2000" in error["message"] and "01/09/2020" in error["message"]
    assert Member.objects.get(pk=hoa.pk).status == MemberStatus.ACTIVE
    assert not MemberEvent.objects.filter(member=hoa, kind="death").exists()
    assert not UnitMemberYear.objects.filter(year=2000).exists()
    assert not AuditLog.objects.filter(action="members.death").exists()


def test_death_with_an_empty_reason_is_recorded(people, root_user, api_client):
    hoa = people["hoa"]
    body = {"on": "2024-01-01", "reason": "", "decision_number": "", "deceased": True}
    response = post(api_client(root_user), f"/api/v1/members/{hoa.pk}/leave", body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "deceased"
    assert UnitMemberYear.objects.get(unit=hoa.unit, year=2024).deceased == 1
    assert AuditLog.objects.filter(action="members.death").count() == 1


def test_a_date_in_the_future_is_refused_for_every_event(tree, people, bob, api_client):
    client = api_client(bob)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    hoa = people["hoa"]
    for url, body in [
        (f"/api/v1/members/{hoa.pk}/leave", {"on": tomorrow, "reason": "Nghỉ hưu"}),
        (f"/api/v1/members/{hoa.pk}/transfer", {"on": tomorrow, "to_unit": tree.to_van.pk}),
    ]:
        response = post(client, url, body)
        assert response.status_code == 400, (url, response.content)
        assert response.json()["field"] == "on"
    assert Member.objects.get(pk=hoa.pk).unit == tree.le_loi
    assert Member.objects.get(pk=hoa.pk).status == MemberStatus.ACTIVE


def test_revoke_with_unknown_keys_in_odd_unicode(people, bob, api_client):
    from congdoan.cards import services
    from congdoan.cards.models import Card, CardStatus

    (card,) = services.request_cards(actor=bob, members=[people["hoa"]])
    card = services.issue_card(actor=bob, card=card, on=date(2026, 3, 2))
    client = api_client(bob)
    url = f"/api/v1/cards/{card.pk}/revoke"
    # lone surrogates in the reason: refused, naming the field
    response = post(client, url, '{"reason": "x\\ud800", "\\udc00\\ud800": "\\ud83d"}')
    assert response.status_code == 422 and response.json()["field"] == "reason"
    assert Card.objects.get(pk=card.pk).status == CardStatus.ISSUED
    # a good reason beside unknown keys holding them: the unknown keys are ignored
    response = post(client, url, '{"reason": "Cấp nhầm", "\\udc00\\ud800": "\\ud83d"}')
    assert response.status_code == 200, response.content
    assert Card.objects.get(pk=card.pk).status == CardStatus.REVOKED
    assert AuditLog.objects.filter(action="cards.revoke").count() == 1


def test_refusals_before_a_router_are_json_too(people, bob, api_client):
    client = api_client(bob)
    response = client.get("/api/v1/no-such-route")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    response = client.delete(f"/api/v1/members/{people['hoa'].pk}")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
