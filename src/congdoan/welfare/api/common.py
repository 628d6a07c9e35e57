"""Lookups every care route shares: each one through the caller's scope (404 outside)."""

from django.http import Http404
from django.utils.translation import gettext as _

from congdoan.core.api import get_visible
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from ..models import (
    CareKind,
    Fund,
)


def _unit(request, pk: int) -> Unit:
    return get_visible(Unit.objects.all(), request.user, pk)


def _member(request, pk: int | None) -> Member | None:
    return None if pk is None else get_visible(Member.objects.all(), request.user, pk)


def _members(request, ids: list[int]) -> list[Member]:
    """The members named by id, in the order given (repeats kept, for the service to
    refuse); an id outside the caller's scope is a 404."""
    found = Member.objects.visible_to(request.user).in_bulk(ids)
    for pk in ids:
        if pk not in found:
            get_visible(Member.objects.all(), request.user, pk)  # the 404 for that id
    return [found[pk] for pk in ids]


def _kind(unit: Unit, code: str) -> CareKind:
    kind = CareKind.objects.for_unit(unit).filter(code=code).first()
    if kind is None:
        raise Http404(_("No kind of care with this code is used here."))
    return kind


def _fund(request, pk: int | None) -> Fund | None:
    return None if pk is None else get_visible(Fund.objects.all(), request.user, pk)
