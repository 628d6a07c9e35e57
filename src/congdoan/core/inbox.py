"""What waits for an officer ("Việc chờ tôi"), contributed by each app.

An app registers a provider in its ``AppConfig.ready``; a provider takes the user and
returns ``Waiting`` items (what, for which unit, since when, where to act). The dashboard
lists them all without knowing which apps exist.
"""

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple


class Waiting(NamedTuple):
    label: str
    unit: str
    since: datetime
    url: str


Provider = Callable[[object], list[Waiting]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def waiting_for(user, limit: int = 50) -> list[Waiting]:
    items: list[Waiting] = []
    for provider in _providers:
        items.extend(provider(user))
    return sorted(items, key=lambda item: item.since)[:limit]
