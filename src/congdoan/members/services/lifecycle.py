"""Member lifecycle: admission, edits, transfers, leaving, rejoining, death."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import covers, require_role
from congdoan.core.vntext import nfc, tidy_name
from congdoan.organizations.models import Unit

from ..models import (
    BirthPrecision,
    EventKind,
    Gender,
    IdKind,
    Member,
    MemberEvent,
    MemberStatus,
    Transfer,
    UnitMemberCount,
)
from ..names import CCCD, CMND, PASSPORT
from ..signals import membership_ended, membership_resumed
from .figures import FIGURES, _count, _enter, _exit, _recount, _tally, _year

EDITABLE_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "birth_precision",
    "id_kind",
    "id_number",
    "nationality",
    "ethnicity",
    "religion",
    "education",
    "qualification",
    "job_title",
    "phone",
    "email",
    "address",
    "joined_on",
    "card_number",
    "party_member",
    "notes",
)


@dataclass
class MemberData:
    """What an officer records about a person when admitting them."""

    full_name: str
    gender: str
    birth_date: date | None = None
    birth_precision: str = BirthPrecision.DAY
    id_kind: str = IdKind.CCCD
    id_number: str = ""
    nationality: str = "VN"
    ethnicity: object = None
    religion: str = ""
    education: str = ""
    qualification: str = ""
    job_title: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    joined_on: date | None = None
    card_number: str = ""
    party_member: bool = False
    notes: str = ""
    extra: dict = field(default_factory=dict)


# --- checks -----------------------------------------------------------------------


def normalise_identity(id_kind: str, id_number: str, nationality: str = "VN") -> tuple[str, str]:
    """(kind, number) cleaned and checked; a 9-digit number is an old CMND (flagged)."""
    number = "".join((id_number or "").split()).upper().replace(".", "").replace("-", "")
    if not number:
        return id_kind or IdKind.CCCD, ""
    if (nationality or "VN").upper() != "VN":
        if not PASSPORT.match(number):
            raise invalid(
                "id_number", _("A passport number has 6 to 12 letters and digits."), "bad_id_number"
            )
        return IdKind.PASSPORT, number
    if CCCD.match(number):
        return IdKind.CCCD, number
    if CMND.match(number):
        return IdKind.CMND, number
    raise invalid(
        "id_number",
        _("“%(number)s” is not a 12-digit CCCD number (or a 9-digit old identity card number).")
        % {"number": id_number},
        "bad_id_number",
    )


def _require_member_unit(unit: Unit, field_name: str = "unit") -> None:
    if not unit.is_active:
        raise invalid(field_name, _("%(unit)s is closed.") % {"unit": unit.name}, "closed_unit")
    if not unit.kind.holds_members:
        raise invalid(
            field_name,
            _(
                "%(unit)s is a %(kind)s: members belong to a grassroots "
                "union or one of its sections."
            )
            % {"unit": unit.name, "kind": unit.kind.name},
            "unit_holds_no_members",
        )


def _require_identity_free(actor, id_number: str, exclude_pk: int | None = None) -> None:
    if not id_number:
        return
    holder = (
        Member.objects.holding([id_number]).select_related("unit").exclude(pk=exclude_pk).first()
    )
    if holder is None:
        return
    if actor is None or covers(actor, holder.unit.path):
        message = _(
            "The identity number %(number)s already belongs to %(name)s, an active "
            "member of %(unit)s."
        ) % {"number": id_number, "name": holder.full_name, "unit": holder.unit.name}
    else:
        message = _(
            "The identity number %(number)s already belongs to an active member of a "
            "union outside your scope; ask that union to record the transfer."
        ) % {"number": id_number}
    raise invalid("id_number", message, "id_number_taken")


# --- operations -------------------------------------------------------------------


def _event(
    member, kind, *, on: date, actor, unit, other_unit=None, decision_number="", reason=""
) -> MemberEvent:
    return MemberEvent.objects.create(
        member=member,
        kind=kind,
        date=on,
        unit=unit,
        other_unit=other_unit,
        decision_number=(decision_number or "").strip(),
        reason=(reason or "").strip(),
        actor=actor if getattr(actor, "pk", None) else None,
    )


def _event_date(member: Member, on: date | None) -> date:
    """The date of an event in the member's life: today unless given, never in the
    future, never before the member joined the union (the year figures count by it)."""
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise invalid(
            "on",
            _("The date %(date)s is in the future.") % {"date": on.strftime("%d/%m/%Y")},
            "bad_date",
        )
    if member.joined_on and on < member.joined_on:
        raise invalid(
            "on",
            _("The date %(date)s is before %(name)s joined the union (%(joined)s).")
            % {
                "date": on.strftime("%d/%m/%Y"),
                "name": member.full_name,
                "joined": member.joined_on.strftime("%d/%m/%Y"),
            },
            "bad_date",
        )
    return on


def _save(member: Member, actor, reason: str) -> None:
    member.version += 1
    member._history_user = actor if getattr(actor, "pk", None) else None
    member._change_reason = reason
    member.save()


def _lock(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("unit__kind").get(pk=member.pk)


def _clean(data: MemberData) -> dict:
    full_name = tidy_name(data.full_name or "")
    if not full_name:
        raise invalid("full_name", _("The full name is required."), "required")
    if data.gender not in Gender.values:
        raise invalid("gender", _("Choose male or female."), "required")
    if data.birth_precision not in BirthPrecision.values:
        raise invalid("birth_precision", _("This value is not valid."), "invalid")
    nationality = (data.nationality or "VN").strip().upper()[:2]
    id_kind, id_number = normalise_identity(data.id_kind, data.id_number, nationality)
    today = timezone.localdate()
    if data.birth_date and not (date(1930, 1, 1) <= data.birth_date <= today):
        raise invalid(
            "birth_date",
            _("The birth date %(date)s is not possible.")
            % {"date": data.birth_date.strftime("%d/%m/%Y")},
            "bad_date",
        )
    if data.joined_on and data.joined_on > today:
        raise invalid("joined_on", _("The date of joining is in the future."), "bad_date")
    values = {name: getattr(data, name) for name in EDITABLE_FIELDS}
    values.update(
        full_name=full_name,
        nationality=nationality,
        id_kind=id_kind,
        id_number=id_number,
        phone="".join((data.phone or "").split()),
        religion=nfc(data.religion or ""),
        address=nfc(data.address or ""),
        job_title=nfc(data.job_title or ""),
    )
    return values


@transaction.atomic
def admit_member(
    *, actor, unit: Unit, data: MemberData, on: date | None = None, decision_number: str = ""
) -> Member:
    """Admit (kết nạp) a person into ``unit``, a grassroots union or one of its sections."""
    require_role(actor, unit)
    _require_member_unit(unit)
    values = _clean(data)
    _require_identity_free(actor, values["id_number"])
    on = on or values.get("joined_on") or timezone.localdate()
    values["joined_on"] = values.get("joined_on") or on
    member = Member(unit=unit, **values)
    member._history_user = actor if getattr(actor, "pk", None) else None
    member._change_reason = _("Admitted")
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:  # a concurrent admission of the same person
        raise invalid(
            "id_number",
            _("This identity number already belongs to an active member."),
            "id_number_taken",
        ) from exc
    _event(member, EventKind.ADMIT, on=on, actor=actor, unit=unit, decision_number=decision_number)
    _enter(member, unit)
    _year(unit, on.year, admitted=1)
    record(
        actor=actor,
        action="members.admit",
        unit=unit,
        obj=member,
        summary=_("Admitted %(name)s") % {"name": member.full_name},
    )
    return member


@transaction.atomic
def update_member(*, actor, member: Member, version: int, **changes) -> Member:
    """Edit a member's record; a stale ``version`` raises ``ConflictError``."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], _("This field cannot be edited here."), "not_editable")
    member = _lock(member)
    require_role(actor, member.unit)
    if member.version != version:
        raise ConflictError()
    current = MemberData(**{name: getattr(member, name) for name in EDITABLE_FIELDS})
    for name, value in changes.items():
        setattr(current, name, value)
    values = _clean(current)
    if member.is_active:
        _require_identity_free(actor, values["id_number"], exclude_pk=member.pk)
    before = {name: getattr(member, name) for name in changes}
    figures_before = _tally(member)
    for name, value in values.items():
        setattr(member, name, value)
    after = {name: getattr(member, name) for name in changes}
    if before == after:
        return member
    _save(member, actor, _("Edited"))
    if member.is_active:
        _recount(member, figures_before)
    record(
        actor=actor,
        action="members.edit",
        unit=member.unit,
        obj=member,
        summary=_("Edited the record of %(name)s") % {"name": member.full_name},
        data={"fields": sorted(changes)},
    )
    return member


