"""Sections other apps add to a member's page (the card, the member's login).

An app registers a provider in its ``AppConfig.ready``; a provider takes the request,
the member and whether the user may change the member, and returns the template of its
section and that template's ``section`` context (or ``None`` to show nothing). The
member's page shows them in the order the apps are installed, without knowing which
apps exist.
"""

from __future__ import annotations

from collections.abc import Callable

Section = Callable[..., tuple[str, dict] | None]
_sections: list[Section] = []


def register(section: Section) -> Section:
    if section not in _sections:
        _sections.append(section)
    return section


def sections_for(request, member, *, can_edit: bool) -> list[tuple[str, dict]]:
    shown = []
    for section in _sections:
        part = section(request, member, can_edit=can_edit)
        if part is not None:
            shown.append(part)
    return shown
