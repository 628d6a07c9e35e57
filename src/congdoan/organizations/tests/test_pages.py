"""Organisation pages: scope four ways on every page, and the forms end to end."""

import pytest
from django.urls import reverse

from congdoan.core.models import AuditLog
from congdoan.organizations.models import OrgChange, Unit

# page name, URL argument (unit attribute of the tree), who may open it
UNIT_PAGES = [
    ("unit_detail", "le_loi", "bob"),
    ("unit_children", "le_loi", "bob"),
    ("unit_found", "le_loi", "bob"),
    ("unit_edit", "le_loi", "bob"),
    ("unit_rename", "le_loi", "alice"),
    ("unit_move", "le_loi", "alice"),
    ("unit_absorb", "le_loi", "alice"),
    ("unit_dissolve", "le_loi", "alice"),
    ("unit_split", "le_loi", "alice"),
    ("unit_bulk_move", "nha_trang", "alice"),
    ("unit_consolidate", "nha_trang", "alice"),
]


@pytest.mark.parametrize(("page", "target", "who"), UNIT_PAGES)
def test_unit_page_scope(page, target, who, tree, alice, bob, charlie, nobody, client):
    url = reverse(f"organizations:{page}", args=[getattr(tree, target).pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    for outsider in (nobody, charlie):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login({"alice": alice, "bob": bob}[who])
    response = client.get(url)
    assert response.status_code == 200
    expected = tree.to_van if page == "unit_children" else getattr(tree, target)
    assert expected.name in response.content.decode()


@pytest.mark.parametrize("page", ["unit_rename", "unit_move", "unit_dissolve", "unit_absorb"])
def test_grassroots_officer_cannot_open_restructuring_of_own_union(page, tree, bob, client_for):
    response = client_for(bob).get(reverse(f"organizations:{page}", args=[tree.le_loi.pk]))
    assert response.status_code == 403


def test_tree_page_shows_only_the_scope(tree, bob, charlie, nobody, client):
    url = reverse("organizations:unit_tree")
    assert client.get(url).status_code == 302
    client.force_login(bob)
    assert "Trường THCS Lê Lợi" in client.get(url).content.decode()
    client.force_login(charlie)
    body = client.get(url).content.decode()
    assert "Công ty May" in body and "Lê Lợi" not in body
    search = client.get(url, {"q": "le loi"}).content.decode()
    assert "Lê Lợi" not in search.split("unit-results")[1]
    client.force_login(nobody)
    assert client.get(url).status_code == 200


def test_search_ignores_diacritics(tree, alice, client_for):
    body = client_for(alice).get(reverse("organizations:unit_tree"), {"q": "cam ranh"})
    content = body.content.decode()
    assert "Liên đoàn Lao động Cam Ranh" in content and "Cảng Cam Ranh" in content
    assert "Lê Lợi" not in content.split("unit-results")[1]


def test_lookup_is_scoped(tree, bob, charlie, client_for):
    url = reverse("organizations:unit_lookup")
    assert "CDCS-LELOI" in client_for(bob).get(url, {"q": "le loi"}).content.decode()
    assert "CDCS-LELOI" not in client_for(charlie).get(url, {"q": "le loi"}).content.decode()


def test_detail_shows_figures_children_and_history(tree, alice, client_for):
    response = client_for(alice).get(reverse("organizations:unit_detail", args=[tree.kh.pk]))
    assert response.context["figures"] == {"units": 6, "grassroots": 3, "workers": 1548}
    body = response.content.decode()
    assert "Liên đoàn Lao động Nha Trang" in body and "1.548" in body


def test_move_through_the_page(tree, alice, client_for):
    client = client_for(alice)
    response = client.post(
        reverse("organizations:unit_move", args=[tree.le_loi.pk]),
        {
            "new_parent": "LDLD-CR — Liên đoàn Lao động Cam Ranh",
            "decision_number": "9/QĐ",
            "decision_date": "2025-07-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Unit.objects.get(pk=tree.le_loi.pk).parent == tree.cam_ranh
    assert OrgChange.objects.filter(kind="move", decision_number="9/QĐ").exists()
    assert AuditLog.objects.filter(action="org.move", actor=alice).count() == 2


def test_move_form_refuses_a_unit_outside_scope(tree, alice, client_for):
    response = client_for(alice).post(
        reverse("organizations:unit_move", args=[tree.le_loi.pk]),
        {"new_parent": "LDLD-BD", "decision_number": "9", "decision_date": "2025-07-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_parent"]
    assert Unit.objects.get(pk=tree.le_loi.pk).parent == tree.nha_trang


def test_edit_page_refuses_a_stale_version(tree, bob, client_for):
    client = client_for(bob)
    url = reverse("organizations:unit_edit", args=[tree.le_loi.pk])
    first = client.post(url, {"version": tree.le_loi.version, "workers": 51, "sector": "other"})
    assert first.status_code == 302
    stale = client.post(url, {"version": tree.le_loi.version, "workers": 99})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert Unit.objects.get(pk=tree.le_loi.pk).workers == 51


def test_found_through_the_page(tree, bob, client_for):
    response = client_for(bob).post(
        reverse("organizations:unit_found", args=[tree.le_loi.pk]),
        {
            "code": "CDCS-LELOI-GV",
            "name": "Tổ công đoàn Giáo viên",
            "kind": tree.to_van.kind_id,
            "decision_number": "3/QĐ-CĐCS",
            "decision_date": "2025-09-05",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="CDCS-LELOI-GV").parent == tree.le_loi


def test_split_through_the_page(tree, alice, client_for):
    url = reverse("organizations:unit_split", args=[tree.nha_trang.pk])
    kind = tree.nha_trang.kind_id
    response = client_for(alice).post(
        url,
        {
            "part1_code": "NT-1",
            "part1_name": "LĐLĐ Bắc Nha Trang",
            "part1_kind": kind,
            "part2_code": "NT-2",
            "part2_name": "LĐLĐ Nam Nha Trang",
            "part2_kind": kind,
            f"child_{tree.le_loi.pk}": "1",
            f"child_{tree.may.pk}": "2",
            "decision_number": "5",
            "decision_date": "2025-07-01",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree.may.pk).parent.code == "NT-2"


def test_audit_page_is_scoped(tree, alice, bob, charlie, client):
    from congdoan.organizations import services

    services.rename_unit(
        actor=alice,
        unit=tree.le_loi,
        name="CĐCS Lê Lợi mới",
        decision=services.Decision(number="1"),
    )
    url = reverse("audit")
    assert client.get(url).status_code == 302
    client.force_login(bob)
    assert "CĐCS Lê Lợi mới" in client.get(url).content.decode()
    client.force_login(charlie)
    assert "Lê Lợi" not in client.get(url).content.decode()


def test_tree_and_detail_query_counts_are_bounded(
    tree, alice, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    with django_assert_max_num_queries(15):
        client.get(reverse("organizations:unit_tree"), {"q": "cong doan"})
    with django_assert_max_num_queries(30):
        client.get(reverse("organizations:unit_detail", args=[tree.kh.pk]))


def test_language_is_vietnamese_by_default_and_switchable(tree, bob, client_for):
    client = client_for(bob)
    url = reverse("organizations:unit_tree")
    vietnamese = client.get(url, headers={"Accept-Language": "en-US"})
    assert vietnamese["Content-Language"] == "vi"
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert client.get(url)["Content-Language"] == "en"


def test_lookup_and_language_switch_need_no_scope_leak(tree, client):
    assert client.get(reverse("organizations:unit_lookup"), {"q": "le loi"}).status_code == 302


def test_closed_unit_page_links_its_successor(tree, alice, client_for):
    from congdoan.organizations import services

    services.absorb_unit(
        actor=alice, unit=tree.may, into=tree.le_loi, decision=services.Decision(number="2/QĐ")
    )
    client = client_for(alice)
    closed = client.get(reverse("organizations:unit_detail", args=[tree.may.pk]))
    assert tree.le_loi.get_absolute_url() in closed.content.decode()
    assert not closed.context["can_edit"] and not closed.context["can_restructure"]
    successor = client.get(reverse("organizations:unit_detail", args=[tree.le_loi.pk]))
    assert tree.may.name in successor.content.decode()  # "took over from"
    refused = client.get(reverse("organizations:unit_move", args=[tree.may.pk]))
    assert refused.status_code == 403
