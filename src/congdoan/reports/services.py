"""Every write to periodic returns, and the roll-up.

A period is opened by a unit for its subtree. Each unit's return holds what the unit
typed for itself (``values``) and its own recorded figures (``computed``), frozen when it
is submitted; the level above approves it (locked) or sends it back with a reason. A
correction after approval is a new revision; the old one is kept. A roll-up of a
subtree sums the reported returns under it, so figures once submitted do not move when
members change later.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count, FloatField, Q, Sum, prefetch_related_objects
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Left
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import minimal_paths, require_role, scope_paths
from congdoan.organizations.models import ENTERPRISE_SECTORS, Unit

from .models import (
    Indicator,
    IndicatorCheck,
    IndicatorKind,
    Period,
    Return,
    ReturnStatus,
    ReturnTemplate,
    Rollup,
    Source,
)

# --- computed sources ---------------------------------------------------------------

SECTION_KINDS = ["section", "group"]

# Sources other apps compute (care, funds, savings …): source → a function taking the
# union's own units (a queryset: the union and its sections), the period and the
# details asked for, answering ``{detail: value}``. Apps register in ``ready()``.
SOURCE_PROVIDERS: dict[str, object] = {}


def register_source(source: str, provider) -> None:
    SOURCE_PROVIDERS[source] = provider


def indicators_of(template: ReturnTemplate) -> list[Indicator]:
    """The template's indicators in order, read once for the template object: a request
    asks for them for its form, its recorded figures, its checks and its roll-up."""
    prefetch_related_objects([template], "indicators")
    return list(template.indicators.all())


def own_units(unit: Unit):
    """The unit and, for a grassroots union, its sections and groups: they never report,
    their members and records are the union's."""
    if not unit.numchild or unit.kind.code != "grassroots":
        return Unit.objects.filter(pk=unit.pk)
    return Unit.objects.filter(path__startswith=unit.path).filter(
        Q(pk=unit.pk) | Q(kind__code__in=SECTION_KINDS)
    )


def computed_values(template: ReturnTemplate, unit: Unit, period: Period) -> dict[str, int]:
    """The recorded figures of ``unit`` itself for the template's computed indicators:
    its own and its sections' (not the units under it that report for themselves), read
    from the per-unit figures the services keep."""
    from congdoan.members.models import EventKind, MemberEvent, UnitMemberCount, UnitMemberYear

    wanted = {
        indicator.code: (
            indicator.source,
            indicator.sector or indicator.award or indicator.detail,
        )
        for indicator in indicators_of(template)
        if indicator.source != Source.MANUAL
    }
    if not wanted:
        return {}
    own = own_units(unit)
    figures = UnitMemberCount.objects.filter(unit__in=own).aggregate(
        members=Sum("members"), female=Sum("female"), with_card=Sum("with_card")
    )
    whole_year = (period.starts_on, period.ends_on) == (
        date(period.year, 1, 1),
        date(period.year, 12, 31),
    )
    moves = UnitMemberYear.objects.filter(unit__in=own, year=period.year).aggregate(
        admitted=Sum("admitted"), left=Sum("left"), deceased=Sum("deceased")
    )
    events = MemberEvent.objects.filter(
        unit__in=own, date__range=(period.starts_on, period.ends_on)
    )
    awards = [detail for source, detail in wanted.values() if source == Source.AWARDS]
    if awards:
        # granted to the unit itself, or to members of it (of its sections too): every
        # award in one grouped count
        from congdoan.awards.models import Grant

        granted = dict(
            Grant.objects.filter(
                unit__in=own,
                award__code__in=awards,
                granted_on__range=(period.starts_on, period.ends_on),
            )
            .values_list("award__code")
            .annotate(n=Count("pk"))
            .order_by()
        )

    provided: dict[str, dict[str, int]] = {}
    for source in {source for source, _detail in wanted.values()} & set(SOURCE_PROVIDERS):
        details = sorted({detail for s, detail in wanted.values() if s == source})
        provided[source] = SOURCE_PROVIDERS[source](own, period, details)

    def value(source: str, detail: str) -> int:
        """``detail``: the indicator's sector, award or kind code, for the sources that
        use one."""
        if source in provided:
            return provided[source].get(detail, 0)
        if source in (Source.MEMBERS, Source.FEMALE, Source.WITH_CARD):
            return figures[source] or 0
        if source == Source.ADMITTED:
            if whole_year:
                return moves["admitted"] or 0
            return events.filter(kind=EventKind.ADMIT).count()
        if source == Source.LEFT:
            if whole_year:
                return (moves["left"] or 0) + (moves["deceased"] or 0)
            return events.filter(kind__in=[EventKind.LEAVE, EventKind.DEATH]).count()
        if source == Source.NEW_GRASSROOTS:
            if not unit.numchild:
                return 0  # none under it
            return Unit.objects.filter(
                parent=unit,
                kind__code="grassroots",
                founded_on__range=(period.starts_on, period.ends_on),
            ).count()
        if source == Source.AWARDS:
            return granted.get(detail, 0)
        if source == Source.GRASSROOTS:
            # a grassroots union counts itself once, in its sector: summed up the tree
            # this gives the unions that reported, by sector
            # ("enterprise": of any enterprise sector, the coverage's denominator)
            if unit.kind.code != "grassroots":
                return 0
            if detail == "enterprise":
                return int(unit.sector in ENTERPRISE_SECTORS)
            return int(detail in ("", unit.sector))
        raise ValueError(source)

    return {code: value(*how) for code, how in wanted.items()}


