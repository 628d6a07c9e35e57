"""``/api/v1/care``, ``/funds``, ``/campaigns``, ``/savings-groups``: care work, the
funds it is paid from, campaigns and rotating savings groups. Everything is read
through ``visible_to``: a union never sees another's beneficiaries."""

from decimal import Decimal
from typing import Annotated, Literal

from django.db.models import Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Day, Id, LimitOffset, Money, get_visible
from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response
from congdoan.core.errors import invalid
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from . import documents, services
from .filters import CareFilter, filter_care
from .models import (
    Campaign,
    CareBatch,
    CareKind,
    CareRate,
    CareRecord,
    Donor,
    Fund,
    SavingsGroup,
    SavingsPayment,
)

care_router = Router(tags=["care"])
funds_router = Router(tags=["funds"])
campaigns_router = Router(tags=["campaigns"])
savings_router = Router(tags=["savings groups"])


def _unit(request, pk: int) -> Unit:
    return get_visible(Unit.objects.all(), request.user, pk)


def _member(request, pk: int | None) -> Member | None:
    return None if pk is None else get_visible(Member.objects.all(), request.user, pk)


def _kind(unit: Unit, code: str) -> CareKind:
    return get_object_or_404(CareKind.objects.for_unit(unit), code=code)


def _fund(request, pk: int | None) -> Fund | None:
    return None if pk is None else get_visible(Fund.objects.all(), request.user, pk)


# --- care ---------------------------------------------------------------------------


class KindOut(Schema):
    code: str
    name: str
    group: str
    unit: int | None = Field(None, alias="unit_id")


class KindIn(Schema):
    unit: Id
    code: str = Field(..., pattern=r"^[a-z0-9-]{1,40}$")
    name: str = Field(..., min_length=1, max_length=120)
    group: CareKind.Group


class RateOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    kind: str = Field(alias="kind.code")
    amount: int
    valid_from: Day
    min_member_years: int | None
    source: str


class RateIn(Schema):
    unit: Id
    kind: str = Field(..., max_length=40)
    amount: Money
    valid_from: Day
    min_member_years: int | None = Field(None, ge=1, le=60)
    source: str = Field("", max_length=200)


class CareOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    kind: str = Field(alias="kind.code")
    on: Day
    beneficiary: str
    member: int | None = Field(None, alias="member_id")
    person_name: str
    person_note: str
    amount: int
    in_kind: str
    fund: int | None = Field(None, alias="fund_id")
    occasion: str
    voucher: str
    batch: int | None = Field(None, alias="batch_id")
    cancelled: bool
    cancel_reason: str

    @staticmethod
    def resolve_cancelled(care) -> bool:
        return care.cancelled_at is not None


class CareIn(Schema):
    unit: Id
    kind: str = Field(..., max_length=40)
    on: Day
    beneficiary: Literal["member", "child", "outside"] = "member"
    member: Id | None = None
    person_name: str = Field("", max_length=150)
    person_note: str = Field("", max_length=200)
    amount: Money | None = Field(None, description="Blank: the union's rate for the kind")
    in_kind: str = Field("", max_length=200)
    fund: Id | None = None
    occasion: str = Field("", max_length=200)
    voucher: str = Field("", max_length=64)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=255)


class BatchIn(Schema):
    unit: Id
    kind: str = Field(..., max_length=40)
    on: Day
    occasion: str = Field(..., min_length=1, max_length=200)
    members: list[Id] = Field(..., min_length=1, max_length=20000)
    amount: Money | None = None
    fund: Id | None = None
    voucher: str = Field("", max_length=64)


class BatchOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    kind: str = Field(alias="kind.code")
    on: Day
    occasion: str
    fund: int | None = Field(None, alias="fund_id")
    voucher: str
    count: int
    total: int

    @staticmethod
    def resolve_count(batch) -> int:
        return batch.records.in_force().count()

    @staticmethod
    def resolve_total(batch) -> int:
        return batch.records.in_force().aggregate(total=Sum("amount"))["total"] or 0


