"""``/api/v1/units``: the union tree and its organisation changes."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible

from . import services
from .filters import UnitFilters, filter_units
from .models import Province, Unit, UnitKind

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str = Field(alias="kind.code")
    kind_name: str = Field(alias="kind.name")
    parent: Id | None = Field(alias="parent_id")
    province: str | None = Field(None, alias="province.code")
    sector: str
    workers: int | None
    founded_on: date | None
    status: str
    closed_on: date | None
    successor: int | None = Field(alias="successor_id")
    depth: int
    children: int = Field(alias="numchild")
    version: int


class DecisionIn(Schema):
    decision_number: str = Field("", max_length=64)
    decision_date: date | None = None
    effective_date: date | None = None
    note: str = Field("", max_length=2000)

    def decision(self) -> services.Decision:
        return services.Decision(
            number=self.decision_number,
            date=self.decision_date,
            effective=self.effective_date,
            note=self.note,
        )


class NewUnitIn(Schema):
    code: str = Field(max_length=32)
    name: str = Field(max_length=255)
    short_name: str = Field("", max_length=100)
    kind: str = Field(max_length=32)
    province: str | None = Field(None, max_length=8)
    sector: str = Field("", max_length=32)
    workers: int | None = Field(None, ge=0, le=2_000_000_000)


class UnitCreateIn(DecisionIn, NewUnitIn):
    parent: Id


class UnitPatchIn(Schema):
    version: int
    short_name: str | None = Field(None, max_length=100)
    province: str | None = Field(None, max_length=8)
    sector: str | None = Field(None, max_length=32)
    workers: int | None = Field(None, ge=0, le=2_000_000_000)
    founded_on: date | None = None


class RenameIn(DecisionIn):
    name: str = Field(max_length=255)
    short_name: str | None = Field(None, max_length=100)


class MoveIn(DecisionIn):
    new_parent: Id
    province: str | None = Field(None, max_length=8)


class BulkMoveIn(MoveIn):
    units: list[Id] = Field(min_length=1, max_length=5000)


class AbsorbIn(DecisionIn):
    into: Id


class DissolveIn(DecisionIn):
    children_to: Id | None = None


class ConsolidateIn(DecisionIn, NewUnitIn):
    units: list[Id] = Field(min_length=2, max_length=50)
    parent: Id


class SplitPartIn(NewUnitIn):
    children: list[Id] = Field(default_factory=list, max_length=5000)


class SplitIn(DecisionIn):
    parts: list[SplitPartIn] = Field(min_length=2, max_length=20)


def _units():
    return Unit.objects.select_related("kind", "province")


def _visible(request, pk: int, field: str | None = None) -> Unit:
    return get_visible(_units(), request.user, pk)


def _kind(code: str, field: str = "kind") -> UnitKind:
    kind = UnitKind.objects.filter(code=code).first()
    if kind is None:
        raise ValidationError(
            {field: _("There is no unit kind %(code)s.") % {"code": code}}, code="unknown_kind"
        )
    return kind


def _province(code: str | None, field: str = "province") -> Province | None:
    if not code:
        return None
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise ValidationError(
            {field: _("There is no province with code %(code)s.") % {"code": code}},
            code="unknown_province",
        )
    return province


def _new_unit(payload: NewUnitIn, children: list[Unit] | None = None) -> services.NewUnit:
    return services.NewUnit(
        code=payload.code,
        name=payload.name,
        short_name=payload.short_name,
        kind=_kind(payload.kind),
        province=_province(payload.province),
        sector=payload.sector,
        workers=payload.workers,
        children=children or [],
    )


@router.get("", response=list[UnitOut], summary="List units in your scope")
@paginate(LimitOffset)
def list_units(request, filters: Query[UnitFilters]):
    units = _units().visible_to(request.user)
    return filter_units(units, request.user, filters)


@router.post("", response={201: UnitOut, **ERRORS}, summary="Found a unit")
def create_unit(request, payload: UnitCreateIn):
    parent = _visible(request, payload.parent)
    unit = services.found_unit(
        actor=request.user, parent=parent, spec=_new_unit(payload), decision=payload.decision()
    )
    return Status(201, _units().get(pk=unit.pk))


@router.post(
    "/consolidate", response={201: UnitOut, **ERRORS}, summary="Consolidate units into a new one"
)
def consolidate(request, payload: ConsolidateIn):
    units = [_visible(request, pk) for pk in payload.units]
    parent = _visible(request, payload.parent)
    result = services.consolidate_units(
        actor=request.user,
        units=units,
        parent=parent,
        spec=_new_unit(payload),
        decision=payload.decision(),
    )
    return Status(201, _units().get(pk=result.pk))


@router.post(
    "/bulk-move",
    response={200: list[UnitOut], **ERRORS},
    summary="Move many units under one managing unit",
)
def bulk_move(request, payload: BulkMoveIn):
    units = [_visible(request, pk) for pk in payload.units]
    new_parent = _visible(request, payload.new_parent)
    moved = services.move_units(
        actor=request.user,
        units=units,
        new_parent=new_parent,
        decision=payload.decision(),
        province=_province(payload.province),
    )
    return Status(200, list(_units().filter(pk__in=[u.pk for u in moved])))


@router.get("/{int:unit_id}", response={200: UnitOut, **ERRORS}, summary="One unit")
def get_unit(request, unit_id: Id):
    return _visible(request, unit_id)


@router.patch(
    "/{int:unit_id}",
    response={200: UnitOut, **ERRORS},
    summary="Edit a unit's attributes (send the version you read)",
)
def patch_unit(request, unit_id: Id, payload: UnitPatchIn):
    unit = _visible(request, unit_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    if "province" in changes:
        changes["province"] = _province(changes["province"])
    if changes.get("sector") is None and "sector" in changes:
        changes["sector"] = ""
    if "short_name" in changes and changes["short_name"] is None:
        changes["short_name"] = ""
    services.update_unit(actor=request.user, unit=unit, version=payload.version, **changes)
    return _units().get(pk=unit.pk)


@router.post("/{int:unit_id}/rename", response={200: UnitOut, **ERRORS}, summary="Rename")
def rename(request, unit_id: Id, payload: RenameIn):
    unit = _visible(request, unit_id)
    services.rename_unit(
        actor=request.user,
        unit=unit,
        name=payload.name,
        short_name=payload.short_name,
        decision=payload.decision(),
    )
    return _units().get(pk=unit.pk)


@router.post(
    "/{int:unit_id}/move",
    response={200: UnitOut, **ERRORS},
    summary="Move under another managing unit",
)
def move(request, unit_id: Id, payload: MoveIn):
    unit = _visible(request, unit_id)
    new_parent = _visible(request, payload.new_parent)
    services.move_unit(
        actor=request.user,
        unit=unit,
        new_parent=new_parent,
        decision=payload.decision(),
        province=_province(payload.province),
    )
    return _units().get(pk=unit.pk)


@router.post(
    "/{int:unit_id}/absorb",
    response={200: UnitOut, **ERRORS},
    summary="Merge this unit into another (returns the absorbing unit)",
)
def absorb(request, unit_id: Id, payload: AbsorbIn):
    unit = _visible(request, unit_id)
    into = _visible(request, payload.into)
    result = services.absorb_unit(
        actor=request.user, unit=unit, into=into, decision=payload.decision()
    )
    return _units().get(pk=result.pk)


@router.post("/{int:unit_id}/dissolve", response={200: UnitOut, **ERRORS}, summary="Dissolve")
def dissolve(request, unit_id: Id, payload: DissolveIn):
    unit = _visible(request, unit_id)
    target = _visible(request, payload.children_to) if payload.children_to else None
    services.dissolve_unit(
        actor=request.user, unit=unit, children_to=target, decision=payload.decision()
    )
    return _units().get(pk=unit.pk)


@router.post(
    "/{int:unit_id}/split", response={201: list[UnitOut], **ERRORS}, summary="Split into new units"
)
def split(request, unit_id: Id, payload: SplitIn):
    unit = _visible(request, unit_id)
    parts = [
        _new_unit(part, [_visible(request, pk) for pk in part.children]) for part in payload.parts
    ]
    created = services.split_unit(
        actor=request.user, unit=unit, parts=parts, decision=payload.decision()
    )
    return Status(201, list(_units().filter(pk__in=[u.pk for u in created]).order_by("path")))
