"""Every write to the union tree: founding, editing and the dated organisation changes.

Each operation runs in one transaction, checks the actor's scope, refuses bad input
with a ``ValidationError`` whose code is stable and whose message names the field,
records an ``OrgChange`` with the decision behind it, and writes audit rows. Nothing is
deleted: a unit that ends is closed and keeps every row that points at it. A closed
unit is filed under its successor, so the successor's officers reach its history.

``actor=None`` means the system itself (data loading, management commands).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import covers
from congdoan.core.vntext import nfc

from .models import (
    ChangeKind,
    OrgChange,
    OrgChangePart,
    PartRole,
    Province,
    Unit,
    UnitKind,
    UnitStatus,
)
from .signals import unit_closed, unit_closing

EDITABLE_FIELDS = ("short_name", "province", "sector", "workers", "founded_on")


@dataclass(frozen=True)
class Decision:
    """The decision behind an organisation change (số, ngày quyết định, ngày hiệu lực)."""

    number: str = ""
    date: date | None = None
    effective: date | None = None
    note: str = ""

    @property
    def effective_date(self) -> date:
        return self.effective or self.date or timezone.localdate()


@dataclass
class NewUnit:
    """What a consolidation or split creates; ``children`` move under the new unit."""

    code: str
    name: str
    kind: UnitKind
    short_name: str = ""
    province: Province | None = None
    sector: str = ""
    workers: int | None = None
    children: list[Unit] = field(default_factory=list)


# --- checks -----------------------------------------------------------------------


def _require(actor, unit: Unit | None, role: str = "officer") -> None:
    """Refuse unless ``actor`` holds ``role`` over ``unit`` (the root needs a superuser)."""
    if actor is None:
        return
    if unit is None:
        if not actor.is_superuser:
            raise PermissionDenied(_("Only a system administrator can change the top of the tree."))
        return
    if not covers(actor, unit.path, role):
        raise PermissionDenied(
            _("You have no %(role)s role over %(unit)s.") % {"role": _(role), "unit": unit.name}
        )


def _require_active(unit: Unit, field_name: str) -> None:
    if not unit.is_active:
        raise invalid(
            field_name,
            _("%(unit)s is closed; a closed unit cannot be changed or receive units.")
            % {"unit": unit.name},
            "closed_unit",
        )


def _require_kind_allowed(kind: UnitKind, parent: Unit | None, field_name: str) -> None:
    if parent is None:
        if kind.allowed_parents.exists():
            raise invalid(
                field_name,
                _("A %(kind)s must sit under a managing unit.") % {"kind": kind.name},
                "kind_not_allowed",
            )
        return
    if not kind.may_sit_under(parent.kind):
        raise invalid(
            field_name,
            _("A %(kind)s cannot sit under a %(parent_kind)s (%(parent)s).")
            % {"kind": kind.name, "parent_kind": parent.kind.name, "parent": parent.name},
            "kind_not_allowed",
        )


def _require_code_free(code: str, field_name: str = "code") -> None:
    if not code:
        raise invalid(field_name, _("The unit code is required."), "required")
    if Unit.objects.filter(code__iexact=code).exists():
        raise invalid(
            field_name,
            _("The code %(code)s is already used by another unit.") % {"code": code},
            "code_taken",
        )


def _require_name(name: str, field_name: str = "name") -> str:
    name = nfc(name or "")
    if not name:
        raise invalid(field_name, _("The unit name is required."), "required")
    return name


def _require_not_within(unit: Unit, target: Unit, field_name: str) -> None:
    if target.path.startswith(unit.path):
        raise invalid(
            field_name,
            _("%(unit)s cannot be placed under itself or one of its own units.")
            % {"unit": unit.name},
            "cycle",
        )


def _lock(units: Iterable[Unit]) -> None:
    """Lock the given units' rows in primary-key order (no deadlock between changes)."""
    pks = sorted({unit.pk for unit in units if unit is not None})
    list(Unit.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))


def _fresh(unit: Unit) -> Unit:
    return Unit.objects.select_related("kind", "parent").get(pk=unit.pk)


# --- tree primitives --------------------------------------------------------------


