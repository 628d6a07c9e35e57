"""Every write to dues and funds. Each runs in one transaction and writes an audit row;
an edit names the version it was made on (409 when stale).

Who does what: the treasurer or an officer *of the grassroots union itself* keeps its
settings, sheets and payments — the salaries on a sheet are theirs alone to read; the
levels above read the totals, the split and what was paid."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import active_roles, require_role
from congdoan.organizations.models import Unit, UnitKind

from .models import (
    Adjustment,
    DuesGroup,
    DuesLine,
    DuesRule,
    DuesSheet,
    FundPayment,
    Payer,
    Remittance,
    SheetStatus,
    Split,
    UnitDues,
    first_of,
)

MAX_SALARY = 2_000_000_000  # đồng a month: above this a typed figure is a mistake


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def money(value: Decimal) -> int:
    """Rounded to the đồng, half up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- who may ------------------------------------------------------------------------


def keeps_books(user, unit: Unit) -> bool:
    """Whether ``user`` is the treasurer or an officer of ``unit`` itself (the system,
    ``None``, always is): the one who keeps its sheets and reads its members' pay."""
    from congdoan.accounts.models import RoleName

    if user is None:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    strong = set(RoleName.at_least(RoleName.TREASURER))
    return any(r.unit_id == unit.pk and r.role in strong for r in active_roles(user))


def _require_books(actor, unit: Unit) -> None:
    if not keeps_books(actor, unit):
        raise PermissionDenied(
            _("Only the treasurer or an officer of %(unit)s keeps its dues.") % {"unit": unit.name}
        )


# --- the rules in force ---------------------------------------------------------------


def setting_for(unit: Unit, month: date) -> UnitDues | None:
    return (
        UnitDues.objects.filter(unit=unit, effective_from__lte=month)
        .order_by("-effective_from")
        .first()
    )


def rule_for(group: str, month: date) -> DuesRule | None:
    return (
        DuesRule.objects.filter(group=group, effective_from__lte=month)
        .order_by("-effective_from")
        .first()
    )


def split_for(month: date) -> Split | None:
    return Split.objects.filter(effective_from__lte=month).order_by("-effective_from").first()


def cap_for(rule: DuesRule, month: date) -> int | None:
    """The most a member pays a month under ``rule``: its share of lương cơ sở then."""
    from congdoan.awards.models import BaseSalary

    if rule.cap_percent is None:
        return None
    base = BaseSalary.objects.filter(effective_from__lte=month).order_by("-effective_from").first()
    if base is None:
        return None
    return money(Decimal(base.amount) * rule.cap_percent / 100)


def dues_of(base: int | None, rate: Decimal, cap: int | None, own_rate: Decimal | None):
    """(dues, extra) of a salary: the rule's dues, capped; and what the union's own higher
    rate adds above it, kept apart (not capped: the union's resolution sets it)."""
    if not base:
        return 0, 0
    dues = money(Decimal(base) * rate / 100)
    if cap is not None:
        dues = min(dues, cap)
    extra = 0
    if own_rate is not None and own_rate > rate:
        extra = money(Decimal(base) * (own_rate - rate) / 100)
    return dues, extra


@transaction.atomic
def set_group(
    *, actor, unit: Unit, group: str, effective_from: date, own_rate=None, resolution: str = ""
) -> UnitDues:
    _require_books(actor, unit)
    if unit.kind.code != "grassroots":
        raise invalid("unit", _("Dues are kept by a grassroots union."), "not_grassroots")
    if group not in DuesGroup.values:
        raise invalid("group", _("Choose a dues group."), "invalid")
    if own_rate is not None:
        own_rate = Decimal(own_rate)
        if not 0 < own_rate <= 10:
            raise invalid("own_rate", _("A rate above 0 and at most 10 per cent."), "range")
        if not resolution.strip():
            raise invalid(
                "resolution", _("Name the resolution that sets the higher rate."), "required"
            )
    effective_from = first_of(effective_from)
    if DuesSheet.objects.filter(
        unit=unit, month__gte=effective_from, status=SheetStatus.LOCKED
    ).exists():
        raise invalid(
            "effective_from",
            _("A locked month comes after this date: the change starts after it."),
            "locked_after",
        )
    setting, _created = UnitDues.objects.update_or_create(
        unit=unit,
        effective_from=effective_from,
        defaults={
            "group": group,
            "own_rate": own_rate,
            "resolution": resolution.strip()[:300],
            "created_by": _user(actor),
        },
    )
    record(
        actor=actor,
        action="dues.set_group",
        unit=unit,
        obj=setting,
        summary=_("Dues group from %(day)s: %(group)s")
        % {"day": f"{effective_from:%m/%Y}", "group": setting.get_group_display()},
    )
    return setting


# --- the monthly sheet ----------------------------------------------------------------


