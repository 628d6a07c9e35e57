"""Sections other apps add to a member's own page (what their union recorded for them:
care received, savings); see ``congdoan.core.sections``. A provider is given the
member whose login it is, never another."""

from __future__ import annotations

from congdoan.core.sections import Sections

own_page = Sections()
register = own_page.register