# --- values and checks --------------------------------------------------------------


def _clean_value(indicator: Indicator, raw):
    """A typed value in its stored form, or a Vietnamese error naming the indicator."""
    label = indicator.label
    if raw is None or raw == "":
        return None
    if indicator.kind == IndicatorKind.TEXT:
        text = str(raw).strip()
        if len(text) > 2000:
            raise invalid(
                indicator.code,
                _("%(label)s: at most 2,000 characters.") % {"label": label},
                "too_long",
            )
        return text
    if indicator.kind == IndicatorKind.YESNO:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "có", "co", "yes"):
            return True
        if text in ("0", "false", "không", "khong", "no"):
            return False
        raise invalid(
            indicator.code, _("%(label)s: answer yes or no.") % {"label": label}, "invalid"
        )
    try:
        number = (
            float(str(raw).replace(".", "").replace(",", "."))
            if isinstance(raw, str)
            else float(raw)
        )
    except ValueError as exc:
        raise invalid(
            indicator.code, _("%(label)s: this is not a number.") % {"label": label}, "invalid"
        ) from exc
    if number < 0:
        raise invalid(
            indicator.code, _("%(label)s cannot be negative.") % {"label": label}, "negative"
        )
    if indicator.kind == IndicatorKind.PERCENT:
        if number > 100:
            raise invalid(
                indicator.code,
                _("%(label)s: a percentage is at most 100.") % {"label": label},
                "invalid",
            )
        return round(number, 2)
    if number != int(number):
        raise invalid(
            indicator.code,
            _("%(label)s: a whole number is expected.") % {"label": label},
            "invalid",
        )
    return int(number)


def check(template: ReturnTemplate, values: dict) -> None:
    """Refuse values that contradict the template's checks (a part above its whole)."""
    prefetch_related_objects([template], "checks")
    for rule in template.checks.all():
        part, whole = values.get(rule.part), values.get(rule.whole)
        if isinstance(part, int | float) and isinstance(whole, int | float) and part > whole:
            labels = {i.code: i.label for i in indicators_of(template)}
            raise invalid(
                rule.part,
                _("%(part)s (%(a)s) cannot be more than %(whole)s (%(b)s).")
                % {
                    "part": labels.get(rule.part, rule.part),
                    "a": f"{part:,}".replace(",", "."),
                    "whole": labels.get(rule.whole, rule.whole),
                    "b": f"{whole:,}".replace(",", "."),
                },
                "check_failed",
            )


