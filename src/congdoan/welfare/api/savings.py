"""``/api/v1/savings-groups``: groups, cycles, payments, payouts and statements."""

from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Day, Id, LimitOffset, Money, get_visible

from .. import services
from ..models import (
    SavingsGroup,
    SavingsPayment,
)
from .common import _members, _unit

savings_router = Router(tags=["savings groups"])

# --- savings groups -----------------------------------------------------------------


class SaverOut(Schema):
    position: int
    member: int = Field(alias="member_id")
    name: str = Field(alias="member.full_name")


class CycleOut(Schema):
    number: int
    due_on: Day
    receiver: int = Field(alias="receiver.member_id")
    drawn: bool
    paid_out_on: Day | None
    pot: int


class GroupOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    name: str
    contribution: int
    cycle_months: int
    starts_on: Day
    order: str
    interest_percent: Decimal
    members: list[SaverOut]
    cycles: list[CycleOut]
    total_paid: int

    @staticmethod
    def resolve_members(group) -> list:
        return list(group.members.all())

    @staticmethod
    def resolve_cycles(group) -> list:
        return list(group.cycles.all())


class GroupIn(Schema):
    unit: Id
    name: str = Field(..., min_length=1, max_length=150)
    contribution: Money
    cycle_months: int = Field(1, ge=1, le=12)
    starts_on: Day
    order: SavingsGroup.Order
    interest_percent: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=5, decimal_places=2)
    members: list[Id] = Field(..., min_length=2, max_length=200, description="In payout order")


class PaymentOut(Schema):
    id: int
    cycle: int = Field(alias="cycle.number")
    member: int = Field(alias="saver.member_id")
    due: int
    paid: int
    paid_on: Day | None
    late: bool


class PaymentIn(Schema):
    paid: Money
    paid_on: Day


class PayoutIn(Schema):
    on: Day


class StatementRow(Schema):
    cycle: int
    due_on: Day
    due: int
    paid: int
    paid_on: Day | None
    late: bool
    missing: bool


class StatementOut(Schema):
    member: int
    rows: list[StatementRow]
    due: int
    paid: int
    receives_in_cycle: int | None
    received: int | None


CycleNumber = Annotated[int, Field(ge=1, le=1000)]


def _group(request, pk: int) -> SavingsGroup:
    return get_visible(SavingsGroup.objects.select_related("unit"), request.user, pk)


@savings_router.get("", response=list[GroupOut], summary="Savings groups in scope")
@paginate(LimitOffset)
def list_groups(request, unit: Id | None = None):
    groups = SavingsGroup.objects.with_total().visible_to(request.user)
    if unit:
        groups = groups.filter(unit=_unit(request, unit))
    return groups.order_by("unit__path", "name", "id")


@savings_router.post("", response={201: GroupOut, **ERRORS}, summary="Form a group")
def create_group(request, payload: GroupIn):
    unit = _unit(request, payload.unit)
    group = services.create_group(
        actor=request.user,
        unit=unit,
        name=payload.name,
        contribution=payload.contribution,
        cycle_months=payload.cycle_months,
        starts_on=payload.starts_on,
        order=payload.order,
        interest_percent=payload.interest_percent,
        members=_members(request, payload.members),
    )
    return Status(201, SavingsGroup.objects.with_total().get(pk=group.pk))


@savings_router.get("/{group_id}", response={200: GroupOut, **ERRORS}, summary="One group")
def get_group(request, group_id: Id):
    return get_visible(SavingsGroup.objects.with_total(), request.user, group_id)


@savings_router.post(
    "/{group_id}/cycles", response={201: CycleOut, **ERRORS}, summary="Open the next cycle"
)
def open_cycle(request, group_id: Id):
    return Status(201, services.open_cycle(actor=request.user, group=_group(request, group_id)))


@savings_router.get(
    "/{group_id}/cycles/{number}/payments",
    response={200: list[PaymentOut], **ERRORS},
    summary="A cycle's payments",
)
def list_payments(request, group_id: Id, number: CycleNumber):
    group = _group(request, group_id)
    cycle = get_object_or_404(group.cycles, number=number)
    return list(cycle.payments.select_related("cycle", "saver"))


@savings_router.post(
    "/{group_id}/cycles/{number}/payout",
    response={200: CycleOut, **ERRORS},
    summary="Pay the pot to the cycle's receiver",
)
def pay_out(request, group_id: Id, payload: PayoutIn, number: CycleNumber):
    group = _group(request, group_id)
    cycle = get_object_or_404(group.cycles, number=number)
    return services.pay_out(actor=request.user, cycle=cycle, on=payload.on)


@savings_router.post(
    "/payments/{payment_id}", response={200: PaymentOut, **ERRORS}, summary="Record a payment"
)
def record_payment(request, payment_id: Id, payload: PaymentIn):
    payment = get_visible(
        SavingsPayment.objects.select_related("cycle__group__unit"), request.user, payment_id
    )
    return services.record_payment(
        actor=request.user, payment=payment, paid=payload.paid, paid_on=payload.paid_on
    )


@savings_router.get(
    "/{group_id}/members/{member_id}/statement",
    response={200: StatementOut, **ERRORS},
    summary="A member's statement",
)
def member_statement(request, group_id: Id, member_id: Id):
    group = _group(request, group_id)
    saver = get_object_or_404(group.members, member_id=member_id)
    st = services.statement(saver)
    received = st["received"]
    return {
        "member": member_id,
        "rows": st["rows"],
        "due": st["due"],
        "paid": st["paid"],
        "receives_in_cycle": received.number if received else None,
        "received": received.pot if received and received.paid_out_on else None,
    }
