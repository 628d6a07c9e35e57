"""Every write to meetings and collective agreements. Each checks the actor's role over
the union, runs in one transaction and writes an audit row; an edit names the version
it was made on, so two officers editing at once never overwrite each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.organizations.models import Unit

from .models import (
    MAX_FILE,
    AgreementCriterion,
    AgreementScore,
    Amendment,
    Attachment,
    CollectiveAgreement,
    CommitteeRole,
    Elected,
    Form,
    GradeThreshold,
    Guest,
    Meeting,
    MeetingKind,
    Resolution,
)

LONG_TEXT = 20_000


@dataclass
class MeetingSpec:
    """What an officer records of a meeting (the page's form, the API's body)."""

    kind: MeetingKind
    held_on: date
    title: str = ""
    year: int | None = None
    place: str = ""
    chairs: str = ""
    secretary: str = ""
    form: str = Form.FULL
    expected: int | None = None
    present: int | None = None
    agenda: str = ""
    proceedings: str = ""
    block: object = None
    covenant: object = None
    term_from: int | None = None
    term_to: int | None = None
    next_theme: str = ""
    guests: list[tuple[str, str, str]] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)
    elected: list[tuple[object, str]] = field(default_factory=list)


def _check_text(value: str, name: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise invalid(
            name, _("At most %(n)s characters.") % {"n": f"{limit:,}".replace(",", ".")}, "long"
        )
    return value


def _check_spec(unit: Unit, spec: MeetingSpec) -> MeetingSpec:
    if not spec.kind.active:
        raise invalid("kind", _("This kind of meeting is no longer used."), "kind_retired")
    if spec.held_on > timezone.localdate():
        raise invalid(
            "held_on", _("Record a meeting once it has been held: the date is ahead."), "future"
        )
    if spec.held_on.year < 1950:
        raise invalid("held_on", _("The date is before 1950."), "too_old")
    spec.year = spec.year or spec.held_on.year
    if not spec.held_on.year - 1 <= spec.year <= spec.held_on.year + 1:
        raise invalid(
            "year",
            _("The work year is the year of the meeting, the one before or the one after."),
            "year_far",
        )
    if spec.form not in Form.values:
        raise invalid("form", _("Choose a full or a delegates' meeting."), "invalid")
    for name in ("expected", "present"):
        value = getattr(spec, name)
        if value is not None and not 0 <= value <= 1_000_000:
            raise invalid(name, _("Between 0 and 1.000.000 people."), "range")
    if spec.expected is not None and spec.present is not None and spec.present > spec.expected:
        raise invalid(
            "present",
            _("%(present)s present is more than the %(expected)s expected.")
            % {"present": spec.present, "expected": spec.expected},
            "present_above_expected",
        )
    spec.title = _check_text(spec.title, "title", 300) or f"{spec.kind.name} năm {spec.year}"
    for name, limit in (("place", 300), ("chairs", 500), ("secretary", 200)):
        setattr(spec, name, _check_text(getattr(spec, name), name, limit))
    for name in ("agenda", "proceedings", "next_theme"):
        setattr(spec, name, _check_text(getattr(spec, name), name, LONG_TEXT))
    _check_block(unit, spec)
    _check_term(spec)
    _check_people(unit, spec)
    return spec


def _check_block(unit: Unit, spec: MeetingSpec) -> None:
    block, covenant = spec.block, spec.covenant
    if covenant is not None and block is None:
        block = spec.block = covenant.block
    if block is None:
        return
    is_member = block.memberships.filter(unit=unit).exists()
    if block.organiser_id != unit.pk and not is_member:
        raise invalid(
            "block",
            _("%(unit)s neither organises nor belongs to the block %(block)s.")
            % {"unit": unit.display_name, "block": block.name},
            "not_in_block",
        )
    if covenant is not None and covenant.block_id != block.pk:
        raise invalid("covenant", _("This covenant is another block's."), "other_block")


def _check_term(spec: MeetingSpec) -> None:
    if not spec.kind.elects:
        if spec.term_from or spec.term_to or spec.elected:
            raise invalid(
                "term_from", _("Only a congress has a term and elects a committee."), "not_congress"
            )
        return
    if spec.term_from and spec.term_to and spec.term_to <= spec.term_from:
        raise invalid("term_to", _("The term ends before it starts."), "term_order")
    for name in ("term_from", "term_to"):
        value = getattr(spec, name)
        if value is not None and not 1950 <= value <= 2100:
            raise invalid(name, _("A year between 1950 and 2100."), "range")


def _check_people(unit: Unit, spec: MeetingSpec) -> None:
    seen = set()
    for n, (member, role) in enumerate(spec.elected, start=1):
        if role not in CommitteeRole.values:
            raise invalid(
                "elected", _("Line %(n)s: choose the role elected to.") % {"n": n}, "invalid"
            )
        if not member.unit_path.startswith(unit.path):
            raise invalid(
                "elected",
                _("Line %(n)s: %(name)s is not a member of %(unit)s.")
                % {"n": n, "name": member.full_name, "unit": unit.display_name},
                "not_member_here",
            )
        if (member.pk, role) in seen:
            raise invalid(
                "elected",
                _("Line %(n)s: %(name)s is listed twice in this role.")
                % {"n": n, "name": member.full_name},
                "repeated",
            )
        seen.add((member.pk, role))
    for n, (name, title, body) in enumerate(spec.guests, start=1):
        if not (name or "").strip():
            raise invalid("guests", _("Guest %(n)s: the name is missing.") % {"n": n}, "required")
        if len(name) > 160 or len(title or "") > 200 or len(body or "") > 300:
            raise invalid("guests", _("Guest %(n)s: the text is too long.") % {"n": n}, "long")
    for n, text in enumerate(spec.resolutions, start=1):
        if not (text or "").strip():
            raise invalid("resolutions", _("Resolution %(n)s is empty.") % {"n": n}, "required")
        _check_text(text, "resolutions", LONG_TEXT)


FIELDS = [
    "kind",
    "year",
    "title",
    "held_on",
    "place",
    "chairs",
    "secretary",
    "form",
    "expected",
    "present",
    "agenda",
    "proceedings",
    "block",
    "covenant",
    "term_from",
    "term_to",
    "next_theme",
]


def _write_lists(meeting: Meeting, spec: MeetingSpec) -> None:
    meeting.guests.all().delete()
    meeting.resolutions.all().delete()
    meeting.elected.all().delete()
    Guest.objects.bulk_create(
        Guest(
            meeting=meeting,
            name=name.strip(),
            title=(title or "").strip(),
            body=(body or "").strip(),
            order=n,
        )
        for n, (name, title, body) in enumerate(spec.guests)
    )
    Resolution.objects.bulk_create(
        Resolution(meeting=meeting, number=n, text=text.strip())
        for n, text in enumerate(spec.resolutions, start=1)
    )
    Elected.objects.bulk_create(
        Elected(meeting=meeting, member=member, role=role) for member, role in spec.elected
    )


@transaction.atomic
def record_meeting(*, actor, unit: Unit, spec: MeetingSpec) -> Meeting:
    require_role(actor, unit)
    spec = _check_spec(unit, spec)
    meeting = Meeting.objects.create(
        unit=unit,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{name: getattr(spec, name) for name in FIELDS},
    )
    _write_lists(meeting, spec)
    record(
        actor=actor,
        action="meetings.record",
        unit=unit,
        obj=meeting,
        summary=_("Recorded the meeting %(title)s of %(day)s")
        % {"title": meeting.title, "day": f"{meeting.held_on:%d/%m/%Y}"},
    )
    return meeting


def _lock_meeting(meeting: Meeting, version: int) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("unit", "kind").get(pk=meeting.pk)
    if locked.version != version:
        raise ConflictError()
    return locked


@transaction.atomic
def update_meeting(*, actor, meeting: Meeting, spec: MeetingSpec, version: int) -> Meeting:
    require_role(actor, meeting.unit)
    meeting = _lock_meeting(meeting, version)
    spec = _check_spec(meeting.unit, spec)
    for name in FIELDS:
        setattr(meeting, name, getattr(spec, name))
    meeting.version += 1
    meeting.save()
    _write_lists(meeting, spec)
    record(
        actor=actor,
        action="meetings.update",
        unit=meeting.unit,
        obj=meeting,
        summary=_("Changed the meeting %(title)s") % {"title": meeting.title},
    )
    return meeting


@transaction.atomic
def save_article(*, actor, meeting: Meeting, title: str, text: str, version: int) -> Meeting:
    """Keep the officer's edit of the drafted article (blank both: draft it afresh)."""
    require_role(actor, meeting.unit)
    meeting = _lock_meeting(meeting, version)
    if not meeting.kind.article:
        raise invalid(None, _("No article is drafted from this kind of meeting."), "no_article")
    meeting.article_title = _check_text(title, "title", 300)
    meeting.article_text = _check_text(text, "text", LONG_TEXT)
    meeting.version += 1
    meeting.save(update_fields=["article_title", "article_text", "version"])
    record(
        actor=actor,
        action="meetings.article",
        unit=meeting.unit,
        obj=meeting,
        summary=_("Edited the article of %(title)s") % {"title": meeting.title},
    )
    return meeting


