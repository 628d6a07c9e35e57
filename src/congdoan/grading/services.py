"""Every write to grading. Each checks the actor's role, runs in one transaction and
writes an audit row; an edit names the version it was made on (409 when stale).

Who does what: the union that issues a table edits it (a shipped default only by an
administrator); an upper union opens the round for the grassroots unions it manages and
decides and publishes their tiers; a grassroots union's officers score it themselves and
send it up."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from math import floor

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.organizations.models import ChangeKind, OrgChangePart, PartRole, Unit, UnitKind

from . import figures
from .models import RANK, Criterion, Grading, Round, Scheme, Score, Status, Tier

REORGANISED = [ChangeKind.ABSORB, ChangeKind.CONSOLIDATE, ChangeKind.SPLIT]


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _months_later(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


# --- who is graded -------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    graded: bool
    since: date | None  # the start of activity the rule counts from
    months: int  # months of activity needed: 12, or 6 after a reorganisation
    reason: str = ""


def reorganised(units, year: int) -> dict[int, date]:
    """The day of each unit's last merger, consolidation or split up to the end of
    ``year`` where it is the resulting unit (unit id → day), in one query."""
    parts = OrgChangePart.objects.filter(
        unit__in=units,
        role=PartRole.RESULT,
        change__kind__in=REORGANISED,
        change__effective_date__lte=date(year, 12, 31),
    ).values_list("unit_id", "change__effective_date")
    found: dict[int, date] = {}
    for unit_id, day in parts:
        found[unit_id] = max(day, found.get(unit_id, day))
    return found


def eligibility(unit: Unit, year: int, days: dict[int, date] | None = None) -> Eligibility:
    """Whether ``unit`` has the months of activity by the end of ``year`` (HD 1294): 12
    from its founding, or 6 from its last merger, consolidation or split (``days``: those
    days already read for many units at once, by ``reorganised``)."""
    if days is None:
        days = reorganised([unit], year)
    reorganised_on = days.get(unit.pk)
    year_end = date(year, 12, 31)
    since, months = (reorganised_on, 6) if reorganised_on else (unit.founded_on, 12)
    if unit.closed_on and unit.closed_on <= year_end:
        return Eligibility(
            False, since, months, _("Closed on %(day)s.") % {"day": _d(unit.closed_on)}
        )
    if since is None or _months_later(since, months) <= date(year + 1, 1, 1):
        return Eligibility(True, since, months)
    if reorganised_on:
        reason = _("Reorganised on %(day)s: graded after 6 months of activity.")
    else:
        reason = _("Founded on %(day)s: graded after 12 months of activity.")
    return Eligibility(False, since, months, reason % {"day": _d(since)})


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def managed(unit: Unit, year: int):
    """The grassroots unions ``unit`` manages directly that existed in ``year``."""
    grassroots = UnitKind.objects.get(code="grassroots")
    return (
        Unit.objects.filter(parent=unit, kind_id=grassroots.pk)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=date(year, 12, 31)))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=date(year, 12, 31)))
        .order_by("path")
    )


# --- tables --------------------------------------------------------------------------


def scheme_for(unit: Unit, year: int) -> Scheme | None:
    """The table a grassroots union is graded on: of the year (else the latest year
    before), issued by the nearest union above it (else the shipped default), for its
    kind (else for every kind)."""
    lineage = unit.lineage_paths()
    found = list(
        Scheme.objects.filter(year__lte=year, sector__in=[unit.sector, ""])
        .filter(Q(unit__path__in=lineage) | Q(unit__isnull=True))
        .select_related("unit")
    )
    if not found:
        return None

    def rank(scheme: Scheme):
        depth = scheme.unit.depth if scheme.unit_id else 0
        return (scheme.year, depth, scheme.sector == unit.sector)

    return max(found, key=rank)


@dataclass
class CriterionSpec:
    group: str
    text: str
    points: int
    figure: str = ""
    detail: str = ""
    target: int = 1


@dataclass
class SchemeSpec:
    year: int
    name: str
    sector: str = ""
    excellent_from: int = 85
    good_from: int = 70
    done_from: int = 50
    group_floor: int = 50
    top_share_cap: int | None = None
    source: str = ""


def _require_issuer(actor, unit: Unit | None) -> None:
    if unit is None:
        if actor is not None and not getattr(actor, "is_superuser", False):
            raise PermissionDenied(_("Only an administrator changes the shipped default tables."))
        return
    require_role(actor, unit)


def _check_scheme(spec: SchemeSpec, criteria: list[CriterionSpec]) -> None:
    from congdoan.organizations.models import Sector

    if not 2000 <= spec.year <= 2100:
        raise invalid("year", _("A year between 2000 and 2100."), "range")
    spec.name = (spec.name or "").strip()[:300]
    if not spec.name:
        raise invalid("name", _("Name the table."), "required")
    if spec.sector and spec.sector not in Sector.values:
        raise invalid("sector", _("Choose a kind of grassroots union."), "invalid")
    if not spec.excellent_from > spec.good_from > spec.done_from >= 0:
        raise invalid(
            "excellent_from", _("The thresholds go down from the top tier."), "thresholds"
        )
    if not 0 <= spec.group_floor <= 100:
        raise invalid("group_floor", _("A share between 0 and 100."), "range")
    if spec.top_share_cap is not None and not 1 <= spec.top_share_cap <= 100:
        raise invalid("top_share_cap", _("A share between 1 and 100."), "range")
    if not criteria:
        raise invalid("criteria", _("A table has at least one criterion."), "required")
    for n, c in enumerate(criteria, start=1):
        where = _("Criterion %(n)s") % {"n": n}
        c.group, c.text = (c.group or "").strip()[:200], (c.text or "").strip()[:500]
        if not c.group or not c.text:
            raise invalid(
                "criteria", _("%(where)s: give its group and text.") % {"where": where}, "required"
            )
        if not 1 <= c.points <= 100:
            raise invalid("criteria", _("%(where)s: 1 to 100 points.") % {"where": where}, "range")
        if c.figure and c.figure not in figures.Figure.values:
            raise invalid("criteria", _("%(where)s: unknown figure.") % {"where": where}, "figure")
        if not 1 <= c.target <= 1_000_000:
            raise invalid(
                "criteria", _("%(where)s: full points at 1 or more.") % {"where": where}, "range"
            )
    total = sum(c.points for c in criteria)
    if spec.excellent_from > total:
        raise invalid(
            "excellent_from",
            _("The top tier needs %(need)s points; the criteria give %(total)s.")
            % {"need": spec.excellent_from, "total": total},
            "unreachable",
        )


def _write_criteria(scheme: Scheme, criteria: list[CriterionSpec]) -> None:
    scheme.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(scheme=scheme, order=n, **c.__dict__) for n, c in enumerate(criteria, start=1)
    )


SCHEME_FIELDS = [
    "year",
    "name",
    "sector",
    "excellent_from",
    "good_from",
    "done_from",
    "group_floor",
    "top_share_cap",
    "source",
]


def _refuse_taken(unit: Unit | None, spec: SchemeSpec, exclude: int | None = None) -> None:
    taken = Scheme.objects.filter(unit=unit, year=spec.year, sector=spec.sector)
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise invalid(
            "year",
            _("This union already has a table for %(year)s and this kind of union.")
            % {"year": spec.year},
            "taken",
        )


@transaction.atomic
def create_scheme(*, actor, unit: Unit | None, spec: SchemeSpec, criteria) -> Scheme:
    _require_issuer(actor, unit)
    _check_scheme(spec, criteria)
    _refuse_taken(unit, spec)
    scheme = Scheme.objects.create(unit=unit, **{f: getattr(spec, f) for f in SCHEME_FIELDS})
    _write_criteria(scheme, criteria)
    record(
        actor=actor,
        action="grading.scheme_create",
        unit=unit,
        obj=scheme,
        summary=_("Issued the grading table %(name)s") % {"name": scheme},
    )
    return scheme


@transaction.atomic
def update_scheme(*, actor, scheme: Scheme, spec: SchemeSpec, criteria, version: int) -> Scheme:
    _require_issuer(actor, scheme.unit)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.version != version:
        raise ConflictError()
    if scheme.gradings.exists():
        raise invalid(
            None,
            _("Unions have been graded on this table: copy it to change it."),
            "in_use",
        )
    _check_scheme(spec, criteria)
    _refuse_taken(scheme.unit, spec, exclude=scheme.pk)
    for name in SCHEME_FIELDS:
        setattr(scheme, name, getattr(spec, name))
    scheme.version += 1
    scheme.save()
    _write_criteria(scheme, criteria)
    record(
        actor=actor,
        action="grading.scheme_update",
        unit=scheme.unit,
        obj=scheme,
        summary=_("Changed the grading table %(name)s") % {"name": scheme},
    )
    return scheme


def criteria_specs(scheme: Scheme) -> list[CriterionSpec]:
    return [
        CriterionSpec(c.group, c.text, c.points, c.figure, c.detail, c.target)
        for c in scheme.criteria.all()
    ]


@transaction.atomic
def copy_scheme(*, actor, scheme: Scheme, unit: Unit | None, year: int) -> Scheme:
    """A table copied for ``year`` and issued by ``unit`` (last year's, or the one above
    adapted by a union for its own): edited afterwards, the original untouched."""
    spec = SchemeSpec(**{f: getattr(scheme, f) for f in SCHEME_FIELDS})
    spec.year = year
    copy = create_scheme(actor=actor, unit=unit, spec=spec, criteria=criteria_specs(scheme))
    record(
        actor=actor,
        action="grading.scheme_copy",
        unit=unit,
        obj=copy,
        summary=_("Copied %(old)s to %(year)s") % {"old": scheme, "year": year},
        data={"from": scheme.pk},
    )
    return copy


# --- rounds --------------------------------------------------------------------------


@transaction.atomic
def open_round(*, actor, unit: Unit, year: int, self_by: date, note: str = "") -> Round:
    require_role(actor, unit)
    if unit.kind.code == "grassroots" or unit.kind.level >= 4:
        raise invalid(
            "unit", _("An upper union opens the grading of its grassroots unions."), "level"
        )
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise invalid("year", _("Grade a year that has begun."), "year")
    if self_by < date(year, 1, 1):
        raise invalid("self_by", _("The deadline is in or after the year graded."), "date")
    if Round.objects.filter(unit=unit, year=year).exists():
        raise invalid(
            "year",
            _("%(unit)s has already opened the grading of %(year)s.")
            % {"unit": unit.display_name, "year": year},
            "taken",
        )
    found = Round.objects.create(
        unit=unit,
        year=year,
        self_by=self_by,
        note=(note or "").strip()[:5000],
        opened_by=_user(actor),
    )
    record(
        actor=actor,
        action="grading.open",
        unit=unit,
        obj=found,
        summary=_("Opened the grading of %(year)s") % {"year": year},
    )
    return found


@dataclass
class Row:
    unit: Unit
    eligibility: Eligibility
    grading: Grading | None


def round_rows(found: Round) -> list[Row]:
    """Every grassroots union the round covers: whether it is graded, and its grading."""
    gradings = {
        g.unit_id: g for g in Grading.objects.current().filter(round=found).select_related("scheme")
    }
    units = list(managed(found.unit, found.year))
    days = reorganised(units, found.year)
    return [
        Row(
            unit,
            eligibility(unit, found.year, days),
            gradings.get(unit.pk),
        )
        for unit in units
    ]


def round_for(unit: Unit, year: int) -> Round | None:
    if unit.parent_id is None:
        return None
    return Round.objects.filter(unit_id=unit.parent_id, year=year).first()


@transaction.atomic
def start(*, actor, unit: Unit, year: int) -> Grading:
    """A grassroots union begins its own scoring: the table it is graded on, each
    criterion pre-filled from what it recorded where the criterion maps to a figure."""
    require_role(actor, unit)
    found = round_for(unit, year)
    if found is None or unit.kind.code != "grassroots":
        raise invalid(
            "year",
            _("The level above has not opened the grading of %(year)s.") % {"year": year},
            "no_round",
        )
    rule = eligibility(unit, year)
    if not rule.graded:
        raise invalid("unit", rule.reason, "too_young")
    existing = Grading.objects.current().filter(unit=unit, year=year).first()
    if existing is not None:
        return existing
    scheme = scheme_for(unit, year)
    if scheme is None:
        raise invalid("year", _("No grading table covers %(year)s.") % {"year": year}, "no_scheme")
    grading = Grading.objects.create(round=found, unit=unit, year=year, scheme=scheme)
    criteria = list(scheme.criteria.all())
    values = figures.recorded(unit, year, criteria)
    Score.objects.bulk_create(
        Score(
            grading=grading,
            criterion=c,
            recorded=values.get(c.pk),
            self_points=figures.prefilled_points(c, values[c.pk]) if c.pk in values else None,
            evidence=figures.evidence_line(c, values[c.pk]) if c.pk in values else "",
        )
        for c in criteria
    )
    record(
        actor=actor,
        action="grading.start",
        unit=unit,
        obj=grading,
        summary=_("Began the self-scoring of %(year)s") % {"year": year},
    )
    return grading


def _lock(grading: Grading, version: int) -> Grading:
    locked = (
        Grading.objects.select_for_update()
        .select_related("unit", "round__unit", "scheme")
        .get(pk=grading.pk)
    )
    if locked.version != version:
        raise ConflictError()
    return locked


def totals(grading: Grading, field: str) -> tuple[int, dict[str, tuple[int, int]]]:
    """The points in ``field`` (self_points or points), in all and by group."""
    groups: dict[str, tuple[int, int]] = {}
    total = 0
    for score in grading.scores.select_related("criterion"):
        got = getattr(score, field) or 0
        had, most = groups.get(score.criterion.group, (0, 0))
        groups[score.criterion.group] = (had + got, most + score.criterion.points)
        total += got
    return total, groups


def _apply(grading: Grading, points: dict[int, tuple[int | None, str]], field: str, text: str):
    scores = {s.criterion_id: s for s in grading.scores.select_related("criterion")}
    for pk in points:
        if pk not in scores:
            raise invalid(
                "scores", _("Criterion %(id)s is not in this table.") % {"id": pk}, "unknown"
            )
    for n, (pk, score) in enumerate(sorted(scores.items(), key=lambda i: i[1].criterion.order), 1):
        if pk not in points:
            continue
        value, words = points[pk]
        if value is not None and not 0 <= value <= score.criterion.points:
            raise invalid(
                "scores",
                _("Criterion %(n)s (%(text)s): give 0 to %(max)s points.")
                % {"n": n, "text": score.criterion.text, "max": score.criterion.points},
                "range",
            )
        setattr(score, field, value)
        setattr(score, text, (words or "").strip()[: 500 if text == "note" else 5000])
        score.save(update_fields=[field, text])


def _require_complete(grading: Grading, field: str) -> None:
    missing = [
        s.criterion.text
        for s in grading.scores.select_related("criterion")
        if getattr(s, field) is None
    ]
    if missing:
        raise invalid(
            "scores",
            _("Score every criterion first; missing: %(list)s.") % {"list": "; ".join(missing[:5])},
            "incomplete",
        )


@transaction.atomic
def save_self_scores(*, actor, grading: Grading, points: dict, version: int, send: bool = False):
    """The union's own points and evidence (criterion id → (points, evidence)); with
    ``send``, it goes to the level above and can no longer be changed by the union."""
    require_role(actor, grading.unit)
    grading = _lock(grading, version)
    if grading.status != Status.DRAFT:
        raise invalid(None, _("This grading has been sent to the level above."), "sent")
    _apply(grading, points, "self_points", "evidence")
    total, groups = totals(grading, "self_points")
    grading.self_total = total
    grading.self_tier = grading.scheme.tier_for(total, groups)
    if send:
        _require_complete(grading, "self_points")
        grading.status = Status.SUBMITTED
        grading.submitted_at = timezone.now()
    grading.version += 1
    grading.save()
    record(
        actor=actor,
        action="grading.submit" if send else "grading.self_score",
        unit=grading.unit,
        obj=grading,
        summary=(
            _("Sent the self-scoring of %(year)s: %(total)s points, %(tier)s")
            if send
            else _("Scored itself for %(year)s: %(total)s points, %(tier)s")
        )
        % {"year": grading.year, "total": total, "tier": grading.get_self_tier_display()},
    )
    return grading


def _require_above(actor, grading: Grading) -> None:
    require_role(actor, grading.round.unit)


@transaction.atomic
def return_to_union(*, actor, grading: Grading, reason: str, version: int) -> Grading:
    """The level above sends a self-scoring back for more evidence."""
    _require_above(actor, grading)
    grading = _lock(grading, version)
    reason = (reason or "").strip()
    if grading.status != Status.SUBMITTED:
        raise invalid(None, _("Only a self-scoring that was sent is returned."), "state")
    if len(reason) < 10:
        raise invalid("reason", _("Say why, in at least 10 characters."), "reason")
    grading.status = Status.DRAFT
    grading.reason = reason[:5000]
    grading.version += 1
    grading.save()
    record(
        actor=actor,
        action="grading.return",
        unit=grading.unit,
        obj=grading,
        summary=_("Returned the self-scoring of %(year)s: %(reason)s")
        % {"year": grading.year, "reason": reason},
    )
    return grading


def _check_top_share(grading: Grading, tier: str) -> None:
    cap = grading.scheme.top_share_cap
    if tier != Tier.EXCELLENT or not cap:
        return
    graded = sum(1 for row in round_rows(grading.round) if row.eligibility.graded)
    allowed = floor(graded * cap / 100)
    already = (
        Grading.objects.current()
        .filter(
            round=grading.round, tier=Tier.EXCELLENT, status__in=[Status.DECIDED, Status.PUBLISHED]
        )
        .exclude(pk=grading.pk)
        .count()
    )
    if already + 1 > allowed:
        raise invalid(
            "scores",
            _(
                "At most %(cap)s of the %(n)s graded unions (%(allowed)s) complete their tasks "
                "excellently; %(already)s already do."
            )
            % {"cap": f"{cap}%", "n": graded, "allowed": allowed, "already": already},
            "top_share",
        )


@transaction.atomic
def decide(*, actor, grading: Grading, points: dict, reason: str, version: int) -> Grading:
    """The level above's points (criterion id → (points, note)) and the tier they give;
    a tier other than the union's own needs the reason."""
    _require_above(actor, grading)
    grading = _lock(grading, version)
    if grading.status not in (Status.SUBMITTED, Status.DECIDED):
        raise invalid(None, _("The union has not sent its self-scoring yet."), "state")
    _apply(grading, points, "points", "note")
    _require_complete(grading, "points")
    total, groups = totals(grading, "points")
    tier = grading.scheme.tier_for(total, groups)
    reason = (reason or "").strip()
    if tier != grading.self_tier and len(reason) < 10:
        raise invalid(
            "reason",
            _(
                "The tier differs from the union's own (%(own)s): say why, in at least 10 "
                "characters."
            )
            % {"own": grading.get_self_tier_display()},
            "reason",
        )
    _check_top_share(grading, tier)
    grading.total, grading.tier, grading.reason = total, tier, reason[:5000]
    grading.status = Status.DECIDED
    grading.decided_at, grading.decided_by = timezone.now(), _user(actor)
    grading.version += 1
    grading.save()
    record(
        actor=actor,
        action="grading.decide",
        unit=grading.unit,
        obj=grading,
        summary=_("Decided the grading of %(year)s: %(total)s points, %(tier)s")
        % {"year": grading.year, "total": total, "tier": grading.get_tier_display()},
        data={"total": total, "tier": tier, "self_tier": grading.self_tier},
    )
    return grading


