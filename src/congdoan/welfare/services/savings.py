"""Rotating savings groups: the group and its rules, cycles, payments, payouts and
each member's statement."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from ..models import (
    SavingsCycle,
    SavingsGroup,
    SavingsMember,
    SavingsPayment,
)
from .checks import (
    MAX_AMOUNT,
    _check_member,
    vnd,
)

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
