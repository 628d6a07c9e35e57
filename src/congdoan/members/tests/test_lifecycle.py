"""Member lifecycle: one person one active membership, transfers keep tenure, figures."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from congdoan.core.errors import ConflictError
from congdoan.core.models import AuditLog
from congdoan.members import services
from congdoan.members.models import (
    EventKind,
    Member,
    MemberStatus,
    Transfer,
    UnitMemberCount,
    UnitMemberYear,
)
from congdoan.members.services import MemberData, subtree_figures


def code(exc: ValidationError, field: str) -> str:
    return exc.error_dict[field][0].code


def test_admission_records_event_figures_and_audit(tree, bob):
    member = services.admit_member(
        actor=bob,
        unit=tree.le_loi,
        on=date(2026, 3, 8),
        decision_number="05/QĐ-CĐCS",
        data=MemberData(full_name="  đỗ   thị  THU ", gender="female", id_number="079 196 000 555"),
    )
    assert member.full_name == "Đỗ Thị Thu" and member.id_number == "079196000555"
    assert member.names == ("Đỗ", "Thị", "Thu") and member.sort_key == "thu do thi"
    assert member.joined_on == date(2026, 3, 8)
    event = member.events.get()
    assert event.kind == EventKind.ADMIT and event.decision_number == "05/QĐ-CĐCS"
    figures = UnitMemberCount.objects.get(unit=tree.le_loi)
    assert (figures.members, figures.female) == (1, 1)
    assert UnitMemberYear.objects.get(unit=tree.le_loi, year=2026).admitted == 1
    assert AuditLog.objects.get(action="members.admit").actor == bob


def test_one_person_is_never_two_active_members(tree, bob, people):
    with pytest.raises(ValidationError) as error:
        services.admit_member(
            actor=bob,
            unit=tree.le_loi,
            data=MemberData(full_name="Nguyễn Thị Hoa", gender="female", id_number="079190000123"),
        )
    assert code(error.value, "id_number") == "id_number_taken"
    # the database refuses it too, whatever the code path
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(full_name="X", gender="male", id_number="079190000123", unit=tree.may)


def test_identity_held_outside_scope_is_not_revealed(tree, bob, people):
    with pytest.raises(ValidationError) as error:
        services.admit_member(
            actor=bob,
            unit=tree.le_loi,
            data=MemberData(full_name="Phạm Văn Minh", gender="male", id_number="056088000111"),
        )
    message = str(error.value.error_dict["id_number"][0].message)
    assert "Minh" not in message and "May" not in message


def test_old_identity_card_is_accepted_and_flagged(tree, bob):
    member = services.admit_member(
        actor=bob,
        unit=tree.le_loi,
        data=MemberData(full_name="Hồ Văn Tư", gender="male", id_number="225123456"),
    )
    assert member.id_kind == "cmnd" and member.needs_new_id


@pytest.mark.parametrize("bad", ["12345", "07919000012X", "0791900001234"])
def test_bad_identity_number_is_refused(tree, bob, bad):
    with pytest.raises(ValidationError) as error:
        services.admit_member(
            actor=bob,
            unit=tree.le_loi,
            data=MemberData(full_name="A B", gender="male", id_number=bad),
        )
    assert code(error.value, "id_number") == "bad_id_number"


def test_foreign_worker_with_passport(tree, bob):
    member = services.admit_member(
        actor=bob,
        unit=tree.le_loi,
        data=MemberData(
            full_name="Kim Min Jun", gender="male", nationality="kr", id_number="m12345678"
        ),
    )
    assert member.nationality == "KR" and member.id_kind == "passport"
    assert member.id_number == "M12345678"


def test_members_belong_to_unions_not_to_federations(tree, alice):
    with pytest.raises(ValidationError) as error:
        services.admit_member(
            actor=alice, unit=tree.nha_trang, data=MemberData(full_name="A B", gender="male")
        )
    assert code(error.value, "unit") == "unit_holds_no_members"


def test_sibling_officer_cannot_admit_into_another_union(tree, charlie):
    with pytest.raises(PermissionDenied):
        services.admit_member(
            actor=charlie, unit=tree.le_loi, data=MemberData(full_name="A B", gender="male")
        )


def test_transfer_in_one_step_keeps_tenure_and_card(tree, alice, people):
    hoa = people["hoa"]
    Member.objects.filter(pk=hoa.pk).update(card_number="56-2020-0001")
    moved = services.transfer_member(
        actor=alice, member=hoa, to_unit=tree.cang, on=date(2026, 4, 1), decision_number="12/QĐ"
    )
    assert moved.unit == tree.cang and moved.status == MemberStatus.ACTIVE
    assert moved.joined_on == date(2020, 9, 1) and moved.card_number == "56-2020-0001"
    kinds = list(moved.events.values_list("kind", flat=True))
    assert kinds == ["admit", "transfer_out", "transfer_in"]
    assert UnitMemberCount.objects.get(unit=tree.le_loi).members == 1  # Bình stays
    assert UnitMemberCount.objects.get(unit=tree.cang).members == 1
    assert subtree_figures(tree.le_loi)["members"] == 2  # Bình, and An in the group
    assert subtree_figures(tree.kh)["members"] == 5  # the province total did not change


def test_transfer_across_scopes_is_released_then_received(tree, bob, people):
    cang_officer = type(bob).objects.create_user("cang", password="x")
    cang_officer.roles.create(unit=tree.cang, role="officer")
    hoa = services.transfer_member(actor=bob, member=people["hoa"], to_unit=tree.cang)
    assert hoa.status == MemberStatus.TRANSFERRING and hoa.unit == tree.le_loi
    transfer = Transfer.objects.pending().get()
    assert list(Transfer.objects.incoming_for(cang_officer)) == [transfer]
    assert list(Transfer.objects.incoming_for(bob)) == []
    with pytest.raises(PermissionDenied):
        services.receive_transfer(actor=bob, transfer=transfer)
    received = services.receive_transfer(actor=cang_officer, transfer=transfer)
    assert received.unit == tree.cang and received.status == MemberStatus.ACTIVE
    assert UnitMemberCount.objects.get(unit=tree.cang).members == 1


def test_cancelled_transfer_returns_the_member(tree, bob, people):
    services.transfer_member(actor=bob, member=people["binh"], to_unit=tree.cang)
    member = services.cancel_transfer(actor=bob, transfer=Transfer.objects.get())
    assert member.status == MemberStatus.ACTIVE and member.unit == tree.le_loi
    assert subtree_figures(tree.le_loi)["members"] == 3


def test_leaving_needs_a_reason_and_updates_figures(tree, bob, people):
    with pytest.raises(ValidationError):
        services.record_leaving(actor=bob, member=people["binh"], reason=" ")
    member = services.record_leaving(
        actor=bob, member=people["binh"], reason="Nghỉ hưu", on=date(2026, 6, 30)
    )
    assert member.status == MemberStatus.LEFT
    assert UnitMemberYear.objects.get(unit=tree.le_loi, year=2026).left == 1
    assert subtree_figures(tree.le_loi, 2026) == {
        "members": 2,
        "female": 2,
        "with_card": 0,
        "admitted": 0,
        "left": 1,
        "deceased": 0,
    }


def test_rejoin_restores_the_same_record(tree, bob, people):
    member = services.record_leaving(actor=bob, member=people["binh"], reason="Chuyển việc")
    member = services.rejoin_member(actor=bob, member=member)
    assert member.pk == people["binh"].pk and member.status == MemberStatus.ACTIVE
    assert [e.kind for e in member.events.all()] == ["admit", "leave", "rejoin"]


def test_rejoin_refused_when_the_person_is_active_elsewhere(tree, alice, people):
    left = services.record_leaving(actor=alice, member=people["binh"], reason="Chuyển việc")
    services.admit_member(
        actor=alice,
        unit=tree.cang,
        data=MemberData(full_name="Trần Văn Bình", gender="male", id_number=left.id_number),
    )
    with pytest.raises(ValidationError) as error:
        services.rejoin_member(actor=alice, member=left)
    assert code(error.value, "id_number") == "id_number_taken"


def test_death_is_recorded(tree, bob, people):
    member = services.record_leaving(actor=bob, member=people["hoa"], deceased=True)
    assert member.status == MemberStatus.DECEASED
    assert subtree_figures(tree.le_loi)["deceased"] == 1


def test_concurrent_edit_with_the_same_version_loses(tree, bob, people):
    hoa = people["hoa"]
    services.update_member(actor=bob, member=hoa, version=hoa.version, phone="0911222333")
    with pytest.raises(ConflictError):
        services.update_member(actor=bob, member=hoa, version=hoa.version, phone="0999999999")
    assert Member.objects.get(pk=hoa.pk).phone == "0911222333"


def test_gender_correction_moves_the_female_count(tree, bob, people):
    binh = people["binh"]
    services.update_member(actor=bob, member=binh, version=binh.version, gender="female")
    assert subtree_figures(tree.le_loi)["female"] == 3


def test_bulk_leave_is_all_or_nothing(tree, bob, people):
    with pytest.raises(PermissionDenied):
        services.record_leaving_many(
            actor=bob, members=[people["hoa"], people["minh"]], reason="Giải thể"
        )
    assert Member.objects.get(pk=people["hoa"].pk).status == MemberStatus.ACTIVE


def test_figures_match_a_recount(tree, alice, people):
    services.transfer_member(actor=alice, member=people["minh"], to_unit=tree.le_loi)
    services.record_leaving(actor=alice, member=people["lan"], reason="Nghỉ việc")
    kept = {f.unit_id: (f.members, f.female) for f in UnitMemberCount.objects.all()}
    services.rebuild_figures()
    recount = {f.unit_id: (f.members, f.female) for f in UnitMemberCount.objects.all()}
    assert kept == recount


def test_merger_carries_members_to_the_successor(tree, alice, people):
    from congdoan.organizations import services as org

    org.absorb_unit(actor=alice, unit=tree.may, into=tree.le_loi, decision=org.Decision(number="1"))
    assert Member.objects.filter(unit=tree.le_loi).count() == 4
    assert UnitMemberCount.objects.get(unit=tree.le_loi).members == 4
    assert UnitMemberCount.objects.get(unit=tree.may).members == 0


def test_a_union_with_members_cannot_be_dissolved(tree, alice, people):
    from congdoan.organizations import services as org

    with pytest.raises(ValidationError) as error:
        org.dissolve_unit(actor=alice, unit=tree.may, decision=org.Decision(number="1"))
    assert code(error.value, "unit") == "has_members"


def test_search_without_diacritics_and_by_numbers(tree, alice, bob, people):
    visible = Member.objects.visible_to(alice)
    assert [m.full_name for m in visible.search("nguyen thi hoa")] == ["Nguyễn Thị Hoa"]
    assert {m.full_name for m in visible.search("thi")} == {
        "Lê Thị An",
        "Nguyễn Thị Hoa",
        "Võ Thị Lan",
    }
    assert [m.full_name for m in visible.search("079190000123")] == ["Nguyễn Thị Hoa"]
    assert [m.full_name for m in visible.search("0905123456")] == ["Nguyễn Thị Hoa"]
    # a member who left is found by their number too; a card number by itself
    services.record_leaving(actor=alice, member=people["binh"], reason="Nghỉ việc")
    services.show_card_number(actor=alice, member=people["an"], number="790250000017")
    assert [m.full_name for m in visible.search("079085000456")] == ["Trần Văn Bình"]
    assert [m.full_name for m in visible.search("790250000017")] == ["Lê Thị An"]
    assert Member.objects.with_identity(["079085000456", "079195000789"]).count() == 2
    assert not Member.objects.visible_to(bob).search("056088000111").exists()  # a sibling's
    # the active holders of numbers: Bình left, a blank number holds nobody
    holders = Member.objects.holding(["079085000456", "079195000789", "", "056088000111"])
    assert sorted(m.full_name for m in holders) == ["Lê Thị An", "Phạm Văn Minh"]
    assert [m.full_name for m in Member.objects.holding(["079195000789"])] == ["Lê Thị An"]
    assert not Member.objects.visible_to(bob).holding(["056088000111"]).exists()
    assert not Member.objects.holding([""]).exists()


def test_vietnamese_order_is_by_given_name(tree, alice, people):
    names = [m.full_name for m in Member.objects.visible_to(alice).in_order()]
    assert names == ["Lê Thị An", "Trần Văn Bình", "Nguyễn Thị Hoa", "Võ Thị Lan", "Phạm Văn Minh"]


def test_sibling_sees_no_member_of_the_other_union(tree, bob, charlie, people):
    assert set(Member.objects.visible_to(charlie).values_list("full_name", flat=True)) == {
        "Phạm Văn Minh",
        "Võ Thị Lan",
    }
    assert not Member.objects.visible_to(charlie).search("hoa").exists()
