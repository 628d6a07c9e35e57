"""Organisation changes: the tree stays whole, nothing is deleted, every change is recorded."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.accounts.models import Role
from congdoan.conftest import DECISION
from congdoan.core.errors import ConflictError
from congdoan.core.models import AuditLog
from congdoan.organizations import services
from congdoan.organizations.models import ChangeKind, OrgChange, Unit, UnitKind, UnitStatus

D = services.Decision(number="45/QĐ-LĐLĐ", date=date(2025, 6, 20), effective=date(2025, 7, 1))


def codes_under(unit):
    return set(Unit.objects.subtree(unit, include_self=False).values_list("code", flat=True))


def test_found_unit_records_change_and_audit(tree, alice):
    unit = services.found_unit(
        actor=alice,
        parent=tree.cam_ranh,
        decision=D,
        spec=services.NewUnit(
            code="CDCS-MOI",
            name="  Công đoàn cơ sở  Trường Mới ",
            kind=UnitKind.objects.get(code="grassroots"),
        ),
    )
    assert unit.name == "Công đoàn cơ sở Trường Mới"
    assert unit.parent == tree.cam_ranh and unit.path.startswith(tree.cam_ranh.path)
    assert unit.province == tree.kh.province  # inherited from the managing unit
    assert unit.founded_on == date(2025, 7, 1)
    change = OrgChange.objects.get(kind=ChangeKind.FOUND, parts__unit=unit)
    assert change.decision_number == "45/QĐ-LĐLĐ" and change.actor == alice
    entry = AuditLog.objects.get(action="org.found", unit=unit)
    assert entry.actor == alice


def test_found_refuses_a_taken_code_and_a_wrong_kind(tree, alice):
    grassroots = UnitKind.objects.get(code="grassroots")
    with pytest.raises(ValidationError) as taken:
        services.found_unit(
            actor=alice,
            parent=tree.cam_ranh,
            decision=D,
            spec=services.NewUnit(code="cdcs-may", name="X", kind=grassroots),
        )
    assert taken.value.error_dict["code"][0].code == "code_taken"
    with pytest.raises(ValidationError) as wrong:
        services.found_unit(
            actor=alice,
            parent=tree.le_loi,
            decision=D,
            spec=services.NewUnit(code="NEW", name="X", kind=grassroots),
        )
    assert wrong.value.error_dict["kind"][0].code == "kind_not_allowed"
    assert not Unit.objects.filter(code="NEW").exists()


def test_grassroots_officer_cannot_found_beside_own_union(tree, bob):
    with pytest.raises(PermissionDenied):
        services.found_unit(
            actor=bob,
            parent=tree.nha_trang,
            decision=D,
            spec=services.NewUnit(
                code="X1", name="X", kind=UnitKind.objects.get(code="grassroots")
            ),
        )


def test_rename_keeps_old_name_in_change_and_history(tree, alice):
    unit = services.rename_unit(
        actor=alice, unit=tree.le_loi, name="Công đoàn cơ sở Trường THCS Lê Lợi mới", decision=D
    )
    assert unit.name.endswith("mới") and unit.version == tree.le_loi.version + 1
    change = OrgChange.objects.get(kind=ChangeKind.RENAME)
    assert change.details["old"]["name"] == "Công đoàn cơ sở Trường THCS Lê Lợi"
    names = list(unit.history.values_list("name", flat=True))
    assert "Công đoàn cơ sở Trường THCS Lê Lợi" in names


def test_move_keeps_the_subtree_whole(tree, alice):
    before = codes_under(tree.le_loi)
    moved = services.move_unit(actor=alice, unit=tree.le_loi, new_parent=tree.cam_ranh, decision=D)
    tree.refresh()
    assert moved.parent == tree.cam_ranh
    assert codes_under(tree.le_loi) == before == {"CDCS-LELOI-VP"}
    assert tree.to_van.path.startswith(tree.le_loi.path)
    assert tree.to_van.path.startswith(tree.cam_ranh.path)
    assert tree.nha_trang.numchild == 1 and tree.cam_ranh.numchild == 2
    assert Unit.objects.visible_to(_role(tree.cam_ranh)).filter(code="CDCS-LELOI-VP").exists()
    old_parent_entry = AuditLog.objects.get(action="org.move", unit=tree.nha_trang)
    assert "Nha Trang" in old_parent_entry.summary


def _role(unit):
    from congdoan.accounts.models import User

    user = User.objects.create_user(f"officer-{unit.code}", password="x")
    Role.objects.create(user=user, unit=unit, role="officer")
    return user


def test_move_into_own_subtree_is_refused(tree, alice):
    with pytest.raises(ValidationError) as error:
        services.move_unit(actor=alice, unit=tree.nha_trang, new_parent=tree.le_loi, decision=D)
    assert error.value.error_dict["new_parent"][0].code in {"cycle", "kind_not_allowed"}
    with pytest.raises(ValidationError) as cycle:
        services.move_unit(actor=None, unit=tree.kh, new_parent=tree.nha_trang, decision=D)
    assert cycle.value.error_dict["new_parent"][0].code == "cycle"
    assert Unit.objects.get(pk=tree.nha_trang.pk).parent == tree.kh


def test_move_into_a_closed_unit_is_refused(tree, alice):
    services.absorb_unit(actor=alice, unit=tree.cam_ranh, into=tree.nha_trang, decision=D)
    with pytest.raises(ValidationError) as error:
        services.move_unit(actor=alice, unit=tree.may, new_parent=tree.cam_ranh, decision=D)
    assert error.value.error_dict["new_parent"][0].code == "closed_unit"
    message = str(error.value.error_dict["new_parent"][0].message)
    assert "Cam Ranh" in message


def test_move_needs_officer_over_both_ends(tree, bob):
    with pytest.raises(PermissionDenied):
        services.move_unit(actor=bob, unit=tree.to_van, new_parent=tree.may, decision=D)


def test_bulk_move_and_province_reassignment(tree, root_user):
    moved = services.move_units(
        actor=root_user,
        units=[tree.nha_trang, tree.cam_ranh],
        new_parent=tree.hn,
        decision=D,
        province=tree.hn.province,
    )
    tree.refresh()
    assert {u.parent_id for u in moved} == {tree.hn.pk}
    assert tree.kh.numchild == 0
    assert set(Unit.objects.subtree(tree.hn).values_list("province__code", flat=True)) == {"01"}
    change = OrgChange.objects.get(kind=ChangeKind.BULK_MOVE)
    assert change.parts.filter(role="subject").count() == 2


def test_bulk_move_refuses_a_unit_inside_another_of_the_selection(tree, root_user):
    with pytest.raises(ValidationError) as error:
        services.move_units(
            actor=root_user,
            units=[tree.nha_trang, tree.le_loi],
            new_parent=tree.cam_ranh,
            decision=D,
        )
    assert error.value.error_dict["units"][0].code == "nested_selection"


def test_absorb_moves_children_and_keeps_history_reachable(tree, alice):
    cam_officer = _role(tree.cam_ranh)
    into = services.absorb_unit(actor=alice, unit=tree.nha_trang, into=tree.cam_ranh, decision=D)
    tree.refresh()
    assert tree.nha_trang.status == UnitStatus.CLOSED
    assert tree.nha_trang.closed_on == date(2025, 7, 1)
    assert tree.nha_trang.successor == into == tree.cam_ranh
    assert tree.le_loi.parent == tree.cam_ranh and tree.may.parent == tree.cam_ranh
    assert tree.to_van.path.startswith(tree.le_loi.path)
    # the closed unit is filed under its successor, so the successor's officers reach it
    assert tree.nha_trang.parent == tree.cam_ranh
    assert Unit.objects.visible_to(cam_officer).filter(pk=tree.nha_trang.pk).exists()
    assert list(tree.cam_ranh.predecessors.all()) == [tree.nha_trang]
    assert Unit.objects.filter(pk=tree.nha_trang.pk).exists()  # nothing deleted


def test_absorb_disables_roles_on_the_closed_unit(tree, alice):
    officer = _role(tree.nha_trang)
    services.absorb_unit(actor=alice, unit=tree.nha_trang, into=tree.cam_ranh, decision=D)
    role = Role.objects.get(user=officer)
    assert role.revoked_at is not None
    officer = type(officer).objects.get(pk=officer.pk)
    assert Unit.objects.visible_to(officer).count() == 0


def test_closed_unit_cannot_be_changed_again(tree, alice):
    services.absorb_unit(actor=alice, unit=tree.may, into=tree.le_loi, decision=D)
    with pytest.raises(ValidationError) as error:
        services.rename_unit(actor=alice, unit=tree.may, name="Khác", decision=D)
    assert error.value.error_dict["unit"][0].code == "closed_unit"


def test_consolidate_founds_a_new_unit_and_closes_the_old_ones(tree, alice):
    result = services.consolidate_units(
        actor=alice,
        units=[tree.le_loi, tree.may],
        parent=tree.nha_trang,
        decision=D,
        spec=services.NewUnit(
            code="CDCS-HOPNHAT",
            name="Công đoàn cơ sở Liên trường",
            kind=UnitKind.objects.get(code="grassroots"),
        ),
    )
    tree.refresh()
    assert result.parent == tree.nha_trang
    assert tree.le_loi.successor == result and tree.may.successor == result
    assert tree.to_van.parent == result  # the group moved to the new union
    assert codes_under(result) == {"CDCS-LELOI", "CDCS-MAY", "CDCS-LELOI-VP"}
    assert set(result.predecessors.values_list("code", flat=True)) == {"CDCS-LELOI", "CDCS-MAY"}


def test_consolidate_needs_two_units(tree, alice):
    with pytest.raises(ValidationError):
        services.consolidate_units(
            actor=alice,
            units=[tree.le_loi],
            parent=tree.nha_trang,
            decision=D,
            spec=services.NewUnit(code="X", name="X", kind=UnitKind.objects.get(code="grassroots")),
        )


def test_split_gives_every_child_to_one_new_unit(tree, alice):
    grassroots = UnitKind.objects.get(code="district")
    parts = [
        services.NewUnit(
            code="LDLD-NT-BAC", name="LĐLĐ Bắc Nha Trang", kind=grassroots, children=[tree.le_loi]
        ),
        services.NewUnit(
            code="LDLD-NT-NAM", name="LĐLĐ Nam Nha Trang", kind=grassroots, children=[tree.may]
        ),
    ]
    created = services.split_unit(actor=alice, unit=tree.nha_trang, parts=parts, decision=D)
    tree.refresh()
    north, south = created
    assert tree.le_loi.parent == north and tree.may.parent == south
    assert north.parent == tree.kh and south.parent == tree.kh
    assert tree.nha_trang.status == UnitStatus.CLOSED
    change = OrgChange.objects.get(kind=ChangeKind.SPLIT)
    assert change.details["into"] == ["LDLD-NT-BAC", "LDLD-NT-NAM"]


def test_split_refuses_a_child_left_behind(tree, alice):
    district = UnitKind.objects.get(code="district")
    parts = [
        services.NewUnit(code="A1", name="A", kind=district, children=[tree.le_loi]),
        services.NewUnit(code="A2", name="B", kind=district),
    ]
    with pytest.raises(ValidationError) as error:
        services.split_unit(actor=alice, unit=tree.nha_trang, parts=parts, decision=D)
    assert error.value.error_dict["parts"][0].code == "children_left"
    assert "Công ty May" in str(error.value.error_dict["parts"][0].message)
    assert not Unit.objects.filter(code__in=["A1", "A2"]).exists()


def test_dissolve_with_children_needs_a_destination(tree, alice):
    with pytest.raises(ValidationError) as error:
        services.dissolve_unit(actor=alice, unit=tree.nha_trang, decision=D)
    assert error.value.error_dict["children_to"][0].code == "has_children"
    closed = services.dissolve_unit(
        actor=alice, unit=tree.nha_trang, decision=D, children_to=tree.kh
    )
    tree.refresh()
    assert closed.status == UnitStatus.CLOSED and closed.successor is None
    assert tree.le_loi.parent == tree.kh and tree.may.parent == tree.kh


def test_grassroots_officer_cannot_dissolve_own_union(tree, bob):
    with pytest.raises(PermissionDenied):
        services.dissolve_unit(actor=bob, unit=tree.le_loi, decision=D, children_to=tree.le_loi)


def test_root_cannot_move_or_dissolve(tree, root_user):
    with pytest.raises(ValidationError):
        services.dissolve_unit(actor=root_user, unit=tree.root, decision=D)


def test_update_with_stale_version_changes_nothing(tree, bob):
    unit = services.update_unit(
        actor=bob, unit=tree.le_loi, version=tree.le_loi.version, workers=50
    )
    assert unit.workers == 50
    with pytest.raises(ConflictError):
        services.update_unit(actor=bob, unit=tree.le_loi, version=tree.le_loi.version, workers=99)
    assert Unit.objects.get(pk=tree.le_loi.pk).workers == 50
    entry = AuditLog.objects.get(action="org.edit")
    assert entry.data == {"before": {"workers": 48}, "after": {"workers": 50}}


def test_update_refuses_the_name(tree, bob):
    with pytest.raises(ValidationError):
        services.update_unit(actor=bob, unit=tree.le_loi, version=1, name="X")


def test_decision_effective_date_defaults_to_decision_date():
    assert DECISION.effective_date == date(2024, 3, 1)


def test_the_2025_reform_commune_union_sits_under_a_province_above_grassroots(tree, alice):
    """District federations close into the commune, ward and special-zone unions formed
    under the province; the grassroots unions move with them and the district is kept."""
    commune = UnitKind.objects.get(code="commune")
    assert commune.level == 3 and commune.name == "Công đoàn xã, phường, đặc khu"
    assert list(commune.allowed_parents.values_list("code", flat=True)) == ["provincial"]
    assert UnitKind.objects.get(code="grassroots").may_sit_under(commune)
    ward = services.found_unit(
        actor=alice,
        parent=tree.kh,
        decision=D,
        spec=services.NewUnit(code="CD-PNT", name="Công đoàn phường Nha Trang", kind=commune),
    )
    with pytest.raises(ValidationError):  # not under a district
        services.found_unit(
            actor=alice,
            parent=tree.cam_ranh,
            decision=D,
            spec=services.NewUnit(code="CD-X", name="Công đoàn xã Cam Lâm", kind=commune),
        )
    services.absorb_unit(actor=alice, unit=tree.nha_trang, into=ward, decision=D)
    tree.refresh()
    assert tree.le_loi.parent == ward and tree.may.parent == ward
    assert tree.nha_trang.status == UnitStatus.CLOSED and tree.nha_trang.successor == ward
