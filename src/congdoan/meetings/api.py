"""``/api/v1/meetings`` and ``/api/v1/agreements``: a union's meetings (with their
minutes and, for a tổng kết or a covenant signing, the drafted article) and its
collective agreements (amendments, grading, files), and what the units under a union
still owe. Everything is read through ``visible_to``: outside the scope is a 404."""

from datetime import date

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Day, Id, LimitOffset, get_visible
from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response
from congdoan.core.errors import invalid
from congdoan.emulation.models import Covenant, EmulationBlock
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from . import article, services
from .documents import minutes_docx
from .duties import duties, expiring
from .models import (
    Attachment,
    CollectiveAgreement,
    CommitteeRole,
    Form,
    Meeting,
    MeetingKind,
)

meetings_router = Router(tags=["meetings"])
agreements_router = Router(tags=["agreements"])


def _unit(request, pk: int) -> Unit:
    return get_visible(Unit.objects.all(), request.user, pk)


# --- meetings -----------------------------------------------------------------------


class KindOut(Schema):
    code: str
    name: str
    sectors: list[str]
    due_month: int | None
    delegates_from: int | None
    elects: bool
    article: bool
    source: str


class GuestIO(Schema):
    name: str = Field(..., min_length=1, max_length=160)
    title: str = Field("", max_length=200)
    body: str = Field("", max_length=300)


class ElectedIO(Schema):
    member: Id
    role: CommitteeRole


class MeetingIn(Schema):
    unit: Id
    kind: str = Field(..., max_length=40)
    held_on: Day
    year: int | None = Field(None, ge=1950, le=2100)
    title: str = Field("", max_length=300)
    place: str = Field("", max_length=300)
    chairs: str = Field("", max_length=500)
    secretary: str = Field("", max_length=200)
    form: Form = Form.FULL
    expected: int | None = Field(None, ge=0, le=1_000_000)
    present: int | None = Field(None, ge=0, le=1_000_000)
    agenda: str = Field("", max_length=20_000)
    proceedings: str = Field("", max_length=20_000)
    block: Id | None = None
    covenant: Id | None = None
    term_from: int | None = Field(None, ge=1950, le=2100)
    term_to: int | None = Field(None, ge=1950, le=2100)
    next_theme: str = Field("", max_length=20_000)
    guests: list[GuestIO] = Field(default_factory=list, max_length=200)
    resolutions: list[str] = Field(default_factory=list, max_length=200)
    elected: list[ElectedIO] = Field(default_factory=list, max_length=500)


class MeetingUpdate(MeetingIn):
    version: int = Field(..., ge=1)


class ResolutionOut(Schema):
    number: int
    text: str


class ElectedOut(Schema):
    member: int = Field(alias="member_id")
    name: str = Field(alias="member.full_name")
    role: str


class FileOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


class MeetingOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    kind: str = Field(alias="kind.code")
    year: int
    title: str
    held_on: Day
    place: str
    chairs: str
    secretary: str
    form: str
    expected: int | None
    present: int | None
    agenda: str
    proceedings: str
    block: int | None = Field(None, alias="block_id")
    covenant: int | None = Field(None, alias="covenant_id")
    term_from: int | None
    term_to: int | None
    next_theme: str
    version: int
    form_warning: str
    guests: list[GuestIO]
    resolutions: list[ResolutionOut]
    elected: list[ElectedOut]
    files: list[FileOut]

    @staticmethod
    def resolve_form_warning(meeting) -> str:
        return meeting.form_warning()

    @staticmethod
    def resolve_guests(meeting) -> list:
        return list(meeting.guests.all())

    @staticmethod
    def resolve_resolutions(meeting) -> list:
        return list(meeting.resolutions.all())

    @staticmethod
    def resolve_elected(meeting) -> list:
        return list(meeting.elected.select_related("member"))

    @staticmethod
    def resolve_files(meeting) -> list:
        return list(meeting.files.defer("content"))


class MeetingFilter(Schema):
    unit: Id | None = None
    kind: str = Field("", max_length=40)
    year: int | None = Field(None, ge=1950, le=2100)


class FigureOut(Schema):
    code: str
    label: str
    value: float
    text: str


class ArticleOut(Schema):
    title: str
    text: str
    paragraphs: list[str]
    edited: bool
    reported: int
    figures: list[FigureOut]
    version: int


class ArticleIn(Schema):
    version: int = Field(..., ge=1)
    title: str = Field("", max_length=300)
    text: str = Field("", max_length=20_000)


class DutyOut(Schema):
    kind: str
    name: str
    year: int
    due_on: date
    overdue: bool
    expected: int
    missing: int
    units: list[int]


