"""Blocks: dated membership, the leader rotation and hand-over, who may change them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.errors import ConflictError
from congdoan.core.models import AuditLog
from congdoan.emulation import services
from congdoan.emulation.models import BlockMembership, EmulationBlock


def test_a_block_groups_units_of_the_organisers_subtree(tree, block, alice):
    units = [m.unit for m in block.memberships.order_by("order")]
    assert units == [tree.le_loi, tree.may, tree.cang]  # not siblings: two districts
    assert all(m.joined_on == date(2025, 1, 10) for m in block.memberships.all())
    assert AuditLog.objects.filter(action="emulation.block_create", unit=tree.kh).count() == 1
    with pytest.raises(ValidationError) as refused:
        services.create_block(
            actor=alice,
            organiser=tree.kh,
            name="Khối khác",
            decision_number="13/QĐ",
            decision_date=date(2025, 1, 10),
            units=[tree.le_loi, tree.hn_school],
        )
    assert "không thuộc" in str(refused.value) or "not under" in str(refused.value)
    assert EmulationBlock.objects.count() == 1


def test_only_the_organiser_sets_up_and_changes_a_block(tree, block, bob, alice):
    with pytest.raises(PermissionDenied):
        services.create_block(
            actor=bob,
            organiser=tree.kh,
            name="Khối của Bob",
            decision_number="1",
            decision_date=date(2025, 1, 1),
            units=[tree.le_loi, tree.may],
        )
    with pytest.raises(PermissionDenied):
        services.update_block(actor=bob, block=block, version=block.version, name="Đổi tên")
    changed = services.update_block(actor=alice, block=block, version=1, name="Khối số Một")
    assert changed.name == "Khối số Một" and changed.version == 2
    with pytest.raises(ConflictError):
        services.update_block(actor=alice, block=block, version=1, name="Cũ")


def test_membership_is_dated(tree, block, alice):
    services.remove_member(
        actor=alice, block=block, unit=tree.cang, left_on=date(2026, 6, 30), decision="20/QĐ"
    )
    services.add_member(
        actor=alice, block=block, unit=tree.nha_trang, joined_on=date(2026, 7, 1), decision="21/QĐ"
    )
    on = lambda day: [m.unit for m in services.members_on(block, day)]  # noqa: E731
    assert on(date(2026, 6, 30)) == [tree.le_loi, tree.may, tree.cang]
    assert on(date(2026, 7, 1)) == [tree.le_loi, tree.may, tree.nha_trang]
    during = [m.unit for m in services.members_during(block, 2026)]
    assert during == [tree.le_loi, tree.may, tree.cang, tree.nha_trang]
    assert [m.unit for m in services.members_during(block, 2027)] == [
        tree.le_loi,
        tree.may,
        tree.nha_trang,
    ]
    with pytest.raises(ValidationError):
        services.add_member(
            actor=alice, block=block, unit=tree.may, joined_on=date(2026, 1, 1), decision="22"
        )
    assert BlockMembership.objects.filter(block=block).count() == 4


def test_the_leader_rotates_and_hands_over(tree, block, alice):
    assert services.proposed_leader(block, 2025) == tree.le_loi
    services.set_term(actor=alice, block=block, year=2025, leader=tree.le_loi, deputy=tree.may)
    assert services.proposed_leader(block, 2026) == tree.may
    term = services.set_term(
        actor=alice,
        block=block,
        year=2026,
        leader=tree.may,
        deputy=tree.cang,
        handed_over_on=date(2026, 1, 20),
    )
    assert block.terms.get(year=2025).handed_over_on == date(2026, 1, 20)
    assert term.handed_over_on is None
    assert services.proposed_leader(block, 2027) == tree.cang
    # Cảng leaves before 2028: the rotation skips it and starts again
    services.set_term(actor=alice, block=block, year=2027, leader=tree.cang)
    services.remove_member(
        actor=alice, block=block, unit=tree.cang, left_on=date(2027, 12, 31), decision="30/QĐ"
    )
    assert services.proposed_leader(block, 2028) == tree.le_loi


def test_a_leader_must_be_a_member_and_differ_from_the_deputy(tree, block, alice, bob):
    with pytest.raises(ValidationError) as outside:
        services.set_term(actor=alice, block=block, year=2026, leader=tree.nha_trang)
    assert outside.value.error_dict["leader"][0].code == "not_member"
    with pytest.raises(ValidationError):
        services.set_term(actor=alice, block=block, year=2026, leader=tree.may, deputy=tree.may)
    with pytest.raises(PermissionDenied):
        services.set_term(actor=bob, block=block, year=2026, leader=tree.le_loi)
    services.set_term(actor=alice, block=block, year=2026, leader=tree.may)
    with pytest.raises(ValidationError):
        services.set_term(actor=alice, block=block, year=2026, leader=tree.le_loi)


def test_the_block_shows_each_members_figures(tree, people, block, django_assert_num_queries):
    with django_assert_num_queries(3):  # the members, then one sum each for all of them
        rows = {row.membership.unit: row for row in services.block_figures(block, 2026)}
    assert (rows[tree.le_loi].members, rows[tree.le_loi].grassroots) == (3, 1)
    assert rows[tree.may].members == 2 and rows[tree.may].female >= 1


def test_a_unit_outside_the_block_sees_nothing_of_it(tree, block, alice, bob, charlie, nobody):
    assert list(EmulationBlock.objects.visible_to(alice)) == [block]  # the organiser
    assert list(EmulationBlock.objects.visible_to(bob)) == [block]  # a member
    assert not EmulationBlock.objects.visible_to(nobody).exists()
    services.remove_member(
        actor=alice, block=block, unit=tree.may, left_on=date(2025, 6, 1), decision="5"
    )
    assert list(EmulationBlock.objects.visible_to(charlie)) == [block]  # it was a member
    other = services.create_block(
        actor=alice,
        organiser=tree.kh,
        name="Khối thi đua số 2",
        decision_number="14/QĐ",
        decision_date=date(2025, 1, 10),
        units=[tree.cang, tree.nha_trang],
    )
    assert other not in EmulationBlock.objects.visible_to(bob)