@care_router.get("/kinds", response=list[KindOut], summary="Kinds of care a union uses")
def list_kinds(request, unit: Id):
    return CareKind.objects.for_unit(_unit(request, unit))


@care_router.post("/kinds", response={201: KindOut, **ERRORS}, summary="Add a union's own kind")
def add_kind(request, payload: KindIn):
    unit = _unit(request, payload.unit)
    kind = services.add_kind(
        actor=request.user, unit=unit, code=payload.code, name=payload.name, group=payload.group
    )
    return Status(201, kind)


@care_router.get("/rates", response=list[RateOut], summary="A union's care rates")
def list_rates(request, unit: Id):
    return (
        CareRate.objects.visible_to(request.user)
        .filter(unit=_unit(request, unit))
        .select_related("kind")
    )


@care_router.post("/rates", response={201: RateOut, **ERRORS}, summary="Set a care rate")
def set_rate(request, payload: RateIn):
    unit = _unit(request, payload.unit)
    rate = services.set_rate(
        actor=request.user,
        unit=unit,
        kind=_kind(unit, payload.kind),
        amount=payload.amount,
        valid_from=payload.valid_from,
        min_member_years=payload.min_member_years,
        source=payload.source,
    )
    return Status(201, rate)


def _care(request):
    return CareRecord.objects.visible_to(request.user).select_related("kind")


@care_router.get("", response=list[CareOut], summary="Care records in scope")
@paginate(LimitOffset)
def list_care(request, filters: Query[CareFilter]):
    unit = _unit(request, filters.unit) if filters.unit else None
    return filter_care(_care(request), filters, unit)


@care_router.post("", response={201: CareOut, **ERRORS}, summary="Record one act of care")
def record_care(request, payload: CareIn):
    unit = _unit(request, payload.unit)
    care = services.record_care(
        actor=request.user,
        unit=unit,
        kind=_kind(unit, payload.kind),
        on=payload.on,
        recipient=services.Recipient(
            beneficiary=payload.beneficiary,
            member=_member(request, payload.member),
            person_name=payload.person_name,
            person_note=payload.person_note,
        ),
        amount=payload.amount,
        in_kind=payload.in_kind,
        fund=_fund(request, payload.fund),
        occasion=payload.occasion,
        voucher=payload.voucher,
    )
    return Status(201, care)


# the payment lists' paths come before a record's, whose id would take "batches"
@care_router.post("/batches", response={201: BatchOut, **ERRORS}, summary="Care for many at once")
def record_batch(request, payload: BatchIn):
    unit = _unit(request, payload.unit)
    members = list(Member.objects.visible_to(request.user).filter(pk__in=payload.members))
    if len(members) != len(set(payload.members)):
        found = {m.pk for m in members}
        missing = next(pk for pk in payload.members if pk not in found)
        get_visible(Member.objects.all(), request.user, missing)  # the 404 for that id
    if len(set(payload.members)) != len(payload.members):
        raise invalid("members", _("A member appears twice on the list."), "duplicate")
    batch = services.record_batch(
        actor=request.user,
        unit=unit,
        kind=_kind(unit, payload.kind),
        on=payload.on,
        occasion=payload.occasion,
        members=members,
        amount=payload.amount,
        fund=_fund(request, payload.fund),
        voucher=payload.voucher,
    )
    return Status(201, batch)


@care_router.get(
    "/batches/{batch_id}", response={200: BatchOut, **ERRORS}, summary="A payment list"
)
def get_batch(request, batch_id: Id):
    return get_visible(CareBatch.objects.select_related("kind"), request.user, batch_id)


@care_router.get(
    "/batches/{batch_id}/document",
    response={200: None, **ERRORS},
    summary="The payment list (danh sách chi) as Word",
    openapi_extra={"responses": {200: {"content": {DOCX_TYPE: {}}}}},
)
def batch_document(request, batch_id: Id):
    batch = get_visible(
        CareBatch.objects.select_related("unit__kind", "unit__parent", "kind", "fund"),
        request.user,
        batch_id,
    )
    return file_response(documents.batch_docx(batch), f"danh-sach-chi-{batch.pk}.docx", DOCX_TYPE)