def _spec(request, unit: Unit, payload: MeetingIn) -> services.MeetingSpec:
    kind = MeetingKind.objects.filter(code=payload.kind).first()
    if kind is None:
        raise Http404(_("No kind of meeting with this code."))
    block = covenant = None
    if payload.block is not None:
        block = get_visible(EmulationBlock.objects.all(), request.user, payload.block)
    if payload.covenant is not None:
        covenant = get_visible(Covenant.objects.all(), request.user, payload.covenant)
    members = Member.objects.visible_to(request.user).in_bulk([e.member for e in payload.elected])
    elected = []
    for e in payload.elected:
        if e.member not in members:
            get_visible(Member.objects.all(), request.user, e.member)  # the 404
        elected.append((members[e.member], e.role))
    return services.MeetingSpec(
        kind=kind,
        held_on=payload.held_on,
        year=payload.year,
        title=payload.title,
        place=payload.place,
        chairs=payload.chairs,
        secretary=payload.secretary,
        form=payload.form,
        expected=payload.expected,
        present=payload.present,
        agenda=payload.agenda,
        proceedings=payload.proceedings,
        block=block,
        covenant=covenant,
        term_from=payload.term_from,
        term_to=payload.term_to,
        next_theme=payload.next_theme,
        guests=[(g.name, g.title, g.body) for g in payload.guests],
        resolutions=payload.resolutions,
        elected=elected,
    )


def _meeting(request, pk: int) -> Meeting:
    return get_visible(Meeting.objects.select_related("kind", "unit"), request.user, pk)


@meetings_router.get("/kinds", response=list[KindOut], summary="Kinds of meeting")
def list_kinds(request):
    return MeetingKind.objects.filter(active=True)


@meetings_router.get(
    "/due",
    response={200: list[DutyOut], **ERRORS},
    summary="This year's conferences the grassroots unions under a union have not yet held",
)
def list_due(request, unit: Id):
    found = duties(_unit(request, unit), timezone.localdate())
    return [
        {
            "kind": d.kind.code,
            "name": d.kind.name,
            "year": d.year,
            "due_on": d.due_on,
            "overdue": d.overdue,
            "expected": d.expected,
            "missing": d.missing,
            "units": [u.pk for u in d.units],
        }
        for d in found
    ]


@meetings_router.get("/files/{int:file_id}", response={200: None, **ERRORS}, summary="A file")
def get_file(request, file_id: Id):
    attachment = get_visible(Attachment.objects.all(), request.user, file_id)
    return file_response(
        bytes(attachment.content), attachment.download_name, attachment.content_type
    )


@meetings_router.get("", response=list[MeetingOut], summary="Meetings in scope")
@paginate(LimitOffset)
def list_meetings(request, filters: Query[MeetingFilter]):
    rows = Meeting.objects.visible_to(request.user).select_related("kind")
    if filters.unit:
        rows = rows.filter(unit__path__startswith=_unit(request, filters.unit).path)
    if filters.kind:
        rows = rows.filter(kind__code=filters.kind)
    if filters.year:
        rows = rows.filter(held_on__year=filters.year)
    return rows.prefetch_related("guests", "resolutions")


@meetings_router.post("", response={201: MeetingOut, **ERRORS}, summary="Record a meeting")
def record_meeting(request, payload: MeetingIn):
    unit = _unit(request, payload.unit)
    meeting = services.record_meeting(
        actor=request.user, unit=unit, spec=_spec(request, unit, payload)
    )
    return Status(201, meeting)


@meetings_router.get("/{int:meeting_id}", response={200: MeetingOut, **ERRORS}, summary="A meeting")
def get_meeting(request, meeting_id: Id):
    return _meeting(request, meeting_id)


@meetings_router.put(
    "/{int:meeting_id}", response={200: MeetingOut, **ERRORS}, summary="Change a meeting"
)
def update_meeting(request, meeting_id: Id, payload: MeetingUpdate):
    meeting = _meeting(request, meeting_id)
    if payload.unit != meeting.unit_id:
        _unit(request, payload.unit)  # a unit outside the scope is a 404 first
        raise invalid("unit", _("A meeting stays with the union that held it."), "unit_fixed")
    return services.update_meeting(
        actor=request.user,
        meeting=meeting,
        spec=_spec(request, meeting.unit, payload),
        version=payload.version,
    )


@meetings_router.get(
    "/{int:meeting_id}/minutes", response={200: None, **ERRORS}, summary="The minutes (.docx)"
)
def get_minutes(request, meeting_id: Id):
    meeting = _meeting(request, meeting_id)
    return file_response(minutes_docx(meeting), f"bien-ban-{meeting.pk}.docx", DOCX_TYPE)


