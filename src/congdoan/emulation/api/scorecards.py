"""Scoring tables: the criteria, the scores, the ranking and the peer vote."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Query, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible

from .. import scoring
from ..models import Scorecard
from .common import _block, _block_units, router

# --- scoring ---------------------------------------------------------------------------------


class CriterionIO(Schema):
    id: int | None = None
    group: str = Field(..., min_length=1, max_length=200)
    text: str = Field(..., min_length=1, max_length=2000)
    points: Decimal = Field(..., gt=0, le=1000)


class StandingOut(Schema):
    unit: int
    unit_name: str
    rank: int
    total: Decimal
    own: Decimal
    cross: Decimal | None
    agreed: Decimal | None
    provisional: bool


class VoteResultOut(Schema):
    unit: int = Field(alias="unit_id")
    votes: int


class VoteOut(Schema):
    held_on: datetime.date
    voters: int
    minutes: str
    results: list[VoteResultOut]

    @staticmethod
    def resolve_results(vote) -> list:
        return list(vote.results.all())


class ScorecardOut(Schema):
    id: int
    block: int = Field(alias="block_id")
    year: int
    cross_scoring: bool
    version: int
    criteria: list[CriterionIO]
    ranking: list[StandingOut]
    vote: VoteOut | None

    @staticmethod
    def resolve_criteria(card) -> list:
        return list(card.criteria.all())

    @staticmethod
    def resolve_ranking(card) -> list:
        return [
            {
                "unit": s.unit.pk,
                "unit_name": s.unit.name,
                "rank": s.rank,
                "total": s.total,
                "own": s.own,
                "cross": s.cross,
                "agreed": s.agreed,
                "provisional": s.provisional,
            }
            for s in scoring.ranking(card)
        ]

    @staticmethod
    def resolve_vote(card):
        return getattr(card, "vote", None)


class ScorecardIn(Schema):
    block: Id
    year: int = Field(..., ge=2000, le=2100)
    cross_scoring: bool = False
    criteria: list[CriterionIO] | None = Field(
        None, max_length=200, description="Leave out to copy last year's table"
    )


class PointIn(Schema):
    criterion: Id
    points: Decimal | None = Field(None, ge=0, le=1000)
    evidence: str = Field("", max_length=5000)


class ScoresIn(Schema):
    unit: Id
    kind: Literal["self", "cross", "agreed"]
    scorer: Id | None = Field(None, description="For a cross-score: the member scoring")
    points: list[PointIn] = Field(..., min_length=1, max_length=200)


class VoteResultIn(Schema):
    unit: Id
    votes: int = Field(..., ge=0, le=10000)


class VoteIn(Schema):
    held_on: datetime.date
    voters: int = Field(..., ge=1, le=10000)
    minutes: str = Field(..., min_length=1, max_length=20000)
    results: list[VoteResultIn] = Field(..., min_length=1, max_length=200)


class ScorecardFilters(Schema):
    block: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)


def _scorecard(request, card_id: int) -> Scorecard:
    cards = Scorecard.objects.select_related("block__organiser")
    return get_visible(cards, request.user, card_id)


@router.get("/scorecards", response=list[ScorecardOut], summary="Scoring tables in your scope")
@paginate(LimitOffset)
def list_scorecards(request, filters: Query[ScorecardFilters]):
    cards = Scorecard.objects.visible_to(request.user).select_related("block")
    if filters.block:
        cards = cards.filter(block_id=filters.block)
    if filters.year:
        cards = cards.filter(year=filters.year)
    return cards.order_by("-year", "id")


@router.post("/scorecards", response={201: ScorecardOut, **ERRORS}, summary="A year's table")
def create_scorecard(request, payload: ScorecardIn):
    card = scoring.create_scorecard(
        actor=request.user,
        block=_block(request, payload.block),
        year=payload.year,
        criteria=[c.dict() for c in payload.criteria] if payload.criteria is not None else None,
        cross_scoring=payload.cross_scoring,
    )
    return Status(201, card)


@router.get("/scorecards/{int:card_id}", response={200: ScorecardOut, **ERRORS})
def get_scorecard(request, card_id: Id):
    return _scorecard(request, card_id)


@router.post(
    "/scorecards/{int:card_id}/scores",
    response={200: ScorecardOut, **ERRORS},
    summary="A unit's own, cross or agreed scores",
)
def enter_scores(request, card_id: Id, payload: ScoresIn):
    card = _scorecard(request, card_id)
    wanted = [payload.unit] + ([payload.scorer] if payload.scorer else [])
    units = _block_units(card.block_id, wanted)
    scoring.enter_scores(
        actor=request.user,
        scorecard=card,
        unit=units[payload.unit],
        kind=payload.kind,
        scorer=units.get(payload.scorer) if payload.scorer else None,
        points={p.criterion: (p.points, p.evidence) for p in payload.points},
    )
    return _scorecard(request, card_id)


@router.post(
    "/scorecards/{int:card_id}/vote",
    response={200: ScorecardOut, **ERRORS},
    summary="The peer vote (suy tôn)",
)
def record_vote(request, card_id: Id, payload: VoteIn):
    card = _scorecard(request, card_id)
    units = _block_units(card.block_id, [r.unit for r in payload.results])
    scoring.record_vote(
        actor=request.user,
        scorecard=card,
        held_on=payload.held_on,
        voters=payload.voters,
        results={units[r.unit]: r.votes for r in payload.results},
        minutes=payload.minutes,
    )
    return _scorecard(request, card_id)
