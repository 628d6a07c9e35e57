"""Inviting a member and turning the one-time code into the member's own login."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from congdoan.core.models import AuditLog
from congdoan.members import services as members
from congdoan.members.models import Member
from congdoan.portal import services
from congdoan.portal.models import Invitation, MemberAccount, digest

from .conftest import MEMBER_PASSWORD


def test_an_invitation_keeps_only_the_hash_of_its_code(people, bob):
    invitation, code = services.invite_member(actor=bob, member=people["hoa"])
    assert len(code) == services.CODE_LENGTH and set(code) <= set(services.CODE_ALPHABET)
    assert invitation.code_hash == digest(code) and code not in invitation.code_hash
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    entry = AuditLog.objects.get(action="portal.invite")
    assert entry.actor == bob and entry.object_id == str(people["hoa"].pk)


def test_the_code_makes_a_login_that_holds_no_role(people, bob):
    _invitation, code = services.invite_member(actor=bob, member=people["hoa"])
    typed = services.show_code(code).lower().replace("-", " - ")  # as a person might type it
    user = services.accept_invitation(code=typed, username="hoa.nguyen", password=MEMBER_PASSWORD)
    assert user.check_password(MEMBER_PASSWORD) and user.full_name == "Nguyễn Thị Hoa"
    assert not user.roles.exists() and not user.is_staff
    assert MemberAccount.objects.get(user=user).member == people["hoa"]
    assert Invitation.objects.get().used_at is not None
    assert AuditLog.objects.filter(action="portal.account", actor=user).count() == 1


def test_a_code_works_once(people, bob):
    _invitation, code = services.invite_member(actor=bob, member=people["hoa"])
    services.accept_invitation(code=code, username="hoa1", password=MEMBER_PASSWORD)
    with pytest.raises(ValidationError) as refused:
        services.accept_invitation(code=code, username="hoa2", password=MEMBER_PASSWORD)
    assert refused.value.message_dict["code"]
    assert MemberAccount.objects.count() == 1


def test_a_new_invitation_cancels_the_earlier_code(people, bob):
    _first, old = services.invite_member(actor=bob, member=people["hoa"])
    _second, new = services.invite_member(actor=bob, member=people["hoa"])
    assert services.open_invitation(old) is None
    assert services.open_invitation(new) is not None


def test_an_expired_or_made_up_code_is_refused(people, bob):
    invitation, code = services.invite_member(actor=bob, member=people["hoa"])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    for attempt in (code, "ABCD-EFGH-JKLM", ""):
        with pytest.raises(ValidationError) as refused:
            services.accept_invitation(code=attempt, username="hoa", password=MEMBER_PASSWORD)
        assert "không hợp lệ" in refused.value.message_dict["code"][0]
    assert not MemberAccount.objects.exists()


def test_a_weak_password_or_a_taken_name_changes_nothing(people, bob):
    _invitation, code = services.invite_member(actor=bob, member=people["hoa"])
    with pytest.raises(ValidationError) as weak:
        services.accept_invitation(code=code, username="hoa", password="123")
    assert "password" in weak.value.message_dict
    with pytest.raises(ValidationError) as taken:
        services.accept_invitation(code=code, username="BOB", password=MEMBER_PASSWORD)
    assert "username" in taken.value.message_dict
    assert not MemberAccount.objects.exists() and services.open_invitation(code) is not None


def test_only_the_members_union_invites_and_only_active_members(people, bob, charlie):
    with pytest.raises(PermissionDenied):
        services.invite_member(actor=charlie, member=people["hoa"])
    binh = members.record_leaving(actor=bob, member=people["binh"], reason="Nghỉ việc")
    with pytest.raises(ValidationError):
        services.invite_member(actor=bob, member=binh)
    assert not Invitation.objects.exists()


def test_a_member_with_a_login_is_not_invited_again(hoa_login, bob, people):
    with pytest.raises(ValidationError):
        services.invite_member(actor=bob, member=Member.objects.get(pk=people["hoa"].pk))
