"""Sections other apps add to a member's page (the card, the member's login, awards);
see ``congdoan.core.sections``."""

from __future__ import annotations

from congdoan.core.sections import Sections

member_page = Sections()
register = member_page.register


def sections_for(request, member, *, can_edit: bool) -> list[tuple[str, dict]]:
    return member_page.for_page(request, member, can_edit=can_edit)