@transaction.atomic
def show_card_number(*, actor, member: Member, number: str) -> Member:
    """The record shows the number of the member's card in use (``""`` for none).

    Called by the cards services; the record's version moves on, so that an edit
    opened before the card was issued cannot write the old number back.
    """
    member = _lock(member)
    if member.card_number == number:
        return member
    before = _tally(member)
    member.card_number = number
    _save(member, actor, _("Membership card"))
    if member.is_active:
        _recount(member, before)
    return member


@transaction.atomic
def transfer_member(
    *,
    actor,
    member: Member,
    to_unit: Unit,
    on: date | None = None,
    decision_number: str = "",
    reason: str = "",
) -> Member:
    """Transfer (chuyển sinh hoạt) a member to another union, keeping tenure and card.

    An officer over both unions completes it at once; otherwise the sending union
    releases the member and the receiving union's officer receives them.
    """
    member = _lock(member)
    require_role(actor, member.unit)
    if not member.is_active:
        raise invalid(
            "member",
            _("%(name)s is not an active member.") % {"name": member.full_name},
            "not_active",
        )
    _require_member_unit(to_unit, "to_unit")
    if to_unit.pk == member.unit_id:
        raise invalid(
            "to_unit", _("The member is already in %(unit)s.") % {"unit": to_unit.name}, "same_unit"
        )
    on = _event_date(member, on)
    source = member.unit
    _event(
        member,
        EventKind.TRANSFER_OUT,
        on=on,
        actor=actor,
        unit=source,
        other_unit=to_unit,
        decision_number=decision_number,
        reason=reason,
    )
    _exit(member, source)
    _year(source, on.year, transferred_out=1)
    if actor is None or covers(actor, to_unit.path, "officer"):
        _arrive(member, to_unit, on=on, actor=actor, source=source)
        summary = _("Transferred %(name)s from %(from)s to %(to)s")
    else:
        Transfer.objects.create(
            member=member,
            from_unit=source,
            to_unit=to_unit,
            date=on,
            decision_number=decision_number.strip(),
            released_by=actor if getattr(actor, "pk", None) else None,
        )
        member.status = MemberStatus.TRANSFERRING
        _save(member, actor, _("Released for transfer to %(unit)s") % {"unit": to_unit.name})
        summary = _("Released %(name)s from %(from)s for transfer to %(to)s")
    record(
        actor=actor,
        action="members.transfer",
        unit=source,
        obj=member,
        summary=summary % {"name": member.full_name, "from": source.name, "to": to_unit.name},
    )
    return member


