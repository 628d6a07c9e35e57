"""Sections other apps add to the dashboard of a unit (what the units under it still
owe, what expires soon …); see ``congdoan.core.sections``."""

from __future__ import annotations

from congdoan.core.sections import Sections

dashboard = Sections()
register = dashboard.register