@care_router.get("/{care_id}", response={200: CareOut, **ERRORS}, summary="One care record")
def get_care(request, care_id: Id):
    return get_visible(_care(request), request.user, care_id)


@care_router.post(
    "/{care_id}/cancel", response={200: CareOut, **ERRORS}, summary="Cancel a record (kept)"
)
def cancel_care(request, care_id: Id, payload: ReasonIn):
    care = get_visible(_care(request), request.user, care_id)
    return services.cancel_care(actor=request.user, care=care, reason=payload.reason)


# --- funds --------------------------------------------------------------------------


class FundOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    name: str
    kind: str
    allow_negative: bool
    active: bool
    balance: int

    @staticmethod
    def resolve_balance(fund) -> int:
        return fund.balance()


class FundIn(Schema):
    unit: Id
    name: str = Field(..., min_length=1, max_length=150)
    kind: Fund.Kind
    allow_negative: bool = False


class EntryOut(Schema):
    id: int
    on: Day
    direction: str
    amount: int
    description: str
    care: int | None = Field(None, alias="care_id")
    contribution: int | None = Field(None, alias="contribution_id")


class EntryIn(Schema):
    on: Day
    direction: Literal["in", "out"]
    amount: Money
    description: str = Field(..., min_length=1, max_length=255)


@funds_router.get("", response=list[FundOut], summary="Funds in scope")
@paginate(LimitOffset)
def list_funds(request, unit: Id | None = None):
    funds = Fund.objects.visible_to(request.user)
    if unit:
        funds = funds.filter(unit=_unit(request, unit))
    return funds.order_by("unit__path", "name", "id")


@funds_router.post("", response={201: FundOut, **ERRORS}, summary="Open a fund")
def create_fund(request, payload: FundIn):
    fund = services.create_fund(
        actor=request.user,
        unit=_unit(request, payload.unit),
        name=payload.name,
        kind=payload.kind,
        allow_negative=payload.allow_negative,
    )
    return Status(201, fund)


@funds_router.get("/{fund_id}", response={200: FundOut, **ERRORS}, summary="One fund")
def get_fund(request, fund_id: Id):
    return get_visible(Fund.objects.all(), request.user, fund_id)


@funds_router.get(
    "/{fund_id}/entries", response={200: list[EntryOut], **ERRORS}, summary="A fund's ledger"
)
@paginate(LimitOffset)
def list_entries(request, fund_id: Id):
    fund = get_visible(Fund.objects.all(), request.user, fund_id)
    return fund.entries.order_by("on", "id")


@funds_router.post(
    "/{fund_id}/entries", response={201: EntryOut, **ERRORS}, summary="Record a movement"
)
def add_entry(request, fund_id: Id, payload: EntryIn):
    fund = get_visible(Fund.objects.all(), request.user, fund_id)
    entry = services.move(
        actor=request.user,
        fund=fund,
        on=payload.on,
        direction=payload.direction,
        amount=payload.amount,
        description=payload.description,
    )
    return Status(201, entry)


# --- campaigns ----------------------------------------------------------------------


class CampaignOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    name: str
    fund: int = Field(alias="fund_id")
    target: int | None
    starts_on: Day
    ends_on: Day
    raised: int
    sponsored: int

    @staticmethod
    def resolve_raised(campaign) -> int:
        return campaign.contributions.aggregate(total=Sum("amount"))["total"] or 0

    @staticmethod
    def resolve_sponsored(campaign) -> int:
        outside = campaign.contributions.filter(donor=Donor.SPONSOR)
        return outside.aggregate(total=Sum("amount"))["total"] or 0


class CampaignIn(Schema):
    unit: Id
    name: str = Field(..., min_length=1, max_length=200)
    fund: Id
    target: Money | None = None
    starts_on: Day
    ends_on: Day


class ContributionOut(Schema):
    id: int
    on: Day
    donor: str
    member: int | None = Field(None, alias="member_id")
    donor_unit: int | None = Field(None, alias="donor_unit_id")
    donor_name: str
    amount: int
    note: str


