"""Sections other apps add to a page about one object (a member's page, a unit's page).

Each page owns a ``Sections`` registry; an app registers a provider in its
``AppConfig.ready``. A provider takes the request, the object and whether the user may
change it, and returns the template of its section and that template's ``section``
context (or ``None`` to show nothing). The page shows them in the order the apps are
installed, without knowing which apps exist.
"""

from __future__ import annotations

from collections.abc import Callable

Section = Callable[..., tuple[str, dict] | None]


class Sections:
    def __init__(self) -> None:
        self._providers: list[Section] = []

    def register(self, provider: Section) -> Section:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def for_page(self, request, obj, *, can_edit: bool) -> list[tuple[str, dict]]:
        shown = []
        for provider in self._providers:
            part = provider(request, obj, can_edit=can_edit)
            if part is not None:
                shown.append(part)
        return shown
