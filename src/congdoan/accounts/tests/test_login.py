"""Login, lockout after repeated failures, personal tokens and the create-token command."""

import io

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from congdoan.accounts.models import ApiToken, User
from congdoan.conftest import PASSWORD
from congdoan.core.models import AuditLog


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_and_logout(tree, bob, client):
    response = login(client, "bob", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("organizations:unit_tree")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("organizations:unit_tree")).status_code == 302


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_repeated_wrong_passwords_lock_the_account(tree, bob, client):
    for _ in range(3):
        assert login(client, "bob", "wrong").status_code == 200
    bob.refresh_from_db()
    assert bob.is_locked()
    response = login(client, "bob", PASSWORD)  # even the right password is refused now
    assert response.status_code == 200
    assert "khóa" in response.content.decode() or "locked" in response.content.decode()
    assert AuditLog.objects.filter(action="accounts.locked", object_id=str(bob.pk)).exists()


def test_success_resets_the_failure_count(tree, bob, client):
    login(client, "bob", "wrong")
    assert User.objects.get(pk=bob.pk).failed_logins == 1
    login(client, "bob", PASSWORD)
    assert User.objects.get(pk=bob.pk).failed_logins == 0


def test_token_created_on_profile_page_authenticates(tree, bob, client_for):
    client = client_for(bob)
    page = client.post(reverse("accounts:profile"), {"name": "đồng bộ"})
    key = page.context["new_key"]
    assert key.startswith("cd_")
    token = ApiToken.objects.get(user=bob)
    assert token.digest != key and key not in token.digest  # only the digest is stored
    from django.test import Client

    api = Client(headers={"Authorization": f"Bearer {key}"})
    assert api.get("/api/v1/me").json()["username"] == "bob"
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert api.get("/api/v1/me").status_code == 401


def test_create_token_command_prints_token_alone_on_last_line(tree, bob):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_token", "bob", stdout=out, stderr=err)
    key = out.getvalue().strip().splitlines()[-1]
    assert key.startswith("cd_") and " " not in key
    assert ApiToken.objects.get(digest=ApiToken.digest_of(key)).user == bob


def test_inactive_user_token_is_refused(tree, bob, api_client):
    client = api_client(bob)
    User.objects.filter(pk=bob.pk).update(is_active=False)
    assert client.get("/api/v1/me").status_code == 401
