"""Shared pieces of the tree services: the decision, checks, locks and primitives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.core.vntext import nfc

from ..models import (
    OrgChange,
    OrgChangePart,
    PartRole,
    Province,
    Unit,
    UnitKind,
    UnitStatus,
)
from ..signals import unit_closed, unit_closing, unit_moved

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
    if unit is None:
        if actor is not None and not actor.is_superuser:
            raise PermissionDenied(_("Only a system administrator can change the top of the tree."))
        return
    require_role(actor, unit, role)


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
    old_path = unit.path
    Unit.objects.move(unit, new_parent, "last-child")
    unit = _fresh(unit)
    unit.parent = new_parent
    _save(unit, actor, reason)
    if unit.path != old_path:
        unit_moved.send(sender=Unit, unit=unit, old_path=old_path, new_path=unit.path)
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
