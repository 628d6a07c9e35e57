"""Template context shared by every page: the units the user's roles reach."""

from functools import cache

from .scoping import is_usable


def scope(request) -> dict:
    user = getattr(request, "user", None)
    if not is_usable(user):
        return {}

    def roles():
        return list(user.roles.active().select_related("unit").order_by("unit__path"))

    from congdoan.accounts.services import can_manage_users

    @cache
    def member_only() -> bool:
        """A member's own login: no role, so the officers' menus are hidden."""
        return (
            not user.is_superuser
            and hasattr(user, "member_account")
            and not user.roles.active().exists()
        )

    return {
        "my_roles": roles,
        "can_manage_users": lambda: can_manage_users(user),
        "member_only": member_only,
    }