def _publish(actor, grading: Grading) -> None:
    grading.status = Status.PUBLISHED
    grading.published_on = timezone.localdate()
    grading.version += 1
    grading.save(update_fields=["status", "published_on", "version"])
    record(
        actor=actor,
        action="grading.publish",
        unit=grading.unit,
        obj=grading,
        summary=_("Published the grading of %(year)s: %(tier)s")
        % {"year": grading.year, "tier": grading.get_tier_display()},
    )


@transaction.atomic
def publish(*, actor, grading: Grading, version: int) -> Grading:
    _require_above(actor, grading)
    grading = _lock(grading, version)
    if grading.status != Status.DECIDED:
        raise invalid(None, _("Only a decided grading is published."), "state")
    _publish(actor, grading)
    return grading


@transaction.atomic
def publish_round(*, actor, found: Round) -> int:
    """Publish every decided grading of the round at once; the number published."""
    require_role(actor, found.unit)
    decided = list(Grading.objects.select_for_update().filter(round=found, status=Status.DECIDED))
    for grading in decided:
        _publish(actor, grading)
    return len(decided)


@transaction.atomic
def correct(*, actor, grading: Grading, reason: str, version: int) -> Grading:
    """A published result is corrected by a new revision (the old one kept), decided
    again by the level above and published again."""
    _require_above(actor, grading)
    grading = _lock(grading, version)
    reason = (reason or "").strip()
    if grading.status != Status.PUBLISHED:
        raise invalid(None, _("Only a published grading is corrected; edit the others."), "state")
    if len(reason) < 10:
        raise invalid("reason", _("Say why, in at least 10 characters."), "reason")
    grading.status = Status.SUPERSEDED
    grading.version += 1
    grading.save(update_fields=["status", "version"])
    old_scores = list(grading.scores.all())
    new = Grading.objects.create(
        round=grading.round,
        unit=grading.unit,
        year=grading.year,
        scheme=grading.scheme,
        revision=grading.revision + 1,
        status=Status.DECIDED,
        self_total=grading.self_total,
        self_tier=grading.self_tier,
        total=grading.total,
        tier=grading.tier,
        reason=grading.reason,
        correction=reason[:5000],
        submitted_at=grading.submitted_at,
        decided_at=timezone.now(),
        decided_by=_user(actor),
    )
    for score in old_scores:
        score.pk, score.grading = None, new
    Score.objects.bulk_create(old_scores)
    record(
        actor=actor,
        action="grading.correct",
        unit=grading.unit,
        obj=new,
        summary=_("Opened a correction of the grading of %(year)s: %(reason)s")
        % {"year": grading.year, "reason": reason},
        data={"from": grading.pk},
    )
    return new


# --- uses ----------------------------------------------------------------------------


def tier_of(unit: Unit, year: int) -> str:
    """The tier of ``unit``'s published grading of ``year`` ('' when none)."""
    return (
        Grading.objects.published()
        .filter(unit=unit, year=year)
        .values_list("tier", flat=True)
        .first()
        or ""
    )


def meets(tier: str, needed: str) -> bool:
    return bool(tier) and RANK[tier] >= RANK[needed]


def distribution(unit: Unit, year: int) -> dict[str, int]:
    """Published tiers of the grassroots unions in ``unit``'s subtree (tier → count)."""
    from django.db.models import Count

    rows = (
        Grading.objects.published()
        .filter(year=year)
        .filter(Grading.objects.under(unit.path))
        .values_list("tier")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = dict(rows)
    return {tier: found.get(tier, 0) for tier in Tier.values}
