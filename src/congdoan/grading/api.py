"""``/api/v1/grading``: the criteria tables, the yearly rounds and each grassroots union's
grading (its own scores, the level above's decision, publication and corrections).
Everything is read through ``visible_to``: outside the scope is a 404."""

from datetime import date
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from congdoan.core.api import ERRORS, Day, Id, get_visible
from congdoan.core.errors import invalid
from congdoan.organizations.models import Unit

from . import services
from .exporting import results_response
from .models import Grading, Round, Scheme

router = Router(tags=["grading"])

Sector = Literal["", "public_service", "state_enterprise", "private_enterprise", "fdi", "other"]
FigureCode = Literal["", "admitted", "card_share", "meeting", "agreement", "care"]


def _unit(request, pk: int) -> Unit:
    return get_visible(Unit.objects.all(), request.user, pk)


# --- tables --------------------------------------------------------------------------


class CriterionIO(Schema):
    group: str = Field(..., min_length=1, max_length=200)
    text: str = Field(..., min_length=1, max_length=500)
    points: int = Field(..., ge=1, le=100)
    figure: FigureCode = ""
    detail: str = Field("", pattern=r"^[A-Za-z0-9_-]{0,40}$")
    target: int = Field(1, ge=1, le=1_000_000)


class CriterionOut(CriterionIO):
    id: int


class SchemeIn(Schema):
    unit: Id | None = None
    year: int = Field(..., ge=2000, le=2100)
    name: str = Field(..., min_length=1, max_length=300)
    sector: Sector = ""
    excellent_from: int = Field(85, ge=0, le=1000)
    good_from: int = Field(70, ge=0, le=1000)
    done_from: int = Field(50, ge=0, le=1000)
    group_floor: int = Field(50, ge=0, le=100)
    top_share_cap: int | None = Field(None, ge=1, le=100)
    source: str = Field("", max_length=300)
    criteria: list[CriterionIO] = Field(..., min_length=1, max_length=200)


class SchemeUpdate(SchemeIn):
    version: int = Field(..., ge=1)


class SchemeOut(Schema):
    id: int
    unit: int | None = Field(None, alias="unit_id")
    year: int
    name: str
    sector: str
    excellent_from: int
    good_from: int
    done_from: int
    group_floor: int
    top_share_cap: int | None
    source: str
    version: int
    total: int
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(scheme) -> list:
        return list(scheme.criteria.all())


class CopyIn(Schema):
    unit: Id | None = None
    year: int = Field(..., ge=2000, le=2100)


class SchemeFilter(Schema):
    unit: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)


def _scheme(request, pk: int) -> Scheme:
    return get_visible(Scheme.objects.select_related("unit"), request.user, pk)


def _spec(payload: SchemeIn):
    spec = services.SchemeSpec(**{f: getattr(payload, f) for f in services.SCHEME_FIELDS})
    criteria = [services.CriterionSpec(**c.dict()) for c in payload.criteria]
    return spec, criteria


@router.get("/tables", response={200: list[SchemeOut], **ERRORS}, summary="Criteria tables")
def list_schemes(request, filters: Query[SchemeFilter]):
    rows = Scheme.objects.visible_to(request.user).prefetch_related("criteria")
    if filters.unit is not None:
        rows = rows.filter(unit=_unit(request, filters.unit))
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    return rows


@router.get(
    "/tables/for",
    response={200: SchemeOut, **ERRORS},
    summary="The table a grassroots union is graded on for a year",
)
def scheme_for(request, unit: Id, year: int = Query(..., ge=2000, le=2100)):
    found = services.scheme_for(_unit(request, unit), year)
    if found is None:
        raise Http404(_("No grading table covers this year."))
    return found


@router.post("/tables", response={201: SchemeOut, **ERRORS}, summary="Issue a criteria table")
def create_scheme(request, payload: SchemeIn):
    unit = _unit(request, payload.unit) if payload.unit is not None else None
    spec, criteria = _spec(payload)
    return Status(
        201, services.create_scheme(actor=request.user, unit=unit, spec=spec, criteria=criteria)
    )


@router.get("/tables/{int:scheme_id}", response={200: SchemeOut, **ERRORS}, summary="A table")
def get_scheme(request, scheme_id: Id):
    return _scheme(request, scheme_id)


