"""Member lists at scale: the kept union path, counts from figures, both search passes."""

from datetime import date

from django.urls import reverse

from congdoan.members import listing, services
from congdoan.members.filters import MemberFilters
from congdoan.members.listing import MemberListing
from congdoan.members.models import Member
from congdoan.organizations import services as org

from .conftest import admit

DECISION = org.Decision(number="07/QĐ-LĐLĐ", date=date(2025, 7, 1))


def names(rows) -> list[str]:
    return [member.full_name for member in rows]


def test_members_carry_their_unions_path_through_admission_and_transfer(tree, alice, people):
    assert people["hoa"].unit_path == tree.le_loi.path
    assert people["an"].unit_path == tree.to_van.path
    services.transfer_member(actor=alice, member=people["hoa"], to_unit=tree.cang)
    assert Member.objects.get(pk=people["hoa"].pk).unit_path == tree.cang.path


def test_a_moved_union_takes_its_members_paths_along(tree, people):
    org.move_unit(actor=None, unit=tree.nha_trang, new_parent=tree.hn, decision=DECISION)
    tree.refresh()
    assert tree.le_loi.path.startswith(tree.hn.path)
    for member in Member.objects.all():
        assert member.unit_path == member.unit.path, member
    # the province officer no longer sees them; Hà Nội's scope reaches them
    assert Member.objects.in_subtree(tree.kh).count() == 0
    assert Member.objects.in_subtree(tree.hn).count() == 5


def test_a_merged_unions_members_get_the_successors_path(tree, people):
    org.absorb_unit(actor=None, unit=tree.may, into=tree.cang, decision=DECISION)
    minh = Member.objects.get(pk=people["minh"].pk)
    assert (minh.unit_id, minh.unit_path) == (tree.cang.pk, tree.cang.path)


def test_count_comes_from_the_figures_without_conditions(
    tree, alice, people, django_assert_num_queries
):
    listing_ = MemberListing(alice, MemberFilters())
    with django_assert_num_queries(1):  # one sum over unit figures, no member row read
        assert listing_.count() == 5
    assert MemberListing(alice, MemberFilters(gender="female")).count() == 3
    assert MemberListing(alice, MemberFilters(gender="male")).count() == 2
    assert MemberListing(alice, MemberFilters(unit=tree.may.pk)).count() == 2
    assert MemberListing(alice, MemberFilters(subtree=tree.le_loi.pk)).count() == 3
    # a sibling subtree given by id stays invisible
    assert MemberListing(alice, MemberFilters(subtree=tree.ba_dinh.pk)).count() == 0


def test_filtered_counts_stop_at_the_cap(tree, bob, people, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 1)
    result = MemberListing(bob, MemberFilters(q="nguyen"))
    assert result.count() == 1 and not result.capped
    result = MemberListing(bob, MemberFilters(q="thi"))  # Hoa and An
    assert result.count() == 1 and result.capped


def test_search_pages_are_in_vietnamese_order_inside_the_scope(tree, alice, charlie, people):
    for index in range(12):
        admit(tree.cang, f"Đặng Thị Hồng {chr(65 + index)}", "female")
    result = MemberListing(alice, MemberFilters(q="thi"))
    every = names(result[0:100])
    assert every == names(Member.objects.filter(name_folded__contains="thi").in_order())
    assert names(result[3:6]) == every[3:6]
    assert names(MemberListing(charlie, MemberFilters(q="thi"))[0:50]) == ["Võ Thị Lan"]


def test_deep_search_pages_follow_the_vietnamese_order(tree, alice, people):
    for index in range(30):
        admit(tree.cang, f"Bùi Văn Hùng {index:02d}", "male")
        admit(tree.cang, f"Hoàng Thị Ánh {index:02d}", "female")
    expected = names(Member.objects.filter(name_folded__contains="van hung").in_order())
    result = MemberListing(alice, MemberFilters(q="Văn Hùng"))
    assert names(result[0:10]) == expected[0:10]
    assert names(result[25:40]) == expected[25:40]
    assert result.count() == 30 and not result.capped
    assert names(MemberListing(alice, MemberFilters(q="zzz"))[0:10]) == []


def test_list_page_says_when_the_count_is_capped(tree, alice, people, client_for, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 2)
    response = client_for(alice).get(reverse("members:member_list"), {"q": "thi"})
    assert response.status_code == 200
    assert "Hơn 2 đoàn viên" in response.content.decode()
    assert len(response.context["page"].object_list) == 2


def test_api_list_pages_through_the_listing(tree, alice, people, api_client):
    body = api_client(alice).get("/api/v1/members", {"limit": 2, "offset": 2}).json()
    assert body["count"] == 5
    assert [item["full_name"] for item in body["items"]] == names(Member.objects.in_order()[2:4])


def test_a_search_in_an_invisible_subtree_finds_nobody(tree, bob, nobody, people):
    assert MemberListing(bob, MemberFilters(q="thi", subtree=tree.may.pk))[0:50] == []
    assert MemberListing(bob, MemberFilters(q="thi", subtree=tree.may.pk)).count() == 0
    assert MemberListing(nobody, MemberFilters(q="thi")).count() == 0


def test_pages_in_the_back_half_are_read_from_the_end_in_the_same_order(tree, alice, people):
    for given in ["An", "Bình", "Cúc", "Dung", "Giang", "Hà", "Khánh", "Lan", "Mai", "Ngọc"]:
        admit(tree.cang, f"Đặng Thị {given}", "female")
        admit(tree.may, f"Lý Văn {given}", "male")
    every = list(Member.objects.visible_to(alice).active().in_order().values_list("pk", flat=True))
    result = MemberListing(alice, MemberFilters())
    assert result.count() == len(every) == 25
    for start in range(0, 30, 4):
        assert [member.pk for member in result[start : start + 4]] == every[start : start + 4]