# --- files -----------------------------------------------------------------------------


@transaction.atomic
def attach(*, actor, owner, name: str, content: bytes, content_type: str = "") -> Attachment:
    """Keep a file with a meeting or an agreement (at most 10 MB)."""
    require_role(actor, owner.unit)
    name = (name or "").strip().replace("/", "_").replace("\\", "_")[:200]
    if not name:
        raise invalid("file", _("The file has no name."), "required")
    if not content:
        raise invalid("file", _("The file is empty."), "empty")
    if len(content) > MAX_FILE:
        raise invalid("file", _("A file is at most 10 MB."), "too_large")
    is_meeting = isinstance(owner, Meeting)
    attachment = Attachment.objects.create(
        meeting=owner if is_meeting else None,
        agreement=None if is_meeting else owner,
        name=name,
        content_type=(content_type or "application/octet-stream")[:100],
        size=len(content),
        content=content,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action="meetings.attach",
        unit=owner.unit,
        obj=owner,
        summary=_("Attached %(name)s to %(owner)s") % {"name": name, "owner": owner},
    )
    return attachment


# --- collective agreements ------------------------------------------------------------


@dataclass
class AgreementSpec:
    employer: str
    tax_code: str = ""
    number: str = ""
    signed_on: date | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    workers: int = 0
    covers: list[Unit] = field(default_factory=list)
    replaces: CollectiveAgreement | None = None
    notes: str = ""


