"""Nominations for awards: eligibility checked when nominating, with the failing
condition named, then the dossier's journey up the levels through the one workflow
engine (``workflow.py``).

Conditions come from the catalogue (``AwardTitle``): the nominee's kind (a member or a
unit), registration at the start of the year, months in the union that year, a
discipline that year, a prerequisite award held for consecutive years (awards granted
before, or for this year proposed in the same round), and a share cap counted across
the unit's nominations ("at most 15 % of those proposed for Lao động tiên tiến").
"""

from __future__ import annotations

from datetime import date
from math import floor

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.organizations.models import Unit

from . import workflow
from .models import AwardTitle, Discipline, Grant, Nomination, Recipient

WORKFLOW = "nomination"


@workflow.guard(WORKFLOW, "below_grantor")
def _below_grantor(dossier) -> bool:
    """The holder is below the level that grants the award: it forwards the dossier."""
    return dossier.holder.kind.level > dossier.nomination.award.level


@workflow.guard(WORKFLOW, "at_grantor")
def _at_grantor(dossier) -> bool:
    """The holder is at (or above) the level that grants the award: it decides."""
    return dossier.holder.kind.level <= dossier.nomination.award.level


@workflow.level_above(WORKFLOW)
def _above(dossier):
    """A block's proposal goes from the year's leader to the block's organiser."""
    nomination = dossier.nomination
    if nomination.block_id and dossier.holder_id == dossier.origin_id:
        organiser = nomination.block.organiser
        return organiser if organiser.pk != dossier.origin_id else None
    return None


def _nominee_filter(member, unit) -> Q:
    return Q(member=member) if member is not None else Q(member__isnull=True, unit=unit)


def _held(award: AwardTitle, year: int, member, unit) -> bool:
    """Whether the nominee holds ``award`` in ``year``: granted, or (for a year not yet
    decided) proposed and not refused."""
    who = _nominee_filter(member, unit)
    if Grant.objects.filter(who, award=award, year=year).exists():
        return True
    proposed = Q(member=member) if member is not None else Q(nominee_unit=unit)
    return Nomination.objects.live().filter(proposed, award=award, year=year).exists()


def _months_in_union(member, year: int) -> int:
    joined = member.joined_on or date(year, 1, 1)
    if joined > date(year, 12, 31):
        return 0
    start = max(joined, date(year, 1, 1))
    return 12 - start.month + 1 - (1 if start.day > 1 else 0)


def check_eligibility(*, award: AwardTitle, year: int, origin: Unit, member=None, unit=None):
    """Refuse a nomination that does not meet the award's conditions, naming the one it
    fails (a ``ValidationError`` whose code is the condition)."""
    from congdoan.emulation.models import Registration

    name = str(member or unit)
    if award.recipient == Recipient.INDIVIDUAL and member is None:
        raise invalid("member", _("%(award)s is for a member.") % {"award": award}, "recipient")
    if award.recipient == Recipient.COLLECTIVE and unit is None:
        raise invalid("unit", _("%(award)s is for a unit.") % {"award": award}, "recipient")
    where = member.unit if member is not None else unit
    if not where.path.startswith(origin.path):
        raise invalid(
            "member" if member is not None else "unit",
            _("%(name)s is not under %(unit)s.") % {"name": name, "unit": origin.name},
            "outside",
        )
    if member is not None and member.status != "active":
        raise invalid("member", _("%(name)s is not an active member.") % {"name": name}, "inactive")
    who = _nominee_filter(member, unit)
    if award.registration_required:
        registered = Registration.objects.filter(award=award, year=year)
        registered = (
            registered.filter(member=member)
            if member
            else registered.filter(unit=unit, member=None)
        )
        if not registered.exists():
            raise invalid(
                "award",
                _("%(name)s did not register for %(award)s at the start of %(year)s.")
                % {"name": name, "award": award, "year": year},
                "not_registered",
            )
    if member is not None and award.min_months:
        months = _months_in_union(member, year)
        if months < award.min_months:
            raise invalid(
                "member",
                _(
                    "%(name)s was in the union %(months)s months in %(year)s; %(award)s needs "
                    "%(needed)s."
                )
                % {
                    "name": name,
                    "months": months,
                    "year": year,
                    "award": award,
                    "needed": award.min_months,
                },
                "min_months",
            )
    if member is not None and award.excludes_discipline:
        found = Discipline.objects.filter(member=member, year=year).first()
        if found is not None:
            raise invalid(
                "member",
                _("%(name)s was disciplined in %(year)s (%(level)s, %(decision)s).")
                % {"name": name, "year": year, "level": found.level, "decision": found.decision},
                "discipline",
            )
    if unit is not None and award.required_tier:
        _check_tier(award, year, unit)
    if award.prerequisite_id:
        for needed in range(year - award.prerequisite_years + 1, year + 1):
            if not _held(award.prerequisite, needed, member, unit):
                raise invalid(
                    "award",
                    _(
                        "%(award)s needs %(prerequisite)s %(n)s years in a row; %(name)s does not "
                        "hold it for %(year)s."
                    )
                    % {
                        "award": award,
                        "prerequisite": award.prerequisite,
                        "n": award.prerequisite_years,
                        "name": name,
                        "year": needed,
                    },
                    "prerequisite",
                )
    live = Nomination.objects.live().filter(award=award, year=year)
    if live.filter(who if member else Q(nominee_unit=unit)).exists():
        raise invalid(
            "award",
            _("%(name)s is already proposed for %(award)s in %(year)s.")
            % {"name": name, "award": award, "year": year},
            "duplicate",
        )
    if award.share_cap is not None and award.share_base_id:
        base = (
            Nomination.objects.live().filter(award=award.share_base, year=year, unit=origin).count()
        )
        allowed = floor(base * award.share_cap / 100)
        already = live.filter(unit=origin).count()
        if already + 1 > allowed:
            raise invalid(
                "award",
                _(
                    "%(unit)s may propose at most %(cap)s%% of its %(base)s nominees (%(n)s) for "
                    "%(award)s in %(year)s; %(already)s are proposed."
                )
                % {
                    "unit": origin.name,
                    "cap": award.share_cap.normalize(),
                    "base": award.share_base,
                    "n": allowed,
                    "award": award,
                    "year": year,
                    "already": already,
                },
                "share_cap",
            )