def _new_change(kind: str, decision: Decision, actor, **details) -> OrgChange:
    return OrgChange.objects.create(
        kind=kind,
        decision_number=decision.number.strip(),
        decision_date=decision.date,
        effective_date=decision.effective_date,
        note=decision.note,
        details=details,
        actor=actor if getattr(actor, "pk", None) else None,
    )


def _part(change: OrgChange, unit: Unit, role: str) -> None:
    OrgChangePart.objects.get_or_create(change=change, unit=unit, role=role)


def _save(unit: Unit, actor, reason: str) -> None:
    unit.version += 1
    unit._history_user = actor if getattr(actor, "pk", None) else None
    unit._change_reason = reason
    unit.save()


def _place(unit: Unit, new_parent: Unit, actor, reason: str) -> Unit:
    """Move ``unit`` with its subtree to the end of ``new_parent``'s children."""
    Unit.objects.move(unit, new_parent, "last-child")
    unit = _fresh(unit)
    unit.parent = new_parent
    _save(unit, actor, reason)
    return unit


def _create(*, parent: Unit | None, spec: NewUnit, founded_on: date, actor, reason: str) -> Unit:
    unit = Unit(
        code=spec.code.strip(),
        name=_require_name(spec.name),
        short_name=nfc(spec.short_name or ""),
        kind=spec.kind,
        parent=parent,
        province=spec.province if spec.province is not None else getattr(parent, "province", None),
        sector=spec.sector or "",
        workers=spec.workers,
        founded_on=founded_on,
    )
    unit._history_user = actor if getattr(actor, "pk", None) else None
    unit._change_reason = reason
    unit.full_clean(exclude=["path", "depth", "numchild", "parent"], validate_unique=False)
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    return Unit.objects.add_child(parent, instance=unit)


def _close(unit: Unit, *, successor: Unit | None, change: OrgChange, actor, reason: str) -> Unit:
    """Close ``unit``, revoke roles held on it, and file it under its successor."""
    from congdoan.accounts.models import Role

    unit = _fresh(unit)
    unit_closing.send(sender=Unit, unit=unit, successor=successor)
    unit.status = UnitStatus.CLOSED
    unit.closed_on = change.effective_date
    unit.successor = successor
    _save(unit, actor, reason)
    Role.objects.active().filter(unit=unit).update(
        revoked_at=timezone.now(), revoked_by=actor if getattr(actor, "pk", None) else None
    )
    if successor is not None and not successor.path.startswith(unit.path):
        unit = _place(unit, successor, actor, reason)
    _part(change, unit, PartRole.CLOSED)
    unit_closed.send(sender=Unit, unit=unit, successor=successor, change=change)
    return unit


def _move_children(
    source: Unit, target: Unit, change: OrgChange, actor, reason: str, field_name: str
) -> list[Unit]:
    children = list(source.children.active().select_related("kind").order_by("path"))
    for child in children:
        _require_kind_allowed(child.kind, target, field_name)
    moved = []
    for child in children:
        moved.append(_place(child, target, actor, reason))
        _part(change, child, PartRole.SUBJECT)
    return moved


def _audit(actor, change: OrgChange, unit: Unit, summary: str) -> None:
    record(
        actor=actor,
        action=f"org.{change.kind}",
        unit=unit,
        obj=change,
        summary=summary,
        data={"change": change.pk, "decision": change.decision_number},
    )


# --- operations -------------------------------------------------------------------


@transaction.atomic
def found_unit(*, actor, parent: Unit | None, spec: NewUnit, decision: Decision) -> Unit:
    """Found (thành lập) a unit under ``parent``."""
    _require(actor, parent)
    if parent is not None:
        _lock([parent])
        parent = _fresh(parent)
        _require_active(parent, "parent")
    _require_kind_allowed(spec.kind, parent, "kind")
    _require_code_free(spec.code.strip())
    change = _new_change(ChangeKind.FOUND, decision, actor)
    reason = _("Founded")
    unit = _create(
        parent=parent, spec=spec, founded_on=decision.effective_date, actor=actor, reason=reason
    )
    _part(change, unit, PartRole.RESULT)
    if parent is not None:
        _part(change, parent, PartRole.NEW_PARENT)
    _audit(actor, change, unit, _("Founded %(unit)s") % {"unit": unit.name})
    return unit