def all_values(ret: Return) -> dict:
    """What the unit typed, over its recorded figures (live until it is submitted) as
    the unit corrected them."""
    computed = ret.computed
    if ret.status in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK):
        computed = _corrected(
            computed_values(ret.period.template, ret.unit, ret.period), ret.corrections
        )
    return {**computed, **ret.values}


def _corrected(computed: dict, corrections: dict) -> dict:
    return {
        **computed,
        **{code: fix["value"] for code, fix in corrections.items() if code in computed},
    }


@transaction.atomic
def correct_value(*, actor, ret: Return, code: str, value, reason: str, version: int) -> Return:
    """Correct a computed figure of a draft or sent-back return, with the reason written
    down: kept with the return and shown to the approver. An empty ``value`` drops the
    correction (the recorded figure counts again)."""
    ret = _lock(ret)
    require_role(actor, ret.unit)
    if ret.version != version:
        raise ConflictError()
    if ret.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK):
        raise invalid(None, _("A submitted or approved return cannot be changed."), "locked")
    indicator = next((i for i in indicators_of(ret.period.template) if i.code == code), None)
    if indicator is None:
        raise invalid(
            "code", _("%(code)s is not an indicator of this return.") % {"code": code}, "unknown"
        )
    if indicator.source == Source.MANUAL or indicator.rollup == Rollup.RATIO:
        raise invalid(
            "code",
            _("%(label)s is typed, not computed: change it in the form.")
            % {"label": indicator.label},
            "typed",
        )
    cleaned = _clean_value(indicator, value)
    corrections = dict(ret.corrections)
    recorded = computed_values(ret.period.template, ret.unit, ret.period).get(code)
    if cleaned is None:
        corrections.pop(code, None)
        summary = _("Dropped the correction of %(label)s in %(ret)s")
    else:
        reason = (reason or "").strip()
        if len(reason) < 10:
            raise invalid(
                "reason",
                _("Write why the recorded figure is wrong (at least 10 characters)."),
                "reason_required",
            )
        corrections[code] = {
            "value": cleaned,
            "reason": reason[:500],
            "by": actor.display_name if getattr(actor, "pk", None) else "",
            "at": timezone.now().isoformat(timespec="seconds"),
        }
        summary = _("Corrected %(label)s in %(ret)s")
    ret.corrections = corrections
    check(ret.period.template, all_values(ret))
    ret.version += 1
    ret.save(update_fields=["corrections", "version"])
    record(
        actor=actor,
        action="reports.correct_value",
        unit=ret.unit,
        obj=ret,
        summary=summary % {"label": indicator.label, "ret": ret},
        data={"code": code, "recorded": recorded, "value": cleaned, "reason": reason},
    )
    return ret


# --- periods and returns ------------------------------------------------------------


PERIOD_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}


def period_dates(kind: str, year: int, number: int) -> tuple[date, date]:
    months = PERIOD_MONTHS[kind]
    if not 1 <= number <= 12 // months:
        raise invalid(
            "number", _("There is no period %(n)s of this kind.") % {"n": number}, "invalid"
        )
    first = (number - 1) * months + 1
    last = first + months - 1
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), date.fromordinal(end.toordinal() - 1)


@transaction.atomic
def open_period(
    *, actor, template: ReturnTemplate, unit: Unit, number: int = 1, deadline: date
) -> Period:
    """Open the template's period ``number`` of its year for ``unit`` and all units under it."""
    require_role(actor, unit)
    starts_on, ends_on = period_dates(template.period_kind, template.year, number)
    if deadline < starts_on:
        raise invalid("deadline", _("The deadline is before the period starts."), "invalid")
    if Period.objects.filter(
        template=template, unit=unit, year=template.year, number=number
    ).exists():
        raise invalid(None, _("This period is already open."), "exists")
    period = Period.objects.create(
        template=template,
        unit=unit,
        year=template.year,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        deadline=deadline,
        opened_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action="reports.open",
        unit=unit,
        obj=period,
        summary=_("Opened the period %(period)s") % {"period": period},
    )
    return period