def _check_tier(award: AwardTitle, year: int, unit: Unit) -> None:
    """A collective title that needs its union graded at a tier that year (a grading
    published by the level above)."""
    from congdoan.grading.models import Tier
    from congdoan.grading.services import meets, tier_of

    tier = tier_of(unit, year)
    if meets(tier, award.required_tier):
        return
    needed = Tier(award.required_tier).label
    if not tier:
        message = _(
            "%(award)s needs the grading “%(needed)s” for %(year)s; %(name)s has no "
            "published grading of %(year)s."
        )
    else:
        message = _(
            "%(award)s needs the grading “%(needed)s” for %(year)s; %(name)s was graded “%(tier)s”."
        )
    raise invalid(
        "unit",
        message
        % {
            "award": award,
            "needed": needed,
            "year": year,
            "name": unit.name,
            "tier": Tier(tier).label if tier else "",
        },
        "tier",
    )


def _draft(actor, origin, year, award, member, unit, achievements, **extra) -> Nomination:
    """A nomination and its dossier, a draft held by ``origin``."""
    return Nomination.objects.create(
        dossier=workflow.start(workflow=WORKFLOW, origin=origin, actor=actor),
        unit=origin,
        year=year,
        award=award,
        member=member,
        nominee_unit=unit,
        achievements=achievements.strip(),
        **extra,
    )


@transaction.atomic
def nominate(
    *,
    actor,
    origin: Unit,
    year: int,
    award: AwardTitle,
    achievements: str,
    member=None,
    unit: Unit | None = None,
    movement=None,
) -> Nomination:
    """A unit proposes a member or a unit under it for ``award`` (a draft dossier),
    optionally for results in an emulation movement it takes part in."""
    require_role(actor, origin)
    if movement is not None:
        from congdoan.emulation.movements import require_in_movement

        require_in_movement(movement, origin, year)
    if not award.active:
        raise invalid("award", _("%(award)s is no longer in use.") % {"award": award}, "inactive")
    if not (achievements or "").strip():
        raise invalid("achievements", _("Describe the achievements."), "required")
    check_eligibility(award=award, year=year, origin=origin, member=member, unit=unit)
    nomination = _draft(actor, origin, year, award, member, unit, achievements, movement=movement)
    record(
        actor=actor,
        action="awards.nominate",
        unit=origin,
        obj=nomination,
        summary=_("Proposed %(name)s for %(award)s %(year)s")
        % {"name": member or unit, "award": award, "year": year},
    )
    return nomination


def transition(*, actor, nomination: Nomination, to: str, reason: str = ""):
    """Move the nomination's dossier to the state ``to`` by the step that leads there."""
    return workflow.move(dossier=nomination.dossier, actor=actor, to=to, reason=reason)


@transaction.atomic
def propose_from_block(
    *,
    actor,
    block,
    year: int,
    award: AwardTitle,
    achievements: str,
    member=None,
    unit: Unit | None = None,
) -> Nomination:
    """The block's proposal, after its scoring and peer vote: the year's leader (or the
    organiser) proposes a member unit of the block, or a member of one, for ``award``. It
    starts at the year's leader and goes up to the block's organiser."""
    from django.core.exceptions import PermissionDenied

    from congdoan.emulation import services as emulation

    if actor is not None and not emulation.leads(actor, block, year):
        raise PermissionDenied(
            _("Only the organiser or this year's leader of %(block)s does this.")
            % {"block": block.name}
        )
    if not (achievements or "").strip():
        raise invalid("achievements", _("Describe the achievements."), "required")
    members = [m.unit for m in emulation.members_during(block, year)]
    where = member.unit if member is not None else unit
    home = next((u for u in members if where and where.path.startswith(u.path)), None)
    if home is None:
        raise invalid(
            "unit",
            _("%(name)s is not in a member unit of %(block)s in %(year)s.")
            % {"name": member or unit, "block": block.name, "year": year},
            "not_member",
        )
    check_eligibility(award=award, year=year, origin=home, member=member, unit=unit)
    term = block.terms.filter(year=year).select_related("leader").first()
    origin = term.leader if term else block.organiser
    nomination = _draft(actor, origin, year, award, member, unit, achievements, block=block)
    record(
        actor=actor,
        action="awards.block_proposal",
        unit=origin,
        obj=nomination,
        summary=_("The block %(block)s proposed %(name)s for %(award)s %(year)s")
        % {"block": block.name, "name": member or unit, "award": award, "year": year},
    )
    return nomination
