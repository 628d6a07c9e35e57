"""Every write to care work, funds, campaigns and savings groups.

Each service checks the actor's role over the union, writes in one transaction and
leaves an audit row. Money leaves a fund only under the fund's row lock (``_lock_fund``),
so two officers paying from the same fund at once cannot take it below zero.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from .models import (
    Beneficiary,
    Campaign,
    CareBatch,
    CareKind,
    CareRate,
    CareRecord,
    Contribution,
    Donor,
    Fund,
    FundEntry,
    SavingsCycle,
    SavingsGroup,
    SavingsMember,
    SavingsPayment,
)

MAX_AMOUNT = 10**12  # one payment above a thousand billion đồng is a typing error


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


# --- rates and conditions -----------------------------------------------------------


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
    if CareKind.objects.filter(Q(unit__isnull=True) | Q(unit=unit), code=code).exists():
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


def _check_kind(unit: Unit, kind: CareKind) -> None:
    if not CareKind.objects.for_unit(unit).filter(pk=kind.pk).exists():
        raise invalid(
            "kind",
            _("This kind of care is not used by %(unit)s.") % {"unit": unit.display_name},
            "kind_not_here",
        )


def _check_amount(amount, field: str = "amount") -> None:
    if amount is None or amount < 0 or amount > MAX_AMOUNT:
        raise invalid(
            field, _("The amount must be between 0 and 1.000.000.000.000 đồng."), "amount_range"
        )


def _check_member(unit: Unit, member: Member, field: str = "member") -> None:
    if not member.unit_path.startswith(unit.path):
        raise invalid(
            field,
            _("%(name)s is not a member of %(unit)s.")
            % {"name": member.full_name, "unit": unit.display_name},
            "not_member_here",
        )


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


# --- funds --------------------------------------------------------------------------


def _lock_fund(fund: Fund) -> Fund:
    """The fund's row, locked until the transaction ends: the one place money leaves."""
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _pay_out(fund: Fund, amount: int, *, on: date, description: str, actor, care=None) -> None:
    """An "out" entry, refused when it would take a fund below zero that may not go there."""
    fund = _lock_fund(fund)
    if not fund.allow_negative and fund.balance() < amount:
        raise invalid(
            "fund",
            _("%(fund)s has %(balance)s; paying %(amount)s would take it below zero.")
            % {"fund": fund.name, "balance": vnd(fund.balance()), "amount": vnd(amount)},
            "fund_short",
        )
    FundEntry.objects.create(
        fund=fund,
        on=on,
        direction=FundEntry.Direction.OUT,
        amount=amount,
        description=description[:255],
        care=care,
        created_by=_user(actor),
    )


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _check_fund(unit: Unit, fund: Fund | None) -> None:
    if fund is not None and (fund.unit_id != unit.pk or not fund.active):
        raise invalid(
            "fund",
            _("The fund must be one of %(unit)s's own funds in use.") % {"unit": unit.display_name},
            "fund_not_here",
        )


def create_fund(*, actor, unit: Unit, name: str, kind: str, allow_negative: bool = False) -> Fund:
    require_role(actor, unit, "officer")
    name = name.strip()
    if Fund.objects.filter(unit=unit, name=name).exists():
        raise invalid("name", _("The union already has a fund with this name."), "duplicate")
    with transaction.atomic():
        fund = Fund.objects.create(unit=unit, name=name, kind=kind, allow_negative=allow_negative)
        record(
            actor=actor,
            action="welfare.fund",
            unit=unit,
            obj=fund,
            summary=_("Fund opened: %(name)s") % {"name": name},
        )
    return fund