def own_members(unit: Unit):
    """The union's active members (its sections' too)."""
    from congdoan.members.models import Member

    return Member.objects.in_subtree(unit).active()


def _terms(unit: Unit, month: date) -> dict:
    setting = setting_for(unit, month)
    if setting is None:
        raise invalid(
            "month",
            _("Set the union's dues group first (from %(month)s or before).")
            % {"month": f"{month:%m/%Y}"},
            "no_group",
        )
    split = split_for(month)
    if split is None:
        raise invalid("month", _("No split of dues is in force for this month."), "no_split")
    if setting.group == DuesGroup.EXEMPT:
        return {
            "group": setting.group,
            "rate": Decimal(0),
            "own_rate": None,
            "cap": None,
            "dues_kept": split.dues_kept,
        }
    rule = rule_for(setting.group, month)
    if rule is None:
        raise invalid("month", _("No dues rule is in force for this month."), "no_rule")
    return {
        "group": setting.group,
        "rate": rule.rate,
        "own_rate": setting.own_rate,
        "cap": cap_for(rule, month),
        "dues_kept": split.dues_kept,
    }


def _totals(sheet: DuesSheet) -> None:
    lines = DuesLine.objects.filter(sheet=sheet).aggregate(
        n_members=Count("pk"),
        n_base=Sum("base"),
        n_dues=Sum("dues"),
        n_extra=Sum("extra"),
        n_collected=Sum("dues", filter=Q(collected=True)),
        n_extra_collected=Sum("extra", filter=Q(collected=True)),
    )
    sheet.members = lines["n_members"]
    sheet.base_total = lines["n_base"] or 0
    sheet.dues_total = lines["n_dues"] or 0
    sheet.extra_total = lines["n_extra"] or 0
    sheet.collected = lines["n_collected"] or 0
    sheet.extra_collected = lines["n_extra_collected"] or 0
    sheet.adjusted = sheet.adjustments.aggregate(n=Sum("amount"))["n"] or 0
    received = sheet.collected + sheet.adjusted
    kept = money(Decimal(received) * sheet.dues_kept / 100)
    sheet.owed = received - kept
    sheet.kept = kept + sheet.extra_collected


@transaction.atomic
def open_sheet(*, actor, unit: Unit, month: date) -> DuesSheet:
    """The month's sheet: every active member of the union, with last month's salary
    carried over; the rule of the month applied."""
    _require_books(actor, unit)
    month = first_of(month)
    today = timezone.localdate()
    if month > first_of(today):
        raise invalid("month", _("A month that has not begun has no dues yet."), "future")
    if DuesSheet.objects.filter(unit=unit, month=month).exists():
        raise invalid(
            "month",
            _("The sheet of %(month)s already exists.") % {"month": f"{month:%m/%Y}"},
            "taken",
        )
    terms = _terms(unit, month)
    sheet = DuesSheet.objects.create(unit=unit, month=month, **terms)
    last = DuesSheet.objects.filter(unit=unit, month__lt=month).order_by("-month").first()
    bases = dict(last.lines.values_list("member_id", "base")) if last else {}
    lines = []
    for member_id in own_members(unit).values_list("pk", flat=True).order_by("pk"):
        base = bases.get(member_id)
        dues, extra = dues_of(base, sheet.rate, sheet.cap, sheet.own_rate)
        lines.append(DuesLine(sheet=sheet, member_id=member_id, base=base, dues=dues, extra=extra))
    DuesLine.objects.bulk_create(lines, batch_size=2000)
    _totals(sheet)
    sheet.save()
    record(
        actor=actor,
        action="dues.open_sheet",
        unit=unit,
        obj=sheet,
        summary=_("Opened the dues sheet of %(month)s") % {"month": f"{month:%m/%Y}"},
    )
    return sheet


def _lock_sheet(sheet: DuesSheet, version: int) -> DuesSheet:
    locked = DuesSheet.objects.select_for_update().select_related("unit").get(pk=sheet.pk)
    if locked.version != version:
        raise ConflictError()
    if locked.locked:
        raise invalid(
            None,
            _("The month is locked: correct it with a dated adjustment."),
            "locked",
        )
    return locked


@dataclass
class LineChange:
    base: int | None = None
    collected: bool | None = None
    note: str | None = None
    set_base: bool = False


def _check_base(value, where: str) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= MAX_SALARY:
        raise invalid(
            "lines",
            _("%(where)s: a monthly salary between 0 and 2.000.000.000 đồng.") % {"where": where},
            "range",
        )
    return value


def _rewrite(lines: list[DuesLine]) -> None:
    """Write changed lines back, keeping their ids: a delete and a bulk insert, inside the
    caller's transaction (nothing points at a line). A payroll of thousands is two
    statements a few thousand lines, where an UPDATE a field a row would be seconds."""
    for start in range(0, len(lines), 2000):
        batch = lines[start : start + 2000]
        DuesLine.objects.filter(pk__in=[line.pk for line in batch]).delete()
        DuesLine.objects.bulk_create(batch)


