"""The care list's filters, defined once for the page and the API."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from congdoan.core.api import Id


class CareFilter(Schema):
    unit: Id | None = None
    kind: str | None = Field(None, max_length=40)
    member: Id | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    cancelled: bool = False


def filter_care(rows, filters: CareFilter, unit=None):
    """``rows`` (already scoped) narrowed by the filters; ``unit`` is the filter's union,
    looked up in scope by the caller: its subtree's records."""
    if not filters.cancelled:
        rows = rows.in_force()
    if unit is not None:
        rows = rows.filter(rows.under(unit.path))
    if filters.kind:
        rows = rows.filter(kind__code=filters.kind)
    if filters.member:
        rows = rows.filter(member_id=filters.member)
    if filters.year:
        rows = rows.filter(on__year=filters.year)
    return rows.order_by("-on", "-id")