def _arrive(member: Member, unit: Unit, *, on: date, actor, source: Unit) -> None:
    member.unit = unit
    member.status = MemberStatus.ACTIVE
    _save(member, actor, _("Transferred from %(unit)s") % {"unit": source.name})
    _event(member, EventKind.TRANSFER_IN, on=on, actor=actor, unit=unit, other_unit=source)
    _enter(member, unit)
    _year(unit, on.year, transferred_in=1)


@transaction.atomic
def receive_transfer(*, actor, transfer: Transfer, on: date | None = None) -> Member:
    """The receiving union takes in a member released to it."""
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("to_unit", "from_unit")
        .get(pk=transfer.pk)
    )
    require_role(actor, transfer.to_unit)
    if transfer.received_at or transfer.cancelled_at:
        raise invalid("transfer", _("This transfer is already closed."), "transfer_closed")
    member = _lock(transfer.member)
    _require_identity_free(actor, member.id_number, exclude_pk=member.pk)
    _arrive(
        member,
        transfer.to_unit,
        on=_event_date(member, on),
        actor=actor,
        source=transfer.from_unit,
    )
    transfer.received_at = timezone.now()
    transfer.received_by = actor if getattr(actor, "pk", None) else None
    transfer.save(update_fields=["received_at", "received_by"])
    record(
        actor=actor,
        action="members.receive",
        unit=transfer.to_unit,
        obj=member,
        summary=_("Received %(name)s from %(from)s")
        % {"name": member.full_name, "from": transfer.from_unit.name},
    )
    return member


@transaction.atomic
def cancel_transfer(*, actor, transfer: Transfer) -> Member:
    """The sending union takes back a release not yet received."""
    transfer = Transfer.objects.select_for_update().select_related("from_unit").get(pk=transfer.pk)
    require_role(actor, transfer.from_unit)
    if transfer.received_at or transfer.cancelled_at:
        raise invalid("transfer", _("This transfer is already closed."), "transfer_closed")
    member = _lock(transfer.member)
    member.status = MemberStatus.ACTIVE
    _save(member, actor, _("Transfer cancelled"))
    _enter(member, member.unit)
    _year(member.unit, transfer.date.year, transferred_out=-1)
    transfer.cancelled_at = timezone.now()
    transfer.save(update_fields=["cancelled_at"])
    record(
        actor=actor,
        action="members.cancel_transfer",
        unit=member.unit,
        obj=member,
        summary=_("Cancelled the transfer of %(name)s") % {"name": member.full_name},
    )
    return member


