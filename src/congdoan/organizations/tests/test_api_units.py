"""``/api/v1/units``: behaviour, errors as {code, message, field}, and scope on every route."""

import json

import pytest

from congdoan.core.models import AuditLog
from congdoan.organizations.models import OrgChange, Unit, UnitStatus

DECISION = {
    "decision_number": "7/QĐ-LĐLĐ",
    "decision_date": "2025-06-30",
    "effective_date": "2025-07-01",
}


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


# (name, who may do it, method, url, body) — every unit route of the API. The target
# unit is CĐCS Lê Lợi or its managing unit; charlie (officer of the sibling CĐCS) must
# get 404 for every one of them.
def routes(t):
    le, nt = t.le_loi, t.nha_trang
    return [
        ("list", "bob", "get", "/api/v1/units?subtree=%d" % le.pk, None, 200),
        ("detail", "bob", "get", f"/api/v1/units/{le.pk}", None, 200),
        (
            "patch",
            "bob",
            "patch",
            f"/api/v1/units/{le.pk}",
            {"version": le.version, "workers": 60},
            200,
        ),
        (
            "found",
            "alice",
            "post",
            "/api/v1/units",
            {
                **DECISION,
                "parent": nt.pk,
                "code": "CDCS-NEW",
                "name": "Công đoàn cơ sở Mới",
                "kind": "grassroots",
            },
            201,
        ),
        (
            "rename",
            "alice",
            "post",
            f"/api/v1/units/{le.pk}/rename",
            {**DECISION, "name": "CĐCS Lê Lợi (mới)"},
            200,
        ),
        (
            "move",
            "alice",
            "post",
            f"/api/v1/units/{le.pk}/move",
            {**DECISION, "new_parent": t.cam_ranh.pk},
            200,
        ),
        (
            "bulk-move",
            "alice",
            "post",
            "/api/v1/units/bulk-move",
            {**DECISION, "units": [le.pk], "new_parent": t.cam_ranh.pk},
            200,
        ),
        (
            "absorb",
            "alice",
            "post",
            f"/api/v1/units/{le.pk}/absorb",
            {**DECISION, "into": t.cang.pk},
            200,
        ),
        (
            "dissolve",
            "alice",
            "post",
            f"/api/v1/units/{le.pk}/dissolve",
            {**DECISION, "children_to": t.cang.pk},
            200,
        ),
        (
            "consolidate",
            "alice",
            "post",
            "/api/v1/units/consolidate",
            {
                **DECISION,
                "units": [le.pk, t.may.pk],
                "parent": nt.pk,
                "code": "CDCS-LT",
                "name": "CĐCS Liên trường",
                "kind": "grassroots",
            },
            201,
        ),
        (
            "split",
            "alice",
            "post",
            f"/api/v1/units/{nt.pk}/split",
            {
                **DECISION,
                "parts": [
                    {"code": "NT-A", "name": "LĐLĐ A", "kind": "district", "children": [le.pk]},
                    {"code": "NT-B", "name": "LĐLĐ B", "kind": "district", "children": [t.may.pk]},
                ],
            },
            201,
        ),
    ]


ROUTE_NAMES = [
    r[0]
    for r in routes(
        type(
            "T",
            (),
            {
                k: type("U", (), {"pk": 1, "version": 1})
                for k in ("le_loi", "nha_trang", "cam_ranh", "cang", "may")
            },
        )()
    )
]


def _route(tree, name):
    return next(r for r in routes(tree) if r[0] == name)


def _call(client, method, url, body):
    if method == "get":
        return client.get(url)
    if method == "patch":
        return patch(client, url, body)
    return post(client, url, body)


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_route_scope(name, tree, alice, bob, charlie, nobody, api_client):
    _, who, method, url, body, ok = _route(tree, name)
    anonymous = _call(api_client(), method, url, body)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "unauthenticated"

    sibling = _call(api_client(charlie), method, url, body)
    if name == "list":
        assert sibling.status_code == 200 and sibling.json() == {"items": [], "count": 0}
    elif name == "split":
        assert sibling.status_code == 404  # charlie cannot see the district either
    else:
        assert sibling.status_code == 404, sibling.content
        assert sibling.json()["code"] == "not_found"
    no_role = _call(api_client(nobody), method, url, body)
    assert no_role.status_code in (200, 404)
    if no_role.status_code == 200:
        assert no_role.json()["count"] == 0

    before = Unit.objects.count(), OrgChange.objects.count()
    assert (Unit.objects.count(), OrgChange.objects.count()) == before  # refusals changed nothing
    in_scope = _call(api_client({"alice": alice, "bob": bob}[who]), method, url, body)
    assert in_scope.status_code == ok, in_scope.content


