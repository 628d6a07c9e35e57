"""Template context shared by every page: the units the user's roles reach."""

from functools import cache

from .scoping import active_roles, is_usable


def scope(request) -> dict:
    user = getattr(request, "user", None)
    if not is_usable(user):
        return {}

    def roles():
        return active_roles(user)

    from congdoan.accounts.services import can_manage_users

    @cache
    def member_only() -> bool:
        """A member's own login: no role, so the officers' menus are hidden."""
        # the roles are read already: an officer's page asks for no member account
        return not user.is_superuser and not active_roles(user) and hasattr(user, "member_account")

    return {
        "my_roles": roles,
        "can_manage_users": lambda: can_manage_users(user),
        "member_only": member_only,
    }