AGREEMENT_FIELDS = [
    "employer",
    "tax_code",
    "number",
    "signed_on",
    "effective_from",
    "effective_to",
    "workers",
    "notes",
]


def _years_between(start: date, end: date) -> float:
    return (end.toordinal() - start.toordinal()) / 365.25


def _check_agreement(unit: Unit, spec: AgreementSpec, agreement=None) -> AgreementSpec:
    spec.employer = _check_text(spec.employer, "employer", 300)
    if not spec.employer:
        raise invalid("employer", _("Name the employer the agreement is signed with."), "required")
    spec.tax_code = (spec.tax_code or "").strip()
    digits = spec.tax_code.replace("-", "")
    if spec.tax_code and not (
        digits.isascii()
        and digits.isdigit()
        and len(digits) in (10, 13)
        and spec.tax_code.count("-") <= 1
    ):
        raise invalid(
            "tax_code",
            _("A tax code has 10 digits, or 13 for a branch (0312345678-001)."),
            "invalid",
        )
    spec.number = _check_text(spec.number, "number", 60)
    spec.notes = _check_text(spec.notes, "notes", LONG_TEXT)
    if not 0 <= (spec.workers or 0) <= 10_000_000:
        raise invalid("workers", _("Between 0 and 10.000.000 workers."), "range")
    dates = (spec.signed_on, spec.effective_from, spec.effective_to)
    if any(dates) and not all(dates):
        raise invalid(
            "effective_to",
            _("A signed agreement gives the signing date and the term it is in force."),
            "dates_missing",
        )
    if all(dates):
        if spec.signed_on > timezone.localdate():
            raise invalid("signed_on", _("The signing date is ahead."), "future")
        if spec.effective_to <= spec.effective_from:
            raise invalid(
                "effective_to", _("The agreement ends before it comes into force."), "dates_order"
            )
        if _years_between(spec.effective_from, spec.effective_to) > 3.01:
            raise invalid(
                "effective_to",
                _("An agreement runs from 1 to 3 years (Bộ luật Lao động 2019, Điều 78)."),
                "term_too_long",
            )
    for n, covered in enumerate(spec.covers, start=1):
        if covered.pk == unit.pk or not covered.path.startswith(unit.path):
            raise invalid(
                "covers",
                _("Union %(n)s (%(name)s) is not under %(unit)s.")
                % {"n": n, "name": covered.display_name, "unit": unit.display_name},
                "outside",
            )
        if covered.kind.code != "grassroots":
            raise invalid(
                "covers",
                _("%(name)s is not a grassroots union.") % {"name": covered.display_name},
                "not_grassroots",
            )
    old = spec.replaces
    if old is not None:
        if old.unit_id != unit.pk or (agreement is not None and old.pk == agreement.pk):
            raise invalid(
                "replaces", _("Only an agreement of the same union is replaced."), "other"
            )
        if hasattr(old, "replaced_by") and old.replaced_by.pk != getattr(agreement, "pk", None):
            raise invalid("replaces", _("This agreement was already replaced."), "replaced")
        if spec.effective_from is None:
            raise invalid(
                "replaces", _("Give the new agreement's dates to replace the old one."), "dates"
            )
    return spec


