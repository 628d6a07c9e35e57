"""Errors services raise beyond Django's ``ValidationError`` and ``PermissionDenied``."""

from django.utils.translation import gettext_lazy as _


class ConflictError(Exception):
    """The record changed since the caller read it (stale ``version``): nothing was saved."""

    code = "stale_version"

    def __init__(self, message=None, *, field: str = "version"):
        self.message = message or _(
            "Someone else changed this record after you opened it. Reload it and apply "
            "your change again."
        )
        self.field = field
        super().__init__(str(self.message))


def invalid(field: str | None, message, code: str):
    """A ``ValidationError`` about one field, with a stable code the API and tests read."""
    from django.core.exceptions import ValidationError

    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def service_error_text(exc: Exception) -> str:
    """A service's refusal as one line for a page or a job (every message it carries)."""
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError):
        return " ".join(str(message) for message in exc.messages)
    if isinstance(exc, ConflictError):
        return str(exc.message)
    return str(exc) or str(_("You are not allowed to do this."))