def takes_part(user, period: Period) -> bool:
    """Whether ``user`` reports in ``period``: it was opened inside their scope or above it."""
    if user.is_superuser:
        return True
    opener = period.unit.path
    return any(p.startswith(opener) or opener.startswith(p) for p in scope_paths(user))


def _require_in_period(period: Period, unit: Unit) -> None:
    if not unit.path.startswith(period.unit.path):
        raise invalid(
            "unit",
            _("%(unit)s is not under the unit that opened this period.") % {"unit": unit.name},
            "outside",
        )


@transaction.atomic
def return_for(*, actor, period: Period, unit: Unit) -> Return:
    """The unit's current return for the period, made as a draft the first time."""
    require_role(actor, unit, "viewer")
    _require_in_period(period, unit)
    current = Return.objects.filter(period=period, unit=unit).current()
    if current is not None:
        return current
    require_role(actor, unit)
    return Return.objects.create(period=period, unit=unit)


def _lock(ret: Return) -> Return:
    return (
        Return.objects.select_for_update().select_related("period__template", "unit").get(pk=ret.pk)
    )


@transaction.atomic
def save_values(*, actor, ret: Return, values: dict, version: int) -> Return:
    """Keep the typed values (by indicator code) of a draft or sent-back return."""
    ret = _lock(ret)
    require_role(actor, ret.unit)
    _type_values(ret, values, version)
    check(ret.period.template, all_values(ret))
    ret.version += 1
    ret.save(update_fields=["values", "version"])
    return ret


def _type_values(ret: Return, values: dict, version: int) -> None:
    """Put the typed ``values`` on the locked ``ret``, refused if it changed meanwhile
    or is no longer open, or if a value is not one the unit types."""
    if ret.version != version:
        raise ConflictError()
    if ret.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK):
        raise invalid(None, _("A submitted or approved return cannot be changed."), "locked")
    indicators = {i.code: i for i in indicators_of(ret.period.template)}
    typed = dict(ret.values)
    for code, raw in values.items():
        indicator = indicators.get(code)
        if indicator is None:
            raise invalid(
                code, _("%(code)s is not an indicator of this return.") % {"code": code}, "unknown"
            )
        if indicator.source != Source.MANUAL or indicator.rollup == Rollup.RATIO:
            raise invalid(
                code,
                _("%(label)s is computed, not typed.") % {"label": indicator.label},
                "computed",
            )
        cleaned = _clean_value(indicator, raw)
        if cleaned is None:
            typed.pop(code, None)
        else:
            typed[code] = cleaned
    ret.values = typed


@transaction.atomic
def submit(*, actor, ret: Return, values: dict | None = None, version: int = 0) -> Return:
    """Send the return up: its recorded figures are frozen as they are now. With
    ``values`` (and the ``version`` they were typed on), they are kept first, in the
    same transaction, as the return page's "submit" does."""
    ret = _lock(ret)
    require_role(actor, ret.unit)
    if ret.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK):
        raise invalid(None, _("This return was already submitted."), "submitted")
    if values is not None:
        _type_values(ret, values, version)
    recorded = computed_values(ret.period.template, ret.unit, ret.period)
    # a corrected figure is frozen as corrected, beside the figure the records gave
    ret.corrections = {
        code: {**fix, "recorded": recorded[code]}
        for code, fix in ret.corrections.items()
        if code in recorded
    }
    ret.computed = _corrected(recorded, ret.corrections)
    check(ret.period.template, {**ret.computed, **ret.values})
    if ret.revision > 1:
        # a correction replaces the approved revision it corrects, which is kept
        Return.objects.filter(
            period=ret.period,
            unit=ret.unit,
            status=ReturnStatus.APPROVED,
            revision__lt=ret.revision,
        ).update(status=ReturnStatus.SUPERSEDED)
    ret.status = ReturnStatus.SUBMITTED
    ret.submitted_at, ret.submitted_by = timezone.now(), actor
    ret.reason = ""
    ret.version += 1
    ret.save()
    record(
        actor=actor,
        action="reports.submit",
        unit=ret.unit,
        obj=ret,
        summary=_("Submitted the return %(ret)s") % {"ret": ret},
    )
    return ret