def move(
    *, actor, fund: Fund, on: date, direction: str, amount: int, description: str
) -> FundEntry:
    """A movement typed by the treasurer: an opening balance, a transfer, a refund."""
    require_role(actor, fund.unit, "officer")
    if amount is None or amount <= 0 or amount > MAX_AMOUNT:
        raise invalid("amount", _("The amount must be more than 0 đồng."), "amount_range")
    if not description.strip():
        raise invalid("description", _("Say what the movement is."), "required")
    with transaction.atomic():
        if direction == FundEntry.Direction.OUT:
            _pay_out(fund, amount, on=on, description=description.strip(), actor=actor)
            entry = fund.entries.order_by("-id").first()
        else:
            entry = FundEntry.objects.create(
                fund=fund,
                on=on,
                direction=FundEntry.Direction.IN,
                amount=amount,
                description=description.strip()[:255],
                created_by=_user(actor),
            )
        record(
            actor=actor,
            action="welfare.move",
            unit=fund.unit,
            obj=entry,
            summary=_("%(fund)s: %(entry)s") % {"fund": fund.name, "entry": str(entry)},
            data={"direction": direction, "amount": amount},
        )
    return entry


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
    default, rate = (amount, None) if amount is not None else _resolve_amount(unit, kind, on, None)
    _check_amount(default)
    amounts = amounts or {}
    for member in members:
        _check_member(unit, member, "members")
        _check_amount(amounts.get(member.pk, default))
        if kind.group == CareKind.Group.HOUSE:
            _check_house(rate or rate_for(unit, kind, on), member, on)
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


# --- campaigns ----------------------------------------------------------------------


def create_campaign(
    *,
    actor,
    unit: Unit,
    name: str,
    fund: Fund,
    starts_on: date,
    ends_on: date,
    target: int | None = None,
) -> Campaign:
    require_role(actor, unit, "officer")
    _check_fund(unit, fund)
    if ends_on < starts_on:
        raise invalid("ends_on", _("A campaign ends on or after the day it starts."), "dates")
    if target is not None:
        _check_amount(target, "target")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            unit=unit,
            name=name.strip(),
            fund=fund,
            starts_on=starts_on,
            ends_on=ends_on,
            target=target,
        )
        record(
            actor=actor,
            action="welfare.campaign",
            unit=unit,
            obj=campaign,
            summary=_("Campaign opened: %(name)s") % {"name": campaign.name},
        )
    return campaign


def contribute(
    *,
    actor,
    campaign: Campaign,
    on: date,
    donor: str,
    amount: int,
    member: Member | None = None,
    donor_unit: Unit | None = None,
    donor_name: str = "",
    note: str = "",
) -> Contribution:
    """Money given to a campaign, paid into its fund."""
    return contribute_many(
        actor=actor,
        campaign=campaign,
        on=on,
        donor=donor,
        note=note,
        gifts=[(member, donor_unit, donor_name, amount)],
    )[0]


def contribute_many(
    *,
    actor,
    campaign: Campaign,
    on: date,
    donor: str,
    gifts: list[tuple],
    note: str = "",
) -> list[Contribution]:
    """Contributions of one kind of donor on one day (a whole union's members giving a
    day's wage): ``gifts`` are ``(member, unit, name, amount)``; all or none."""
    unit = campaign.unit
    require_role(actor, unit, "officer")
    if not campaign.starts_on <= on <= campaign.ends_on:
        raise invalid(
            "on",
            _("The campaign runs from %(start)s to %(end)s.")
            % {"start": f"{campaign.starts_on:%d/%m/%Y}", "end": f"{campaign.ends_on:%d/%m/%Y}"},
            "outside_campaign",
        )
    rows = []
    for number, (member, donor_unit, name, amount) in enumerate(gifts, start=1):
        if amount is None or amount <= 0 or amount > MAX_AMOUNT:
            raise invalid(
                "amount",
                _("Line %(n)s: the amount must be more than 0 đồng.") % {"n": number},
                "amount_range",
            )
        if donor == Donor.MEMBER:
            if member is None:
                raise invalid(
                    "member", _("Line %(n)s: choose the member.") % {"n": number}, "required"
                )
            _check_member(unit, member)
        elif donor == Donor.UNIT:
            if donor_unit is None:
                raise invalid(
                    "donor_unit", _("Line %(n)s: choose the union.") % {"n": number}, "required"
                )
        elif not (name or "").strip():
            raise invalid(
                "donor_name", _("Line %(n)s: name the sponsor.") % {"n": number}, "required"
            )
        rows.append(
            Contribution(
                campaign=campaign,
                unit=unit,
                on=on,
                donor=donor,
                member=member if donor == Donor.MEMBER else None,
                donor_unit=donor_unit if donor == Donor.UNIT else None,
                donor_name=(name or "").strip() if donor == Donor.SPONSOR else "",
                amount=amount,
                note=note.strip()[:255],
                created_by=_user(actor),
            )
        )
    with transaction.atomic():
        made = Contribution.objects.bulk_create(rows)
        if made and made[0].pk is None:  # a database that returns no ids from a bulk insert
            made = list(
                Contribution.objects.filter(campaign=campaign).order_by("-id")[: len(rows)]
            )[::-1]
        FundEntry.objects.bulk_create(
            FundEntry(
                fund_id=campaign.fund_id,
                on=on,
                direction=FundEntry.Direction.IN,
                amount=c.amount,
                contribution=c,
                created_by=_user(actor),
                description=f"{campaign.name}: {c.donor_label()}"[:255],
            )
            for c in made
        )
        total = sum(c.amount for c in made)
        record(
            actor=actor,
            action="welfare.contribution",
            unit=unit,
            obj=campaign,
            summary=_("%(campaign)s: %(count)s contributions, %(total)s")
            % {"campaign": campaign.name, "count": len(made), "total": vnd(total)},
            data={"donor": donor, "count": len(made), "total": total},
        )
    return made


