"""``/api/v1/cards``: cards in your scope, their lifecycle, and the public check."""

from datetime import date

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core import ratelimit
from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible
from congdoan.core.downloads import file_response
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from . import printing, services
from .filters import CardFilters, filter_cards
from .models import Card, CardStatus, PrintJob, PrintStatus
from .verify import too_many, verdict

router = Router(tags=["cards"])


class CardOut(Schema):
    id: int
    member: int = Field(alias="member_id")
    member_name: str = Field(alias="member.full_name")
    number: str | None
    status: str
    requested_at: str
    issued_on: date | None
    printed: bool
    reason: str
    replaced_by: int | None = Field(alias="replaced_by_id")

    @staticmethod
    def resolve_requested_at(card: Card) -> str:
        return card.requested_at.isoformat()

    @staticmethod
    def resolve_printed(card: Card) -> bool:
        return card.printed_at is not None


class RequestIn(Schema):
    """Either ``members`` (ids) or ``unit`` (every active member of it and of the units
    under it without a card)."""

    members: list[Id] = Field(default_factory=list, max_length=5000)
    unit: Id | None = None


class ReasonIn(Schema):
    reason: str = Field(..., max_length=255)


class IssueIn(Schema):
    on: date | None = None


class VerdictOut(Schema):
    state: str
    label: str
    number: str
    name: str
    union: str
    province: str


def _card(request, card_id: int, role: str = "viewer") -> Card:
    return get_visible(Card.objects.select_related("member__unit"), request.user, card_id, role)


@router.get("", response=list[CardOut], summary="Cards in your scope")
@paginate(LimitOffset)
def list_cards(request, filters: Query[CardFilters]):
    return filter_cards(request.user, filters)


@router.post("/request", response={201: list[CardOut], **ERRORS}, summary="Request cards")
def request_cards(request, payload: RequestIn):
    if payload.unit is not None:
        unit = get_visible(Unit.objects.all(), request.user, payload.unit)
        created = services.request_for_unit(actor=request.user, unit=unit)
    else:
        members = Member.objects.visible_to(request.user).filter(pk__in=payload.members)
        found = list(members.select_related("unit"))
        if len(found) != len(set(payload.members)):
            raise HttpError(404, _("Some of these members are not in your scope."))
        created = services.request_cards(actor=request.user, members=found)
    return Status(201, created)


@router.post("/{int:card_id}/issue", response={200: CardOut, **ERRORS}, summary="Issue")
def issue(request, card_id: Id, payload: IssueIn):
    return services.issue_card(actor=request.user, card=_card(request, card_id), on=payload.on)


@router.post(
    "/{int:card_id}/replace",
    response={200: CardOut, **ERRORS},
    summary="Replace (reason: lost, damaged, changed); answers the new card",
)
def replace(request, card_id: Id, payload: ReasonIn):
    return services.replace_card(
        actor=request.user, card=_card(request, card_id), reason=payload.reason
    )


@router.post("/{int:card_id}/revoke", response={200: CardOut, **ERRORS}, summary="Revoke")
def revoke(request, card_id: Id, payload: ReasonIn):
    return services.revoke_card(
        actor=request.user, card=_card(request, card_id), reason=payload.reason
    )


class PrintIn(Schema):
    cards: list[Id] = Field(..., min_length=1, max_length=services.PRINT_BATCH)


class PrintJobOut(Schema):
    id: int
    status: str
    progress: int
    total: int
    error: str


def _pdf(data: bytes, filename: str) -> HttpResponse:
    return file_response(data, filename, "application/pdf", inline=True)


@router.get(
    "/{int:card_id}/pdf",
    response={200: None, **ERRORS},
    summary="One card as PDF at ID-1 size (front, back)",
)
def card_pdf(request, card_id: Id):
    card = get_visible(
        Card.objects.select_related("member__unit", "issuing_unit__province"),
        request.user,
        card_id,
    )
    if card.status != CardStatus.ISSUED:
        raise HttpError(400, _("Only an issued card can be printed."))
    data = printing.card_pdf(card, base_url=request.build_absolute_uri("/"))
    services.mark_printed([card])
    return _pdf(data, f"the-{card.number}.pdf")


@router.post(
    "/print",
    response={202: PrintJobOut, **ERRORS},
    summary="Print a selection of issued cards to one PDF (a background job)",
)
def print_cards(request, payload: PrintIn):
    found = Card.objects.visible_to(request.user).select_related("member__unit")
    cards = found.in_bulk(payload.cards)
    if len(cards) != len(set(payload.cards)):
        raise HttpError(404, _("Some of these cards are not in your scope."))
    job = services.start_printing(
        actor=request.user,
        cards=[cards[pk] for pk in dict.fromkeys(payload.cards)],
        base_url=request.build_absolute_uri("/"),
    )
    return Status(202, job)


@router.get("/print/{int:job_id}", response={200: PrintJobOut, **ERRORS}, summary="Print job")
def print_job(request, job_id: Id):
    return get_object_or_404(PrintJob, pk=job_id, created_by=request.user)


@router.get("/print/{int:job_id}/pdf", response={200: None, **ERRORS}, summary="The printed PDF")
def print_job_pdf(request, job_id: Id):
    job = get_object_or_404(PrintJob, pk=job_id, created_by=request.user)
    if job.status != PrintStatus.DONE:
        raise HttpError(409, _("The cards are not printed yet."))
    return file_response(job.file, f"the-doan-vien-{job.pk}.pdf", "application/pdf")


@router.get("/{int:card_id}", response={200: CardOut, **ERRORS}, summary="One card")
def get_card(request, card_id: Id):
    return _card(request, card_id)


@router.get(
    "/verify/{token}",
    response={200: VerdictOut, 429: dict},
    auth=None,
    summary="Check a card from its QR code (public; limited per client)",
)
def verify(request, token: str):
    if too_many(request):
        return Status(429, ratelimit.refusal())
    return verdict(token[:200]).as_dict()
