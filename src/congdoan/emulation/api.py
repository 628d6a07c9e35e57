"""``/api/v1/emulation``: emulation blocks with their members and yearly leaders, and the
covenants they sign."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible
from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response
from congdoan.organizations.models import Unit

from . import services
from .documents import covenant_docx
from .models import BlockMembership, BlockTerm, Covenant, EmulationBlock

router = Router(tags=["emulation"])


def _unit(request, pk: int) -> Unit:
    """A unit the user can see (a member or leader named by id)."""
    return get_visible(Unit.objects.all(), request.user, pk)


def _units(request, ids: list[int]) -> list[Unit]:
    found = {u.pk: u for u in Unit.objects.visible_to(request.user).filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise HttpError(404, _("Unit %(id)s is not in your scope.") % {"id": missing[0]})
    return [found[pk] for pk in ids]


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


def _blocks(request):
    return EmulationBlock.objects.visible_to(request.user).prefetch_related(
        Prefetch("memberships", BlockMembership.objects.select_related("unit")),
        Prefetch("terms", BlockTerm.objects.select_related("leader")),
    )


def _block(request, block_id: int) -> EmulationBlock:
    return get_object_or_404(_blocks(request), pk=block_id)


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


# --- covenants ------------------------------------------------------------------------------


class TargetIO(Schema):
    text: str = Field(..., min_length=1, max_length=2000)
    indicator: str = Field("", max_length=40, pattern=r"^[a-z0-9_-]*$")
    target: Decimal | None = Field(None, ge=0, le=Decimal("1e14"))


class SignatoryOut(Schema):
    unit: int = Field(alias="unit_id")
    unit_name: str = Field(alias="unit.name")
    name: str
    title: str


class CovenantOut(Schema):
    id: int
    block: int = Field(alias="block_id")
    year: int
    theme: str
    status: str
    signed_on: datetime.date | None
    place: str
    version: int
    targets: list[TargetIO]
    signatories: list[SignatoryOut]

    @staticmethod
    def resolve_targets(covenant: Covenant) -> list:
        return list(covenant.targets.all())

    @staticmethod
    def resolve_signatories(covenant: Covenant) -> list:
        return list(covenant.signatories.select_related("unit"))


class CovenantIn(Schema):
    block: Id
    year: int = Field(..., ge=2000, le=2100)
    theme: str = Field(..., min_length=1, max_length=2000)
    targets: list[TargetIO] = Field(..., min_length=1, max_length=100)


class CovenantPatch(Schema):
    version: int = Field(..., ge=1)
    theme: str = Field(..., min_length=1, max_length=2000)
    targets: list[TargetIO] = Field(..., min_length=1, max_length=100)


class SignatoryIn(Schema):
    unit: Id
    name: str = Field(..., min_length=1, max_length=120)
    title: str = Field(..., min_length=1, max_length=120)


class SignIn(Schema):
    version: int = Field(..., ge=1)
    signed_on: datetime.date
    place: str = Field(..., min_length=1, max_length=200)
    signatories: list[SignatoryIn] = Field(..., min_length=1, max_length=200)


class CovenantFilters(Schema):
    block: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)


def _covenant(request, covenant_id: int) -> Covenant:
    return get_visible(
        Covenant.objects.select_related("block__organiser"), request.user, covenant_id
    )


@router.get("/covenants", response=list[CovenantOut], summary="Covenants in your scope")
@paginate(LimitOffset)
def list_covenants(request, filters: Query[CovenantFilters]):
    covenants = Covenant.objects.visible_to(request.user).prefetch_related("targets")
    if filters.block:
        covenants = covenants.filter(block_id=filters.block)
    if filters.year:
        covenants = covenants.filter(year=filters.year)
    return covenants.order_by("-year", "id")


@router.post("/covenants", response={201: CovenantOut, **ERRORS}, summary="Prepare a covenant")
def create_covenant(request, payload: CovenantIn):
    block = _block(request, payload.block)
    covenant = services.create_covenant(
        actor=request.user,
        block=block,
        year=payload.year,
        theme=payload.theme,
        targets=[t.dict() for t in payload.targets],
    )
    return Status(201, covenant)


@router.get("/covenants/{int:covenant_id}", response={200: CovenantOut, **ERRORS})
def get_covenant(request, covenant_id: Id):
    return _covenant(request, covenant_id)


@router.patch("/covenants/{int:covenant_id}", response={200: CovenantOut, **ERRORS})
def patch_covenant(request, covenant_id: Id, payload: CovenantPatch):
    return services.update_covenant(
        actor=request.user,
        covenant=_covenant(request, covenant_id),
        version=payload.version,
        theme=payload.theme,
        targets=[t.dict() for t in payload.targets],
    )


@router.post(
    "/covenants/{int:covenant_id}/sign",
    response={200: CovenantOut, **ERRORS},
    summary="Record the signing (every member unit)",
)
def sign_covenant(request, covenant_id: Id, payload: SignIn):
    covenant = _covenant(request, covenant_id)
    # the year's leader signs for units outside its own scope: the block's members
    members = Unit.objects.filter(
        pk__in=BlockMembership.objects.filter(block=covenant.block_id).values("unit")
    )
    found = {unit.pk: unit for unit in members.filter(pk__in=[s.unit for s in payload.signatories])}
    units = []
    for entry in payload.signatories:
        if entry.unit not in found:
            raise HttpError(
                404, _("Unit %(id)s is not a member of the block.") % {"id": entry.unit}
            )
        units.append(found[entry.unit])
    return services.sign_covenant(
        actor=request.user,
        covenant=covenant,
        version=payload.version,
        signed_on=payload.signed_on,
        place=payload.place,
        signatories=[
            {"unit": unit, "name": s.name, "title": s.title}
            for unit, s in zip(units, payload.signatories, strict=True)
        ],
    )


@router.get(
    "/covenants/{int:covenant_id}/docx",
    response={200: None, **ERRORS},
    summary="The covenant as Word (.docx)",
)
def covenant_word(request, covenant_id: Id):
    covenant = _covenant(request, covenant_id)
    name = f"giao-uoc-thi-dua-{covenant.year}-{covenant.block_id}.docx"
    return file_response(covenant_docx(covenant), name, DOCX_TYPE)
