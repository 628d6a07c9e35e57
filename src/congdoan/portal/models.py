"""A member's own login: the invitation that creates it, the link from the login to the
member's record, and the contact changes the member proposes for an officer to approve."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congdoan.core.scoping import ScopedQuerySet


def digest(code: str) -> str:
    """What is kept of an invitation code: its hash (the code is shown once)."""
    return hashlib.sha256(code.encode()).hexdigest()


class MemberAccount(models.Model):
    """The login through which one member sees their own record, and nothing else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="member_account",
        verbose_name=_("login"),
    )
    member = models.OneToOneField(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="account",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member's login")
        verbose_name_plural = _("members' logins")
        ordering = ["member"]

    def __str__(self) -> str:
        return f"{self.user.username} → {self.member}"


class InvitationQuerySet(ScopedQuerySet):
    scope_path = "member__unit_path"

    def open(self) -> InvitationQuerySet:
        """Neither used, cancelled nor expired."""
        return self.filter(
            used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A one-time code a union gives a member to create their login; only its hash is
    kept, and a new invitation cancels the member's earlier ones."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="invitations"
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member} ({self.created_at:%d/%m/%Y})"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("replaced by a newer proposal")


class ContactChangeQuerySet(ScopedQuerySet):
    scope_path = "member__unit_path"

    def pending(self) -> ContactChangeQuerySet:
        """Waiting for an officer."""
        return self.filter(status=ChangeStatus.PENDING)


class ContactChange(models.Model):
    """New phone, email and address a member proposes; an officer of the member's union
    approves (the record changes, with its history) or rejects it with a reason."""

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="contact_changes",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    objects = ContactChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact change")
        verbose_name_plural = _("contact changes")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="contactchange_one_pending_per_member",
                violation_error_message=_("This member already has a proposal waiting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_status_display()})"

    def changes(self) -> list[tuple[str, str, str]]:
        """``(label, now, proposed)`` for each field the proposal changes."""
        rows = []
        for name in ("phone", "email", "address"):
            now, proposed = getattr(self.member, name), getattr(self, name)
            if now != proposed:
                rows.append((str(self._meta.get_field(name).verbose_name), now, proposed))
        return rows
