"""Contact details a member proposes, and the officer's decision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.models import AuditLog
from congdoan.members.models import Member
from congdoan.portal import services
from congdoan.portal.models import ChangeStatus, ContactChange


def propose(user, **values):
    fields = {"phone": "0905123456", "email": "", "address": "", **values}
    return services.propose_contact_change(user=user, **fields)


def test_a_proposal_waits_and_leaves_the_record_alone(hoa_login, people):
    change = propose(hoa_login, phone="0912 345 678", address=" 12  Lê Lợi,  Nha Trang ")
    assert change.status == ChangeStatus.PENDING
    assert (change.phone, change.address) == ("0912345678", "12 Lê Lợi, Nha Trang")
    assert Member.objects.get(pk=people["hoa"].pk).phone == "0905123456"
    assert AuditLog.objects.get(action="portal.propose").actor == hoa_login


def test_bad_values_are_named_and_nothing_is_saved(hoa_login):
    with pytest.raises(ValidationError) as phone:
        propose(hoa_login, phone="09-abc")
    assert "phone" in phone.value.message_dict
    with pytest.raises(ValidationError) as email:
        propose(hoa_login, email="hoa@")
    assert "email" in email.value.message_dict
    with pytest.raises(ValidationError):
        propose(hoa_login)  # the same as the record
    assert not ContactChange.objects.exists()


def test_a_new_proposal_replaces_the_waiting_one(hoa_login):
    first = propose(hoa_login, phone="0911111111")
    second = propose(hoa_login, phone="0922222222")
    first.refresh_from_db()
    assert first.status == ChangeStatus.WITHDRAWN
    assert list(ContactChange.objects.pending()) == [second]


def test_approving_writes_the_record_with_its_history(hoa_login, bob, people):
    change = propose(hoa_login, phone="0912345678", email="hoa@example.vn")
    services.decide_contact_change(actor=bob, change=change, approve=True)
    hoa = Member.objects.get(pk=people["hoa"].pk)
    assert (hoa.phone, hoa.email) == ("0912345678", "hoa@example.vn")
    assert hoa.history.first().history_user == bob
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.decided_by == bob
    assert AuditLog.objects.filter(action="portal.approve", actor=bob).count() == 1
    with pytest.raises(ValidationError):
        services.decide_contact_change(actor=bob, change=change, approve=False, reason="x")


def test_rejecting_needs_a_reason_and_keeps_the_record(hoa_login, bob, people):
    change = propose(hoa_login, phone="0912345678")
    with pytest.raises(ValidationError) as refused:
        services.decide_contact_change(actor=bob, change=change, approve=False, reason=" ")
    assert "reason" in refused.value.message_dict
    services.decide_contact_change(actor=bob, change=change, approve=False, reason="Sai số")
    assert ContactChange.objects.get().status == ChangeStatus.REJECTED
    assert Member.objects.get(pk=people["hoa"].pk).phone == "0905123456"


def test_a_sibling_union_cannot_decide_and_a_member_cannot_approve_their_own(
    hoa_login, charlie, people
):
    change = propose(hoa_login, phone="0912345678")
    with pytest.raises(PermissionDenied):
        services.decide_contact_change(actor=charlie, change=change, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_contact_change(actor=hoa_login, change=change, approve=True)
    assert ContactChange.objects.get().status == ChangeStatus.PENDING


def test_an_officer_login_cannot_propose(bob):
    with pytest.raises(ValidationError):
        propose(bob)
