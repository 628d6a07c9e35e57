"""Blocks: set up, read, change; their yearly leaders and their members."""

import datetime

from ninja import Query, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Id, LimitOffset

from .. import services
from ..models import BlockMembership, EmulationBlock
from .common import _block, _blocks, _unit, _units, router

# --- blocks -------------------------------------------------------------------------------


class MembershipOut(Schema):
    unit: int = Field(alias="unit_id")
    unit_name: str = Field(alias="unit.name")
    joined_on: datetime.date
    left_on: datetime.date | None
    joined_decision: str
    left_decision: str
    order: int


class TermOut(Schema):
    year: int
    leader: int = Field(alias="leader_id")
    leader_name: str = Field(alias="leader.name")
    deputy: int | None = Field(alias="deputy_id")
    handed_over_on: datetime.date | None


class BlockOut(Schema):
    id: int
    organiser: int = Field(alias="organiser_id")
    name: str
    decision_number: str
    decision_date: datetime.date
    notes: str
    version: int
    members: list[MembershipOut] = Field(alias="memberships")
    terms: list[TermOut]

    @staticmethod
    def resolve_members(block: EmulationBlock) -> list:
        return list(block.memberships.all())

    @staticmethod
    def resolve_terms(block: EmulationBlock) -> list:
        return list(block.terms.all())


class BlockIn(Schema):
    organiser: Id
    name: str = Field(..., min_length=1, max_length=200)
    decision_number: str = Field(..., min_length=1, max_length=60)
    decision_date: datetime.date
    units: list[Id] = Field(..., min_length=2, max_length=200, description="In rotation order")
    notes: str = Field("", max_length=2000)


class BlockPatch(Schema):
    version: int = Field(..., ge=1)
    name: str | None = Field(None, min_length=1, max_length=200)
    decision_number: str | None = Field(None, min_length=1, max_length=60)
    decision_date: datetime.date | None = None
    notes: str | None = Field(None, max_length=2000)


class TermIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    leader: Id
    deputy: Id | None = None
    handed_over_on: datetime.date | None = Field(
        None, description="When last year's leader hands over (today)"
    )


class MemberIn(Schema):
    unit: Id
    date: datetime.date
    decision: str = Field(..., min_length=1, max_length=60)


class BlockFilters(Schema):
    unit: Id | None = Field(None, description="Blocks this unit is a member of")
    year: int | None = Field(None, ge=2000, le=2100, description="With `unit`: member that year")


@router.get("/blocks", response=list[BlockOut], summary="Emulation blocks in your scope")
@paginate(LimitOffset)
def list_blocks(request, filters: Query[BlockFilters]):
    blocks = _blocks(request).order_by("name", "id")
    if filters.unit:
        memberships = BlockMembership.objects.filter(unit_id=filters.unit)
        if filters.year:
            day = datetime.date(filters.year, 12, 31)
            memberships = memberships.filter(joined_on__lte=day).exclude(
                left_on__lt=datetime.date(filters.year, 1, 1)
            )
        blocks = blocks.filter(pk__in=memberships.values("block"))
    return blocks


@router.post("/blocks", response={201: BlockOut, **ERRORS}, summary="Set up a block")
def create_block(request, payload: BlockIn):
    organiser = _unit(request, payload.organiser)
    block = services.create_block(
        actor=request.user,
        organiser=organiser,
        name=payload.name,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        units=_units(request, payload.units),
        notes=payload.notes,
    )
    return Status(201, _block(request, block.pk))


@router.get("/blocks/{int:block_id}", response={200: BlockOut, **ERRORS}, summary="One block")
def get_block(request, block_id: Id):
    return _block(request, block_id)


@router.patch("/blocks/{int:block_id}", response={200: BlockOut, **ERRORS}, summary="Change")
def patch_block(request, block_id: Id, payload: BlockPatch):
    block = _block(request, block_id)
    fields = payload.dict(exclude={"version"}, exclude_none=True)
    services.update_block(actor=request.user, block=block, version=payload.version, **fields)
    return _block(request, block_id)


@router.post(
    "/blocks/{int:block_id}/terms",
    response={201: TermOut, **ERRORS},
    summary="A year's leader and deputy",
)
def set_term(request, block_id: Id, payload: TermIn):
    block = _block(request, block_id)
    term = services.set_term(
        actor=request.user,
        block=block,
        year=payload.year,
        leader=_unit(request, payload.leader),
        deputy=_unit(request, payload.deputy) if payload.deputy else None,
        handed_over_on=payload.handed_over_on,
    )
    return Status(201, term)


@router.post(
    "/blocks/{int:block_id}/members",
    response={201: MembershipOut, **ERRORS},
    summary="Add a member unit from a date",
)
def add_member(request, block_id: Id, payload: MemberIn):
    block = _block(request, block_id)
    membership = services.add_member(
        actor=request.user,
        block=block,
        unit=_unit(request, payload.unit),
        joined_on=payload.date,
        decision=payload.decision,
    )
    return Status(201, membership)


@router.post(
    "/blocks/{int:block_id}/members/leave",
    response={200: MembershipOut, **ERRORS},
    summary="A member unit leaves on a date",
)
def remove_member(request, block_id: Id, payload: MemberIn):
    block = _block(request, block_id)
    return services.remove_member(
        actor=request.user,
        block=block,
        unit=_unit(request, payload.unit),
        left_on=payload.date,
        decision=payload.decision,
    )
