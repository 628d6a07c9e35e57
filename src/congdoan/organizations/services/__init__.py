"""Every write to the union tree: founding, editing and the dated organisation changes.

Each operation runs in one transaction, checks the actor's scope, refuses bad input
with a ``ValidationError`` whose code is stable and whose message names the field,
records an ``OrgChange`` with the decision behind it, and writes audit rows. Nothing is
deleted: a unit that ends is closed and keeps every row that points at it. A closed
unit is filed under its successor, so the successor's officers reach its history.

``actor=None`` means the system itself (data loading, management commands).
"""

from .base import EDITABLE_FIELDS, Decision, NewUnit
from .changes import (
    absorb_unit,
    consolidate_units,
    dissolve_unit,
    found_unit,
    move_unit,
    move_units,
    rename_unit,
    split_unit,
    update_unit,
)
from .imports import import_units

__all__ = [
    "EDITABLE_FIELDS",
    "Decision",
    "NewUnit",
    "absorb_unit",
    "consolidate_units",
    "dissolve_unit",
    "found_unit",
    "import_units",
    "move_unit",
    "move_units",
    "rename_unit",
    "split_unit",
    "update_unit",
]
