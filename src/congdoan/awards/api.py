"""``/api/v1/awards``: the award catalogue, nominations and their journey up the levels."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core import ratelimit
from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible
from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from . import decisions, services, workflow
from .models import AwardDecision, AwardTitle, Grant, Nomination

router = Router(tags=["awards"])


class TitleOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    recipient: str
    level: int
    prize_multiple: Decimal
    prerequisite: str | None = Field(None, alias="prerequisite.code")
    prerequisite_years: int
    min_months: int
    excludes_discipline: bool
    registration_required: bool
    required_tier: str
    share_cap: Decimal | None
    share_base: str | None = Field(None, alias="share_base.code")
    active: bool


class TitleIn(Schema):
    code: str = Field(..., pattern=r"^[a-z0-9-]{1,40}$")
    name: str = Field(..., min_length=1, max_length=200)
    kind: Literal["title", "form"]
    recipient: Literal["individual", "collective"]
    level: int = Field(..., ge=1, le=4)
    prize_multiple: Decimal = Field(Decimal(0), ge=0, le=100)
    prerequisite: str | None = None
    prerequisite_years: int = Field(1, ge=1, le=10)
    min_months: int = Field(0, ge=0, le=12)
    excludes_discipline: bool = False
    registration_required: bool = False
    required_tier: Literal["", "excellent", "good", "done"] = ""
    share_cap: Decimal | None = Field(None, gt=0, le=100)
    share_base: str | None = None
    source: str = Field("", max_length=200)


@router.get("/titles", response=list[TitleOut], summary="The award catalogue")
def list_titles(request):
    return AwardTitle.objects.select_related("prerequisite", "share_base")


@router.post("/titles", response={201: TitleOut, **ERRORS}, summary="Add to the catalogue")
def create_title(request, payload: TitleIn):
    if not request.user.is_superuser:
        raise HttpError(403, _("Only an operator changes the award catalogue."))
    if AwardTitle.objects.filter(code=payload.code).exists():
        raise HttpError(400, _("An award with this code exists."))
    data = payload.dict()
    for field in ("prerequisite", "share_base"):
        code = data.pop(field)
        data[field] = get_object_or_404(AwardTitle, code=code) if code else None
    return Status(201, AwardTitle.objects.create(**data))


class StepOut(Schema):
    action: str
    from_state: str
    to_state: str
    from_unit: int = Field(alias="from_unit_id")
    to_unit: int = Field(alias="to_unit_id")
    at: str
    reason: str

    @staticmethod
    def resolve_at(step) -> str:
        return step.at.isoformat()


class NominationOut(Schema):
    id: int
    year: int
    award: str = Field(alias="award.code")
    unit: int = Field(alias="unit_id")
    member: int | None = Field(None, alias="member_id")
    nominee_unit: int | None = Field(None, alias="nominee_unit_id")
    nominee: str
    block: int | None = Field(None, alias="block_id")
    movement: int | None = Field(None, alias="movement_id")
    achievements: str
    state: str = Field(alias="dossier.state")
    holder: int = Field(alias="dossier.holder_id")
    version: int = Field(alias="dossier.version")
    steps: list[StepOut]
    allowed: list[str]

    @staticmethod
    def resolve_nominee(nomination) -> str:
        return str(nomination.nominee)

    @staticmethod
    def resolve_steps(nomination) -> list:
        return list(nomination.dossier.steps.all())

    @staticmethod
    def resolve_allowed(nomination, context) -> list[str]:
        user = context["request"].user
        return [step.to_state for step in workflow.allowed(nomination.dossier, user)]


class NominationIn(Schema):
    unit: Id | None = Field(None, description="The unit proposing (not for a block)")
    block: Id | None = Field(None, description="A block's proposal (by its year's leader)")
    movement: Id | None = Field(None, description="For results in this emulation movement")
    year: int = Field(..., ge=2000, le=2100)
    award: str = Field(..., max_length=40)
    member: Id | None = None
    nominee_unit: Id | None = None
    achievements: str = Field(..., min_length=1, max_length=20000)


class TransitionIn(Schema):
    to: Literal["submitted", "returned", "approved", "rejected", "withdrawn"]
    reason: str = Field("", max_length=1000)


class NominationFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    state: str | None = Field(None, max_length=12)
    waiting: bool = Field(False, description="Only those waiting for me")


def _nominations(request):
    return Nomination.objects.visible_to(request.user).select_related(
        "award", "dossier__holder", "member", "nominee_unit"
    )


@router.get("/nominations", response=list[NominationOut], summary="Nominations in your scope")
@paginate(LimitOffset)
def list_nominations(request, filters: Query[NominationFilters]):
    nominations = _nominations(request).prefetch_related("dossier__steps")
    if filters.year:
        nominations = nominations.filter(year=filters.year)
    if filters.state:
        nominations = nominations.filter(dossier__state=filters.state)
    if filters.waiting:
        nominations = nominations.filter(dossier__in=workflow.waiting_for(request.user))
    return nominations.order_by("-year", "id")


@router.post("/nominations", response={201: NominationOut, **ERRORS}, summary="Propose")
def create_nomination(request, payload: NominationIn):
    award = get_object_or_404(AwardTitle, code=payload.award)
    if payload.block:
        return Status(201, _block_proposal(request, payload, award))
    if not payload.unit:
        raise HttpError(400, _("Give the unit proposing, or the block."))
    origin = get_visible(Unit.objects.all(), request.user, payload.unit)
    member = (
        get_visible(Member.objects.select_related("unit"), request.user, payload.member)
        if payload.member
        else None
    )
    unit = (
        get_visible(Unit.objects.all(), request.user, payload.nominee_unit)
        if payload.nominee_unit
        else None
    )
    movement = None
    if payload.movement:
        from congdoan.emulation.models import Movement

        movement = get_visible(
            Movement.objects.select_related("unit"), request.user, payload.movement
        )
    nomination = services.nominate(
        actor=request.user,
        origin=origin,
        movement=movement,
        year=payload.year,
        award=award,
        member=member,
        unit=unit,
        achievements=payload.achievements,
    )
    return Status(201, nomination)


def _block_proposal(request, payload: NominationIn, award: AwardTitle) -> Nomination:
    """A block's proposal: the nominee is found among the block's members, which may lie
    outside the leader's own scope."""
    from congdoan.emulation.models import BlockMembership, EmulationBlock

    block = get_visible(
        EmulationBlock.objects.select_related("organiser"), request.user, payload.block
    )
    inside = BlockMembership.objects.filter(block=block).values_list("unit__path", flat=True)
    member = unit = None
    if payload.member:
        member = get_object_or_404(Member.objects.select_related("unit"), pk=payload.member)
    if payload.nominee_unit:
        unit = get_object_or_404(Unit, pk=payload.nominee_unit)
    where = member.unit if member else unit
    if where is None or not any(where.path.startswith(path) for path in inside):
        raise HttpError(404, _("No such member or unit in the block."))
    return services.propose_from_block(
        actor=request.user,
        block=block,
        year=payload.year,
        award=award,
        member=member,
        unit=unit,
        achievements=payload.achievements,
    )


