"""Language: Vietnamese unless the user chose another language with the switcher.

Browsers in Vietnam often ask for English (``Accept-Language: en-US``) while officers
expect Vietnamese, so the header is ignored; the choice lives in the language cookie.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.known else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulMiddleware:
    """Refuse requests carrying NUL characters, which no field may hold.

    PostgreSQL cannot store NUL in text, so such a value would fail deep in a query;
    refusing it at the door gives the caller a clear 400 instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import JsonResponse
            from django.utils.translation import gettext as _

            message = _("The request contains a NUL character, which no field may hold.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "invalid", "message": message, "field": None}, status=400
                )
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(message)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith(("application/json", "application/x-www-form-urlencoded")):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body
        return False


class ApiErrorBodyMiddleware:
    """Every refusal under ``/api/`` is the API's JSON error body.

    The routers' exception handlers give ``{"code", "message", "field"}`` for what the
    services refuse; this covers the answers made before a router is reached (no such
    route, a method the route does not take) or after it failed, which Django and the
    API framework otherwise give as a short HTML or text page.
    """

    CODES = {
        404: ("not_found", gettext_lazy("Not found, or outside your scope.")),
        405: ("method_not_allowed", gettext_lazy("This address does not take that method.")),
        500: ("server_error", gettext_lazy("The server could not finish the request.")),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith("/api/")
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        from django.http import JsonResponse

        code, message = self.CODES.get(
            response.status_code, ("error", gettext_lazy("The request could not be answered."))
        )
        replaced = JsonResponse(
            {"code": code, "message": str(message), "field": None}, status=response.status_code
        )
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced
