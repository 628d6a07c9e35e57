"""Writes on accounts: users, roles, API tokens and the login lockout."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import covers, forget_scope, scope_paths
from congdoan.organizations.models import Unit

from .models import ApiToken, Role, RoleName, User

TOKEN_PREFIX = "cd_"


def can_manage_users(actor) -> bool:
    """Superusers and unit administrators manage accounts (the latter in their subtree)."""
    return bool(
        actor
        and actor.is_authenticated
        and actor.is_active
        and (actor.is_superuser or scope_paths(actor, RoleName.ADMIN))
    )


def _require_admin_over(actor, unit: Unit) -> None:
    if actor is None or actor.is_superuser:
        return
    if not covers(actor, unit.path, RoleName.ADMIN):
        raise PermissionDenied(
            _("You can manage roles only on units inside the units you administer.")
        )


@transaction.atomic
def create_user(
    *,
    actor,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    unit: Unit | None = None,
    role: str | None = None,
) -> tuple[User, str]:
    """Create an account; unit administrators must give it a role in their subtree.

    Returns the user and the password (generated when none was given).
    """
    if actor is not None and not actor.is_superuser:
        if unit is None or role is None:
            raise invalid(
                "unit", _("Give the new account a role on one of your units."), "role_required"
            )
        _require_admin_over(actor, unit)
    username = (username or "").strip()
    if not username:
        raise invalid("username", _("The user name is required."), "required")
    if User.objects.filter(username__iexact=username).exists():
        raise invalid(
            "username", _("The user name %(name)s is taken.") % {"name": username}, "username_taken"
        )
    generated = not password
    password = password or secrets.token_urlsafe(12)
    user = User(
        username=username, full_name=full_name.strip(), email=email.strip(), phone=phone.strip()
    )
    if not generated:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise invalid("password", exc.messages, "weak_password") from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(
        actor=actor,
        action="accounts.create_user",
        unit=unit,
        obj=user,
        summary=_("Created the account %(name)s") % {"name": username},
    )
    if unit is not None and role is not None:
        grant_role(actor=actor, user=user, unit=unit, role=role)
    return user, password


@transaction.atomic
def grant_role(*, actor, user: User, unit: Unit, role: str) -> Role:
    """Give ``user`` a role on ``unit`` (reaching its whole subtree)."""
    if role not in RoleName.values:
        raise invalid("role", _("Unknown role %(role)s.") % {"role": role}, "invalid_role")
    _require_admin_over(actor, unit)
    if not unit.is_active:
        raise invalid("unit", _("%(unit)s is closed.") % {"unit": unit.name}, "closed_unit")
    if Role.objects.active().filter(user=user, unit=unit, role=role).exists():
        raise invalid(
            "role", _("This user already holds this role on this unit."), "duplicate_role"
        )
    granted = Role.objects.create(
        user=user, unit=unit, role=role, granted_by=actor if getattr(actor, "pk", None) else None
    )
    forget_scope(user)
    record(
        actor=actor,
        action="accounts.grant_role",
        unit=unit,
        obj=granted,
        summary=_("Gave %(user)s the %(role)s role on %(unit)s")
        % {"user": user.username, "role": granted.get_role_display(), "unit": unit.name},
    )
    return granted


@transaction.atomic
def revoke_role(*, actor, role: Role) -> Role:
    """End a role; the row stays as history."""
    _require_admin_over(actor, role.unit)
    if role.revoked_at is not None:
        return role
    role.revoked_at = timezone.now()
    role.revoked_by = actor if getattr(actor, "pk", None) else None
    role.save(update_fields=["revoked_at", "revoked_by"])
    forget_scope(role.user)
    record(
        actor=actor,
        action="accounts.revoke_role",
        unit=role.unit,
        obj=role,
        summary=_("Ended %(user)s's %(role)s role on %(unit)s")
        % {"user": role.user.username, "role": role.get_role_display(), "unit": role.unit.name},
    )
    return role


@transaction.atomic
def create_token(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new personal API token; the key is returned once and never stored."""
    name = (name or "").strip() or _("API token")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:10],
        digest=ApiToken.digest_of(key),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    record(
        actor=user,
        action="accounts.create_token",
        obj=token,
        summary=_("Created the API token %(name)s") % {"name": token.name},
    )
    return token, key


@transaction.atomic
def revoke_token(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied(_("This token belongs to someone else."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_token(key: str) -> User | None:
    """The active user owning a usable token, or ``None``."""
    if not key or not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(digest=ApiToken.digest_of(key))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def register_failed_login(user: User) -> None:
    """Count a wrong password; lock the account after too many in a row."""
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
        user.locked_until = until
        record(
            actor=None,
            action="accounts.locked",
            obj=user,
            summary=_("Locked %(user)s after repeated wrong passwords") % {"user": user.username},
        )


def register_successful_login(user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