@router.put(
    "/tables/{int:scheme_id}", response={200: SchemeOut, **ERRORS}, summary="Change a table"
)
def update_scheme(request, scheme_id: Id, payload: SchemeUpdate):
    scheme = _scheme(request, scheme_id)
    if payload.unit != scheme.unit_id:
        if payload.unit is not None:
            _unit(request, payload.unit)
        raise invalid("unit", _("A table stays with the union that issued it."), "unit_fixed")
    spec, criteria = _spec(payload)
    return services.update_scheme(
        actor=request.user, scheme=scheme, spec=spec, criteria=criteria, version=payload.version
    )


@router.post(
    "/tables/{int:scheme_id}/copy",
    response={201: SchemeOut, **ERRORS},
    summary="Copy a table to a year (and to a union's own)",
)
def copy_scheme(request, scheme_id: Id, payload: CopyIn):
    scheme = _scheme(request, scheme_id)
    unit = _unit(request, payload.unit) if payload.unit is not None else None
    return Status(
        201, services.copy_scheme(actor=request.user, scheme=scheme, unit=unit, year=payload.year)
    )


# --- rounds --------------------------------------------------------------------------


class RoundIn(Schema):
    unit: Id
    year: int = Field(..., ge=2000, le=2100)
    self_by: Day
    note: str = Field("", max_length=5000)


class RowOut(Schema):
    unit: int
    name: str
    graded: bool
    reason: str
    grading: int | None
    status: str
    self_tier: str
    tier: str


class RoundOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    year: int
    self_by: date
    note: str


class RoundDetailOut(RoundOut):
    rows: list[RowOut]

    @staticmethod
    def resolve_rows(found) -> list:
        return [
            {
                "unit": row.unit.pk,
                "name": row.unit.name,
                "graded": row.eligibility.graded,
                "reason": row.eligibility.reason,
                "grading": row.grading.pk if row.grading else None,
                "status": row.grading.status if row.grading else "",
                "self_tier": row.grading.self_tier if row.grading else "",
                "tier": row.grading.tier if row.grading else "",
            }
            for row in services.round_rows(found)
        ]


class RoundFilter(Schema):
    unit: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class PublishedOut(Schema):
    published: int


def _round(request, pk: int) -> Round:
    return get_visible(Round.objects.select_related("unit"), request.user, pk)


@router.get("/rounds", response={200: list[RoundOut], **ERRORS}, summary="Grading rounds")
def list_rounds(request, filters: Query[RoundFilter]):
    rows = Round.objects.visible_to(request.user)
    if filters.unit is not None:
        rows = rows.filter(unit=_unit(request, filters.unit))
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    return rows


@router.post("/rounds", response={201: RoundOut, **ERRORS}, summary="Open a year's grading")
def open_round(request, payload: RoundIn):
    unit = _unit(request, payload.unit)
    return Status(
        201,
        services.open_round(
            actor=request.user,
            unit=unit,
            year=payload.year,
            self_by=payload.self_by,
            note=payload.note,
        ),
    )


@router.get("/rounds/{int:round_id}", response={200: RoundDetailOut, **ERRORS}, summary="A round")
def get_round(request, round_id: Id):
    return _round(request, round_id)


@router.post(
    "/rounds/{int:round_id}/publish",
    response={200: PublishedOut, **ERRORS},
    summary="Publish every decided grading of the round",
)
def publish_round(request, round_id: Id):
    return {
        "published": services.publish_round(actor=request.user, found=_round(request, round_id))
    }


@router.get(
    "/rounds/{int:round_id}/results.xlsx",
    response={200: None, **ERRORS},
    summary="The round's results (.xlsx)",
)
def round_results(request, round_id: Id):
    return results_response(_round(request, round_id))


# --- gradings ------------------------------------------------------------------------


class ScoreOut(Schema):
    criterion: int = Field(alias="criterion_id")
    group: str = Field(alias="criterion.group")
    text: str = Field(alias="criterion.text")
    max_points: int = Field(alias="criterion.points")
    recorded: float | None
    self_points: int | None
    evidence: str
    points: int | None
    note: str


class GradingOut(Schema):
    id: int
    round: int = Field(alias="round_id")
    unit: int = Field(alias="unit_id")
    year: int
    scheme: int = Field(alias="scheme_id")
    revision: int
    status: str
    self_total: int | None
    self_tier: str
    total: int | None
    tier: str
    reason: str
    correction: str
    published_on: date | None
    version: int
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(grading) -> list:
        return list(grading.scores.select_related("criterion"))


