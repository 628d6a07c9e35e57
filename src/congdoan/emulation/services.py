"""Every write to emulation blocks and covenants, and the figures their pages show.

A block is organised by an upper-level unit for units inside its subtree; memberships
are dated by the decisions that add and take out a unit. Each year has a leader and a
deputy among the members, set by the organiser; the next leader can be proposed from
the rotation order. The covenant of a year is prepared by the organiser or that year's
leader and signed for every member unit, then locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import covers, require_role
from congdoan.organizations.models import Unit

from .models import (
    BlockMembership,
    BlockTerm,
    Covenant,
    CovenantSignatory,
    CovenantStatus,
    CovenantTarget,
    EmulationBlock,
)

# --- blocks and members -----------------------------------------------------------------


def _require_inside(block_or_organiser: Unit, unit: Unit) -> None:
    if not unit.path.startswith(block_or_organiser.path) or unit.pk == block_or_organiser.pk:
        raise invalid(
            "units",
            _("%(unit)s is not under %(organiser)s, which organises the block.")
            % {"unit": unit.name, "organiser": block_or_organiser.name},
            "outside",
        )


@transaction.atomic
def create_block(
    *,
    actor,
    organiser: Unit,
    name: str,
    decision_number: str,
    decision_date: date,
    units: list[Unit],
    notes: str = "",
) -> EmulationBlock:
    """A block of ``units`` (in their rotation order), members from the decision date."""
    require_role(actor, organiser)
    name = " ".join((name or "").split())
    if not name:
        raise invalid("name", _("Give the block a name."), "required")
    if not (decision_number or "").strip():
        raise invalid("decision_number", _("Give the number of the decision."), "required")
    if len(units) < 2:
        raise invalid("units", _("A block groups at least two units."), "too_few")
    if len({unit.pk for unit in units}) != len(units):
        raise invalid("units", _("A unit is listed twice."), "duplicate")
    for unit in units:
        _require_inside(organiser, unit)
    if EmulationBlock.objects.filter(organiser=organiser, name=name).exists():
        raise invalid("name", _("The unit already organises a block of this name."), "exists")
    block = EmulationBlock.objects.create(
        organiser=organiser,
        name=name,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        notes=notes,
    )
    BlockMembership.objects.bulk_create(
        BlockMembership(
            block=block,
            unit=unit,
            joined_on=decision_date,
            joined_decision=block.decision_number,
            order=order,
        )
        for order, unit in enumerate(units, start=1)
    )
    record(
        actor=actor,
        action="emulation.block_create",
        unit=organiser,
        obj=block,
        summary=_("Set up the emulation block %(block)s with %(n)s units")
        % {"block": block.name, "n": len(units)},
        data={"units": [unit.pk for unit in units], "decision": block.decision_number},
    )
    return block


@transaction.atomic
def update_block(*, actor, block: EmulationBlock, version: int, **fields) -> EmulationBlock:
    """Change the block's name, decision or notes (refused if it changed meanwhile)."""
    block = EmulationBlock.objects.select_for_update().get(pk=block.pk)
    require_role(actor, block.organiser)
    if block.version != version:
        raise ConflictError()
    for name in ("name", "decision_number", "decision_date", "notes"):
        if name in fields and fields[name] is not None:
            setattr(block, name, fields[name])
    if not block.name.strip():
        raise invalid("name", _("Give the block a name."), "required")
    block.version += 1
    block.save()
    record(
        actor=actor,
        action="emulation.block_update",
        unit=block.organiser,
        obj=block,
        summary=_("Changed the emulation block %(block)s") % {"block": block.name},
    )
    return block