# --- rotating savings ---------------------------------------------------------------


def _lock_group(group: SavingsGroup) -> SavingsGroup:
    return SavingsGroup.objects.select_for_update().get(pk=group.pk)


def create_group(
    *,
    actor,
    unit: Unit,
    name: str,
    contribution: int,
    cycle_months: int,
    starts_on: date,
    order: str,
    members: list[Member],
    interest_percent: Decimal = Decimal(0),
) -> SavingsGroup:
    """A group with its rules; ``members`` in the agreed order of payout (for a draw the
    order only lists them)."""
    require_role(actor, unit, "officer")
    if not name.strip():
        raise invalid("name", _("Name the group."), "required")
    if contribution is None or contribution <= 0 or contribution > MAX_AMOUNT:
        raise invalid(
            "contribution", _("The contribution must be more than 0 đồng."), "amount_range"
        )
    if not 1 <= cycle_months <= 12:
        raise invalid("cycle_months", _("A cycle lasts 1 to 12 months."), "range")
    if not Decimal(0) <= Decimal(interest_percent) <= Decimal(100):
        raise invalid("interest_percent", _("Interest is between 0 and 100%."), "range")
    if len(members) < 2:
        raise invalid("members", _("A group has at least two members."), "too_few")
    if len({m.pk for m in members}) != len(members):
        raise invalid("members", _("A member appears twice on the list."), "duplicate")
    for member in members:
        _check_member(unit, member, "members")
    with transaction.atomic():
        group = SavingsGroup.objects.create(
            unit=unit,
            name=name.strip(),
            contribution=contribution,
            cycle_months=cycle_months,
            starts_on=starts_on,
            order=order,
            interest_percent=interest_percent,
        )
        SavingsMember.objects.bulk_create(
            SavingsMember(group=group, member=member, position=position)
            for position, member in enumerate(members, start=1)
        )
        record(
            actor=actor,
            action="welfare.savings_group",
            unit=unit,
            obj=group,
            summary=_("Savings group formed: %(name)s, %(count)s members")
            % {"name": group.name, "count": len(members)},
            data={
                "contribution": contribution,
                "cycle_months": cycle_months,
                "order": order,
                "members": [m.pk for m in members],
            },
        )
    return group


def open_cycle(*, actor, group: SavingsGroup) -> SavingsCycle:
    """The next cycle: its receiver by the group's order (the next agreed turn, or drawn
    among those who have not received), and what each member owes for it."""
    require_role(actor, group.unit, "officer")
    with transaction.atomic():
        group = _lock_group(group)
        savers = list(group.members.select_related("member").order_by("position"))
        received = set(group.cycles.values_list("receiver_id", flat=True))
        waiting = [s for s in savers if s.pk not in received]
        if not waiting:
            raise invalid(
                None,
                _("Every member has received the pot: the group's round is over."),
                "round_over",
            )
        number = len(received) + 1
        # a draw: among those who have not received yet, by chance
        drawn = group.order == SavingsGroup.Order.DRAW
        receiver = secrets.choice(waiting) if drawn else waiting[0]
        cycle = SavingsCycle.objects.create(
            group=group,
            number=number,
            receiver=receiver,
            due_on=group.starts_on + relativedelta(months=group.cycle_months * (number - 1)),
            drawn=group.order == SavingsGroup.Order.DRAW,
        )
        SavingsPayment.objects.bulk_create(
            SavingsPayment(cycle=cycle, saver=saver, due=due_for(group, saver, received))
            for saver in savers
        )
        record(
            actor=actor,
            action="welfare.savings_cycle",
            unit=group.unit,
            obj=cycle,
            summary=_("%(group)s, cycle %(n)s: the pot goes to %(name)s")
            % {"group": group.name, "n": number, "name": receiver.member.full_name},
            data={"receiver": receiver.member_id, "drawn": cycle.drawn},
        )
    return cycle


