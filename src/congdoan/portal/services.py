"""Every write of the members' own pages: invitations, logins, proposed contact changes.

An officer of the member's union invites; the member turns the one-time code into a
login that reaches their own record only (no role on any unit); the member proposes new
contact details and an officer approves them into the record or rejects them.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.accounts.models import User
from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.members.models import Member, MemberStatus
from congdoan.members.services import update_member

from .models import ChangeStatus, ContactChange, Invitation, MemberAccount, digest

INVITATION_DAYS = 14
# Letters and digits that cannot be mistaken for one another when read aloud or typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A code as typed (lower case, spaces, dashes) in its stored form."""
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def show_code(code: str) -> str:
    """A code in groups of four, for reading aloud and typing: ``ABCD-EFGH-JKLM``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def invite_member(*, actor, member: Member) -> tuple[Invitation, str]:
    """A one-time code for ``member`` to create a login; earlier open codes stop working.

    Returns the invitation and the code, which is not kept and cannot be shown again.
    """
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    require_role(actor, member.unit)
    if member.status != MemberStatus.ACTIVE:
        raise invalid("member", _("Only an active member can be invited."), "not_active")
    if MemberAccount.objects.filter(member=member).exists():
        raise invalid("member", _("%(name)s already has a login.") % {"name": member}, "exists")
    now = timezone.now()
    Invitation.objects.open().filter(member=member).update(cancelled_at=now)
    code = new_code()
    invitation = Invitation.objects.create(
        member=member,
        code_hash=digest(code),
        created_by=actor if getattr(actor, "pk", None) else None,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    record(
        actor=actor,
        action="portal.invite",
        unit=member.unit,
        obj=member,
        summary=_("Invited %(name)s to create a login") % {"name": member.full_name},
    )
    return invitation, code


def open_invitation(code: str) -> Invitation | None:
    """The open invitation behind ``code``, if the member can still use it."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return (
        Invitation.objects.open()
        .select_related("member__unit")
        .filter(code_hash=digest(code), member__status=MemberStatus.ACTIVE)
        .exclude(member__account__isnull=False)
        .first()
    )


@transaction.atomic
def accept_invitation(*, code: str, username: str, password: str) -> User:
    """Create the member's login from their invitation code; the code is then used up."""
    invitation = open_invitation(code)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation is None or invitation.used_at or invitation.cancelled_at:
        raise invalid(
            "code",
            _("This invitation code is not valid, was already used or has expired."),
            "bad_code",
        )
    member = invitation.member
    username = (username or "").strip()
    if not re.fullmatch(r"[\w.@+-]{3,150}", username):
        raise invalid(
            "username",
            _("Choose a login name of at least 3 letters or digits (also . @ + - _)."),
            "invalid",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise invalid("username", _("This login name is taken; choose another."), "taken")
    user = User(username=username, full_name=member.full_name, email=member.email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise invalid("password", " ".join(exc.messages), "weak") from exc
    user.set_password(password)
    user.save()
    MemberAccount.objects.create(user=user, member=member)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(
        actor=user,
        action="portal.account",
        unit=member.unit,
        obj=member,
        summary=_("%(name)s created their login") % {"name": member.full_name},
    )
    return user


def member_of(user) -> Member | None:
    """The member record a login belongs to, if it is a member's login."""
    if not getattr(user, "is_authenticated", False):
        return None
    account = MemberAccount.objects.select_related("member__unit").filter(user=user).first()
    return account.member if account else None


def _clean_contact(phone: str, email: str, address: str) -> dict[str, str]:
    phone = "".join((phone or "").split()).replace(".", "")
    if phone and not _PHONE.match(phone):
        raise invalid(
            "phone", _("The phone number %(phone)s is not valid.") % {"phone": phone}, "invalid"
        )
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise invalid("email", _("The email address is not valid."), "invalid") from exc
    address = " ".join((address or "").split())
    if len(address) > 255:
        raise invalid("address", _("The address is too long (255 characters at most)."), "too_long")
    return {"phone": phone, "email": email, "address": address}


@transaction.atomic
def propose_contact_change(*, user, phone: str, email: str, address: str) -> ContactChange:
    """The member asks for new contact details; an earlier waiting proposal is replaced."""
    member = member_of(user)
    if member is None:
        raise invalid(None, _("This login does not belong to a member."), "not_member")
    values = _clean_contact(phone, email, address)
    if all(getattr(member, name) == value for name, value in values.items()):
        raise invalid(None, _("Nothing differs from your record."), "unchanged")
    ContactChange.objects.select_for_update().filter(
        member=member, status=ChangeStatus.PENDING
    ).update(status=ChangeStatus.WITHDRAWN, decided_at=timezone.now())
    change = ContactChange.objects.create(member=member, proposed_by=user, **values)
    record(
        actor=user,
        action="portal.propose",
        unit=member.unit,
        obj=change,
        summary=_("%(name)s proposed new contact details") % {"name": member.full_name},
    )
    return change


@transaction.atomic
def decide_contact_change(
    *, actor, change: ContactChange, approve: bool, reason: str = ""
) -> ContactChange:
    """Approve a proposal into the member's record (with its history), or reject it."""
    change = (
        ContactChange.objects.select_for_update().select_related("member__unit").get(pk=change.pk)
    )
    member = change.member
    require_role(actor, member.unit)
    if change.status != ChangeStatus.PENDING:
        raise invalid(None, _("This proposal was already decided."), "decided")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise invalid("reason", _("Give the reason for rejecting."), "required")
    if approve:
        values = {name: getattr(change, name) for name in ("phone", "email", "address")}
        update_member(actor=actor, member=member, version=member.version, **values)
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.decided_by, change.decided_at, change.reason = actor, timezone.now(), reason
    change.save()
    record(
        actor=actor,
        action="portal.approve" if approve else "portal.reject",
        unit=member.unit,
        obj=change,
        summary=(
            _("Approved the contact details proposed by %(name)s")
            if approve
            else _("Rejected the contact details proposed by %(name)s")
        )
        % {"name": member.full_name},
    )
    return change
