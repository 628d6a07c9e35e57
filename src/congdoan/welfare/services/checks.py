"""What every care service checks, and the one place money leaves a fund
(``_lock_fund``): a payment is refused when it would take a fund below zero that may
not go there."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from ..models import (
    CareKind,
    Fund,
    FundEntry,
)

MAX_AMOUNT = 10**12  # one payment above a thousand billion đồng is a typing error


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


# --- what a record must name ----------------------------------------------------


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


# --- funds --------------------------------------------------------------------------


def _lock_fund(fund: Fund) -> Fund:
    """The fund's row, locked until the transaction ends: the one place money leaves."""
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _pay_out(fund: Fund, amount: int, *, on: date, description: str, actor, care=None) -> None:
    """An "out" entry, refused when it would take a fund below zero that may not go there."""
    fund = _lock_fund(fund)
    balance = fund.balance()
    if not fund.allow_negative and balance < amount:
        raise invalid(
            "fund",
            _("%(fund)s has %(balance)s; paying %(amount)s would take it below zero.")
            % {"fund": fund.name, "balance": vnd(balance), "amount": vnd(amount)},
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
