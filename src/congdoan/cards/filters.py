"""Card list filters, defined once for the union's cards page and the API."""

from ninja import Schema
from pydantic import Field

from congdoan.core.api import Id
from congdoan.members.filters import visible_unit
from congdoan.members.models import Member

from .models import Card, CardQuerySet


class CardFilters(Schema):
    """``unit``: cards of that union's members; ``subtree``: of a union and those under
    it; ``status``: requested, issued, replaced or revoked; ``printed``: true or false."""

    unit: Id | None = None
    subtree: Id | None = None
    status: str | None = Field(None, max_length=12)
    printed: bool | None = None


def filter_cards(user, filters: CardFilters) -> CardQuerySet:
    """The cards ``user`` may see that match ``filters``."""
    cards = Card.objects.visible_to(user).select_related("member")
    if filters.unit is not None:
        cards = cards.filter(member__unit_id=filters.unit)
    if filters.subtree is not None:
        root = visible_unit(user, filters.subtree)
        cards = cards.filter(member__in=Member.objects.in_subtree(root)) if root else cards.none()
    if filters.status:
        cards = cards.filter(status=filters.status)
    if filters.printed is not None:
        cards = cards.filter(printed_at__isnull=not filters.printed)
    return cards
