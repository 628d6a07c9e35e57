"""``/api/v1/members``: records, lifecycle, transfers between unions, export."""

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Id, LimitOffset, get_visible
from congdoan.organizations.models import Unit

from . import services
from .exporting import export_response, export_scope
from .filters import MemberFilters, filter_members
from .listing import MemberListing
from .models import Ethnicity, ImportJob, Member, Transfer

router = Router(tags=["members"])


class MemberRowOut(Schema):
    """A member in a list: identity number and phone masked."""

    id: int
    full_name: str
    gender: str
    birth: str = Field(alias="birth_display")
    id_number: str = Field(alias="masked_id")
    phone: str = Field(alias="masked_phone")
    unit: int = Field(alias="unit_id")
    unit_name: str = Field(alias="unit.name")
    status: str
    card_number: str


class MemberOut(Schema):
    """A member in full (only for users whose scope covers them)."""

    id: int
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    gender: str
    birth_date: date | None
    birth_precision: str
    id_kind: str
    id_number: str
    nationality: str
    ethnicity: str | None
    religion: str
    education: str
    qualification: str
    job_title: str
    phone: str
    email: str
    address: str
    unit: int
    unit_name: str
    joined_on: date | None
    card_number: str
    party_member: bool
    status: str
    notes: str
    version: int

    @staticmethod
    def of(member: Member) -> dict:
        family, middle, given = member.names
        data = {
            name: getattr(member, name)
            for name in MemberOut.model_fields
            if hasattr(member, name) and name not in ("unit", "ethnicity")
        }
        data.update(
            family_name=family,
            middle_name=middle,
            given_name=given,
            unit=member.unit_id,
            unit_name=member.unit.name,
            ethnicity=member.ethnicity.code if member.ethnicity else None,
        )
        return data


class MemberFieldsIn(Schema):
    full_name: str = Field(max_length=150)
    gender: str = Field(max_length=8)
    birth_date: date | None = None
    birth_precision: str = Field("day", max_length=4)
    id_number: str = Field("", max_length=20)
    nationality: str = Field("VN", max_length=2)
    ethnicity: str | None = Field(None, max_length=4)
    religion: str = Field("", max_length=60)
    education: str = Field("", max_length=20)
    qualification: str = Field("", max_length=100)
    job_title: str = Field("", max_length=100)
    phone: str = Field("", max_length=15)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=255)
    joined_on: date | None = None
    card_number: str = Field("", max_length=20)
    party_member: bool = False
    notes: str = Field("", max_length=2000)


class AdmitIn(MemberFieldsIn):
    unit: Id
    decision_number: str = Field("", max_length=64)
    on: date | None = None


class MemberPatchIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1)
    full_name: str | None = Field(None, max_length=150)
    gender: str | None = Field(None, max_length=8)
    birth_date: date | None = None
    birth_precision: str | None = Field(None, max_length=4)
    id_number: str | None = Field(None, max_length=20)
    nationality: str | None = Field(None, max_length=2)
    ethnicity: str | None = Field(None, max_length=4)
    religion: str | None = Field(None, max_length=60)
    education: str | None = Field(None, max_length=20)
    qualification: str | None = Field(None, max_length=100)
    job_title: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=15)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=255)
    joined_on: date | None = None
    card_number: str | None = Field(None, max_length=20)
    party_member: bool | None = None
    notes: str | None = Field(None, max_length=2000)


class TransferIn(Schema):
    to_unit: Id
    on: date | None = None
    decision_number: str = Field("", max_length=64)
    reason: str = Field("", max_length=255)


class LeaveIn(Schema):
    on: date | None = None
    reason: str = Field("", max_length=255)
    decision_number: str = Field("", max_length=64)
    deceased: bool = False


class RejoinIn(Schema):
    unit: Id | None = None
    on: date | None = None
    decision_number: str = Field("", max_length=64)


class TransferOut(Schema):
    id: int
    member: int = Field(alias="member_id")
    member_name: str = Field(alias="member.full_name")
    from_unit: int = Field(alias="from_unit_id")
    from_unit_name: str = Field(alias="from_unit.name")
    to_unit: int = Field(alias="to_unit_id")
    to_unit_name: str = Field(alias="to_unit.name")
    date: date


def _ethnicity(code: str | None):
    if not code:
        return None
    found = Ethnicity.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(
            {
                "ethnicity": ValidationError(
                    _("There is no ethnic group with code %(code)s.") % {"code": code},
                    code="unknown_ethnicity",
                )
            }
        )
    return found


def _member(request, member_id: int, role: str = "viewer") -> Member:
    return get_visible(
        Member.objects.select_related("unit", "ethnicity"), request.user, member_id, role
    )


def _unit(request, unit_id: int) -> Unit:
    return get_visible(Unit.objects.select_related("kind"), request.user, unit_id)


def _out(member: Member) -> dict:
    member = Member.objects.select_related("unit", "ethnicity").get(pk=member.pk)
    return MemberOut.of(member)


@router.get("", response=list[MemberRowOut], summary="Members in your scope")
@paginate(LimitOffset)
def list_members(request, filters: Query[MemberFilters]):
    return MemberListing(request.user, filters)


@router.post("", response={201: MemberOut, **ERRORS}, summary="Admit a member")
def admit(request, payload: AdmitIn):
    unit = _unit(request, payload.unit)
    fields = payload.dict(exclude={"unit", "decision_number", "on"})
    fields["ethnicity"] = _ethnicity(fields["ethnicity"])
    member = services.admit_member(
        actor=request.user,
        unit=unit,
        data=services.MemberData(**fields),
        on=payload.on,
        decision_number=payload.decision_number,
    )
    return Status(201, _out(member))