def due_for(group: SavingsGroup, saver: SavingsMember, received: set[int]) -> int:
    """What a member owes for a cycle: the contribution, and the interest when they
    have already received the pot in an earlier cycle."""
    if saver.pk in received and group.interest_percent:
        extra = Decimal(group.contribution) * group.interest_percent / 100
        return group.contribution + int(extra.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return group.contribution


def record_payment(*, actor, payment: SavingsPayment, paid: int, paid_on: date) -> SavingsPayment:
    """A member's payment for a cycle (possibly late, possibly partial)."""
    group = payment.cycle.group
    require_role(actor, group.unit, "officer")
    if paid is None or paid < 0 or paid > MAX_AMOUNT:
        raise invalid("paid", _("The amount paid must be 0 đồng or more."), "amount_range")
    with transaction.atomic():
        _lock_group(group)
        payment = SavingsPayment.objects.select_related("cycle", "saver__member").get(pk=payment.pk)
        if payment.cycle.paid_out_on is not None:
            raise invalid(
                None,
                _("The pot of this cycle is paid out: its payments are closed."),
                "cycle_closed",
            )
        payment.paid, payment.paid_on = paid, paid_on if paid else None
        payment.save(update_fields=["paid", "paid_on"])
        record(
            actor=actor,
            action="welfare.savings_payment",
            unit=group.unit,
            obj=payment,
            summary=_("%(group)s, cycle %(n)s: %(name)s paid %(amount)s")
            % {
                "group": group.name,
                "n": payment.cycle.number,
                "name": payment.saver.member.full_name,
                "amount": vnd(paid),
            },
            data={"paid": paid, "paid_on": paid_on.isoformat(), "due": payment.due},
        )
    return payment


def pay_out(*, actor, cycle: SavingsCycle, on: date) -> SavingsCycle:
    """The pot (what was paid for the cycle) handed to its receiver."""
    group = cycle.group
    require_role(actor, group.unit, "officer")
    with transaction.atomic():
        _lock_group(group)
        cycle = SavingsCycle.objects.select_related("receiver__member").get(pk=cycle.pk)
        if cycle.paid_out_on is not None:
            raise invalid(None, _("This pot is already paid out."), "paid_out")
        cycle.pot = cycle.payments.aggregate(total=Sum("paid"))["total"] or 0
        cycle.paid_out_on = on
        cycle.save(update_fields=["pot", "paid_out_on"])
        missing = cycle.payments.filter(paid__lt=F("due")).count()
        record(
            actor=actor,
            action="welfare.savings_payout",
            unit=group.unit,
            obj=cycle,
            summary=_("%(group)s, cycle %(n)s: %(amount)s paid to %(name)s")
            % {
                "group": group.name,
                "n": cycle.number,
                "amount": vnd(cycle.pot),
                "name": cycle.receiver.member.full_name,
            },
            data={"pot": cycle.pot, "short_payments": missing},
        )
    return cycle


def statement(saver: SavingsMember) -> dict:
    """A member's statement: each cycle's due, paid, late or missing, and the pot they
    received."""
    payments = list(saver.payments.select_related("cycle").order_by("cycle__number"))
    today = timezone.localdate()
    rows = [
        {
            "cycle": p.cycle.number,
            "due_on": p.cycle.due_on,
            "due": p.due,
            "paid": p.paid,
            "paid_on": p.paid_on,
            "late": p.late,
            "missing": p.paid < p.due and p.cycle.due_on < today,
        }
        for p in payments
    ]
    received = SavingsCycle.objects.filter(receiver=saver).first()
    return {
        "rows": rows,
        "paid": sum(r["paid"] for r in rows),
        "due": sum(r["due"] for r in rows),
        "received": received,
    }
