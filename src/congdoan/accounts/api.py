"""``/api/v1/me``, ``/api/v1/users`` and ``/api/v1/roles``."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible
from congdoan.organizations.models import Unit

from . import services
from .models import Role, RoleName, User

router = Router(tags=["accounts"])


class RoleOut(Schema):
    id: int
    user: Id = Field(alias="user_id")
    username: str = Field(alias="user.username")
    unit: Id = Field(alias="unit_id")
    unit_name: str = Field(alias="unit.name")
    role: str
    granted_at: datetime
    revoked_at: datetime | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    is_superuser: bool
    roles: list[RoleOut]


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    phone: str
    is_active: bool
    is_superuser: bool
    last_login: datetime | None


class UserIn(Schema):
    username: str = Field(max_length=150)
    password: str | None = Field(None, max_length=128)
    full_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=20)
    unit: Id | None = None
    role: RoleName | None = None


class UserCreatedOut(UserOut):
    password: str | None = None


class RoleIn(Schema):
    user: Id
    unit: Id
    role: RoleName


def _active_roles(user):
    return user.roles.active().select_related("unit", "user").order_by("unit__path")


@router.get("/me", response=MeOut, tags=["accounts"], summary="The caller and their roles")
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "is_superuser": user.is_superuser,
        "roles": list(_active_roles(user)),
    }


def _require_manager(request) -> None:
    if not services.can_manage_users(request.user):
        raise PermissionDenied(_("Only administrators manage accounts."))


@router.get("/users", response={200: list[UserOut], **ERRORS}, summary="Accounts you manage")
@paginate(LimitOffset)
def list_users(request, q: str | None = None):
    _require_manager(request)
    users = User.objects.visible_to(request.user).order_by("username")
    if q:
        users = users.filter(username__icontains=q) | users.filter(full_name__icontains=q)
    return users


@router.post(
    "/users",
    response={201: UserCreatedOut, **ERRORS},
    summary="Create an account (with a first role for unit administrators)",
)
def create_user(request, payload: UserIn):
    _require_manager(request)
    unit = get_visible(Unit.objects.all(), request.user, payload.unit) if payload.unit else None
    user, password = services.create_user(
        actor=request.user,
        username=payload.username,
        password=payload.password,
        full_name=payload.full_name,
        email=payload.email,
        phone=payload.phone,
        unit=unit,
        role=payload.role.value if payload.role else None,
    )
    out = UserCreatedOut.from_orm(user).dict()
    out["password"] = None if payload.password else password
    return Status(201, out)


@router.get("/users/{int:user_id}", response={200: UserOut, **ERRORS}, summary="One account")
def get_user(request, user_id: Id):
    _require_manager(request)
    return get_visible(User.objects, request.user, user_id, "admin")


@router.get(
    "/roles", response={200: list[RoleOut], **ERRORS}, summary="Roles on units in your scope"
)
@paginate(LimitOffset)
def list_roles(
    request, unit: Id | None = None, user: Id | None = None, include_revoked: bool = False
):
    roles = Role.objects.visible_to(request.user).select_related("unit", "user")
    if not include_revoked:
        roles = roles.active()
    if unit is not None:
        roles = roles.filter(unit_id=unit)
    if user is not None:
        roles = roles.filter(user_id=user)
    return roles


@router.post("/roles", response={201: RoleOut, **ERRORS}, summary="Give a role on a unit")
def create_role(request, payload: RoleIn):
    _require_manager(request)
    unit = get_visible(Unit.objects.all(), request.user, payload.unit)
    user = get_visible(User.objects, request.user, payload.user, "admin")
    role = services.grant_role(actor=request.user, user=user, unit=unit, role=payload.role.value)
    return Status(201, role)


@router.delete("/roles/{int:role_id}", response={200: RoleOut, **ERRORS}, summary="End a role")
def delete_role(request, role_id: Id):
    _require_manager(request)
    role = get_visible(Role.objects.select_related("unit", "user"), request.user, role_id, "admin")
    return services.revoke_role(actor=request.user, role=role)
