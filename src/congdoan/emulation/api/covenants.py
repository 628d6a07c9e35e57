"""Covenants: prepare, change, sign, and the Word document."""

import datetime
from decimal import Decimal

from ninja import Query, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible
from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response

from .. import services
from ..documents import covenant_docx
from ..models import Covenant
from .common import _block, _block_units, router

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
    found = _block_units(covenant.block_id, [s.unit for s in payload.signatories])
    units = [found[s.unit] for s in payload.signatories]
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