def _apply_replacement(agreement: CollectiveAgreement, before=None) -> None:
    """The agreement it replaces ends when it comes into force; one it no longer
    replaces (``before``, after an edit) is in force again."""
    if before is not None and before.pk != agreement.replaces_id:
        before.replaced_on = None
        before.version += 1
        before.save(update_fields=["replaced_on", "version"])
    old = agreement.replaces
    if old is not None and old.replaced_on != agreement.effective_from:
        old.replaced_on = agreement.effective_from
        old.version += 1
        old.save(update_fields=["replaced_on", "version"])


@transaction.atomic
def record_agreement(*, actor, unit: Unit, spec: AgreementSpec) -> CollectiveAgreement:
    require_role(actor, unit)
    spec = _check_agreement(unit, spec)
    agreement = CollectiveAgreement.objects.create(
        unit=unit,
        replaces=spec.replaces,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{name: getattr(spec, name) for name in AGREEMENT_FIELDS},
    )
    agreement.covers.set(spec.covers)
    _apply_replacement(agreement)
    record(
        actor=actor,
        action="agreements.record",
        unit=unit,
        obj=agreement,
        summary=_("Recorded the collective agreement with %(employer)s")
        % {"employer": agreement.employer},
    )
    return agreement


def _lock_agreement(agreement: CollectiveAgreement, version: int) -> CollectiveAgreement:
    locked = (
        CollectiveAgreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
    )
    if locked.version != version:
        raise ConflictError()
    return locked


@transaction.atomic
def update_agreement(
    *, actor, agreement: CollectiveAgreement, spec: AgreementSpec, version: int
) -> CollectiveAgreement:
    require_role(actor, agreement.unit)
    agreement = _lock_agreement(agreement, version)
    spec = _check_agreement(agreement.unit, spec, agreement)
    before = agreement.replaces
    for name in AGREEMENT_FIELDS:
        setattr(agreement, name, getattr(spec, name))
    agreement.replaces = spec.replaces
    agreement.version += 1
    agreement.save()
    agreement.covers.set(spec.covers)
    _apply_replacement(agreement, before)
    record(
        actor=actor,
        action="agreements.update",
        unit=agreement.unit,
        obj=agreement,
        summary=_("Changed the collective agreement with %(employer)s")
        % {"employer": agreement.employer},
    )
    return agreement


