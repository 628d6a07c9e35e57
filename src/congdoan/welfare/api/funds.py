"""``/api/v1/funds`` and ``/api/v1/campaigns``: funds, their ledgers, campaigns and
contributions."""

from typing import Literal

from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Day, Id, LimitOffset, Money, get_visible

from .. import services
from ..models import (
    Campaign,
    Donor,
    Fund,
)
from .common import _fund, _member, _unit

funds_router = Router(tags=["funds"])
campaigns_router = Router(tags=["campaigns"])

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
        return fund.current_balance


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
    funds = Fund.objects.with_balance().visible_to(request.user)
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
    return Status(201, Fund.objects.with_balance().get(pk=fund.pk))


@funds_router.get("/{fund_id}", response={200: FundOut, **ERRORS}, summary="One fund")
def get_fund(request, fund_id: Id):
    return get_visible(Fund.objects.with_balance(), request.user, fund_id)


@funds_router.get(
    "/{fund_id}/entries", response={200: list[EntryOut], **ERRORS}, summary="A fund's ledger"
)
@paginate(LimitOffset)
def list_entries(request, fund_id: Id):
    fund = get_visible(Fund.objects.with_balance(), request.user, fund_id)
    return fund.entries.order_by("on", "id")


@funds_router.post(
    "/{fund_id}/entries", response={201: EntryOut, **ERRORS}, summary="Record a movement"
)
def add_entry(request, fund_id: Id, payload: EntryIn):
    fund = get_visible(Fund.objects.with_balance(), request.user, fund_id)
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
    campaigns = Campaign.objects.with_totals().visible_to(request.user)
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
    return Status(201, Campaign.objects.with_totals().get(pk=campaign.pk))


@campaigns_router.get(
    "/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="One campaign"
)
def get_campaign(request, campaign_id: Id):
    return get_visible(Campaign.objects.with_totals(), request.user, campaign_id)


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
