"""Sections other apps add to a unit's page (its awards …); see ``congdoan.core.sections``."""

from __future__ import annotations

from congdoan.core.sections import Sections

unit_page = Sections()
register = unit_page.register