class GiftIn(Schema):
    member: Id | None = None
    donor_unit: Id | None = None
    donor_name: str = Field("", max_length=200)
    amount: Money


class ContributionIn(Schema):
    on: Day
    donor: Donor
    gifts: list[GiftIn] = Field(..., min_length=1, max_length=20000)
    note: str = Field("", max_length=255)


@campaigns_router.get("", response=list[CampaignOut], summary="Campaigns in scope")
@paginate(LimitOffset)
def list_campaigns(request, unit: Id | None = None):
    campaigns = Campaign.objects.visible_to(request.user)
    if unit:
        campaigns = campaigns.filter(unit=_unit(request, unit))
    return campaigns.order_by("-starts_on", "id")


@campaigns_router.post("", response={201: CampaignOut, **ERRORS}, summary="Open a campaign")
def create_campaign(request, payload: CampaignIn):
    campaign = services.create_campaign(
        actor=request.user,
        unit=_unit(request, payload.unit),
        name=payload.name,
        fund=_fund(request, payload.fund),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        target=payload.target,
    )
    return Status(201, campaign)


@campaigns_router.get(
    "/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="One campaign"
)
def get_campaign(request, campaign_id: Id):
    return get_visible(Campaign.objects.all(), request.user, campaign_id)


@campaigns_router.get(
    "/{campaign_id}/contributions",
    response={200: list[ContributionOut], **ERRORS},
    summary="A campaign's contributions",
)
@paginate(LimitOffset)
def list_contributions(request, campaign_id: Id):
    campaign = get_visible(Campaign.objects.all(), request.user, campaign_id)
    return campaign.contributions.order_by("on", "id")


@campaigns_router.post(
    "/{campaign_id}/contributions",
    response={201: list[ContributionOut], **ERRORS},
    summary="Record contributions (one or many of one kind of donor)",
)
def contribute(request, campaign_id: Id, payload: ContributionIn):
    campaign = get_visible(Campaign.objects.select_related("unit"), request.user, campaign_id)
    gifts = [
        (
            _member(request, gift.member),
            _unit(request, gift.donor_unit) if gift.donor_unit else None,
            gift.donor_name,
            gift.amount,
        )
        for gift in payload.gifts
    ]
    made = services.contribute_many(
        actor=request.user,
        campaign=campaign,
        on=payload.on,
        donor=payload.donor,
        gifts=gifts,
        note=payload.note,
    )
    return Status(201, made)


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
        return list(group.members.select_related("member"))

    @staticmethod
    def resolve_cycles(group) -> list:
        return list(group.cycles.select_related("receiver"))

    @staticmethod
    def resolve_total_paid(group) -> int:
        paid = SavingsPayment.objects.filter(cycle__group=group)
        return paid.aggregate(total=Sum("paid"))["total"] or 0


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
    groups = SavingsGroup.objects.visible_to(request.user)
    if unit:
        groups = groups.filter(unit=_unit(request, unit))
    return groups.order_by("unit__path", "name", "id")


@savings_router.post("", response={201: GroupOut, **ERRORS}, summary="Form a group")
def create_group(request, payload: GroupIn):
    unit = _unit(request, payload.unit)
    by_id = Member.objects.visible_to(request.user).in_bulk(payload.members)
    for pk in payload.members:
        if pk not in by_id:
            get_visible(Member.objects.all(), request.user, pk)  # the 404 for that id
    group = services.create_group(
        actor=request.user,
        unit=unit,
        name=payload.name,
        contribution=payload.contribution,
        cycle_months=payload.cycle_months,
        starts_on=payload.starts_on,
        order=payload.order,
        interest_percent=payload.interest_percent,
        members=[by_id[pk] for pk in payload.members],
    )
    return Status(201, group)


@savings_router.get("/{group_id}", response={200: GroupOut, **ERRORS}, summary="One group")
def get_group(request, group_id: Id):
    return _group(request, group_id)


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
