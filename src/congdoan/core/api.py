"""Shared API pieces: the error body, and helpers every router uses."""

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import Field


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


def error_body(code: str, message: str, field: str | None = None, **extra: Any) -> dict:
    body = {"code": code, "message": message, "field": field}
    body.update(extra)
    return body


def validation_error_body(exc: ValidationError) -> dict:
    """The first problem of a Django ``ValidationError`` as an API error body."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        error = errors[0]
        field = None if field == "__all__" else field
    else:
        error, field = exc.error_list[0], None
    message = error.message % error.params if error.params else error.message
    return error_body(error.code or "invalid", str(message), field)


def get_visible(queryset, user, pk: int, role: str = "viewer"):
    """The object with ``pk`` if ``user``'s scope reaches it, else 404."""
    return get_object_or_404(queryset.visible_to(user, role), pk=pk)


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# A row id as the API accepts it: a positive 64-bit integer, so that a huge number is a
# 422 with the field named, never a database overflow.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# A date of the union's records: one outside these years is a typing error, and date
# arithmetic on it (a cycle's due day, a year of membership) stays in range.
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))]

# An amount in đồng.
Money = Annotated[int, Field(ge=0, le=10**12)]


class LimitOffset(LimitOffsetPagination):
    """``limit``/``offset`` pagination answering ``{"items": [...], "count": N}``, with
    bounds on both so no request reaches the database with an absurd offset."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000_000)
