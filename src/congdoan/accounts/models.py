"""Users, their roles on units, and personal API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congdoan.core.scoping import ScopedQuerySet, is_usable, scope_condition


class UserQuerySet(models.QuerySet):
    def visible_to(self, user, role: str = "admin") -> UserQuerySet:
        """Users holding an active role inside the subtrees ``user`` administers."""
        if not is_usable(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        holders = (
            Role.objects.active()
            .filter(scope_condition(user, "unit__path", role))
            .values("user_id")
        )
        return self.filter(Q(pk=user.pk) | Q(pk__in=holders))


class CongdoanUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in: an officer at some level, an operator, later a member."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    failed_logins = models.PositiveSmallIntegerField(_("failed logins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    objects = CongdoanUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login", "failed_logins"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())


class RoleName(models.TextChoices):
    """What a role allows, weakest first; each includes what the weaker ones allow."""

    VIEWER = "viewer", _("viewer")
    # keeps the union's dues sheets and sees its members' salaries: no other officer's work
    TREASURER = "treasurer", _("treasurer")
    OFFICER = "officer", _("officer")
    APPROVER = "approver", _("approver")
    ADMIN = "admin", _("unit administrator")

    @classmethod
    def at_least(cls, role: str) -> list[str]:
        """Role values at least as strong as ``role``."""
        values = list(cls.values)
        return values[values.index(role) :]


class RoleQuerySet(ScopedQuerySet):
    scope_path = "unit__path"

    def active(self) -> RoleQuerySet:
        """Roles not revoked."""
        return self.filter(revoked_at__isnull=True)


class Role(models.Model):
    """A user's role on a unit; it reaches the unit's whole subtree."""

    Name = RoleName

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles"
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=RoleName.choices)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = models.Manager.from_queryset(RoleQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["unit__path", "user__username", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(revoked_at__isnull=True),
                name="role_unique_active",
                violation_error_message=_("This user already holds this role on this unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        """Tokens neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = models.Manager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
