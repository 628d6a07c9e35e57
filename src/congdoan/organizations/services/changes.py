"""The dated organisation changes: found, rename, move, merge, split, dissolve, edit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.vntext import nfc

from ..models import (
    ChangeKind,
    PartRole,
    Province,
    Unit,
)
from .base import (
    EDITABLE_FIELDS,
    Decision,
    NewUnit,
    _audit,
    _close,
    _create,
    _fresh,
    _lock,
    _move_children,
    _new_change,
    _part,
    _place,
    _require,
    _require_active,
    _require_code_free,
    _require_kind_allowed,
    _require_name,
    _require_not_within,
    _save,
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
