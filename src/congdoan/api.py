"""The one REST API, mounted at ``/api/v1/``; each app contributes its router.

Errors always come back as ``{"code": ..., "message": ..., "field": ...}`` with the
message in the request's language (Vietnamese by default).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from congdoan.accounts.api import router as accounts_router
from congdoan.accounts.auth import api_auth
from congdoan.awards.api import router as awards_router
from congdoan.cards.api import router as cards_router
from congdoan.core.api import error_body, validation_error_body
from congdoan.core.errors import ConflictError
from congdoan.dues.api import router as dues_router
from congdoan.emulation.api import router as emulation_router
from congdoan.grading.api import router as grading_router
from congdoan.meetings.api import agreements_router, meetings_router
from congdoan.members.api import imports_router
from congdoan.members.api import router as members_router
from congdoan.organizations.api import router as organizations_router
from congdoan.reports.api import reports_router
from congdoan.reports.api import router as returns_router
from congdoan.welfare.api import campaigns_router, care_router, funds_router, savings_router

api = NinjaAPI(
    title="congdoan API",
    version="1",
    description="REST API of congdoan. Authenticate with `Authorization: Bearer <token>`.",
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/", accounts_router)
api.add_router("/units", organizations_router)
api.add_router("/members", members_router)
api.add_router("/imports", imports_router)
api.add_router("/cards", cards_router)
api.add_router("/returns", returns_router)
api.add_router("/reports", reports_router)
api.add_router("/emulation", emulation_router)
api.add_router("/awards", awards_router)
api.add_router("/care", care_router)
api.add_router("/funds", funds_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/savings-groups", savings_router)
api.add_router("/meetings", meetings_router)
api.add_router("/agreements", agreements_router)
api.add_router("/grading", grading_router)
api.add_router("/dues", dues_router)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return api.create_response(request, validation_error_body(exc), status=400)


@api.exception_handler(SchemaError)
def on_schema_error(request, exc: SchemaError):
    first = exc.errors[0] if exc.errors else {}
    location = [
        str(part)
        for part in first.get("loc", ())
        if part not in ("body", "query", "path", "payload")
    ]
    field = ".".join(location) or None
    kind = first.get("type", "")
    messages = {
        "missing": _("This field is required."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "string_too_long": _("The text is too long."),
        "greater_than_equal": _("The number is too small."),
        "less_than_equal": _("The number is too large."),
        "json_invalid": _("The request body is not valid JSON."),
    }
    message = messages.get(kind, _("This value is not valid."))
    if field:
        message = _("%(field)s: %(message)s") % {"field": field, "message": message}
    return api.create_response(
        request, error_body("invalid", message, field, details=exc.errors), status=422
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(
        request, error_body("not_found", _("Not found, or outside your scope.")), status=404
    )


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    message = str(exc) or _("You are not allowed to do this.")
    return api.create_response(request, error_body("forbidden", message), status=403)


@api.exception_handler(ConflictError)
def on_conflict(request, exc: ConflictError):
    return api.create_response(
        request, error_body(exc.code, str(exc.message), exc.field), status=409
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request,
        error_body("unauthenticated", _("Log in or send a valid API token.")),
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(
        request, error_body("error", str(exc.message)), status=exc.status_code
    )