def test_list_filters_and_pagination(tree, alice, api_client):
    client = api_client(alice)
    body = client.get(f"/api/v1/units?parent={tree.nha_trang.pk}").json()
    assert body["count"] == 2
    assert {u["code"] for u in body["items"]} == {"CDCS-LELOI", "CDCS-MAY"}
    found = client.get("/api/v1/units?q=cong ty may nha trang").json()
    assert [u["code"] for u in found["items"]] == ["CDCS-MAY"]
    kinds = client.get("/api/v1/units?kind=district").json()
    assert {u["code"] for u in kinds["items"]} == {"LDLD-NT", "LDLD-CR"}
    page = client.get("/api/v1/units?limit=2&offset=2").json()
    assert page["count"] == 7 and len(page["items"]) == 2
    hidden = client.get(f"/api/v1/units?subtree={tree.hn.pk}").json()
    assert hidden["count"] == 0


def test_unit_shape(tree, bob, api_client):
    body = api_client(bob).get(f"/api/v1/units/{tree.le_loi.pk}").json()
    assert body["code"] == "CDCS-LELOI" and body["kind"] == "grassroots"
    assert body["kind_name"] == "Công đoàn cơ sở"
    assert body["parent"] == tree.nha_trang.pk and body["province"] == "56"
    assert body["status"] == "active" and body["workers"] == 48 and body["children"] == 1


def test_patch_with_stale_version_answers_409(tree, bob, api_client):
    client = api_client(bob)
    url = f"/api/v1/units/{tree.le_loi.pk}"
    first = patch(client, url, {"version": tree.le_loi.version, "workers": 70})
    assert first.status_code == 200 and first.json()["version"] == tree.le_loi.version + 1
    stale = patch(client, url, {"version": tree.le_loi.version, "workers": 80})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version" and stale.json()["field"] == "version"
    assert Unit.objects.get(pk=tree.le_loi.pk).workers == 70


def test_errors_are_vietnamese_and_name_the_field(tree, alice, api_client):
    client = api_client(alice)
    response = post(
        client, f"/api/v1/units/{tree.to_van.pk}/move", {**DECISION, "new_parent": tree.cam_ranh.pk}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "new_parent" and body["code"] == "kind_not_allowed"
    assert "không thể" in body["message"]
    missing = post(client, "/api/v1/units", {"parent": tree.nha_trang.pk})
    assert missing.status_code == 422
    assert missing.json()["code"] == "invalid" and missing.json()["field"] == "code"
    unknown = post(
        client,
        "/api/v1/units",
        {**DECISION, "parent": tree.nha_trang.pk, "code": "X", "name": "X", "kind": "nope"},
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "kind"


def test_dissolve_without_destination_is_refused_and_changes_nothing(tree, alice, api_client):
    response = post(api_client(alice), f"/api/v1/units/{tree.nha_trang.pk}/dissolve", DECISION)
    assert response.status_code == 400 and response.json()["code"] == "has_children"
    assert Unit.objects.get(pk=tree.nha_trang.pk).status == UnitStatus.ACTIVE
    assert not AuditLog.objects.filter(action="org.dissolve").exists()


def test_forbidden_change_in_scope_answers_403(tree, bob, api_client):
    response = post(api_client(bob), f"/api/v1/units/{tree.le_loi.pk}/dissolve", DECISION)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_absorb_through_api_returns_successor(tree, alice, api_client):
    response = post(
        api_client(alice),
        f"/api/v1/units/{tree.may.pk}/absorb",
        {**DECISION, "into": tree.le_loi.pk},
    )
    assert response.status_code == 200 and response.json()["id"] == tree.le_loi.pk
    closed = Unit.objects.get(pk=tree.may.pk)
    assert closed.status == "closed" and closed.successor_id == tree.le_loi.pk


def test_list_query_count_does_not_grow_with_rows(
    tree, alice, api_client, django_assert_max_num_queries
):
    client = api_client(alice)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/units?limit=100").json()
    assert body["count"] == 7