def _article_meeting(request, meeting_id: int) -> Meeting:
    meeting = _meeting(request, meeting_id)
    if not meeting.kind.article:
        raise Http404(_("No article is drafted from this kind of meeting."))
    return meeting


def _article_out(meeting: Meeting) -> dict:
    current = article.current(meeting)
    return {
        "title": current.title,
        "text": current.text,
        "paragraphs": current.paragraphs,
        "edited": bool(meeting.article_text),
        "reported": current.reported,
        "figures": [f.__dict__ for f in current.figures],
        "version": meeting.version,
    }


@meetings_router.get(
    "/{int:meeting_id}/article",
    response={200: ArticleOut, **ERRORS},
    summary="The news article drafted from the records (or as edited)",
)
def get_article(request, meeting_id: Id):
    return _article_out(_article_meeting(request, meeting_id))


@meetings_router.put(
    "/{int:meeting_id}/article",
    response={200: ArticleOut, **ERRORS},
    summary="Keep an edit of the article (empty title and text: draft afresh)",
)
def put_article(request, meeting_id: Id, payload: ArticleIn):
    meeting = services.save_article(
        actor=request.user,
        meeting=_article_meeting(request, meeting_id),
        title=payload.title,
        text=payload.text,
        version=payload.version,
    )
    return _article_out(meeting)


@meetings_router.get(
    "/{int:meeting_id}/article.docx", response={200: None, **ERRORS}, summary="Article (.docx)"
)
def article_docx(request, meeting_id: Id):
    current = article.current(_article_meeting(request, meeting_id))
    return file_response(article.as_docx(current), f"bai-viet-{meeting_id}.docx", DOCX_TYPE)


@meetings_router.get(
    "/{int:meeting_id}/article.html", response={200: None, **ERRORS}, summary="Article (HTML)"
)
def article_html(request, meeting_id: Id):
    current = article.current(_article_meeting(request, meeting_id))
    return HttpResponse(article.as_html(current), content_type="text/html; charset=utf-8")


@meetings_router.post(
    "/{int:meeting_id}/files", response={201: FileOut, **ERRORS}, summary="Attach a file"
)
def attach_to_meeting(request, meeting_id: Id, file: File[UploadedFile]):
    meeting = _meeting(request, meeting_id)
    attachment = services.attach(
        actor=request.user,
        owner=meeting,
        name=file.name or "",
        content=file.read(services.MAX_FILE + 1),
        content_type=file.content_type or "",
    )
    return Status(201, attachment)


# --- agreements ---------------------------------------------------------------------


class AgreementIn(Schema):
    unit: Id
    employer: str = Field(..., min_length=1, max_length=300)
    tax_code: str = Field("", max_length=14)
    number: str = Field("", max_length=60)
    signed_on: Day | None = None
    effective_from: Day | None = None
    effective_to: Day | None = None
    workers: int = Field(0, ge=0, le=10_000_000)
    covers: list[Id] = Field(default_factory=list, max_length=5000)
    replaces: Id | None = None
    notes: str = Field("", max_length=20_000)


class AgreementUpdate(AgreementIn):
    version: int = Field(..., ge=1)


class AmendmentIO(Schema):
    on: Day
    summary: str = Field(..., min_length=1, max_length=20_000)


class AgreementOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    employer: str
    tax_code: str
    number: str
    signed_on: Day | None
    effective_from: Day | None
    effective_to: Day | None
    workers: int
    status: str
    grade: str
    graded_year: int | None
    covers: list[int]
    replaces: int | None = Field(None, alias="replaces_id")
    replaced_on: Day | None
    notes: str
    version: int
    amendments: list[AmendmentIO]
    files: list[FileOut]

    @staticmethod
    def resolve_status(agreement) -> str:
        return agreement.status_on(timezone.localdate())

    @staticmethod
    def resolve_covers(agreement) -> list[int]:
        return [u.pk for u in agreement.covers.all()]

    @staticmethod
    def resolve_amendments(agreement) -> list:
        return list(agreement.amendments.all())

    @staticmethod
    def resolve_files(agreement) -> list:
        return list(agreement.files.defer("content"))


class AgreementFilter(Schema):
    unit: Id | None = None
    status: str = Field("", max_length=10)


class CriterionOut(Schema):
    id: int
    year: int
    order: int
    text: str
    points: int
    source: str


class ScoreIn(Schema):
    criterion: Id
    points: int = Field(..., ge=0, le=1000)


class GradeIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    scores: list[ScoreIn] = Field(..., min_length=1, max_length=100)


def _agreement(request, pk: int) -> CollectiveAgreement:
    return get_visible(CollectiveAgreement.objects.select_related("unit"), request.user, pk)