@router.get("/export", summary="Members as .xlsx (the import's column layout); logged")
def export(request, filters: Query[MemberFilters]):
    members = filter_members(Member.objects.visible_to(request.user), request.user, filters)
    return export_response(
        user=request.user,
        members=members,
        scope_unit=export_scope(request.user, filters),
        filename="doan-vien.xlsx",
        filters=filters.dict(),
    )


@router.get(
    "/transfers/incoming",
    response=list[TransferOut],
    summary="Members released to unions in your scope, awaiting reception",
)
@paginate(LimitOffset)
def incoming(request):
    return Transfer.objects.incoming_for(request.user).select_related(
        "member", "from_unit", "to_unit"
    )


@router.post(
    "/transfers/{int:transfer_id}/receive",
    response={200: MemberOut, **ERRORS},
    summary="Receive a transferred member",
)
def receive(request, transfer_id: Id):
    transfer = get_object_or_404(Transfer.objects.incoming_for(request.user), pk=transfer_id)
    return _out(services.receive_transfer(actor=request.user, transfer=transfer))


@router.post(
    "/transfers/{int:transfer_id}/cancel",
    response={200: MemberOut, **ERRORS},
    summary="Take back a release not yet received",
)
def cancel(request, transfer_id: Id):
    transfer = get_object_or_404(
        Transfer.objects.pending().filter(member__in=Member.objects.visible_to(request.user)),
        pk=transfer_id,
    )
    return _out(services.cancel_transfer(actor=request.user, transfer=transfer))


@router.get("/{int:member_id}", response={200: MemberOut, **ERRORS}, summary="One member")
def get_member(request, member_id: Id):
    return MemberOut.of(_member(request, member_id))


@router.patch(
    "/{int:member_id}",
    response={200: MemberOut, **ERRORS},
    summary="Edit a member (send the version you read; a stale one answers 409)",
)
def patch_member(request, member_id: Id, payload: MemberPatchIn):
    member = _member(request, member_id)
    nullable = ("birth_date", "joined_on", "ethnicity")
    changes = {
        name: value
        for name, value in payload.dict(exclude_unset=True, exclude={"version"}).items()
        if value is not None or name in nullable
    }
    if "ethnicity" in changes:
        changes["ethnicity"] = _ethnicity(changes["ethnicity"])
    services.update_member(actor=request.user, member=member, version=payload.version, **changes)
    return _out(member)


@router.post(
    "/{int:member_id}/transfer",
    response={200: MemberOut, **ERRORS},
    summary="Transfer to another union (released, or completed in one step)",
)
def transfer(request, member_id: Id, payload: TransferIn):
    member = _member(request, member_id)
    to_unit = get_object_or_404(Unit.objects.select_related("kind").active(), pk=payload.to_unit)
    services.transfer_member(
        actor=request.user,
        member=member,
        to_unit=to_unit,
        on=payload.on,
        decision_number=payload.decision_number,
        reason=payload.reason,
    )
    return _out(member)


@router.post(
    "/{int:member_id}/leave",
    response={200: MemberOut, **ERRORS},
    summary="Record leaving the union (or death)",
)
def leave(request, member_id: Id, payload: LeaveIn):
    member = _member(request, member_id)
    services.record_leaving(
        actor=request.user,
        member=member,
        on=payload.on,
        reason=payload.reason,
        decision_number=payload.decision_number,
        deceased=payload.deceased,
    )
    return _out(member)


@router.post(
    "/{int:member_id}/rejoin",
    response={200: MemberOut, **ERRORS},
    summary="A member who left rejoins",
)
def rejoin(request, member_id: Id, payload: RejoinIn):
    member = _member(request, member_id)
    unit = _unit(request, payload.unit) if payload.unit else None
    services.rejoin_member(
        actor=request.user,
        member=member,
        unit=unit,
        on=payload.on,
        decision_number=payload.decision_number,
    )
    return _out(member)


imports_router = Router(tags=["imports"])


class ImportOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    filename: str
    status: str
    progress: int
    total: int
    encoding: str
    header_row: int | None
    mapping: dict
    counts: dict
    problem_count: int
    problems: list[dict]
    error: str


@imports_router.post(
    "",
    response={201: ImportOut, **ERRORS},
    summary="Upload a member list (multipart: file, unit); checked in the background",
)
def start_import(request, unit: Form[Id], file: File[UploadedFile]):
    target = _unit(request, unit)
    job = services.start_import(
        actor=request.user, unit=target, filename=file.name or "file", data=file.read()
    )
    return Status(201, ImportJob.objects.get(pk=job.pk))


@imports_router.get(
    "/{int:job_id}",
    response={200: ImportOut, **ERRORS},
    summary="An import's status, progress, counts and problems",
)
def get_import(request, job_id: Id):
    return get_visible(ImportJob.objects.defer("data"), request.user, job_id)


@imports_router.post(
    "/{int:job_id}/commit",
    response={202: ImportOut, **ERRORS},
    summary="Save a checked import without errors (all rows or none)",
)
def commit_import(request, job_id: Id):
    job = get_visible(ImportJob.objects.all(), request.user, job_id)
    services.request_commit(actor=request.user, job=job)
    return Status(202, ImportJob.objects.defer("data").get(pk=job.pk))
