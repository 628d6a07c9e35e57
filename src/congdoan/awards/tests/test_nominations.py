"""Nominations: every eligibility rule refuses with its reason; a share cap is counted
across a unit's nominations; the dossier's journey up three levels and back; every
transition allowed and refused by role, scope and state."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.awards import services, workflow
from congdoan.awards.models import Discipline, DossierState, Grant
from congdoan.core.models import AuditLog
from congdoan.emulation.models import Registration

from .conftest import admit


def register(award, year, member=None, unit=None):
    return Registration.objects.create(
        award=award, year=year, member=member, unit=unit or member.unit
    )


def nominate(actor, origin, award, year=2026, **nominee):
    return services.nominate(
        actor=actor,
        origin=origin,
        year=year,
        award=award,
        achievements="Hoàn thành xuất sắc",
        **nominee,
    )


def refused(code, call):
    with pytest.raises(ValidationError) as error:
        call()
    found = error.value.error_dict if hasattr(error.value, "error_dict") else None
    codes = [e.code for errors in (found or {}).values() for e in errors] or [error.value.code]
    assert code in codes, codes
    return " ".join(error.value.messages)


def test_each_condition_refuses_with_its_reason(tree, people, bob, award):
    hoa, ldtt = people["hoa"], award("ldtt")
    message = refused("not_registered", lambda: nominate(bob, tree.le_loi, ldtt, member=hoa))
    assert "đăng ký" in message or "register" in message
    register(ldtt, 2026, member=hoa)
    hoa.joined_on = date(2026, 4, 1)  # nine months in the union in 2026
    hoa.save()
    refused("min_months", lambda: nominate(bob, tree.le_loi, ldtt, member=hoa))
    hoa.joined_on = date(2020, 1, 1)
    hoa.save()
    Discipline.objects.create(member=hoa, year=2026, level="Khiển trách", decision="5/QĐ")
    refused("discipline", lambda: nominate(bob, tree.le_loi, ldtt, member=hoa))
    Discipline.objects.all().delete()
    refused("recipient", lambda: nominate(bob, tree.le_loi, ldtt, unit=tree.le_loi))
    nomination = nominate(bob, tree.le_loi, ldtt, member=hoa)
    assert nomination.dossier.state == DossierState.DRAFT
    assert nomination.dossier.holder == tree.le_loi
    refused("duplicate", lambda: nominate(bob, tree.le_loi, ldtt, member=hoa))
    assert AuditLog.objects.filter(action="awards.nominate").count() == 1


def test_a_title_needs_its_prerequisite_for_consecutive_years(tree, people, dana, award):
    cap = award("co-tld")  # needs Tập thể lao động xuất sắc two years in a row
    register(cap, 2026, unit=tree.le_loi)
    Grant.objects.create(award=award("ttldxs"), year=2026, unit=tree.le_loi)
    message = refused("prerequisite", lambda: nominate(dana, tree.kh, cap, unit=tree.le_loi))
    assert "2025" in message
    Grant.objects.create(award=award("ttldxs"), year=2025, unit=tree.le_loi)
    assert nominate(dana, tree.kh, cap, unit=tree.le_loi).nominee == tree.le_loi


def test_a_share_cap_is_counted_across_the_units_nominations(tree, people, bob, award):
    ldtt, cstd = award("ldtt"), award("cstdcs")
    members = [people["hoa"], people["an"], admit(tree.le_loi, "Phạm Văn Sáu", "male")]
    members += [admit(tree.le_loi, f"Nguyễn Văn {n}", "male") for n in ("Bảy", "Tám", "Chín")]
    members += [admit(tree.le_loi, f"Trần Thị {n}", "female") for n in ("Mười", "Một", "Hai")]
    for person in members[:7]:
        person.joined_on = date(2020, 1, 1)
        person.save()
        register(ldtt, 2026, member=person)
        register(cstd, 2026, member=person)
        nominate(bob, tree.le_loi, ldtt, member=person)
    # 15 % of 7 nominees for Lao động tiên tiến: one Chiến sĩ thi đua cơ sở
    nominate(bob, tree.le_loi, cstd, member=members[0])
    message = refused("share_cap", lambda: nominate(bob, tree.le_loi, cstd, member=members[1]))
    assert "15%" in message and "(1)" in message
    # and a CSTĐCS needs LĐTT the same year
    register(cstd, 2026, member=members[7])
    members[7].joined_on = date(2020, 1, 1)
    members[7].save()
    refused("prerequisite", lambda: nominate(bob, tree.le_loi, cstd, member=members[7]))


@pytest.fixture
def proposal(tree, people, bob, award):
    ldtt = award("bk-ldld")  # Bằng khen of the province: decided at level 2
    return nominate(bob, tree.le_loi, ldtt, member=people["hoa"])


def test_a_nomination_travels_up_three_levels_and_back(tree, proposal, bob, erin, dana):
    dossier = services.transition(actor=bob, nomination=proposal, to="submitted")
    assert dossier.holder == tree.nha_trang
    with pytest.raises(ValidationError):  # the district is below the granting level
        services.transition(actor=erin, nomination=proposal, to="approved")
    dossier = services.transition(actor=erin, nomination=proposal, to="submitted")
    assert dossier.holder == tree.kh  # forwarded
    message = refused(
        "reason_required",
        lambda: services.transition(actor=dana, nomination=proposal, to="returned"),
    )
    assert message
    dossier = services.transition(
        actor=dana, nomination=proposal, to="returned", reason="Bổ sung thành tích"
    )
    assert dossier.holder == tree.nha_trang  # back to the unit that sent it
    dossier = services.transition(actor=erin, nomination=proposal, to="submitted")
    dossier = services.transition(actor=dana, nomination=proposal, to="approved")
    assert (dossier.state, dossier.holder) == (DossierState.APPROVED, tree.kh)
    steps = list(dossier.steps.values_list("action", "from_unit__code", "to_unit__code"))
    assert steps == [
        ("submit", "CDCS-LELOI", "LDLD-NT"),
        ("forward", "LDLD-NT", "LDLD-KH"),
        ("send-back", "LDLD-KH", "LDLD-NT"),
        ("submit", "LDLD-NT", "LDLD-KH"),
        ("approve", "LDLD-KH", "LDLD-KH"),
    ]
    assert dossier.steps.get(action="send-back").reason == "Bổ sung thành tích"
    assert AuditLog.objects.filter(action__startswith="nomination.").count() == 5


def test_transitions_are_refused_by_role_scope_and_state(tree, proposal, bob, charlie, erin):
    with pytest.raises(PermissionDenied):  # a sibling union cannot move it
        services.transition(actor=charlie, nomination=proposal, to="submitted")
    with pytest.raises(ValidationError):  # not submitted yet: nothing to approve
        services.transition(actor=erin, nomination=proposal, to="approved")
    services.transition(actor=bob, nomination=proposal, to="submitted")
    with pytest.raises(ValidationError):  # once submitted it cannot be withdrawn
        services.transition(actor=bob, nomination=proposal, to="withdrawn")
    with pytest.raises(PermissionDenied):  # the sender no longer holds it
        services.transition(actor=bob, nomination=proposal, to="returned", reason="x")
    with pytest.raises(PermissionDenied):  # an officer of the union below cannot decide
        services.transition(actor=bob, nomination=proposal, to="rejected", reason="x")
    services.transition(actor=erin, nomination=proposal, to="rejected", reason="Chưa đủ tiêu chuẩn")
    with pytest.raises(ValidationError):  # rejected is final
        services.transition(actor=erin, nomination=proposal, to="submitted")


def test_waiting_for_me_lists_what_each_officer_holds(tree, proposal, bob, erin, dana):
    assert [d.nomination for d in workflow.waiting_for(bob)] == [proposal]
    assert not workflow.waiting_for(erin).exists()
    services.transition(actor=bob, nomination=proposal, to="submitted")
    assert not workflow.waiting_for(bob).exists()
    assert [d.nomination for d in workflow.waiting_for(erin)] == [proposal]
    assert not workflow.waiting_for(dana).exists()  # the province: not yet


def test_a_unit_decides_its_own_award_without_sending_it_up(tree, people, bob, award):
    from congdoan.accounts.models import Role

    Role.objects.filter(user=bob).update(role="approver")
    own = nominate(bob, tree.le_loi, award("gk-cdcs"), member=people["hoa"])
    dossier = services.transition(actor=bob, nomination=own, to="approved")
    assert (dossier.state, dossier.holder) == (DossierState.APPROVED, tree.le_loi)
    bigger = nominate(bob, tree.le_loi, award("gk-ctcs"), member=people["hoa"])
    with pytest.raises(ValidationError):  # granted by the level above: sent up first
        services.transition(actor=bob, nomination=bigger, to="approved")


def test_a_blocks_proposal_goes_from_its_leader_to_its_organiser(
    tree, people, alice, charlie, dana, bob, award
):
    from congdoan.emulation import services as emulation

    block = emulation.create_block(
        actor=alice,
        organiser=tree.kh,
        name="Khối 1",
        decision_number="1/QĐ",
        decision_date=date(2026, 1, 5),
        units=[tree.le_loi, tree.may, tree.cang],
    )
    emulation.set_term(actor=alice, block=block, year=2026, leader=tree.may)
    flag = award("bk-ldld-tt")  # Bằng khen of the province, for a unit
    with pytest.raises(PermissionDenied):  # a member that does not lead the block
        services.propose_from_block(
            actor=bob, block=block, year=2026, award=flag, unit=tree.le_loi, achievements="x"
        )
    refused(
        "not_member",
        lambda: services.propose_from_block(
            actor=charlie,
            block=block,
            year=2026,
            award=flag,
            unit=tree.hn_school,
            achievements="x",
        ),
    )
    proposal = services.propose_from_block(
        actor=charlie,
        block=block,
        year=2026,
        award=flag,
        unit=tree.le_loi,
        achievements="Dẫn đầu khối năm 2026",
    )
    assert (proposal.unit, proposal.block, proposal.nominee) == (tree.may, block, tree.le_loi)
    dossier = services.transition(actor=charlie, nomination=proposal, to="submitted")
    assert dossier.holder == tree.kh  # the organiser, not May's district
    dossier = services.transition(actor=dana, nomination=proposal, to="approved")
    assert dossier.state == DossierState.APPROVED