@transaction.atomic
def add_member(
    *, actor, block: EmulationBlock, unit: Unit, joined_on: date, decision: str
) -> BlockMembership:
    """Add ``unit`` to the block from ``joined_on``, last in the rotation."""
    require_role(actor, block.organiser)
    _require_inside(block.organiser, unit)
    if not (decision or "").strip():
        raise invalid("decision", _("Give the number of the decision."), "required")
    last = block.memberships.order_by("-order").values_list("order", flat=True).first() or 0
    try:
        with transaction.atomic():
            membership = BlockMembership.objects.create(
                block=block,
                unit=unit,
                joined_on=joined_on,
                joined_decision=decision.strip(),
                order=last + 1,
            )
    except IntegrityError as exc:
        raise invalid(
            "unit", _("%(unit)s is already a member of this block.") % {"unit": unit.name}, "exists"
        ) from exc
    record(
        actor=actor,
        action="emulation.member_add",
        unit=block.organiser,
        obj=block,
        summary=_("%(unit)s joined the block %(block)s") % {"unit": unit.name, "block": block.name},
    )
    return membership


@transaction.atomic
def remove_member(
    *, actor, block: EmulationBlock, unit: Unit, left_on: date, decision: str
) -> BlockMembership:
    """End ``unit``'s membership on ``left_on``; its past years stay with the block."""
    require_role(actor, block.organiser)
    membership = block.memberships.current().filter(unit=unit).select_for_update().first()
    if membership is None:
        raise invalid(
            "unit", _("%(unit)s is not a member of this block.") % {"unit": unit.name}, "absent"
        )
    if left_on < membership.joined_on:
        raise invalid("left_on", _("A unit cannot leave a block before it joined."), "invalid")
    if not (decision or "").strip():
        raise invalid("decision", _("Give the number of the decision."), "required")
    membership.left_on, membership.left_decision = left_on, decision.strip()
    membership.save(update_fields=["left_on", "left_decision"])
    record(
        actor=actor,
        action="emulation.member_remove",
        unit=block.organiser,
        obj=block,
        summary=_("%(unit)s left the block %(block)s") % {"unit": unit.name, "block": block.name},
    )
    return membership


def members_during(block: EmulationBlock, year: int):
    """Memberships in force at some time in ``year``, in rotation order."""
    return (
        block.memberships.filter(joined_on__lte=date(year, 12, 31))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=date(year, 1, 1)))
        .select_related("unit")
        .order_by("order", "joined_on", "id")
    )


def members_on(block: EmulationBlock, day: date):
    return block.memberships.on(day).select_related("unit").order_by("order", "joined_on", "id")


# --- leaders ------------------------------------------------------------------------------


def proposed_leader(block: EmulationBlock, year: int) -> Unit | None:
    """The next leader in the rotation: the member after last year's leader, skipping
    units no longer in the block; the first member when no year came before."""
    rotation = [membership.unit for membership in members_during(block, year)]
    if not rotation:
        return None
    before = block.terms.filter(year__lt=year).order_by("-year").select_related("leader").first()
    if before is None:
        return rotation[0]
    orders = {m.unit_id: m.order for m in block.memberships.all()}
    last = orders.get(before.leader_id, 0)
    later = [unit for unit in rotation if orders[unit.pk] > last]
    return (later or rotation)[0]


@transaction.atomic
def set_term(
    *,
    actor,
    block: EmulationBlock,
    year: int,
    leader: Unit,
    deputy: Unit | None = None,
    handed_over_on: date | None = None,
) -> BlockTerm:
    """Make ``leader`` (and ``deputy``) the block's leader for ``year``. The previous
    year's leader hands the block's records over on ``handed_over_on`` (today)."""
    block = EmulationBlock.objects.select_for_update().get(pk=block.pk)
    require_role(actor, block.organiser)
    members = {m.unit_id for m in members_during(block, year)}
    for field, unit in (("leader", leader), ("deputy", deputy)):
        if unit is not None and unit.pk not in members:
            raise invalid(
                field,
                _("%(unit)s is not a member of the block in %(year)s.")
                % {"unit": unit.name, "year": year},
                "not_member",
            )
    if deputy is not None and deputy.pk == leader.pk:
        raise invalid("deputy", _("The leader and the deputy are two different units."), "same")
    if block.terms.filter(year=year).exists():
        raise invalid("year", _("The block already has a leader for this year."), "exists")
    term = BlockTerm.objects.create(
        block=block,
        year=year,
        leader=leader,
        deputy=deputy,
        set_by=actor if getattr(actor, "pk", None) else None,
    )
    previous = block.terms.filter(year=year - 1, handed_over_on__isnull=True).first()
    if previous is not None:
        previous.handed_over_on = handed_over_on or timezone.localdate()
        previous.save(update_fields=["handed_over_on"])
    record(
        actor=actor,
        action="emulation.term",
        unit=block.organiser,
        obj=block,
        summary=_("%(leader)s leads the block %(block)s in %(year)s")
        % {"leader": leader.name, "block": block.name, "year": year},
        data={"year": year, "leader": leader.pk, "deputy": deputy.pk if deputy else None},
    )
    return term


