"""Applying a checked unit import, all rows or none."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record

from ..models import (
    ChangeKind,
    OrgChange,
    PartRole,
    Unit,
)
from .base import (
    Decision,
    NewUnit,
    _create,
    _fresh,
    _lock,
    _new_change,
    _part,
    _require,
    _save,
)


@transaction.atomic
def import_units(*, actor, plan, decision: Decision, filename: str = "") -> OrgChange | None:
    """Apply a checked unit import (``importing.check_units_file``): all rows or none.

    New units are founded in the plan's order (managing units first); existing ones get
    the plain attributes that differ. A plan with problems is refused whole.
    """
    if not plan.ok:
        raise invalid(
            "file", _("The file has problems; nothing was imported."), "import_has_problems"
        )
    if not plan.create and not plan.update:
        return None
    change = _new_change(
        ChangeKind.IMPORT,
        decision,
        actor,
        file=filename,
        created=len(plan.create),
        updated=len(plan.update),
    )
    created: dict[str, Unit] = {}
    reason = _("Imported from %(file)s") % {"file": filename or _("a file")}
    for row in plan.create:
        parent = created.get(row.parent_code.lower())
        if parent is None:
            parent = Unit.objects.select_related("kind").get(code__iexact=row.parent_code)
            _require(actor, parent)
            _lock([parent])
            parent = _fresh(parent)
        unit = _create(
            parent=parent,
            spec=NewUnit(
                code=row.code,
                name=row.name,
                kind=row.kind,
                short_name=row.short_name,
                province=row.province,
                sector=row.sector,
                workers=row.workers,
            ),
            founded_on=decision.effective_date,
            actor=actor,
            reason=reason,
        )
        created[unit.code.lower()] = unit
        _part(change, unit, PartRole.RESULT)
    for row in plan.update:
        _require(actor, row.existing)
        unit = _fresh(row.existing)
        for name, value in row.changes.items():
            setattr(unit, name, value)
        _save(unit, actor, reason)
        _part(change, unit, PartRole.SUBJECT)
    # One audit row per managing unit the importer touched, so each one's officers see it.
    anchors = {}
    for unit in created.values():
        if unit.parent and unit.parent.code.lower() not in created:
            anchors[unit.parent.pk] = unit.parent
    for row in plan.update:
        anchors[row.existing.pk] = row.existing
    summary = _("Imported units from %(file)s: %(created)s new, %(updated)s updated") % {
        "file": filename or "—",
        "created": len(plan.create),
        "updated": len(plan.update),
    }
    for unit in anchors.values():
        record(
            actor=actor,
            action="org.import",
            unit=unit,
            obj=change,
            summary=summary,
            data={"change": change.pk},
        )
    return change
