"""Member pages: scope four ways on every page, masking, forms end to end."""

import pytest
from django.urls import reverse

from congdoan.core.models import AuditLog
from congdoan.members.models import Member, MemberStatus

PAGES = ["member_detail", "member_edit", "member_transfer", "member_leave"]


@pytest.mark.parametrize("page", PAGES)
def test_member_page_scope(page, tree, bob, charlie, nobody, people, client):
    url = reverse(f"members:{page}", args=[people["hoa"].pk])
    assert client.get(url).status_code == 302
    for outsider in (nobody, charlie):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(bob)
    response = client.get(url)
    assert response.status_code == 200 and "Nguyễn Thị Hoa" in response.content.decode()


def test_viewer_cannot_open_change_forms(tree, people, client):
    from congdoan.accounts.models import Role, User

    viewer = User.objects.create_user("viewer", password="x")
    Role.objects.create(user=viewer, unit=tree.le_loi, role="viewer")
    client.force_login(viewer)
    assert client.get(reverse("members:member_detail", args=[people["hoa"].pk])).status_code == 200
    assert client.get(reverse("members:member_edit", args=[people["hoa"].pk])).status_code == 403


def test_list_masks_numbers_and_hides_siblings(tree, bob, charlie, people, client):
    url = reverse("members:member_list")
    assert client.get(url).status_code == 302
    client.force_login(bob)
    body = client.get(url).content.decode()
    assert "Nguyễn Thị Hoa" in body and "079******123" in body
    assert "079190000123" not in body and "0905123456" not in body
    client.force_login(charlie)
    body = client.get(url, {"q": "nguyen thi hoa"}).content.decode()
    assert "Nguyễn Thị Hoa" not in body


def test_detail_shows_full_numbers_in_scope(tree, bob, people, client_for):
    body = client_for(bob).get(reverse("members:member_detail", args=[people["hoa"].pk]))
    assert "079190000123" in body.content.decode()


def test_admit_through_the_page(tree, bob, client_for):
    client = client_for(bob)
    assert client.get(reverse("members:member_create")).status_code == 200
    response = client.post(
        reverse("members:member_create"),
        {
            "unit": "CDCS-LELOI — CĐCS",
            "full_name": "phan thị mai",
            "gender": "female",
            "birth": "1992",
            "id_number": "079192000777",
            "nationality": "VN",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(id_number="079192000777")
    assert member.full_name == "Phan Thị Mai" and member.birth_precision == "year"


def test_admit_page_names_the_problem(tree, bob, people, client_for):
    response = client_for(bob).post(
        reverse("members:member_create"),
        {
            "unit": "CDCS-LELOI",
            "full_name": "X Y",
            "gender": "male",
            "birth": "31/02/1990",
            "id_number": "079190000123",
            "nationality": "VN",
        },
    )
    errors = response.context["form"].errors
    assert "birth" in errors


def test_edit_page_refuses_a_stale_version(tree, bob, people, client_for):
    client, hoa = client_for(bob), people["hoa"]
    url = reverse("members:member_edit", args=[hoa.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(ethnicity=hoa.ethnicity_id, phone="0911000000", gender="female")
    assert client.post(url, data).status_code == 302
    data["phone"] = "0922000000"
    stale = client.post(url, data)
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert Member.objects.get(pk=hoa.pk).phone == "0911000000"


def test_bulk_leave_through_the_list(tree, bob, people, client_for):
    client = client_for(bob)
    ids = [people["hoa"].pk, people["binh"].pk]
    response = client.post(
        reverse("members:member_bulk"), {"member": ids, "action": "leave", "reason": "Nghỉ hưu"}
    )
    assert response.status_code == 302
    assert set(Member.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        MemberStatus.LEFT
    }


def test_bulk_ignores_members_outside_scope(tree, charlie, people, client_for):
    response = client_for(charlie).post(
        reverse("members:member_bulk"),
        {"member": [people["hoa"].pk], "action": "leave", "reason": "x"},
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=people["hoa"].pk).status == MemberStatus.ACTIVE


def test_export_page_is_logged(tree, bob, people, client_for):
    response = client_for(bob).get(reverse("members:member_export"))
    assert response.status_code == 200
    assert AuditLog.objects.get(action="members.export").data["rows"] == 3


def test_incoming_transfers_page(tree, bob, people, client):
    from congdoan.accounts.models import Role, User

    cang = User.objects.create_user("cang", password="x")
    Role.objects.create(user=cang, unit=tree.cang, role="officer")
    client.force_login(bob)
    client.post(
        reverse("members:member_transfer", args=[people["hoa"].pk]), {"to_unit": "CDCS-CANG"}
    )
    client.force_login(cang)
    page = client.get(reverse("members:transfers"))
    assert "Nguyễn Thị Hoa" in page.content.decode()
    transfer = page.context["transfers"][0]
    client.post(reverse("members:transfers"), {"transfer": transfer.pk})
    assert Member.objects.get(pk=people["hoa"].pk).unit == tree.cang


def test_unit_page_shows_member_figures(tree, alice, people, client_for):
    response = client_for(alice).get(reverse("organizations:unit_detail", args=[tree.kh.pk]))
    figures = {figure.label: figure.value for figure in response.context["app_figures"]}
    assert list(figures.values())[:2] == [5, 3]


def test_a_bad_filter_value_drops_only_itself(tree, bob, people, client_for):
    response = client_for(bob).get(
        reverse("members:member_list"), {"joined": "abc", "gender": "female"}
    )
    assert response.status_code == 200
    names = {m.full_name for m in response.context["page"]}
    assert names == {"Nguyễn Thị Hoa", "Lê Thị An"}


def test_leaving_dated_before_joining_is_refused_on_the_date_field(tree, bob, people, client_for):
    # given Hoa, who joined on 01/09/2020
    hoa = people["hoa"]
    # when her officer records her leaving on a date before that
    response = client_for(bob).post(
        reverse("members:member_leave", args=[hoa.pk]),
        {"on": "2019-06-30", "reason": "Nghỉ việc", "decision_number": ""},
    )
    # then the form comes back with the message on the date, and nothing changed
    assert response.status_code == 200
    errors = response.context["form"].errors["on"]
    assert errors == ["Ngày 30/06/2019 trước ngày Nguyễn Thị Hoa vào công đoàn (01/09/2020)."]
    assert Member.objects.get(pk=hoa.pk).status == MemberStatus.ACTIVE
    assert not AuditLog.objects.filter(action="members.leave").exists()
