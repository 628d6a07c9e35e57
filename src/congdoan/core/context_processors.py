"""Template context shared by every page: the units the user's roles reach."""

from .scoping import is_usable


def scope(request) -> dict:
    user = getattr(request, "user", None)
    if not is_usable(user):
        return {}

    def roles():
        return list(user.roles.active().select_related("unit").order_by("unit__path"))

    return {"my_roles": roles}