def _require_above(actor, ret: Return) -> None:
    """Only the level above decides: a role over the unit's parent."""
    parent = ret.unit.parent
    if parent is None:
        raise invalid(
            None, _("The top unit's return has no level above to approve it."), "no_parent"
        )
    require_role(actor, parent, "approver")


@transaction.atomic
def approve(*, actor, ret: Return) -> Return:
    ret = _lock(ret)
    _require_above(actor, ret)
    if ret.status != ReturnStatus.SUBMITTED:
        raise invalid(None, _("Only a submitted return can be approved."), "not_submitted")
    ret.status, ret.decided_at, ret.decided_by = ReturnStatus.APPROVED, timezone.now(), actor
    ret.version += 1
    ret.save()
    record(
        actor=actor,
        action="reports.approve",
        unit=ret.unit,
        obj=ret,
        summary=_("Approved the return %(ret)s") % {"ret": ret},
    )
    return ret


@transaction.atomic
def send_back(*, actor, ret: Return, reason: str) -> Return:
    ret = _lock(ret)
    _require_above(actor, ret)
    if ret.status != ReturnStatus.SUBMITTED:
        raise invalid(None, _("Only a submitted return can be sent back."), "not_submitted")
    if not (reason or "").strip():
        raise invalid("reason", _("Give the reason for sending the return back."), "required")
    ret.status, ret.decided_at, ret.decided_by = ReturnStatus.SENT_BACK, timezone.now(), actor
    ret.reason = reason.strip()[:500]
    ret.version += 1
    ret.save()
    record(
        actor=actor,
        action="reports.send_back",
        unit=ret.unit,
        obj=ret,
        summary=_("Sent back the return %(ret)s: %(reason)s") % {"ret": ret, "reason": ret.reason},
    )
    return ret


@transaction.atomic
def correct(*, actor, ret: Return) -> Return:
    """A correction of an approved return: a new draft revision. The approved one counts
    until the correction is submitted, and is kept after."""
    ret = _lock(ret)
    require_role(actor, ret.unit)
    if ret.status != ReturnStatus.APPROVED:
        raise invalid(
            None, _("Only an approved return is corrected by a new revision."), "not_approved"
        )
    if Return.objects.open().filter(period=ret.period, unit=ret.unit).exists():
        raise invalid(None, _("A correction of this return is already under way."), "exists")
    new = Return.objects.create(
        period=ret.period,
        unit=ret.unit,
        revision=ret.revision + 1,
        values=dict(ret.values),
        corrections={
            code: {k: v for k, v in fix.items() if k != "recorded"}
            for code, fix in ret.corrections.items()
        },
    )
    record(
        actor=actor,
        action="reports.correct",
        unit=ret.unit,
        obj=new,
        summary=_("Opened revision %(n)s of %(ret)s") % {"n": new.revision, "ret": ret},
    )
    return new


