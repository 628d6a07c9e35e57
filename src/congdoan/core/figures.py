"""Key figures shown on a unit's page, contributed by each app.

An app registers a provider in its ``AppConfig.ready``; a provider takes a unit and
returns ``(label, value)`` pairs summed over the unit's subtree. The unit page shows
them all without knowing which apps exist.
"""

from collections.abc import Callable

Provider = Callable[[object], list[tuple[str, int]]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def figures_for(unit) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    for provider in _providers:
        rows.extend(provider(unit))
    return rows