@transaction.atomic
def amend(*, actor, agreement: CollectiveAgreement, on: date, summary: str) -> Amendment:
    require_role(actor, agreement.unit)
    summary = _check_text(summary, "summary", LONG_TEXT)
    if not summary:
        raise invalid("summary", _("Say what the amendment changes."), "required")
    if agreement.signed_on is None:
        raise invalid(None, _("A draft is edited, not amended."), "draft")
    if on < agreement.signed_on or on > timezone.localdate():
        raise invalid(
            "on", _("An amendment is signed after the agreement and not ahead of today."), "date"
        )
    amendment = Amendment.objects.create(
        agreement=agreement,
        on=on,
        summary=summary,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action="agreements.amend",
        unit=agreement.unit,
        obj=agreement,
        summary=_("Amended the collective agreement with %(employer)s on %(day)s")
        % {"employer": agreement.employer, "day": f"{on:%d/%m/%Y}"},
    )
    return amendment


def criteria_for(year: int) -> list[AgreementCriterion]:
    """The grading criteria in force for ``year``: its own, else the latest year before."""
    latest = (
        AgreementCriterion.objects.filter(year__lte=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return list(AgreementCriterion.objects.filter(year=latest)) if latest else []


def grade_for(year: int, total: int) -> str:
    for threshold in GradeThreshold.objects.filter(year=year).order_by("-min_points"):
        if total >= threshold.min_points:
            return threshold.grade
    return ""


@transaction.atomic
def grade(*, actor, agreement: CollectiveAgreement, year: int, points: dict[int, int]):
    """The level above grades an agreement (A/B/C) on the year's criteria: the points of
    each criterion, never above its maximum; the grade follows from the thresholds."""
    parent = agreement.unit.parent or agreement.unit
    require_role(actor, parent)
    if agreement.signed_on is None:
        raise invalid(None, _("Only a signed agreement is graded."), "draft")
    criteria = criteria_for(year)
    if not criteria:
        raise invalid("year", _("No grading criteria exist for %(year)s.") % {"year": year}, "none")
    by_id = {c.pk: c for c in criteria}
    for pk in points:
        if pk not in by_id:
            raise invalid(
                "points", _("Criterion %(id)s is not one of this year's.") % {"id": pk}, "unknown"
            )
    for n, criterion in enumerate(criteria, start=1):
        value = points.get(criterion.pk)
        if value is None or not 0 <= value <= criterion.points:
            raise invalid(
                "points",
                _("Criterion %(n)s (%(text)s): give 0 to %(max)s points.")
                % {"n": n, "text": criterion.text, "max": criterion.points},
                "range",
            )
    # a new grading replaces the last one (the scores are kept in the audit row)
    agreement = (
        CollectiveAgreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
    )
    agreement.scores.all().delete()
    AgreementScore.objects.bulk_create(
        AgreementScore(agreement=agreement, criterion=c, points=points[c.pk]) for c in criteria
    )
    total = sum(points[c.pk] for c in criteria)
    agreement.grade = grade_for(criteria[0].year, total)
    agreement.graded_year = year
    agreement.version += 1
    agreement.save(update_fields=["grade", "graded_year", "version"])
    record(
        actor=actor,
        action="agreements.grade",
        unit=agreement.unit,
        obj=agreement,
        summary=_("Graded the collective agreement with %(employer)s: %(grade)s (%(total)s points)")
        % {"employer": agreement.employer, "grade": agreement.grade or "—", "total": total},
        data={"year": year, "points": {str(pk): value for pk, value in points.items()}},
    )
    return agreement