@transaction.atomic
def rename_unit(
    *, actor, unit: Unit, name: str, short_name: str | None = None, decision: Decision
) -> Unit:
    """Rename (đổi tên) a unit; the old name stays in the change and the history."""
    _require(actor, unit.parent)
    _lock([unit])
    unit = _fresh(unit)
    _require_active(unit, "unit")
    new_name = _require_name(name)
    old = {"name": unit.name, "short_name": unit.short_name}
    change = _new_change(
        ChangeKind.RENAME,
        decision,
        actor,
        old=old,
        new={"name": new_name, "short_name": short_name or unit.short_name},
    )
    unit.name = new_name
    if short_name is not None:
        unit.short_name = nfc(short_name)
    _save(unit, actor, _("Renamed"))
    _part(change, unit, PartRole.SUBJECT)
    _audit(
        actor,
        change,
        unit,
        _("Renamed %(old)s to %(new)s") % {"old": old["name"], "new": unit.name},
    )
    return unit


def _check_move(actor, unit: Unit, new_parent: Unit, field_name: str) -> None:
    _require_active(unit, "unit")
    _require_active(new_parent, field_name)
    if unit.parent_id is None:
        raise invalid("unit", _("The top of the tree cannot be moved."), "root")
    _require_not_within(unit, new_parent, field_name)
    _require_kind_allowed(unit.kind, new_parent, field_name)
    _require(actor, unit.parent)


@transaction.atomic
def move_units(
    *,
    actor,
    units: Sequence[Unit],
    new_parent: Unit,
    decision: Decision,
    province: Province | None = None,
) -> list[Unit]:
    """Change the managing unit (thay đổi đơn vị quản lý) of one or many units at once.

    Each unit moves with its whole subtree. ``province``, when given, becomes the
    province of every unit in the moved subtrees (provinces merged in 2025).
    """
    if not units:
        raise invalid("units", _("Choose at least one unit to move."), "required")
    _require(actor, new_parent)
    _lock([*units, new_parent, *(u.parent for u in units)])
    new_parent = _fresh(new_parent)
    fresh = [_fresh(unit) for unit in units]
    paths = sorted(unit.path for unit in fresh)
    for outer, inner in zip(paths, paths[1:], strict=False):
        if inner.startswith(outer):
            raise invalid(
                "units",
                _("%(unit)s is already inside another unit of the selection.")
                % {"unit": next(u.name for u in fresh if u.path == inner)},
                "nested_selection",
            )
    for unit in fresh:
        _check_move(actor, unit, new_parent, "new_parent")
    kind = ChangeKind.MOVE if len(fresh) == 1 else ChangeKind.BULK_MOVE
    change = _new_change(kind, decision, actor, old_parents={u.code: u.parent.code for u in fresh})
    _part(change, new_parent, PartRole.NEW_PARENT)
    reason = _("Moved under %(parent)s") % {"parent": new_parent.name}
    moved = []
    for unit in fresh:
        old_parent = unit.parent
        _part(change, old_parent, PartRole.OLD_PARENT)
        unit = _place(unit, new_parent, actor, reason)
        _part(change, unit, PartRole.SUBJECT)
        if province is not None:
            Unit.objects.subtree(unit).update(province=province)
            unit.province = province
        summary = _("Moved %(unit)s from %(old)s to %(new)s") % {
            "unit": unit.name,
            "old": old_parent.name,
            "new": new_parent.name,
        }
        _audit(actor, change, unit, summary)
        _audit(actor, change, old_parent, summary)
        moved.append(unit)
    return moved


def move_unit(
    *, actor, unit: Unit, new_parent: Unit, decision: Decision, province: Province | None = None
) -> Unit:
    """Move one unit with its subtree under ``new_parent``."""
    return move_units(
        actor=actor, units=[unit], new_parent=new_parent, decision=decision, province=province
    )[0]