class StartIn(Schema):
    unit: Id
    year: int = Field(..., ge=2000, le=2100)


class SelfScoreIn(Schema):
    criterion: Id
    points: int | None = Field(None, ge=0, le=100)
    evidence: str = Field("", max_length=5000)


class SelfIn(Schema):
    version: int = Field(..., ge=1)
    scores: list[SelfScoreIn] = Field(default_factory=list, max_length=200)
    send: bool = False


class DecideScoreIn(Schema):
    criterion: Id
    points: int | None = Field(None, ge=0, le=100)
    note: str = Field("", max_length=500)


class DecideIn(Schema):
    version: int = Field(..., ge=1)
    scores: list[DecideScoreIn] = Field(default_factory=list, max_length=200)
    reason: str = Field("", max_length=5000)


class VersionIn(Schema):
    version: int = Field(..., ge=1)


class ReasonIn(VersionIn):
    reason: str = Field(..., max_length=5000)


class GradingFilter(Schema):
    unit: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    round: Id | None = None
    history: bool = False


def _grading(request, pk: int) -> Grading:
    return get_visible(
        Grading.objects.select_related("unit", "round__unit", "scheme"), request.user, pk
    )


@router.get("/gradings", response={200: list[GradingOut], **ERRORS}, summary="Gradings")
def list_gradings(request, filters: Query[GradingFilter]):
    rows = Grading.objects.visible_to(request.user)
    if not filters.history:
        rows = rows.current()
    if filters.unit is not None:
        rows = rows.filter(unit=_unit(request, filters.unit))
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.round is not None:
        rows = rows.filter(round=_round(request, filters.round))
    return rows[:500]


@router.post(
    "/gradings", response={201: GradingOut, **ERRORS}, summary="Begin a union's self-scoring"
)
def start_grading(request, payload: StartIn):
    unit = _unit(request, payload.unit)
    return Status(201, services.start(actor=request.user, unit=unit, year=payload.year))


@router.get("/gradings/{int:grading_id}", response={200: GradingOut, **ERRORS}, summary="A grading")
def get_grading(request, grading_id: Id):
    return _grading(request, grading_id)


@router.put(
    "/gradings/{int:grading_id}/self",
    response={200: GradingOut, **ERRORS},
    summary="The union's own points and evidence (send: to the level above)",
)
def self_score(request, grading_id: Id, payload: SelfIn):
    return services.save_self_scores(
        actor=request.user,
        grading=_grading(request, grading_id),
        points={s.criterion: (s.points, s.evidence) for s in payload.scores},
        version=payload.version,
        send=payload.send,
    )


@router.post(
    "/gradings/{int:grading_id}/return",
    response={200: GradingOut, **ERRORS},
    summary="Send a self-scoring back to the union",
)
def return_grading(request, grading_id: Id, payload: ReasonIn):
    return services.return_to_union(
        actor=request.user,
        grading=_grading(request, grading_id),
        reason=payload.reason,
        version=payload.version,
    )


@router.post(
    "/gradings/{int:grading_id}/decide",
    response={200: GradingOut, **ERRORS},
    summary="The level above's points and tier",
)
def decide(request, grading_id: Id, payload: DecideIn):
    return services.decide(
        actor=request.user,
        grading=_grading(request, grading_id),
        points={s.criterion: (s.points, s.note) for s in payload.scores},
        reason=payload.reason,
        version=payload.version,
    )


@router.post(
    "/gradings/{int:grading_id}/publish",
    response={200: GradingOut, **ERRORS},
    summary="Publish a decided grading to the union's members",
)
def publish(request, grading_id: Id, payload: VersionIn):
    return services.publish(
        actor=request.user, grading=_grading(request, grading_id), version=payload.version
    )


@router.post(
    "/gradings/{int:grading_id}/correct",
    response={201: GradingOut, **ERRORS},
    summary="Correct a published grading (a new revision)",
)
def correct(request, grading_id: Id, payload: ReasonIn):
    return Status(
        201,
        services.correct(
            actor=request.user,
            grading=_grading(request, grading_id),
            reason=payload.reason,
            version=payload.version,
        ),
    )
