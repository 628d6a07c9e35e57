"""Counting a client's requests per minute, for public pages that anyone may call.

The count lives in the cache, so every process sharing the cache (Redis at scale)
shares it. Behind a proxy the client is the last address the proxy added to
``X-Forwarded-For``; otherwise the connecting address.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _


def client_address(request) -> str:
    client = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        client = forwarded or client
    return client


def too_many(request, *, scope: str, limit: int) -> bool:
    """Whether this client asked more than ``limit`` times under ``scope`` in the current
    minute (``limit`` 0: no limit)."""
    if not limit:
        return False
    key = f"rate:{scope}:{client_address(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=61):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False


def refusal() -> dict:
    """The API's answer (with status 429) to a client over its limit of checks."""
    return {
        "code": "rate_limited",
        "message": _("Too many checks from this device; wait a minute and try again."),
        "field": None,
    }
