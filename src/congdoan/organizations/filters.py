"""Unit list filters, defined once for the tree page and the API."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from congdoan.core.api import Id

from .models import Unit, UnitQuerySet, UnitStatus


class UnitFilters(Schema):
    """``parent``: direct children of a unit; ``subtree``: everything under a unit;
    ``kind``: kind code; ``q``: name or code, diacritics ignored; ``status``: active or
    closed (default: active; ``all`` for both); ``province``: province code."""

    parent: Id | None = None
    subtree: Id | None = None
    kind: str | None = Field(None, max_length=32)
    q: str | None = Field(None, max_length=200)
    status: str | None = Field(None, max_length=16)
    province: str | None = Field(None, max_length=8)


def filter_units(units: UnitQuerySet, user, filters: UnitFilters) -> UnitQuerySet:
    """Apply ``filters`` to units already restricted to ``user``'s scope."""
    if filters.parent is not None:
        units = units.filter(parent_id=filters.parent)
    if filters.subtree is not None:
        root = Unit.objects.visible_to(user).filter(pk=filters.subtree).first()
        units = units.subtree(root) if root is not None else units.none()
    if filters.kind:
        units = units.filter(kind__code=filters.kind)
    if filters.province:
        units = units.filter(province__code=filters.province)
    if filters.q:
        units = units.search(filters.q)
    status = filters.status or UnitStatus.ACTIVE
    if status != "all":
        units = units.filter(status=status)
    return units