@transaction.atomic
def record_leaving(
    *,
    actor,
    member: Member,
    on: date | None = None,
    reason: str = "",
    decision_number: str = "",
    deceased: bool = False,
) -> Member:
    """Record that a member left the union (ra khỏi tổ chức) or died (từ trần)."""
    member = _lock(member)
    require_role(actor, member.unit)
    if not member.is_active:
        raise invalid(
            "member",
            _("%(name)s is not an active member.") % {"name": member.full_name},
            "not_active",
        )
    if not deceased and not (reason or "").strip():
        raise invalid("reason", _("Give the reason for leaving."), "required")
    on = _event_date(member, on)
    member.status = MemberStatus.DECEASED if deceased else MemberStatus.LEFT
    _save(member, actor, _("Deceased") if deceased else _("Left the union"))
    _event(
        member,
        EventKind.DEATH if deceased else EventKind.LEAVE,
        on=on,
        actor=actor,
        unit=member.unit,
        decision_number=decision_number,
        reason=reason,
    )
    _exit(member, member.unit)
    _year(member.unit, on.year, **({"deceased": 1} if deceased else {"left": 1}))
    membership_ended.send(
        sender=Member,
        member=member,
        actor=actor,
        reason=_("Deceased") if deceased else _("Left the union"),
    )
    record(
        actor=actor,
        action="members.death" if deceased else "members.leave",
        unit=member.unit,
        obj=member,
        summary=(_("Recorded the death of %(name)s") if deceased else _("%(name)s left the union"))
        % {"name": member.full_name},
    )
    return member


@transaction.atomic
def rejoin_member(
    *,
    actor,
    member: Member,
    unit: Unit | None = None,
    on: date | None = None,
    decision_number: str = "",
) -> Member:
    """A member who left comes back (khôi phục), keeping their record and tenure."""
    member = _lock(member)
    unit = unit or member.unit
    require_role(actor, member.unit)
    require_role(actor, unit)
    if member.status != MemberStatus.LEFT:
        raise invalid("member", _("Only a member who left can rejoin."), "not_left")
    _require_member_unit(unit)
    _require_identity_free(actor, member.id_number, exclude_pk=member.pk)
    on = _event_date(member, on)
    member.unit = unit
    member.status = MemberStatus.ACTIVE
    _save(member, actor, _("Rejoined"))
    _event(member, EventKind.REJOIN, on=on, actor=actor, unit=unit, decision_number=decision_number)
    _enter(member, unit)
    membership_resumed.send(sender=Member, member=member, actor=actor)
    record(
        actor=actor,
        action="members.rejoin",
        unit=unit,
        obj=member,
        summary=_("%(name)s rejoined") % {"name": member.full_name},
    )
    return member


@transaction.atomic
def transfer_members(
    *,
    actor,
    members: Iterable[Member],
    to_unit: Unit,
    on: date | None = None,
    decision_number: str = "",
) -> int:
    """Transfer a selection in one go: all of them or, on any refusal, none."""
    count = 0
    for member in members:
        transfer_member(
            actor=actor, member=member, to_unit=to_unit, on=on, decision_number=decision_number
        )
        count += 1
    return count


@transaction.atomic
def record_leaving_many(
    *,
    actor,
    members: Iterable[Member],
    reason: str,
    on: date | None = None,
    decision_number: str = "",
) -> int:
    """Mark a selection as having left: all of them or none."""
    count = 0
    for member in members:
        record_leaving(
            actor=actor, member=member, on=on, reason=reason, decision_number=decision_number
        )
        count += 1
    return count


def move_all_members(*, unit: Unit, to_unit: Unit, change) -> int:
    """On a merger: every member row of ``unit`` continues in ``to_unit``."""
    moved = Member.objects.filter(unit=unit).update(
        unit=to_unit, unit_path=to_unit.path, version=F("version") + 1
    )
    figures = UnitMemberCount.objects.filter(unit=unit).first()
    if figures is not None:
        _count(to_unit, **{name: getattr(figures, name) for name in FIGURES})
        UnitMemberCount.objects.filter(unit=unit).update(**dict.fromkeys(FIGURES, 0))
    Transfer.objects.pending().filter(from_unit=unit).update(from_unit=to_unit)
    Transfer.objects.pending().filter(to_unit=unit).update(to_unit=to_unit)
    if moved:
        record(
            actor=change.actor,
            action="members.merge",
            unit=to_unit,
            obj=change,
            summary=_("%(count)s members of %(unit)s continue in %(to)s")
            % {"count": moved, "unit": unit.name, "to": to_unit.name},
        )
    return moved
