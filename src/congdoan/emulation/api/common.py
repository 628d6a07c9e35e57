"""What the emulation API's modules share: the router and how they find rows."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from congdoan.core.api import get_visible
from congdoan.organizations.models import Unit

from ..models import BlockMembership, BlockTerm, EmulationBlock

router = Router(tags=["emulation"])


def _unit(request, pk: int) -> Unit:
    """A unit the user can see (a member or leader named by id)."""
    return get_visible(Unit.objects.all(), request.user, pk)


def _units(request, ids: list[int]) -> list[Unit]:
    found = {u.pk: u for u in Unit.objects.visible_to(request.user).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise HttpError(404, _("Unit %(id)s is not in your scope.") % {"id": missing[0]})
    return [found[pk] for pk in ids]


def _blocks(request):
    return EmulationBlock.objects.visible_to(request.user).prefetch_related(
        Prefetch("memberships", BlockMembership.objects.select_related("unit")),
        Prefetch("terms", BlockTerm.objects.select_related("leader")),
    )


def _block(request, block_id: int) -> EmulationBlock:
    return get_object_or_404(_blocks(request), pk=block_id)


def _block_units(block_id: int, ids: list[int]) -> dict[int, Unit]:
    """Units of the block by id (a leader acts for members outside its own scope)."""
    members = Unit.objects.filter(
        pk__in=BlockMembership.objects.filter(block=block_id).values("unit")
    )
    found = {unit.pk: unit for unit in members.filter(pk__in=ids)}
    for pk in ids:
        if pk not in found:
            raise HttpError(404, _("Unit %(id)s is not a member of the block.") % {"id": pk})
    return found