@router.get("/nominations/{int:nomination_id}", response={200: NominationOut, **ERRORS})
def get_nomination(request, nomination_id: Id):
    return get_object_or_404(_nominations(request), pk=nomination_id)


@router.post(
    "/nominations/{int:nomination_id}/transition",
    response={200: NominationOut, **ERRORS},
    summary="Move the dossier (submit, forward, approve, send back with a reason …)",
)
def move_nomination(request, nomination_id: Id, payload: TransitionIn):
    nomination = get_object_or_404(_nominations(request), pk=nomination_id)
    services.transition(
        actor=request.user, nomination=nomination, to=payload.to, reason=payload.reason
    )
    return get_object_or_404(_nominations(request), pk=nomination_id)


# --- decisions and certificates --------------------------------------------------------------


class GrantOut(Schema):
    id: int
    award: str = Field(alias="award.code")
    year: int
    unit: int = Field(alias="unit_id")
    member: int | None = Field(None, alias="member_id")
    nomination: int | None = Field(None, alias="nomination_id")
    amount: int


class DecisionOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    number: int
    year: int
    decided_on: date
    subject: str
    signer: str
    signer_title: str
    total: int
    grants: list[GrantOut]

    @staticmethod
    def resolve_grants(decision) -> list:
        return list(decision.grants.select_related("award"))


class DecisionIn(Schema):
    unit: Id = Field(..., description="The unit deciding (holding the approved nominations)")
    decided_on: date
    signer: str = Field(..., min_length=1, max_length=120)
    signer_title: str = Field(..., min_length=1, max_length=120)
    subject: str = Field("", max_length=300)
    nominations: list[Id] = Field(..., min_length=1, max_length=2000)


@router.get("/decisions", response=list[DecisionOut], summary="Award decisions in your scope")
@paginate(LimitOffset)
def list_decisions(request):
    return AwardDecision.objects.visible_to(request.user).order_by("-decided_on", "-number")


@router.post("/decisions", response={201: DecisionOut, **ERRORS}, summary="Issue a decision")
def issue_decision(request, payload: DecisionIn):
    unit = get_visible(Unit.objects.all(), request.user, payload.unit)
    found = {n.pk: n for n in Nomination.objects.filter(pk__in=payload.nominations)}
    missing = [pk for pk in payload.nominations if pk not in found]
    if missing:
        raise HttpError(404, _("No nomination %(id)s.") % {"id": missing[0]})
    decision = decisions.issue_decision(
        actor=request.user,
        unit=unit,
        decided_on=payload.decided_on,
        signer=payload.signer,
        signer_title=payload.signer_title,
        subject=payload.subject,
        nominations=list(found.values()),
    )
    return Status(201, decision)


@router.get(
    "/decisions/{int:decision_id}/docx",
    response={200: None, **ERRORS},
    summary="The decision as Word, with its annexed list",
)
def decision_word(request, decision_id: Id):
    from .documents import decision_docx

    decision = get_visible(
        AwardDecision.objects.select_related("unit__parent", "unit__kind"),
        request.user,
        decision_id,
    )
    name = f"quyet-dinh-khen-thuong-{decision.year}-{decision.number:02d}.docx"
    return file_response(decision_docx(decision), name, DOCX_TYPE)


@router.get(
    "/grants/{int:grant_id}/certificate",
    response={200: None, **ERRORS},
    summary="The certificate as PDF, with a QR code that verifies it",
)
def certificate(request, grant_id: Id):
    from .documents import certificate_pdf

    grant = get_visible(
        Grant.objects.select_related("award", "member", "unit", "decision__unit"),
        request.user,
        grant_id,
    )
    data = certificate_pdf(grant, base_url=request.build_absolute_uri("/"))
    return file_response(data, f"khen-thuong-{grant.pk}.pdf", "application/pdf", inline=True)


class VerdictOut(Schema):
    state: str
    label: str
    award: str
    name: str
    issued_by: str
    decision: str
    year: int | None


@router.get(
    "/verify/{token}",
    response={200: VerdictOut, 429: dict},
    auth=None,
    summary="Check a certificate from its QR code (public; limited per client)",
)
def verify(request, token: str):
    from .verify import too_many, verdict

    if too_many(request):
        return Status(429, ratelimit.refusal())
    return verdict(token[:200]).as_dict()