def _agreement_spec(request, payload: AgreementIn) -> services.AgreementSpec:
    covered = Unit.objects.visible_to(request.user).select_related("kind").in_bulk(payload.covers)
    for pk in payload.covers:
        if pk not in covered:
            _unit(request, pk)  # the 404
    replaces = None
    if payload.replaces is not None:
        replaces = _agreement(request, payload.replaces)
    return services.AgreementSpec(
        employer=payload.employer,
        tax_code=payload.tax_code,
        number=payload.number,
        signed_on=payload.signed_on,
        effective_from=payload.effective_from,
        effective_to=payload.effective_to,
        workers=payload.workers,
        covers=[covered[pk] for pk in dict.fromkeys(payload.covers)],
        replaces=replaces,
        notes=payload.notes,
    )


@agreements_router.get(
    "/criteria", response=list[CriterionOut], summary="The grading criteria in force for a year"
)
def list_criteria(request, year: int = Query(..., ge=2000, le=2100)):
    return services.criteria_for(year)


@agreements_router.get(
    "/expiring",
    response={200: list[AgreementOut], **ERRORS},
    summary="Agreements under a union in force today and ending within the days given",
)
def list_expiring(request, unit: Id, days: int = Query(60, ge=1, le=1000)):
    rows = expiring(request.user, _unit(request, unit), timezone.localdate(), days)
    return list(rows.prefetch_related("covers", "amendments"))


@agreements_router.get("", response=list[AgreementOut], summary="Collective agreements in scope")
@paginate(LimitOffset)
def list_agreements(request, filters: Query[AgreementFilter]):
    rows = CollectiveAgreement.objects.visible_to(request.user)
    if filters.unit:
        rows = rows.filter(
            CollectiveAgreement.objects.all().under(_unit(request, filters.unit).path)
        )
    if filters.status == "in_force":
        rows = rows.in_force_on(timezone.localdate())
    return rows.prefetch_related("covers", "amendments")


@agreements_router.post(
    "", response={201: AgreementOut, **ERRORS}, summary="Record a collective agreement"
)
def record_agreement(request, payload: AgreementIn):
    unit = _unit(request, payload.unit)
    agreement = services.record_agreement(
        actor=request.user, unit=unit, spec=_agreement_spec(request, payload)
    )
    return Status(201, agreement)


@agreements_router.get(
    "/{int:agreement_id}", response={200: AgreementOut, **ERRORS}, summary="An agreement"
)
def get_agreement(request, agreement_id: Id):
    return _agreement(request, agreement_id)


@agreements_router.put(
    "/{int:agreement_id}", response={200: AgreementOut, **ERRORS}, summary="Change an agreement"
)
def update_agreement(request, agreement_id: Id, payload: AgreementUpdate):
    agreement = _agreement(request, agreement_id)
    if payload.unit != agreement.unit_id:
        _unit(request, payload.unit)
        raise invalid("unit", _("An agreement stays with the union that signed it."), "unit_fixed")
    return services.update_agreement(
        actor=request.user,
        agreement=agreement,
        spec=_agreement_spec(request, payload),
        version=payload.version,
    )


@agreements_router.post(
    "/{int:agreement_id}/amendments",
    response={201: AmendmentIO, **ERRORS},
    summary="Record an amendment",
)
def amend(request, agreement_id: Id, payload: AmendmentIO):
    amendment = services.amend(
        actor=request.user,
        agreement=_agreement(request, agreement_id),
        on=payload.on,
        summary=payload.summary,
    )
    return Status(201, amendment)


@agreements_router.post(
    "/{int:agreement_id}/grade",
    response={200: AgreementOut, **ERRORS},
    summary="Grade an agreement A/B/C on the year's criteria (the level above)",
)
def grade(request, agreement_id: Id, payload: GradeIn):
    points = {}
    for score in payload.scores:
        if score.criterion in points:
            raise invalid("scores", _("A criterion is scored once."), "repeated")
        points[score.criterion] = score.points
    return services.grade(
        actor=request.user,
        agreement=_agreement(request, agreement_id),
        year=payload.year,
        points=points,
    )


@agreements_router.post(
    "/{int:agreement_id}/files", response={201: FileOut, **ERRORS}, summary="Attach a file"
)
def attach_to_agreement(request, agreement_id: Id, file: File[UploadedFile]):
    attachment = services.attach(
        actor=request.user,
        owner=_agreement(request, agreement_id),
        name=file.name or "",
        content=file.read(services.MAX_FILE + 1),
        content_type=file.content_type or "",
    )
    return Status(201, attachment)


__all__ = ["agreements_router", "meetings_router"]
