"""Award decisions: approved nominations held by the unit that grants them become a
numbered decision (from the unit's register) whose awardees are recorded in the award
history, each with its prize — the award's multiple of the lương cơ sở in force on the
decision's date, rounded up to the thousand đồng — summing to the decision's total."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import next_number, record
from congdoan.core.scoping import require_role
from congdoan.organizations.models import Unit

from .models import AwardDecision, BaseSalary, DossierState, Grant, Nomination

REGISTER = "QD-KT"


def prize(multiple: Decimal, day: date) -> int:
    """``multiple`` × the lương cơ sở in force on ``day``, rounded up to 1,000 đồng."""
    base = BaseSalary.objects.filter(effective_from__lte=day).first()
    if base is None:
        raise invalid(
            "decided_on",
            _("No lương cơ sở is recorded for %(day)s.") % {"day": f"{day:%d/%m/%Y}"},
            "no_base_salary",
        )
    amount = (multiple * base.amount / 1000).quantize(Decimal(1), rounding=ROUND_CEILING)
    return int(amount) * 1000


@transaction.atomic
def issue_decision(
    *,
    actor,
    unit: Unit,
    decided_on: date,
    signer: str,
    signer_title: str,
    nominations: list[Nomination],
    subject: str = "",
) -> AwardDecision:
    require_role(actor, unit, "approver")
    if not nominations:
        raise invalid("nominations", _("Choose the approved nominations to decide."), "required")
    if not (signer or "").strip() or not (signer_title or "").strip():
        raise invalid("signer", _("Give who signs the decision and their position."), "required")
    locked = list(
        Nomination.objects.select_for_update(of=("self",))  # a member or a unit: outer joins
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("dossier", "award", "member__unit", "nominee_unit")
        .order_by("pk")
    )
    for nomination in locked:
        dossier = nomination.dossier
        if dossier.state != DossierState.APPROVED or dossier.holder_id != unit.pk:
            raise invalid(
                "nominations",
                _("%(nomination)s is not approved at %(unit)s.")
                % {"nomination": nomination, "unit": unit.name},
                "not_approved",
            )
        if Grant.objects.filter(nomination=nomination).exists():
            raise invalid(
                "nominations",
                _("%(nomination)s is already in a decision.") % {"nomination": nomination},
                "decided",
            )
    year = decided_on.year
    decision = AwardDecision.objects.create(
        unit=unit,
        year=year,
        number=next_number(unit=unit, kind=REGISTER, year=year),
        decided_on=decided_on,
        subject=(subject or "").strip()
        or _("Awards for the year %(year)s") % {"year": max(n.year for n in locked)},
        signer=signer.strip(),
        signer_title=signer_title.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    grants = [
        Grant(
            award=n.award,
            year=n.year,
            unit=n.member.unit if n.member_id else n.nominee_unit,
            member=n.member,
            decision=decision,
            nomination=n,
            decision_number=f"{decision.number:02d}/QĐ",
            granted_on=decided_on,
            amount=prize(n.award.prize_multiple, decided_on),
        )
        for n in locked
    ]
    Grant.objects.bulk_create(grants)
    decision.total = sum(grant.amount for grant in grants)
    decision.save(update_fields=["total"])
    record(
        actor=actor,
        action="awards.decision",
        unit=unit,
        obj=decision,
        summary=_("Decision %(decision)s: %(n)s awards, %(total)s đồng")
        % {
            "decision": decision,
            "n": len(grants),
            "total": f"{decision.total:,}".replace(",", "."),
        },
    )
    return decision