@transaction.atomic
def change_lines(*, actor, sheet: DuesSheet, changes: dict[int, LineChange], version: int):
    """Salaries, collected and notes of members on the sheet (member id → change); every
    line's dues follow from the sheet's rule."""
    _require_books(actor, sheet.unit)
    sheet = _lock_sheet(sheet, version)
    lines = {line.member_id: line for line in sheet.lines.select_related("member")}
    for member_id in changes:
        if member_id not in lines:
            raise invalid(
                "lines",
                _("Member %(id)s is not on this sheet.") % {"id": member_id},
                "not_on_sheet",
            )
    changed = []
    for member_id, change in changes.items():
        line = lines[member_id]
        if change.set_base:
            line.base = _check_base(change.base, line.member.full_name)
        if change.collected is not None:
            line.collected = change.collected
        if change.note is not None:
            line.note = change.note.strip()[:300]
        line.dues, line.extra = dues_of(line.base, sheet.rate, sheet.cap, sheet.own_rate)
        changed.append(line)
    _rewrite(changed)
    _totals(sheet)
    sheet.version += 1
    sheet.save()
    record(
        actor=actor,
        action="dues.change_lines",
        unit=sheet.unit,
        obj=sheet,
        summary=_("Changed %(n)s lines of the dues sheet of %(month)s")
        % {"n": len(changed), "month": f"{sheet.month:%m/%Y}"},
    )
    return sheet


@transaction.atomic
def lock(*, actor, sheet: DuesSheet, version: int) -> DuesSheet:
    _require_books(actor, sheet.unit)
    sheet = _lock_sheet(sheet, version)
    sheet.status = SheetStatus.LOCKED
    sheet.locked_at = timezone.now()
    sheet.version += 1
    sheet.save()
    record(
        actor=actor,
        action="dues.lock",
        unit=sheet.unit,
        obj=sheet,
        summary=_("Locked the dues sheet of %(month)s: %(collected)s đồng collected")
        % {"month": f"{sheet.month:%m/%Y}", "collected": f"{sheet.collected:,}".replace(",", ".")},
    )
    return sheet


@transaction.atomic
def adjust(*, actor, sheet: DuesSheet, member, amount: int, reason: str, on: date) -> Adjustment:
    """A dated correction of a locked month: dues owed (positive) or refunded."""
    _require_books(actor, sheet.unit)
    sheet = DuesSheet.objects.select_for_update().select_related("unit").get(pk=sheet.pk)
    if not sheet.locked:
        raise invalid(None, _("An open month is corrected on the sheet itself."), "open")
    if not sheet.lines.filter(member=member).exists():
        raise invalid("member", _("This member is not on the sheet."), "not_on_sheet")
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise invalid("reason", _("Say why, in at least 10 characters."), "reason")
    if amount == 0 or abs(amount) > MAX_SALARY:
        raise invalid("amount", _("A non-zero amount in đồng."), "range")
    if on < sheet.month or on > timezone.localdate():
        raise invalid("on", _("Dated after the month began and not ahead of today."), "date")
    adjustment = Adjustment.objects.create(
        sheet=sheet,
        member=member,
        amount=amount,
        reason=reason[:500],
        on=on,
        created_by=_user(actor),
    )
    _totals(sheet)
    sheet.version += 1
    sheet.save()
    record(
        actor=actor,
        action="dues.adjust",
        unit=sheet.unit,
        obj=sheet,
        summary=_("Adjusted %(month)s by %(amount)s đồng: %(reason)s")
        % {"month": f"{sheet.month:%m/%Y}", "amount": amount, "reason": reason},
        data={"member": member.pk, "amount": amount},
    )
    return adjustment


# --- payments -------------------------------------------------------------------------


@transaction.atomic
def remit(*, actor, unit: Unit, amount: int, on: date, fund: str = "dues", reference: str = ""):
    """A payment of the union to the level above."""
    from .models import Fund

    _require_books(actor, unit)
    if unit.parent_id is None:
        raise invalid("unit", _("The top of the tree pays no one."), "root")
    if fund not in Fund.values:
        raise invalid("fund", _("Choose đoàn phí or kinh phí."), "invalid")
    if not 0 < amount <= 10**12:
        raise invalid("amount", _("A positive amount in đồng."), "range")
    if on > timezone.localdate() or on.year < 2000:
        raise invalid("on", _("A date not ahead of today."), "date")
    payment = Remittance.objects.create(
        unit=unit,
        to_id=unit.parent_id,
        fund=fund,
        on=on,
        amount=amount,
        reference=(reference or "").strip()[:200],
        created_by=_user(actor),
    )
    record(
        actor=actor,
        action="dues.remit",
        unit=unit,
        obj=payment,
        summary=_("Paid %(amount)s đồng of %(fund)s to %(to)s")
        % {
            "amount": f"{amount:,}".replace(",", "."),
            "fund": payment.get_fund_display(),
            "to": unit.parent.name,
        },
    )
    return payment