@transaction.atomic
def absorb_unit(*, actor, unit: Unit, into: Unit, decision: Decision) -> Unit:
    """Merge (sáp nhập) ``unit`` into ``into``: its units move there and it closes."""
    _require(actor, unit.parent)
    _require(actor, into)
    _lock([unit, into])
    unit, into = _fresh(unit), _fresh(into)
    _require_active(unit, "unit")
    _require_active(into, "into")
    if unit.parent_id is None:
        raise invalid("unit", _("The top of the tree cannot be merged."), "root")
    _require_not_within(unit, into, "into")
    change = _new_change(ChangeKind.ABSORB, decision, actor)
    reason = _("Merged into %(unit)s") % {"unit": into.name}
    _part(change, into, PartRole.RESULT)
    _move_children(unit, into, change, actor, reason, "into")
    closed = _close(unit, successor=into, change=change, actor=actor, reason=reason)
    summary = _("Merged %(unit)s into %(into)s") % {"unit": closed.name, "into": into.name}
    _audit(actor, change, closed, summary)
    _audit(actor, change, into, summary)
    return _fresh(into)


@transaction.atomic
def consolidate_units(
    *, actor, units: Sequence[Unit], parent: Unit, spec: NewUnit, decision: Decision
) -> Unit:
    """Consolidate (hợp nhất) several units into a new one founded under ``parent``."""
    if len({u.pk for u in units}) < 2:
        raise invalid("units", _("Choose at least two units to consolidate."), "too_few")
    _require(actor, parent)
    for unit in units:
        _require(actor, unit.parent)
    _lock([*units, parent])
    parent = _fresh(parent)
    fresh = [_fresh(unit) for unit in units]
    _require_active(parent, "parent")
    for unit in fresh:
        _require_active(unit, "units")
        _require_not_within(unit, parent, "parent")
    _require_kind_allowed(spec.kind, parent, "kind")
    _require_code_free(spec.code.strip())
    change = _new_change(ChangeKind.CONSOLIDATE, decision, actor, merged=[u.code for u in fresh])
    result = _create(
        parent=parent,
        spec=spec,
        founded_on=decision.effective_date,
        actor=actor,
        reason=_("Founded by consolidation"),
    )
    _part(change, result, PartRole.RESULT)
    _part(change, parent, PartRole.NEW_PARENT)
    reason = _("Consolidated into %(unit)s") % {"unit": result.name}
    for unit in fresh:
        _move_children(unit, result, change, actor, reason, "units")
        closed = _close(unit, successor=result, change=change, actor=actor, reason=reason)
        _audit(actor, change, closed, reason)
    _audit(
        actor,
        change,
        result,
        _("Founded %(unit)s by consolidating %(units)s")
        % {"unit": result.name, "units": ", ".join(u.name for u in fresh)},
    )
    return _fresh(result)


@transaction.atomic
def split_unit(*, actor, unit: Unit, parts: Sequence[NewUnit], decision: Decision) -> list[Unit]:
    """Split (chia tách) a unit into new units under the same managing unit.

    Every active unit under the one split must be given to exactly one new unit.
    """
    _require(actor, unit.parent)
    _lock([unit, unit.parent])
    unit = _fresh(unit)
    _require_active(unit, "unit")
    if unit.parent_id is None:
        raise invalid("unit", _("The top of the tree cannot be split."), "root")
    if len(parts) < 2:
        raise invalid("parts", _("A split needs at least two new units."), "too_few")
    children = {child.pk: child for child in unit.children.active()}
    given: dict[int, str] = {}
    codes = set()
    for index, spec in enumerate(parts, start=1):
        code = spec.code.strip()
        if code.lower() in codes:
            raise invalid(
                f"parts.{index}.code",
                _("The code %(code)s is given twice.") % {"code": code},
                "code_taken",
            )
        codes.add(code.lower())
        _require_code_free(code, f"parts.{index}.code")
        _require_name(spec.name, f"parts.{index}.name")
        _require_kind_allowed(spec.kind, unit.parent, f"parts.{index}.kind")
        for child in spec.children:
            if child.pk not in children:
                raise invalid(
                    f"parts.{index}.children",
                    _("%(child)s is not an active unit under %(unit)s.")
                    % {"child": child.name, "unit": unit.name},
                    "not_a_child",
                )
            if child.pk in given:
                raise invalid(
                    f"parts.{index}.children",
                    _("%(child)s is given to two new units.") % {"child": child.name},
                    "given_twice",
                )
            given[child.pk] = code
    missing = [child.name for pk, child in children.items() if pk not in given]
    if missing:
        raise invalid(
            "parts",
            _("These units are not given to any new unit: %(units)s.")
            % {"units": ", ".join(missing)},
            "children_left",
        )
    change = _new_change(
        ChangeKind.SPLIT, decision, actor, split=unit.code, into=[spec.code for spec in parts]
    )
    parent = unit.parent
    created = []
    for spec in parts:
        new = _create(
            parent=parent,
            spec=spec,
            founded_on=decision.effective_date,
            actor=actor,
            reason=_("Founded by splitting %(unit)s") % {"unit": unit.name},
        )
        _part(change, new, PartRole.RESULT)
        reason = _("Moved to %(unit)s by a split") % {"unit": new.name}
        for child in spec.children:
            _place(_fresh(child), new, actor, reason)
            _part(change, child, PartRole.SUBJECT)
        created.append(_fresh(new))
    closed = _close(
        unit,
        successor=None,
        change=change,
        actor=actor,
        reason=_("Split into %(units)s") % {"units": ", ".join(u.name for u in created)},
    )
    summary = _("Split %(unit)s into %(units)s") % {
        "unit": closed.name,
        "units": ", ".join(u.name for u in created),
    }
    _audit(actor, change, closed, summary)
    for new in created:
        _audit(actor, change, new, summary)
    return created


