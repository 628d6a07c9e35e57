"""Account pages: profile for everyone, user management for administrators only."""

from django.urls import reverse

from congdoan.accounts.models import Role, User


def test_profile_needs_login_and_shows_own_roles(tree, bob, client):
    url = reverse("accounts:profile")
    assert client.get(url).status_code == 302
    client.force_login(bob)
    body = client.get(url).content.decode()
    assert "Trường THCS Lê Lợi" in body


def test_user_pages_scope(tree, dana, bob, charlie, nobody, client):
    pages = [
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_detail", args=[bob.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 302
    for outsider in (nobody, charlie, bob):
        client.force_login(outsider)
        for url in pages:
            assert client.get(url).status_code == 403
    client.force_login(dana)
    for url in pages:
        assert client.get(url).status_code == 200
    assert "bob" in client.get(pages[0]).content.decode()


def test_admin_of_another_subtree_gets_404(tree, bob, client_for):
    hn_admin = User.objects.create_user("hn-admin", password="x")
    Role.objects.create(user=hn_admin, unit=tree.hn, role="admin")
    client = client_for(hn_admin)
    assert client.get(reverse("accounts:user_detail", args=[bob.pk])).status_code == 404
    assert "bob" not in client.get(reverse("accounts:user_list")).content.decode()


def test_create_user_and_give_role_through_pages(tree, dana, client_for):
    client = client_for(dana)
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "hoa", "full_name": "Ngô Thị Hoa", "unit": "CDCS-MAY", "role": "officer"},
    )
    assert response.status_code == 302
    hoa = User.objects.get(username="hoa")
    assert Role.objects.get(user=hoa).unit == tree.may
    response = client.post(
        reverse("accounts:user_detail", args=[hoa.pk]), {"unit": "CDCS-LELOI", "role": "viewer"}
    )
    assert response.status_code == 302
    assert hoa.roles.active().count() == 2
    refused = client.post(
        reverse("accounts:user_detail", args=[hoa.pk]), {"unit": "CDCS-KIMDONG", "role": "viewer"}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["unit"]


def test_revoke_role_through_page(tree, dana, bob, client_for):
    role = bob.roles.get()
    response = client_for(dana).post(reverse("accounts:role_revoke", args=[role.pk]))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.revoked_at is not None and role.revoked_by == dana


def test_sibling_officer_cannot_revoke(tree, bob, charlie, client_for):
    role = bob.roles.get()
    assert (
        client_for(charlie).post(reverse("accounts:role_revoke", args=[role.pk])).status_code == 403
    )
    role.refresh_from_db()
    assert role.revoked_at is None


def test_users_menu_only_for_administrators(tree, dana, bob, client):
    url, link = reverse("organizations:unit_tree"), reverse("accounts:user_list")
    client.force_login(bob)
    assert link not in client.get(url).content.decode()
    client.force_login(dana)
    assert link in client.get(url).content.decode()


def test_seed_demo_loads_once_and_records_in_vietnamese(db):
    import io

    from django.core.management import call_command

    from congdoan.conftest import ensure_reference_data
    from congdoan.organizations.models import Unit

    ensure_reference_data()
    out = io.StringIO()
    call_command("seed_demo", "--grassroots", "2", "--members", "200", stdout=out)
    assert "congdoan-demo" in out.getvalue() and "hanoi" in out.getvalue()
    # a member's own login, whose member has a card
    member = User.objects.get(username="doanvien").member_account.member
    assert member.card_number and f"doanvien     đoàn viên — {member}" in out.getvalue()
    # the demo union's year of care is the seed report's (25 members supported at Tết)
    from congdoan.welfare.demo import demo_year
    from congdoan.welfare.figures import subtree_totals

    care = subtree_totals(User.objects.get(username="cdcs").roles.get().unit, demo_year())
    assert (care["count"], care["amount"], care["raised"]) == (82, 43_300_000, 39_800_000)
    count = Unit.objects.count()
    assert Unit.objects.filter(kind__code="grassroots").count() >= 20
    assert (
        Unit.objects.filter(kind__code="section").exists()
        or Unit.objects.filter(kind__code="group").exists()
    )
    hanoi = User.objects.get(username="hanoi")
    assert hanoi.check_password("congdoan-demo") and hanoi.roles.get().role == "admin"
    reason = Unit.objects.get(code="TLD").history.last().history_change_reason
    assert reason == "Thành lập"
    # year-end returns filed, and an emulation block with its year
    from congdoan.emulation.models import Covenant, EmulationBlock
    from congdoan.reports.models import Return

    assert Return.objects.filter(status="approved").exists()
    block = EmulationBlock.objects.get()
    assert block.memberships.count() >= 2 and block.terms.count() == 2
    assert Covenant.objects.filter(block=block).exists()
    # conferences and agreements recorded for a good share of the unions, the province's
    # year-end review with its article drafted from the returns' figures
    from congdoan.meetings import article
    from congdoan.meetings.models import CollectiveAgreement, Meeting

    unions = Unit.objects.filter(kind__code="grassroots").exclude(status="closed").count()
    held = Meeting.objects.filter(unit__kind__code="grassroots").values("unit").distinct()
    assert held.count() >= unions // 3 and CollectiveAgreement.objects.exists()
    review = Meeting.objects.get(kind__code="tong-ket", unit__code="LDLD-KH", block=None)
    drafted = article.draft(review)
    assert drafted.reported > 0 and "đoàn viên" in drafted.text
    # Bắc Ninh after the 2025 reform: commune and ward unions hold its grassroots unions,
    # its district federations are kept, closed, under the unions that took them over
    bac_ninh = Unit.objects.get(code="LDLD-BN")
    communes = Unit.objects.filter(parent=bac_ninh, kind__code="commune")
    assert communes.count() == 2 and all(c.children.exists() for c in communes)
    districts = Unit.objects.filter(path__startswith=bac_ninh.path, kind__code="district")
    assert {(d.status, d.successor.kind.code) for d in districts} == {("closed", "commune")}
    again = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=again)
    assert Unit.objects.count() == count and "hanoi" in again.getvalue()
