"""The access-scope mechanism: the one way unit-owned rows are read for a user.

A user holds roles on units (``accounts.Role``); a role on a unit reaches the unit's
whole subtree. Units live in a materialised-path tree, so "everything under the units
where this user is at least an officer" is a handful of ``path LIKE 'prefix%'`` ranges
on an indexed column, whatever the size of the tree.

Every unit-owned model's queryset derives from ``ScopedQuerySet`` and names the path of
its owning unit in ``scope_path``; pages and the API read through ``visible_to()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from congdoan.accounts.models import User

_CACHE_ATTR = "_congdoan_scope_paths"


def minimal_paths(paths: list[str]) -> list[str]:
    """Drop paths lying under another path of the list: the outer one covers them."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def active_roles(user: User) -> list:
    """The user's roles not revoked, with their units, in tree order: read once per
    user object (a request's user), whatever the number of checks and menus."""
    from congdoan.accounts.models import Role

    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        roles = Role.objects.active().filter(user=user).select_related("unit")
        cache = {"roles": list(roles.order_by("unit__path"))}
        setattr(user, _CACHE_ATTR, cache)
    return cache["roles"]


def scope_paths(user: User, role: str = "viewer") -> list[str]:
    """Tree paths of the units where ``user`` holds ``role`` or a stronger one."""
    from congdoan.accounts.models import Role

    roles = active_roles(user)
    cache = getattr(user, _CACHE_ATTR)
    if role not in cache:
        strong = set(Role.Name.at_least(role))
        cache[role] = minimal_paths([r.unit.path for r in roles if r.role in strong])
    return cache[role]


def role_units(user, role: str = "viewer"):
    """The open units where ``user`` itself holds ``role`` or a stronger one — not the
    units under them. Acting *as* a unit (proposing, deciding, opening a period, what
    waits for it) is that unit's own act; reading reaches the subtree (``visible_to``)."""
    from congdoan.accounts.models import Role
    from congdoan.organizations.models import Unit

    roles = Role.objects.active().filter(user=user, role__in=Role.Name.at_least(role))
    return Unit.objects.filter(pk__in=roles.values("unit")).exclude(status="closed")


def forget_scope(user: User) -> None:
    """Drop the cached scope after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_usable(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def covers(user, path: str, role: str = "viewer") -> bool:
    """Whether ``user`` reaches the unit at ``path`` with at least ``role``."""
    if not is_usable(user):
        return False
    if user.is_superuser:
        return True
    return any(path.startswith(prefix) for prefix in scope_paths(user, role))


def scope_condition(user, path_field: str, role: str = "viewer") -> Q | None:
    """``Q`` on ``path_field`` for the subtrees ``user`` reaches with ``role``; ``None``
    when the user reaches everything (superuser). An empty scope gives a condition no
    row meets."""
    if user.is_superuser:
        return None
    paths = scope_paths(user, role)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for prefix in paths:
        condition |= Q(**{f"{path_field}__startswith": prefix})
    return condition


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to units; ``scope_path`` names the unit's path."""

    scope_path = "unit__path"

    def visible_to(self, user, role: str = "viewer") -> ScopedQuerySet:
        """Rows inside the subtrees where ``user`` holds ``role`` or a stronger one."""
        if not is_usable(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = Q(pk__in=[])  # no role: no row
        for prefix in scope_paths(user, role):
            condition |= self.under(prefix)
        return self.filter(condition)

    def under(self, prefix: str) -> Q:
        """The rows of the unit at tree path ``prefix`` and of every unit under it."""
        return Q(**{f"{self.scope_path}__startswith": prefix})


def require_role(user, unit, role: str = "officer") -> None:
    """Raise ``PermissionDenied`` unless ``user`` (``None`` = the system) holds ``role``
    over ``unit``."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if user is None or covers(user, unit.path, role):
        return
    raise PermissionDenied(
        _("You have no %(role)s role over %(unit)s.") % {"role": _(role), "unit": unit.name}
    )
