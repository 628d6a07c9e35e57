"""Emulation movements and the registrations for titles."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible
from congdoan.members.models import Member

from .. import movements
from ..models import Movement
from .common import _unit, router


class MovementOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    name: str
    slogan: str
    decision_number: str
    starts_on: datetime.date
    ends_on: datetime.date
    parent: int | None = Field(None, alias="parent_id")
    titles: list[str]

    @staticmethod
    def resolve_titles(movement) -> list[str]:
        return [title.code for title in movement.titles.all()]


class MovementIn(Schema):
    unit: Id
    name: str = Field(..., min_length=1, max_length=300)
    slogan: str = Field("", max_length=300)
    decision_number: str = Field(..., min_length=1, max_length=60)
    starts_on: datetime.date
    ends_on: datetime.date
    parent: Id | None = None
    titles: list[str] = Field(default_factory=list, max_length=50)


class MovementFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Running in this year")


class RegistrationIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    award: str = Field(..., max_length=40)
    member: Id | None = None
    unit: Id | None = None
    movement: Id | None = None


class RegistrationOut(Schema):
    id: int
    year: int
    award: str = Field(alias="award.code")
    unit: int = Field(alias="unit_id")
    member: int | None = Field(None, alias="member_id")
    movement: int | None = Field(None, alias="movement_id")
    registered_on: datetime.date


def _titles(codes: list[str]):
    from congdoan.awards.models import AwardTitle

    return [get_object_or_404(AwardTitle, code=code) for code in codes]


@router.get("/movements", response=list[MovementOut], summary="Movements you take part in")
@paginate(LimitOffset)
def list_movements(request, filters: Query[MovementFilters]):
    found = Movement.objects.visible_to(request.user).prefetch_related("titles")
    if filters.year:
        found = found.filter(
            starts_on__lte=datetime.date(filters.year, 12, 31),
            ends_on__gte=datetime.date(filters.year, 1, 1),
        )
    return found.order_by("-starts_on", "id")


@router.post("/movements", response={201: MovementOut, **ERRORS}, summary="Launch a movement")
def launch(request, payload: MovementIn):
    parent = (
        get_visible(Movement.objects.select_related("unit"), request.user, payload.parent)
        if payload.parent
        else None
    )
    movement = movements.launch_movement(
        actor=request.user,
        unit=_unit(request, payload.unit),
        name=payload.name,
        slogan=payload.slogan,
        decision_number=payload.decision_number,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        parent=parent,
        titles=_titles(payload.titles),
    )
    return Status(201, movement)


@router.post(
    "/registrations",
    response={201: RegistrationOut, **ERRORS},
    summary="Register a member or a unit for a title",
)
def register(request, payload: RegistrationIn):
    (award,) = _titles([payload.award])
    member = (
        get_visible(Member.objects.select_related("unit"), request.user, payload.member)
        if payload.member
        else None
    )
    movement = (
        get_visible(Movement.objects.select_related("unit"), request.user, payload.movement)
        if payload.movement
        else None
    )
    registration = movements.register(
        actor=request.user,
        year=payload.year,
        award=award,
        member=member,
        unit=_unit(request, payload.unit) if payload.unit else None,
        movement=movement,
    )
    return Status(201, registration)