@transaction.atomic
def record_fund(
    *,
    actor,
    unit: Unit,
    month: date,
    wage_fund: int,
    paid: int = 0,
    paid_on: date | None = None,
    payer: str = Payer.EMPLOYER,
) -> FundPayment:
    """Kinh phí công đoàn of a month: the amount due from the wage fund at the month's
    rate; paid to the union (it keeps its share and owes the rest), or collected above
    (the union's share is passed back to it)."""
    month = first_of(month)
    if payer == Payer.COLLECTED:
        require_role(actor, unit.parent or unit)  # the level above records what it collected
    else:
        _require_books(actor, unit)
    if payer not in Payer.values:
        raise invalid("payer", _("Choose who paid."), "invalid")
    if not 0 <= wage_fund <= 10**13:
        raise invalid("wage_fund", _("A wage fund in đồng."), "range")
    split = split_for(month)
    if split is None:
        raise invalid("month", _("No split of dues is in force for this month."), "no_split")
    amount = money(Decimal(wage_fund) * split.fund_rate / 100)
    if not 0 <= paid <= 10**13:
        raise invalid("paid", _("A paid amount in đồng."), "range")
    if paid and paid_on is None:
        raise invalid("paid_on", _("Give the date it was paid."), "required")
    kept = money(Decimal(paid) * split.fund_kept / 100)
    payment, _created = FundPayment.objects.update_or_create(
        unit=unit,
        month=month,
        defaults={
            "wage_fund": wage_fund,
            "amount": amount,
            "paid": paid,
            "paid_on": paid_on,
            "payer": payer,
            "kept": kept,
            "passed_back": kept if payer == Payer.COLLECTED else 0,
        },
    )
    record(
        actor=actor,
        action="dues.fund",
        unit=unit,
        obj=payment,
        summary=_("Kinh phí of %(month)s: %(amount)s đồng due, %(paid)s paid")
        % {"month": f"{month:%m/%Y}", "amount": amount, "paid": paid},
    )
    return payment


# --- what is owed and paid ------------------------------------------------------------


@dataclass
class Standing:
    unit: Unit
    collected: int = 0
    kept: int = 0
    owed: int = 0
    paid: int = 0
    children: list = field(default_factory=list)

    @property
    def balance(self) -> int:
        return self.owed - self.paid


def standing(unit: Unit, year: int, *, by_child: bool = True) -> Standing:
    """What the grassroots unions in ``unit``'s subtree collected, kept and owe upward in
    ``year`` (locked sheets), and what they paid up: in all, and by unit directly under
    ``unit`` — each total one grouped query over the subtree's path range."""
    from django.db.models.functions import Left

    sheets = DuesSheet.objects.filter(
        Q(unit__path__startswith=unit.path),
        status=SheetStatus.LOCKED,
        month__year=year,
    )
    # what the grassroots unions paid up (not what the levels between pay each other)
    grassroots = UnitKind.objects.get(code="grassroots").pk
    paid = Remittance.objects.filter(
        Q(unit__path__startswith=unit.path), unit__kind_id=grassroots, fund="dues", on__year=year
    )
    total = sheets.aggregate(n_collected=Sum("collected"), n_kept=Sum("kept"), n_owed=Sum("owed"))
    result = Standing(
        unit,
        collected=total["n_collected"] or 0,
        kept=total["n_kept"] or 0,
        owed=total["n_owed"] or 0,
        paid=paid.aggregate(n=Sum("amount"))["n"] or 0,
    )
    if not by_child or unit.kind.code == "grassroots":
        return result
    width = len(unit.path) + Unit.steplen
    by_branch = {
        branch: (owed, collected)
        for branch, owed, collected in sheets.annotate(branch=Left("unit__path", width))
        .values_list("branch")
        .annotate(n_owed=Sum("owed"), n_collected=Sum("collected"))
        .values_list("branch", "n_owed", "n_collected")
        .order_by()
    }
    paid_by = dict(
        paid.annotate(branch=Left("unit__path", width))
        .values_list("branch")
        .annotate(n=Sum("amount"))
        .order_by()
    )
    for child in Unit.objects.filter(parent=unit).order_by("path"):
        result.children.append(
            Standing(
                child,
                collected=by_branch.get(child.path, (0, 0))[1],
                owed=by_branch.get(child.path, (0, 0))[0],
                paid=paid_by.get(child.path, 0),
            )
        )
    return result
