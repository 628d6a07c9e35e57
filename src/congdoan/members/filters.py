"""Member list filters, defined once for the list page, the API and the export."""

from datetime import date

from django.db.models import Q
from django.utils import timezone
from ninja import Schema
from pydantic import Field

from congdoan.core.api import Id
from congdoan.core.scoping import scope_paths
from congdoan.organizations.models import Unit

from .models import MemberQuerySet, MemberStatus, branches_under

AGE_BANDS = {"under30": (0, 30), "30-39": (30, 40), "40-49": (40, 50), "50plus": (50, 200)}


class MemberFilters(Schema):
    """``q``: name without diacritics, identity number, card number or phone; ``unit``:
    members of that unit only; ``subtree``: of a unit and all units under it; ``status``:
    active (default), left, deceased, transferring or all; ``gender``; ``age``: under30,
    30-39, 40-49, 50plus; ``joined``: year joined; ``ethnicity``: code; ``nationality``."""

    q: str | None = Field(None, max_length=100)
    unit: Id | None = None
    subtree: Id | None = None
    status: str | None = Field(None, max_length=16)
    gender: str | None = Field(None, max_length=8)
    age: str | None = Field(None, max_length=8)
    joined: int | None = Field(None, ge=1930, le=2100)
    ethnicity: str | None = Field(None, max_length=4)
    nationality: str | None = Field(None, max_length=2)


def _years_ago(years: int, today: date) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def visible_unit(user, pk: int) -> Unit | None:
    """The unit ``pk`` if ``user`` reaches it, else ``None`` (a subtree filter)."""
    return Unit.objects.visible_to(user).filter(pk=pk).first()


def filter_members(members: MemberQuerySet, user, filters: MemberFilters) -> MemberQuerySet:
    """Apply ``filters`` to members already restricted to ``user``'s scope, in Vietnamese
    order."""
    if filters.unit is not None:
        members = members.filter(unit_id=filters.unit)
    if filters.subtree is not None:
        root = visible_unit(user, filters.subtree)
        members = members.in_subtree(root) if root is not None else members.none()
    status = filters.status or MemberStatus.ACTIVE
    if status != "all":
        members = members.filter(status=status)
    if filters.gender:
        members = members.filter(gender=filters.gender)
    if filters.age in AGE_BANDS:
        low, high = AGE_BANDS[filters.age]
        today = timezone.localdate()
        members = members.filter(
            Q(birth_date__gt=_years_ago(high, today)) & Q(birth_date__lte=_years_ago(low, today))
        )
    if filters.joined:
        members = members.filter(joined_on__year=filters.joined)
    if filters.ethnicity:
        members = members.filter(ethnicity__code=filters.ethnicity)
    if filters.nationality:
        members = members.filter(nationality=filters.nationality.upper())
    members = members.in_order()
    if filters.q:
        members = members.search(filters.q)
    return members


def search_branches(user, filters: MemberFilters) -> list[str]:
    """The province-level branches the filtered members lie in (for name search)."""
    if filters.subtree is not None:
        root = visible_unit(user, filters.subtree)
        return branches_under([root.path]) if root is not None else []
    return branches_under([""] if user.is_superuser else scope_paths(user))
