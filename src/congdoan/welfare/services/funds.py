"""Funds, movements typed by the treasurer, campaigns and contributions."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from ..models import (
    Campaign,
    Contribution,
    Donor,
    Fund,
    FundEntry,
)
from .checks import (
    MAX_AMOUNT,
    _check_amount,
    _check_fund,
    _check_member,
    _pay_out,
    _user,
    vnd,
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
    if not gifts:
        raise invalid("gifts", _("Choose at least one member."), "required")
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
