"""``/api/v1/me``, ``/users`` and ``/roles``: who manages whom, inside which subtree."""

import json

from congdoan.accounts.models import Role, User
from congdoan.core.models import AuditLog


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_me_lists_own_roles(tree, bob, api_client):
    body = api_client(bob).get("/api/v1/me").json()
    assert body["username"] == "bob"
    assert [(r["unit"], r["role"]) for r in body["roles"]] == [(tree.le_loi.pk, "officer")]


def test_me_needs_authentication(api_client):
    response = api_client().get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_bad_token_is_refused(db, client):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer cd_forged"})
    assert response.status_code == 401


def test_session_login_works_for_the_api(tree, bob, client_for):
    assert client_for(bob).get("/api/v1/me").json()["username"] == "bob"


def test_unit_admin_creates_user_inside_own_subtree(tree, dana, api_client):
    response = post(
        api_client(dana),
        "/api/v1/users",
        {"username": "thu", "full_name": "Đỗ Thị Thu", "unit": tree.le_loi.pk, "role": "officer"},
    )
    assert response.status_code == 201, response.content
    password = response.json()["password"]
    assert password and len(password) >= 12
    user = User.objects.get(username="thu")
    assert user.check_password(password)
    assert Role.objects.get(user=user).unit == tree.le_loi
    assert AuditLog.objects.filter(action="accounts.grant_role", unit=tree.le_loi).exists()


def test_unit_admin_cannot_create_user_outside_subtree(tree, dana, api_client):
    response = post(
        api_client(dana),
        "/api/v1/users",
        {"username": "x", "unit": tree.hn_school.pk, "role": "officer"},
    )
    assert response.status_code == 404
    assert not User.objects.filter(username="x").exists()


def test_unit_admin_must_give_a_role(tree, dana, api_client):
    response = post(api_client(dana), "/api/v1/users", {"username": "x"})
    assert response.status_code == 400 and response.json()["field"] == "unit"


def test_weak_password_is_refused(tree, root_user, api_client):
    response = post(
        api_client(root_user), "/api/v1/users", {"username": "weak", "password": "12345678"}
    )
    assert response.status_code == 400 and response.json()["field"] == "password"
    assert not User.objects.filter(username="weak").exists()


def test_officers_cannot_manage_users(tree, alice, nobody, api_client):
    assert api_client(alice).get("/api/v1/users").status_code == 403
    assert api_client(nobody).get("/api/v1/users").status_code == 403
    assert (
        post(
            api_client(alice),
            "/api/v1/roles",
            {"user": alice.pk, "unit": tree.kh.pk, "role": "admin"},
        ).status_code
        == 403
    )


def test_user_list_is_scoped(tree, dana, bob, charlie, api_client):
    names = {u["username"] for u in api_client(dana).get("/api/v1/users").json()["items"]}
    assert {"bob", "charlie", "dana"} <= names
    other = User.objects.create_user("hn-officer", password="x")
    Role.objects.create(user=other, unit=tree.hn_school, role="officer")
    names = {u["username"] for u in api_client(dana).get("/api/v1/users").json()["items"]}
    assert "hn-officer" not in names
    assert api_client(dana).get(f"/api/v1/users/{other.pk}").status_code == 404


def test_grant_and_revoke_role(tree, dana, bob, api_client):
    client = api_client(dana)
    response = post(
        client, "/api/v1/roles", {"user": bob.pk, "unit": tree.may.pk, "role": "viewer"}
    )
    assert response.status_code == 201
    role_id = response.json()["id"]
    twice = post(client, "/api/v1/roles", {"user": bob.pk, "unit": tree.may.pk, "role": "viewer"})
    assert twice.status_code == 400 and twice.json()["code"] == "duplicate_role"
    revoked = client.delete(f"/api/v1/roles/{role_id}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert Role.objects.get(pk=role_id).revoked_at is not None  # kept as history


def test_roles_list_scope(tree, alice, bob, charlie, api_client):
    mine = api_client(bob).get("/api/v1/roles").json()
    assert {r["username"] for r in mine["items"]} == {"bob"}
    province = api_client(alice).get("/api/v1/roles").json()
    assert {"alice", "bob", "charlie"} <= {r["username"] for r in province["items"]}
    sibling = api_client(charlie).get(f"/api/v1/roles?unit={tree.le_loi.pk}").json()
    assert sibling["count"] == 0
    assert api_client().get("/api/v1/roles").status_code == 401


def test_role_on_sibling_unit_cannot_be_revoked(tree, dana, api_client):
    outsider = User.objects.create_user("hn", password="x")
    role = Role.objects.create(user=outsider, unit=tree.hn_school, role="officer")
    assert api_client(dana).delete(f"/api/v1/roles/{role.pk}").status_code == 404
    assert Role.objects.get(pk=role.pk).revoked_at is None


def _matrix(tree, bob):
    return [
        ("get", "/api/v1/users", None),
        ("post", "/api/v1/users", {"username": "m1", "unit": tree.le_loi.pk, "role": "viewer"}),
        ("get", f"/api/v1/users/{bob.pk}", None),
        ("post", "/api/v1/roles", {"user": bob.pk, "unit": tree.le_loi.pk, "role": "viewer"}),
        ("delete", f"/api/v1/roles/{bob.roles.get().pk}", None),
    ]


def _send(client, method, url, body):
    if method == "post":
        return post(client, url, body)
    return getattr(client, method)(url)


def test_account_routes_four_ways(tree, bob, charlie, dana, nobody, api_client):
    """Anonymous 401; no role and a sibling officer 403 (they manage nobody); the
    province administrator succeeds; an administrator of a sibling subtree gets 404."""
    hn_admin = User.objects.create_user("hn-admin", password="x")
    Role.objects.create(user=hn_admin, unit=tree.hn, role="admin")
    for method, url, body in _matrix(tree, bob):
        assert _send(api_client(), method, url, body).status_code == 401, url
        assert _send(api_client(nobody), method, url, body).status_code == 403, url
        assert _send(api_client(charlie), method, url, body).status_code == 403, url
        sibling = _send(api_client(hn_admin), method, url, body)
        if method == "get" and url == "/api/v1/users":
            assert {u["username"] for u in sibling.json()["items"]} == {"hn-admin"}
        else:
            assert sibling.status_code == 404, url
    for method, url, body in _matrix(tree, bob):
        assert _send(api_client(dana), method, url, body).status_code in (200, 201), url
