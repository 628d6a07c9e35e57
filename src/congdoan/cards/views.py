"""Card pages: the public check behind the QR code."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .verify import too_many, verdict


@never_cache
def verify(request, token: str):
    """Anyone may check a card: valid, replaced, revoked or unknown, and nothing personal
    beyond what the card itself shows."""
    if too_many(request):
        return render(
            request,
            "cards/verify.html",
            {"error": _("Too many checks from this device; wait a minute and try again.")},
            status=429,
        )
    return render(request, "cards/verify.html", {"verdict": verdict(token)})