def leads(user, block: EmulationBlock, year: int) -> bool:
    """Whether ``user`` is an officer of the block's organiser or of the year's leader."""
    if covers(user, block.organiser.path, "officer"):
        return True
    term = block.terms.filter(year=year).select_related("leader").first()
    return term is not None and covers(user, term.leader.path, "officer")


def _require_leads(actor, block: EmulationBlock, year: int) -> None:
    if actor is None or leads(actor, block, year):
        return
    raise PermissionDenied(
        _("Only the organiser or this year's leader of %(block)s does this.")
        % {"block": block.name}
    )


# --- figures -----------------------------------------------------------------------------


@dataclass
class MemberFigures:
    membership: BlockMembership
    members: int
    female: int
    grassroots: int


def block_figures(block: EmulationBlock, year: int) -> list[MemberFigures]:
    """Each member unit of the year with the members, female members and CĐCS under it
    now (from the per-unit counts the member services keep): two queries for the whole
    block, one sum per member subtree in each."""
    from django.db.models import Count

    from congdoan.members.models import UnitMemberCount

    memberships = list(members_during(block, year))
    if not memberships:
        return []
    under = [Q(unit__path__startswith=m.unit.path) for m in memberships]
    counts = UnitMemberCount.objects.filter(reduce(or_, under)).aggregate(
        **{f"m{i}": Sum("members", filter=q) for i, q in enumerate(under)},
        **{f"f{i}": Sum("female", filter=q) for i, q in enumerate(under)},
    )
    paths = reduce(or_, [Q(path__startswith=m.unit.path) for m in memberships])
    unions = Unit.objects.filter(paths, kind__code="grassroots", status="active").aggregate(
        **{
            f"g{i}": Count("pk", filter=Q(path__startswith=m.unit.path))
            for i, m in enumerate(memberships)
        }
    )
    return [
        MemberFigures(m, counts[f"m{i}"] or 0, counts[f"f{i}"] or 0, unions[f"g{i}"])
        for i, m in enumerate(memberships)
    ]


# --- covenants ------------------------------------------------------------------------------


def _clean_targets(targets: list[dict]) -> list[CovenantTarget]:
    cleaned = []
    for number, target in enumerate(targets, start=1):
        text = " ".join(str(target.get("text") or "").split())
        if not text:
            raise invalid(
                "targets",
                _("Commitment %(n)s: write what the units commit to.") % {"n": number},
                "required",
            )
        cleaned.append(
            CovenantTarget(
                order=number,
                text=text,
                indicator=(target.get("indicator") or "").strip(),
                target=target.get("target"),
            )
        )
    if not cleaned:
        raise invalid("targets", _("A covenant has at least one commitment."), "required")
    return cleaned


