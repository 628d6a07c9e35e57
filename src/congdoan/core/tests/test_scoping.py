from congdoan.core.scoping import covers, scope_paths
from congdoan.organizations.models import Unit


def test_role_reaches_the_whole_subtree(tree, alice):
    visible = set(Unit.objects.visible_to(alice).values_list("code", flat=True))
    assert visible == {
        "LDLD-KH",
        "LDLD-NT",
        "LDLD-CR",
        "CDCS-LELOI",
        "CDCS-MAY",
        "CDCS-CANG",
        "CDCS-LELOI-VP",
    }


def test_grassroots_officer_sees_only_own_union(tree, bob):
    visible = set(Unit.objects.visible_to(bob).values_list("code", flat=True))
    assert visible == {"CDCS-LELOI", "CDCS-LELOI-VP"}


def test_sibling_sees_nothing_of_the_other(tree, bob, charlie):
    assert not Unit.objects.visible_to(charlie).filter(pk=tree.le_loi.pk).exists()
    assert not covers(charlie, tree.le_loi.path)


def test_no_role_and_anonymous_see_nothing(tree, nobody):
    from django.contrib.auth.models import AnonymousUser

    assert Unit.objects.visible_to(nobody).count() == 0
    assert Unit.objects.visible_to(AnonymousUser()).count() == 0


def test_superuser_sees_everything(tree, root_user):
    assert Unit.objects.visible_to(root_user).count() == Unit.objects.count()


def test_stronger_role_needed_for_officer_scope(tree, bob):
    from congdoan.accounts.models import Role, User

    viewer = User.objects.create_user("viewer", password="x")
    Role.objects.create(user=viewer, unit=tree.kh, role="viewer")
    assert covers(viewer, tree.le_loi.path, "viewer")
    assert not covers(viewer, tree.le_loi.path, "officer")
    assert Unit.objects.visible_to(viewer, "officer").count() == 0


def test_nested_roles_collapse_to_the_outer_path(tree):
    from congdoan.accounts.models import Role, User

    user = User.objects.create_user("two", password="x")
    Role.objects.create(user=user, unit=tree.kh, role="officer")
    Role.objects.create(user=user, unit=tree.le_loi, role="officer")
    assert scope_paths(user, "officer") == [tree.kh.path]


def test_revoked_role_gives_no_scope(tree, bob):
    from django.utils import timezone

    bob.roles.update(revoked_at=timezone.now())
    bob = type(bob).objects.get(pk=bob.pk)
    assert Unit.objects.visible_to(bob).count() == 0


def test_nul_characters_are_refused_at_the_door(tree, alice, api_client):
    client = api_client(alice)
    response = client.get("/api/v1/units", {"q": "ha\x00noi"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    body = client.post("/api/v1/units", '{"name": "a\\u0000b"}', content_type="application/json")
    assert body.status_code == 400
