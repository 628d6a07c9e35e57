"""Key figures shown on a unit's page, contributed by each app.

An app registers a provider in its ``AppConfig.ready``; a provider takes a unit and
returns ``Figure``s summed over the unit's subtree, each optionally linking to the page
behind it. The unit page shows them all without knowing which apps exist.
"""

from collections.abc import Callable
from typing import NamedTuple


class Figure(NamedTuple):
    label: str
    value: int
    url: str = ""


Provider = Callable[[object], list[Figure]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def figures_for(unit) -> list[Figure]:
    rows: list[Figure] = []
    for provider in _providers:
        rows.extend(provider(unit))
    return rows