@transaction.atomic
def create_covenant(
    *, actor, block: EmulationBlock, year: int, theme: str, targets: list[dict]
) -> Covenant:
    """The year's covenant, prepared by the organiser or the year's leader (a draft)."""
    _require_leads(actor, block, year)
    if not (theme or "").strip():
        raise invalid("theme", _("Give the covenant its theme."), "required")
    if Covenant.objects.filter(block=block, year=year).exists():
        raise invalid("year", _("The block already has a covenant for this year."), "exists")
    covenant = Covenant.objects.create(
        block=block,
        year=year,
        theme=theme.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for target in _clean_targets(targets):
        target.covenant = covenant
        target.save()
    record(
        actor=actor,
        action="emulation.covenant_create",
        unit=block.organiser,
        obj=covenant,
        summary=_("Prepared the covenant %(year)s of %(block)s")
        % {"year": year, "block": block.name},
    )
    return covenant


def _lock_draft(covenant: Covenant, version: int | None = None) -> Covenant:
    covenant = (
        Covenant.objects.select_for_update().select_related("block__organiser").get(pk=covenant.pk)
    )
    if version is not None and covenant.version != version:
        raise ConflictError()
    if covenant.status != CovenantStatus.DRAFT:
        raise invalid(None, _("A signed covenant cannot be changed."), "signed")
    return covenant


@transaction.atomic
def update_covenant(
    *, actor, covenant: Covenant, version: int, theme: str, targets: list[dict]
) -> Covenant:
    covenant = _lock_draft(covenant, version)
    _require_leads(actor, covenant.block, covenant.year)
    if not (theme or "").strip():
        raise invalid("theme", _("Give the covenant its theme."), "required")
    cleaned = _clean_targets(targets)
    covenant.targets.all().delete()
    for target in cleaned:
        target.covenant = covenant
        target.save()
    covenant.theme = theme.strip()
    covenant.version += 1
    covenant.save(update_fields=["theme", "version"])
    record(
        actor=actor,
        action="emulation.covenant_update",
        unit=covenant.block.organiser,
        obj=covenant,
        summary=_("Changed the covenant %(covenant)s") % {"covenant": covenant},
    )
    return covenant


@transaction.atomic
def sign_covenant(
    *,
    actor,
    covenant: Covenant,
    version: int,
    signed_on: date,
    place: str,
    signatories: list[dict],
) -> Covenant:
    """Record the signing: a representative (name and position) for every unit that is
    a member of the block on the day; then the covenant is locked."""
    covenant = _lock_draft(covenant, version)
    block = covenant.block
    _require_leads(actor, block, covenant.year)
    if signed_on.year not in (covenant.year, covenant.year - 1):
        raise invalid(
            "signed_on",
            _("A covenant for %(year)s is signed in that year or at the end of the one before.")
            % {"year": covenant.year},
            "invalid",
        )
    if not (place or "").strip():
        raise invalid("place", _("Give the place of signing."), "required")
    members = {m.unit_id: m.unit for m in members_on(block, signed_on)}
    given: dict[int, dict] = {}
    for entry in signatories:
        unit = entry["unit"]
        if unit.pk not in members:
            raise invalid(
                "signatories",
                _("%(unit)s is not a member of the block on that day.") % {"unit": unit.name},
                "not_member",
            )
        name, title = (" ".join(str(entry.get(k) or "").split()) for k in ("name", "title"))
        if not name or not title:
            raise invalid(
                "signatories",
                _("%(unit)s: give the name and position of who signs.") % {"unit": unit.name},
                "required",
            )
        given[unit.pk] = {"name": name, "title": title}
    missing = [unit.name for pk, unit in members.items() if pk not in given]
    if missing:
        raise invalid(
            "signatories",
            _("Every member unit signs; missing: %(units)s.") % {"units": ", ".join(missing)},
            "missing",
        )
    CovenantSignatory.objects.bulk_create(
        CovenantSignatory(covenant=covenant, unit=members[pk], **who) for pk, who in given.items()
    )
    covenant.status, covenant.signed_on, covenant.place = (
        CovenantStatus.SIGNED,
        signed_on,
        place.strip(),
    )
    covenant.version += 1
    covenant.save(update_fields=["status", "signed_on", "place", "version"])
    record(
        actor=actor,
        action="emulation.covenant_sign",
        unit=block.organiser,
        obj=covenant,
        summary=_("The covenant %(covenant)s was signed by %(n)s units")
        % {"covenant": covenant, "n": len(given)},
    )
    return covenant