@transaction.atomic
def copy_template(*, actor, template: ReturnTemplate, year: int) -> ReturnTemplate:
    """Last year's form for another year: its indicators and checks, to be edited. Only
    an operator changes the forms every unit fills."""
    from django.core.exceptions import PermissionDenied

    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only an operator adds return templates."))
    if not 2000 <= year <= 2100:
        raise invalid("year", _("A year between 2000 and 2100."), "invalid")
    if ReturnTemplate.objects.filter(code=template.code, year=year).exists():
        raise invalid(
            "year",
            _("The form %(code)s already exists for %(year)s.")
            % {"code": template.code, "year": year},
            "exists",
        )
    copy = ReturnTemplate.objects.create(
        code=template.code, name=template.name, year=year, period_kind=template.period_kind
    )
    fields = [f.name for f in Indicator._meta.concrete_fields if f.name not in ("id", "template")]
    Indicator.objects.bulk_create(
        Indicator(template=copy, **{name: getattr(i, name) for name in fields})
        for i in template.indicators.all()
    )
    IndicatorCheck.objects.bulk_create(
        IndicatorCheck(template=copy, part=c.part, whole=c.whole) for c in template.checks.all()
    )
    record(
        actor=actor,
        action="reports.copy_template",
        obj=copy,
        summary=_("Copied the form %(name)s from %(from)s to %(to)s")
        % {"name": template.name, "from": template.year, "to": year},
    )
    return copy


YEAR_END = "tong-ket-nam"


def year_end_periods(unit: Unit) -> dict[int, Period]:
    """The year-end period of each year that covers ``unit`` (opened at it or above)."""
    periods = (
        Period.objects.filter(template__code=YEAR_END, unit__path__in=unit.lineage_paths())
        .select_related("template", "unit")
        .order_by("year", "unit__depth")
    )
    return {period.year: period for period in periods}  # the nearest opener wins


# --- the roll-up --------------------------------------------------------------------


def _sums(indicators) -> dict:
    """The aggregate of each summed or counted indicator over a set of returns."""
    sums = {}
    for indicator in indicators:
        field = "computed" if indicator.source != Source.MANUAL else "values"
        if indicator.rollup == Rollup.SUM:
            value = Cast(KT(f"{field}__{indicator.code}"), FloatField())
            sums[indicator.code] = Coalesce(Sum(value), 0.0)
        elif indicator.rollup == Rollup.COUNT_YES:
            sums[indicator.code] = Count("pk", filter=Q(**{f"{field}__{indicator.code}": True}))
    return sums


def _totals(found: dict, indicators) -> dict:
    """Roll-up values from one aggregate row, with the ratios computed from them."""
    totals: dict = {
        i.code: _whole(found[i.code])
        for i in indicators
        if i.rollup in (Rollup.SUM, Rollup.COUNT_YES)
    }
    for indicator in indicators:
        if indicator.rollup == Rollup.RATIO:
            top, bottom = totals.get(indicator.numerator, 0), totals.get(indicator.denominator, 0)
            totals[indicator.code] = round(100 * top / bottom, 1) if bottom else None
    return {"values": totals, "reported": found["reported"]}


def rollup(*, unit: Unit, period: Period) -> dict:
    """Values by indicator code over every reported return in ``unit``'s subtree (the
    unit's own included), and how many units reported.

    One aggregate query, summed in the database from each return's typed and recorded
    values: 150,000 returns are not read into Python (a unit with none under it reads
    its own return, ``_leaf``).
    """
    indicators = indicators_of(period.template)
    if not unit.numchild:
        return _totals(_leaf(unit, period, indicators), indicators)
    found = (
        Return.objects.reported()
        .filter(period=period, unit__path__startswith=unit.path)
        .aggregate(reported=Count("pk"), **_sums(indicators))
    )
    return _totals(found, indicators)


