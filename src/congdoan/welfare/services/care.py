"""Rates (a union's spending rules), kinds of care, one act of care, payment lists for
many members, and cancelling a record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from ..models import (
    Beneficiary,
    CareBatch,
    CareKind,
    CareRate,
    CareRecord,
    Fund,
    FundEntry,
)
from .checks import (
    _check_amount,
    _check_fund,
    _check_kind,
    _check_member,
    _pay_out,
    _user,
    vnd,
)


def rate_for(unit: Unit, kind: CareKind, on: date) -> CareRate | None:
    """The rate in force on ``on``: the union's own, else the nearest union above it
    that set one (a district's rules apply to its CĐCS until they set their own)."""
    rates = CareRate.objects.filter(
        unit__path__in=unit.lineage_paths(), kind=kind, valid_from__lte=on
    ).select_related("unit")
    return max(rates, key=lambda rate: (rate.unit.depth, rate.valid_from), default=None)


def set_rate(
    *,
    actor,
    unit: Unit,
    kind: CareKind,
    amount: int,
    valid_from: date,
    min_member_years: int | None = None,
    source: str = "",
) -> CareRate:
    require_role(actor, unit, "officer")
    _check_kind(unit, kind)
    _check_amount(amount)
    with transaction.atomic():
        rate, _created = CareRate.objects.update_or_create(
            unit=unit,
            kind=kind,
            valid_from=valid_from,
            defaults={"amount": amount, "min_member_years": min_member_years, "source": source},
        )
        record(
            actor=actor,
            action="welfare.rate",
            unit=unit,
            obj=rate,
            summary=_("Care rate %(kind)s from %(day)s: %(amount)s")
            % {"kind": kind.name, "day": f"{valid_from:%d/%m/%Y}", "amount": vnd(amount)},
            data={
                "kind": kind.code,
                "amount": amount,
                "valid_from": valid_from.isoformat(),
                "min_member_years": min_member_years,
            },
        )
    return rate


def add_kind(*, actor, unit: Unit, code: str, name: str, group: str) -> CareKind:
    """A kind of care of the union's own (the unions under it use it too)."""
    require_role(actor, unit, "officer")
    # a code the union already sees (national, its own, a union above's) or that a
    # union under it added: either way two kinds would answer to one code below it
    seen = Q(unit__isnull=True) | Q(unit__path__in=unit.lineage_paths())
    if CareKind.objects.filter(seen | Q(unit__path__startswith=unit.path), code=code).exists():
        raise invalid("code", _("A kind of care with this code exists."), "duplicate")
    with transaction.atomic():
        kind = CareKind.objects.create(unit=unit, code=code, name=name.strip(), group=group)
        record(
            actor=actor,
            action="welfare.kind",
            unit=unit,
            obj=kind,
            summary=_("Kind of care added: %(name)s") % {"name": kind.name},
        )
    return kind


def _check_house(rate: CareRate | None, member: Member | None, on: date) -> None:
    """A Mái ấm công đoàn house goes to a member with the years of membership the
    union's rules ask for."""
    if rate is None or not rate.min_member_years or member is None:
        return
    needed = on - relativedelta(years=rate.min_member_years)
    if member.joined_on is None or member.joined_on > needed:
        raise invalid(
            "member",
            _(
                "%(name)s has not been a member for %(years)s years (the rule of %(unit)s), "
                "so cannot receive this house."
            )
            % {
                "name": member.full_name,
                "years": rate.min_member_years,
                "unit": rate.unit.display_name,
            },
            "house_condition",
        )


# --- care ---------------------------------------------------------------------------


@dataclass
class Recipient:
    """Who receives one act of care: a member, or a named person (a member's child, an
    outside person such as a Mẹ Việt Nam anh hùng)."""

    beneficiary: str = Beneficiary.MEMBER
    member: Member | None = None
    person_name: str = ""
    person_note: str = ""


def _resolve_amount(
    unit: Unit, kind: CareKind, on: date, amount: int | None
) -> tuple[int, CareRate | None]:
    rate = rate_for(unit, kind, on)
    if amount is None:
        if rate is None:
            raise invalid(
                "amount",
                _("Type the amount: %(unit)s has no rate for %(kind)s on that date.")
                % {"unit": unit.display_name, "kind": kind.name},
                "required",
            )
        amount = rate.amount
    _check_amount(amount)
    return amount, rate


def _check_recipient(unit: Unit, recipient: Recipient) -> None:
    if recipient.beneficiary == Beneficiary.MEMBER:
        if recipient.member is None:
            raise invalid("member", _("Choose the member who received it."), "required")
        _check_member(unit, recipient.member)
    else:
        if not recipient.person_name.strip():
            raise invalid("person_name", _("Name the person who received it."), "required")
        if recipient.beneficiary == Beneficiary.CHILD and recipient.member is None:
            raise invalid("member", _("Choose the member whose child received it."), "required")
        if recipient.member is not None:
            _check_member(unit, recipient.member)


def record_care(
    *,
    actor,
    unit: Unit,
    kind: CareKind,
    on: date,
    recipient: Recipient,
    amount: int | None = None,
    in_kind: str = "",
    fund: Fund | None = None,
    occasion: str = "",
    voucher: str = "",
) -> CareRecord:
    """One act of care; the amount defaults to the union's rate for the kind."""
    require_role(actor, unit, "officer")
    _check_kind(unit, kind)
    _check_fund(unit, fund)
    _check_recipient(unit, recipient)
    if on > timezone.localdate():
        raise invalid(
            "on", _("Care is recorded once it is given: the date is in the future."), "future"
        )
    amount, rate = _resolve_amount(unit, kind, on, amount)
    if kind.group == CareKind.Group.HOUSE:
        _check_house(rate, recipient.member, on)
    with transaction.atomic():
        care = CareRecord.objects.create(
            unit=unit,
            kind=kind,
            on=on,
            beneficiary=recipient.beneficiary,
            member=recipient.member,
            person_name=recipient.person_name.strip(),
            person_note=recipient.person_note.strip(),
            amount=amount,
            in_kind=in_kind.strip(),
            fund=fund,
            occasion=occasion.strip(),
            voucher=voucher.strip(),
            created_by=_user(actor),
        )
        if fund is not None and amount:
            _pay_out(
                fund,
                amount,
                on=on,
                actor=actor,
                care=care,
                description=f"{kind.name}: {care.beneficiary_name()}",
            )
        record(
            actor=actor,
            action="welfare.care",
            unit=unit,
            obj=care,
            summary=_("Care: %(kind)s for %(name)s, %(amount)s")
            % {"kind": kind.name, "name": care.beneficiary_name(), "amount": vnd(amount)},
            data={
                "kind": kind.code,
                "amount": amount,
                "member": care.member_id,
                "fund": fund.pk if fund else None,
                "voucher": care.voucher,
            },
        )
    return care


def record_batch(
    *,
    actor,
    unit: Unit,
    kind: CareKind,
    on: date,
    occasion: str,
    members: list[Member],
    amount: int | None = None,
    amounts: dict[int, int] | None = None,
    fund: Fund | None = None,
    voucher: str = "",
) -> CareBatch:
    """One occasion for many members at once (quà Tết for the whole union): one record
    each, one payment from the fund for the whole list, one audit row. ``amounts`` gives
    a member's own amount where it differs (an imported list may say)."""
    require_role(actor, unit, "officer")
    _check_kind(unit, kind)
    _check_fund(unit, fund)
    if not occasion.strip():
        raise invalid("occasion", _("Name the occasion (e.g. Tết Nguyên đán 2027)."), "required")
    if not members:
        raise invalid("members", _("Choose at least one member."), "required")
    if len({m.pk for m in members}) != len(members):
        raise invalid("members", _("A member appears twice on the list."), "duplicate")
    if on > timezone.localdate():
        raise invalid(
            "on", _("Care is recorded once it is given: the date is in the future."), "future"
        )
    amounts = amounts or {}
    rate = rate_for(unit, kind, on)
    if amount is None and all(member.pk in amounts for member in members):
        default = 0  # the list gives everyone's amount: no rate is needed
    elif amount is None:
        default, rate = _resolve_amount(unit, kind, on, None)
    else:
        default = amount
    _check_amount(default)
    for member in members:
        _check_member(unit, member, "members")
        _check_amount(amounts.get(member.pk, default))
        if kind.group == CareKind.Group.HOUSE:
            _check_house(rate, member, on)
    with transaction.atomic():
        batch = CareBatch.objects.create(
            unit=unit,
            kind=kind,
            on=on,
            occasion=occasion.strip(),
            fund=fund,
            voucher=voucher.strip(),
            created_by=_user(actor),
        )
        user = _user(actor)
        CareRecord.objects.bulk_create(
            [
                CareRecord(
                    unit=unit,
                    kind=kind,
                    on=on,
                    beneficiary=Beneficiary.MEMBER,
                    member=member,
                    amount=amounts.get(member.pk, default),
                    fund=fund,
                    occasion=batch.occasion,
                    voucher=batch.voucher,
                    batch=batch,
                    created_by=user,
                )
                for member in members
            ],
            batch_size=2000,
        )
        total = sum(amounts.get(member.pk, default) for member in members)
        if fund is not None and total:
            _pay_out(
                fund,
                total,
                on=on,
                actor=actor,
                description=f"{batch.occasion}: {len(members)} {_('members')}",
            )
        record(
            actor=actor,
            action="welfare.batch",
            unit=unit,
            obj=batch,
            summary=_("Care list %(occasion)s: %(count)s members, %(total)s")
            % {"occasion": batch.occasion, "count": len(members), "total": vnd(total)},
            data={
                "kind": kind.code,
                "count": len(members),
                "total": total,
                "fund": fund.pk if fund else None,
                "voucher": batch.voucher,
            },
        )
    return batch


def cancel_care(*, actor, care: CareRecord, reason: str) -> CareRecord:
    """A record entered by mistake: kept, marked cancelled, its money put back."""
    require_role(actor, care.unit, "officer")
    if not reason.strip():
        raise invalid("reason", _("Say why the record is cancelled."), "required")
    with transaction.atomic():
        care = CareRecord.objects.select_for_update().get(pk=care.pk)
        if care.cancelled_at is not None:
            raise invalid(None, _("This record is already cancelled."), "cancelled")
        care.cancelled_at = timezone.now()
        care.cancelled_by = _user(actor)
        care.cancel_reason = reason.strip()[:255]
        care.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        if care.fund_id and care.amount:
            FundEntry.objects.create(
                fund_id=care.fund_id,
                on=timezone.localdate(),
                direction=FundEntry.Direction.IN,
                amount=care.amount,
                care=care,
                created_by=_user(actor),
                description=(_("Cancelled: %(what)s") % {"what": str(care)})[:255],
            )
        record(
            actor=actor,
            action="welfare.cancel",
            unit=care.unit,
            obj=care,
            summary=_("Care record cancelled: %(what)s") % {"what": str(care)},
            data={"reason": care.cancel_reason, "amount": care.amount},
        )
    return care
