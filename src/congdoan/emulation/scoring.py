"""Scoring a block's year: the table (copied from last year, edited by the leader), the
members' own scores with evidence, cross-scores where the block decides so, the agreed
score the leader or panel enters, the ranking, and the peer vote.

Ranking: by the total of the agreed scores (a unit without agreed scores yet is ranked
on its own scores, marked provisional). Ties are broken by the points in the criteria
groups in their order — the first group first; units still equal share the rank.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import covers
from congdoan.organizations.models import Unit

from . import services
from .models import (
    Criterion,
    EmulationBlock,
    PeerVote,
    PeerVoteResult,
    Score,
    Scorecard,
    ScoreKind,
)


def _clean_criteria(criteria: list[dict]) -> list[Criterion]:
    cleaned = []
    for number, item in enumerate(criteria, start=1):
        text = " ".join(str(item.get("text") or "").split())
        group = " ".join(str(item.get("group") or "").split())
        if not text or not group:
            raise invalid(
                "criteria",
                _("Criterion %(n)s: give its group and what it scores.") % {"n": number},
                "required",
            )
        try:
            points = Decimal(str(item.get("points")))
        except (InvalidOperation, ValueError) as exc:
            raise invalid(
                "criteria", _("Criterion %(n)s: points is a number.") % {"n": number}, "invalid"
            ) from exc
        if points <= 0 or points > 1000:
            raise invalid(
                "criteria",
                _("Criterion %(n)s: points between 0 and 1,000.") % {"n": number},
                "invalid",
            )
        cleaned.append(Criterion(group=group, text=text, points=points, order=number))
    if not cleaned:
        raise invalid("criteria", _("A scoring table has at least one criterion."), "required")
    return cleaned


@transaction.atomic
def create_scorecard(
    *,
    actor,
    block: EmulationBlock,
    year: int,
    criteria: list[dict] | None = None,
    cross_scoring: bool = False,
) -> Scorecard:
    """The year's scoring table: the given criteria, or last year's copied."""
    services._require_leads(actor, block, year)
    if Scorecard.objects.filter(block=block, year=year).exists():
        raise invalid("year", _("The block already has a scoring table for this year."), "exists")
    if criteria is None:
        last = block.scorecards.filter(year__lt=year).order_by("-year").first()
        if last is None:
            raise invalid(
                "criteria",
                _("There is no earlier table to copy: give the criteria."),
                "required",
            )
        criteria = [
            {"group": c.group, "text": c.text, "points": c.points} for c in last.criteria.all()
        ]
    cleaned = _clean_criteria(criteria)
    scorecard = Scorecard.objects.create(block=block, year=year, cross_scoring=cross_scoring)
    for criterion in cleaned:
        criterion.scorecard = scorecard
    Criterion.objects.bulk_create(cleaned)
    record(
        actor=actor,
        action="emulation.scorecard",
        unit=block.organiser,
        obj=scorecard,
        summary=_("Set the scoring table %(year)s of %(block)s")
        % {"year": year, "block": block.name},
    )
    return scorecard


@transaction.atomic
def update_criteria(
    *, actor, scorecard: Scorecard, version: int, criteria: list[dict], cross_scoring: bool
) -> Scorecard:
    """Edit the table while no unit has scored yet."""
    scorecard = Scorecard.objects.select_for_update().select_related("block").get(pk=scorecard.pk)
    services._require_leads(actor, scorecard.block, scorecard.year)
    if scorecard.version != version:
        raise ConflictError()
    if Score.objects.filter(criterion__scorecard=scorecard).exists():
        raise invalid(
            "criteria", _("Units have scored already: the table cannot change now."), "scored"
        )
    cleaned = _clean_criteria(criteria)
    scorecard.criteria.all().delete()
    for criterion in cleaned:
        criterion.scorecard = scorecard
    Criterion.objects.bulk_create(cleaned)
    scorecard.cross_scoring = cross_scoring
    scorecard.version += 1
    scorecard.save(update_fields=["cross_scoring", "version"])
    return scorecard


def _members(scorecard: Scorecard) -> dict[int, Unit]:
    return {m.unit_id: m.unit for m in services.members_during(scorecard.block, scorecard.year)}


@transaction.atomic
def enter_scores(
    *,
    actor,
    scorecard: Scorecard,
    unit: Unit,
    kind: str,
    points: dict[int, tuple],
    scorer: Unit | None = None,
) -> int:
    """Points (and evidence) by criterion id for ``unit``. ``kind`` says whose they are:
    the unit's own (its officers), another member's (cross-scoring, that member's
    officers), or the agreed score (the organiser or the year's leader). Returns how
    many were written."""
    scorecard = (
        Scorecard.objects.select_for_update()
        .select_related("block__organiser")
        .get(pk=scorecard.pk)
    )
    block = scorecard.block
    members = _members(scorecard)
    if unit.pk not in members:
        raise invalid(
            "unit",
            _("%(unit)s is not a member of the block in %(year)s.")
            % {"unit": unit.name, "year": scorecard.year},
            "not_member",
        )
    if kind == ScoreKind.SELF:
        scorer = unit
        allowed = actor is None or covers(actor, unit.path, "officer")
    elif kind == ScoreKind.CROSS:
        if not scorecard.cross_scoring:
            raise invalid("kind", _("This block does not score its members crosswise."), "off")
        if scorer is None or scorer.pk not in members or scorer.pk == unit.pk:
            raise invalid("scorer", _("Another member of the block scores crosswise."), "invalid")
        allowed = actor is None or covers(actor, scorer.path, "officer")
    elif kind == ScoreKind.AGREED:
        scorer = block.organiser
        allowed = actor is None or services.leads(actor, block, scorecard.year)
    else:
        raise invalid("kind", _("Unknown kind of score."), "invalid")
    if not allowed:
        raise PermissionDenied(_("You do not enter this score for %(unit)s.") % {"unit": unit.name})
    criteria = {c.pk: c for c in scorecard.criteria.all()}
    written = 0
    for criterion_id, (value, evidence) in points.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise invalid("points", _("A criterion is not in this table."), "unknown")
        if value is None or value == "":
            continue
        try:
            amount = Decimal(str(value).replace(",", "."))
        except (InvalidOperation, ValueError) as exc:
            raise invalid(
                "points",
                _("%(criterion)s: points is a number.") % {"criterion": criterion.text[:60]},
                "invalid",
            ) from exc
        if amount < 0 or amount > criterion.points:
            raise invalid(
                "points",
                _("%(criterion)s: between 0 and %(max)s points.")
                % {
                    "criterion": criterion.text[:60],
                    "max": format(criterion.points.normalize(), "f"),
                },
                "out_of_range",
            )
        Score.objects.update_or_create(
            criterion=criterion,
            unit=unit,
            kind=kind,
            scorer=scorer,
            defaults={
                "points": amount,
                "evidence": (evidence or "").strip()[:5000],
                "entered_by": actor if getattr(actor, "pk", None) else None,
            },
        )
        written += 1
    record(
        actor=actor,
        action=f"emulation.score_{kind}",
        unit=unit,
        obj=scorecard,
        summary=_("Scored %(unit)s in %(card)s (%(kind)s)")
        % {"unit": unit.name, "card": scorecard, "kind": ScoreKind(kind).label},
    )
    return written


@dataclass
class Standing:
    unit: Unit
    own: Decimal = Decimal(0)
    cross: Decimal | None = None  # the average of the other members' totals
    agreed: Decimal | None = None
    by_group: list[Decimal] = field(default_factory=list)  # the ranked score, per group
    rank: int = 0

    @property
    def total(self) -> Decimal:
        return self.agreed if self.agreed is not None else self.own

    @property
    def provisional(self) -> bool:
        return self.agreed is None


def ranking(scorecard: Scorecard) -> list[Standing]:
    """Members ranked by their agreed total, ties broken group by group (see above)."""
    members = _members(scorecard)
    criteria = list(scorecard.criteria.all())
    groups = list(dict.fromkeys(c.group for c in criteria))
    group_of = {c.pk: groups.index(c.group) for c in criteria}
    sums: dict = defaultdict(Decimal)
    cross: dict = defaultdict(lambda: defaultdict(Decimal))
    for score in Score.objects.filter(criterion__scorecard=scorecard):
        if score.kind == ScoreKind.CROSS:
            cross[score.unit_id][score.scorer_id] += score.points
        else:
            sums[(score.unit_id, score.kind)] += score.points
            sums[(score.unit_id, score.kind, group_of[score.criterion_id])] += score.points
    standings = []
    for pk, unit in members.items():
        agreed = (pk, ScoreKind.AGREED) in sums
        kind = ScoreKind.AGREED if agreed else ScoreKind.SELF
        by_scorer = cross.get(pk)
        standings.append(
            Standing(
                unit=unit,
                own=sums.get((pk, ScoreKind.SELF), Decimal(0)),
                cross=sum(by_scorer.values()) / len(by_scorer) if by_scorer else None,
                agreed=sums[(pk, ScoreKind.AGREED)] if agreed else None,
                by_group=[sums.get((pk, kind, index), Decimal(0)) for index in range(len(groups))],
            )
        )
    key = lambda s: (s.total, *s.by_group)  # noqa: E731
    standings.sort(key=key, reverse=True)
    for index, standing in enumerate(standings):
        tied = index and key(standings[index - 1]) == key(standing)
        standing.rank = standings[index - 1].rank if tied else index + 1
    return standings


@transaction.atomic
def record_vote(
    *,
    actor,
    scorecard: Scorecard,
    held_on: date,
    voters: int,
    results: dict[Unit, int],
    minutes: str,
) -> PeerVote:
    """The peer vote at the year-end review: votes for each member, out of ``voters``."""
    scorecard = Scorecard.objects.select_for_update().select_related("block").get(pk=scorecard.pk)
    services._require_leads(actor, scorecard.block, scorecard.year)
    if PeerVote.objects.filter(scorecard=scorecard).exists():
        raise invalid(None, _("The peer vote of this year is already recorded."), "exists")
    if voters < 1:
        raise invalid("voters", _("Give how many took part in the vote."), "invalid")
    if not (minutes or "").strip():
        raise invalid("minutes", _("Attach the minutes of the vote."), "required")
    members = _members(scorecard)
    for unit, votes in results.items():
        if unit.pk not in members:
            raise invalid(
                "results",
                _("%(unit)s is not a member of the block in %(year)s.")
                % {"unit": unit.name, "year": scorecard.year},
                "not_member",
            )
        if votes < 0 or votes > voters:
            raise invalid(
                "results",
                _("%(unit)s: votes between 0 and %(n)s.") % {"unit": unit.name, "n": voters},
                "invalid",
            )
    vote = PeerVote.objects.create(
        scorecard=scorecard,
        held_on=held_on,
        voters=voters,
        minutes=minutes.strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    PeerVoteResult.objects.bulk_create(
        PeerVoteResult(vote=vote, unit=unit, votes=votes) for unit, votes in results.items()
    )
    record(
        actor=actor,
        action="emulation.vote",
        unit=scorecard.block.organiser,
        obj=scorecard,
        summary=_("Recorded the peer vote of %(card)s") % {"card": scorecard},
    )
    return vote


def target_actuals(covenant) -> dict[int, dict[int, object]]:
    """For each commitment tied to an indicator: each member unit's value in the
    year-end returns of the covenant's year (its subtree's reported returns), by unit id;
    a unit with nothing reported yet is left out."""
    from congdoan.reports.services import rollup, year_end_periods

    tied = [t for t in covenant.targets.all() if t.indicator]
    if not tied:
        return {}
    actuals: dict[int, dict[int, object]] = {t.pk: {} for t in tied}
    for membership in services.members_during(covenant.block, covenant.year):
        period = year_end_periods(membership.unit).get(covenant.year)
        if period is None:
            continue
        rolled = rollup(unit=membership.unit, period=period)
        if not rolled["reported"]:
            continue  # nothing reported under it yet: no actual value, not a zero
        for target in tied:
            actuals[target.pk][membership.unit_id] = rolled["values"].get(target.indicator)
    return actuals