def _leaf(unit: Unit, period: Period, indicators) -> dict:
    """``_sums`` over a unit with none under it, whose own reported return is the one
    row: read from that return, since the aggregate's SQL costs more to build than to
    run (every grassroots union's return page asks for it)."""
    summed = (Rollup.SUM, Rollup.COUNT_YES)
    found = {"reported": 0} | {i.code: 0 for i in indicators if i.rollup in summed}
    ret = (
        Return.objects.reported()
        .filter(period=period, unit=unit)
        .only("values", "computed")
        .first()
    )
    if ret is None:
        return found
    found["reported"] = 1
    for indicator in indicators:
        given = ret.computed if indicator.source != Source.MANUAL else ret.values
        value = given.get(indicator.code)
        if indicator.rollup == Rollup.SUM and value is not None:
            found[indicator.code] = float(value)
        elif indicator.rollup == Rollup.COUNT_YES:
            found[indicator.code] = int(value is True)
    return found


def rollup_of(*, units: list[Unit], period: Period) -> dict:
    """``rollup`` over the subtrees of several units at once (an emulation block's
    members): one aggregate query; a unit under another of the list counts once."""
    indicators = indicators_of(period.template)
    condition = Q(pk__in=[])
    for path in minimal_paths([unit.path for unit in units]):
        condition |= Q(unit__path__startswith=path)
    found = (
        Return.objects.reported()
        .filter(condition, period=period)
        .aggregate(reported=Count("pk"), **_sums(indicators))
    )
    return _totals(found, indicators)


def rollup_with_children(
    *, unit: Unit, period: Period, children: list[Unit] | None = None
) -> tuple[dict, dict[int, dict]]:
    """``rollup`` of ``unit``, and of each reporting unit directly under it by its id,
    from one query grouped by the child's branch of the path: the unit's own return is
    a group of its own, and the whole is the sum of the groups (ratios are computed
    from the sums, never summed). ``children``: ``reporting_children(unit)`` when the
    caller has them."""
    indicators = indicators_of(period.template)
    sums = _sums(indicators)
    if not unit.numchild:
        return _totals(_leaf(unit, period, indicators), indicators), {}
    if children is None:
        children = reporting_children(unit)
    children = {child.path: child.pk for child in children}
    empty = {"reported": 0, **{code: 0 for code in sums}}
    rows = list(
        Return.objects.reported()
        .filter(period=period, unit__path__startswith=unit.path)
        .annotate(branch=Left("unit__path", len(unit.path) + unit.steplen))
        .values("branch")
        .annotate(reported=Count("pk"), **sums)
        .order_by()
    )
    whole = {name: sum(row[name] for row in rows) for name in empty}
    found = {row["branch"]: row for row in rows if row["branch"] in children}
    by_child = {pk: _totals(found.get(path, empty), indicators) for path, pk in children.items()}
    return _totals(whole, indicators), by_child


def _whole(number: float):
    return int(number) if float(number).is_integer() else number


def reporting_children(unit: Unit):
    """The open units directly under ``unit`` that report (not a union's sections)."""
    if not unit.numchild:
        return Unit.objects.none()  # a leaf of the tree: no query
    return (
        Unit.objects.filter(parent=unit)
        .exclude(status="closed")
        .exclude(kind__code__in=SECTION_KINDS)
        .order_by("path")
    )


def progress(*, unit: Unit, period: Period) -> dict[str, int]:
    """How the units directly under ``unit`` stand: submitted, approved, late, waiting."""
    counts = {"units": 0, "submitted": 0, "approved": 0, "late": 0}
    if not unit.numchild:
        return counts
    children = reporting_children(unit)
    states = dict(
        Return.objects.filter(period=period, unit__in=children)
        .exclude(status=ReturnStatus.SUPERSEDED)
        .order_by("revision")
        .values_list("unit_id", "status")
    )  # the latest revision of each child wins
    late = timezone.localdate() > period.deadline
    for child in children.values_list("pk", flat=True):
        counts["units"] += 1
        status = states.get(child)
        if status == ReturnStatus.APPROVED:
            counts["approved"] += 1
        elif status == ReturnStatus.SUBMITTED:
            counts["submitted"] += 1
        elif late:
            counts["late"] += 1
    return counts
