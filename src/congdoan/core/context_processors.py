"""Template context shared by every page: the units the user's roles reach."""

from .scoping import is_usable


def scope(request) -> dict:
    user = getattr(request, "user", None)
    if not is_usable(user):
        return {}

    def roles():
        return list(user.roles.active().select_related("unit").order_by("unit__path"))

    from congdoan.accounts.services import can_manage_users

    return {"my_roles": roles, "can_manage_users": lambda: can_manage_users(user)}