@transaction.atomic
def dissolve_unit(
    *, actor, unit: Unit, decision: Decision, children_to: Unit | None = None
) -> Unit:
    """Dissolve (giải thể) a unit; its active units first move to ``children_to``."""
    _require(actor, unit.parent)
    if children_to is not None:
        _require(actor, children_to)
    _lock([unit, children_to])
    unit = _fresh(unit)
    _require_active(unit, "unit")
    if unit.parent_id is None:
        raise invalid("unit", _("The top of the tree cannot be dissolved."), "root")
    has_children = unit.children.active().exists()
    if has_children and children_to is None:
        raise invalid(
            "children_to",
            _("%(unit)s still manages active units: choose where they go.") % {"unit": unit.name},
            "has_children",
        )
    change = _new_change(ChangeKind.DISSOLVE, decision, actor)
    reason = _("Dissolved")
    if children_to is not None and has_children:
        children_to = _fresh(children_to)
        _require_active(children_to, "children_to")
        _require_not_within(unit, children_to, "children_to")
        _part(change, children_to, PartRole.NEW_PARENT)
        _move_children(unit, children_to, change, actor, reason, "children_to")
    closed = _close(unit, successor=None, change=change, actor=actor, reason=reason)
    _audit(actor, change, closed, _("Dissolved %(unit)s") % {"unit": closed.name})
    if closed.parent is not None:
        _audit(actor, change, closed.parent, _("Dissolved %(unit)s") % {"unit": closed.name})
    return closed


@transaction.atomic
def update_unit(*, actor, unit: Unit, version: int, **changes) -> Unit:
    """Edit a unit's plain attributes (short name, province, sector, workers, founded on).

    ``version`` is the version the caller read; if the unit changed since, nothing is
    saved and ``ConflictError`` is raised. Name changes go through ``rename_unit``.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], _("This field cannot be edited here."), "not_editable")
    _require(actor, unit)
    _lock([unit])
    unit = _fresh(unit)
    _require_active(unit, "unit")
    if unit.version != version:
        raise ConflictError()
    before = {name: _plain(getattr(unit, name)) for name in changes}
    for name, value in changes.items():
        setattr(unit, name, nfc(value) if isinstance(value, str) and name != "sector" else value)
    unit.full_clean(exclude=["path", "depth", "numchild", "parent", "code"])
    after = {name: _plain(getattr(unit, name)) for name in changes}
    if before == after:
        return unit
    _save(unit, actor, _("Edited"))
    record(
        actor=actor,
        action="org.edit",
        unit=unit,
        obj=unit,
        summary=_("Edited %(unit)s") % {"unit": unit.name},
        data={"before": before, "after": after},
    )
    return unit


def _plain(value):
    if isinstance(value, Province):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    return value


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
