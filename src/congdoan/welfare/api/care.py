"""``/api/v1/care``: kinds, rates, care records and payment lists."""

from typing import Literal

from django.db.models import Sum
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from congdoan.core.api import ERRORS, Day, Id, LimitOffset, Money, get_visible
from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response

from .. import documents, services
from ..filters import CareFilter, filter_care
from ..models import (
    CareBatch,
    CareKind,
    CareRate,
    CareRecord,
)
from .common import _fund, _kind, _member, _members, _unit

care_router = Router(tags=["care"])

# --- care ---------------------------------------------------------------------------


class KindOut(Schema):
    code: str
    name: str
    group: str
    unit: int | None = Field(None, alias="unit_id")


class KindIn(Schema):
    unit: Id
    code: str = Field(..., pattern=r"^[a-z0-9-]{1,40}$")
    name: str = Field(..., min_length=1, max_length=120)
    group: CareKind.Group


class RateOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    kind: str = Field(alias="kind.code")
    amount: int
    valid_from: Day
    min_member_years: int | None
    source: str


class RateIn(Schema):
    unit: Id
    kind: str = Field(..., max_length=40)
    amount: Money
    valid_from: Day
    min_member_years: int | None = Field(None, ge=1, le=60)
    source: str = Field("", max_length=200)


class CareOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    kind: str = Field(alias="kind.code")
    on: Day
    beneficiary: str
    member: int | None = Field(None, alias="member_id")
    person_name: str
    person_note: str
    amount: int
    in_kind: str
    fund: int | None = Field(None, alias="fund_id")
    occasion: str
    voucher: str
    batch: int | None = Field(None, alias="batch_id")
    cancelled: bool
    cancel_reason: str

    @staticmethod
    def resolve_cancelled(care) -> bool:
        return care.cancelled_at is not None


class CareIn(Schema):
    unit: Id
    kind: str = Field(..., max_length=40)
    on: Day
    beneficiary: Literal["member", "child", "outside"] = "member"
    member: Id | None = None
    person_name: str = Field("", max_length=150)
    person_note: str = Field("", max_length=200)
    amount: Money | None = Field(None, description="Blank: the union's rate for the kind")
    in_kind: str = Field("", max_length=200)
    fund: Id | None = None
    occasion: str = Field("", max_length=200)
    voucher: str = Field("", max_length=64)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=255)


class BatchIn(Schema):
    unit: Id
    kind: str = Field(..., max_length=40)
    on: Day
    occasion: str = Field(..., min_length=1, max_length=200)
    members: list[Id] = Field(..., min_length=1, max_length=20000)
    amount: Money | None = None
    fund: Id | None = None
    voucher: str = Field("", max_length=64)


class BatchOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    kind: str = Field(alias="kind.code")
    on: Day
    occasion: str
    fund: int | None = Field(None, alias="fund_id")
    voucher: str
    count: int
    total: int

    @staticmethod
    def resolve_count(batch) -> int:
        return batch.records.in_force().count()

    @staticmethod
    def resolve_total(batch) -> int:
        return batch.records.in_force().aggregate(total=Sum("amount"))["total"] or 0


@care_router.get("/kinds", response=list[KindOut], summary="Kinds of care a union uses")
def list_kinds(request, unit: Id):
    return CareKind.objects.for_unit(_unit(request, unit))


@care_router.post("/kinds", response={201: KindOut, **ERRORS}, summary="Add a union's own kind")
def add_kind(request, payload: KindIn):
    unit = _unit(request, payload.unit)
    kind = services.add_kind(
        actor=request.user, unit=unit, code=payload.code, name=payload.name, group=payload.group
    )
    return Status(201, kind)


@care_router.get("/rates", response=list[RateOut], summary="A union's care rates")
def list_rates(request, unit: Id):
    return (
        CareRate.objects.visible_to(request.user)
        .filter(unit=_unit(request, unit))
        .select_related("kind")
    )


@care_router.post("/rates", response={201: RateOut, **ERRORS}, summary="Set a care rate")
def set_rate(request, payload: RateIn):
    unit = _unit(request, payload.unit)
    rate = services.set_rate(
        actor=request.user,
        unit=unit,
        kind=_kind(unit, payload.kind),
        amount=payload.amount,
        valid_from=payload.valid_from,
        min_member_years=payload.min_member_years,
        source=payload.source,
    )
    return Status(201, rate)


def _care(request):
    return CareRecord.objects.visible_to(request.user).select_related("kind")


@care_router.get("", response=list[CareOut], summary="Care records in scope")
@paginate(LimitOffset)
def list_care(request, filters: Query[CareFilter]):
    unit = _unit(request, filters.unit) if filters.unit else None
    return filter_care(_care(request), filters, unit)


@care_router.post("", response={201: CareOut, **ERRORS}, summary="Record one act of care")
def record_care(request, payload: CareIn):
    unit = _unit(request, payload.unit)
    care = services.record_care(
        actor=request.user,
        unit=unit,
        kind=_kind(unit, payload.kind),
        on=payload.on,
        recipient=services.Recipient(
            beneficiary=payload.beneficiary,
            member=_member(request, payload.member),
            person_name=payload.person_name,
            person_note=payload.person_note,
        ),
        amount=payload.amount,
        in_kind=payload.in_kind,
        fund=_fund(request, payload.fund),
        occasion=payload.occasion,
        voucher=payload.voucher,
    )
    return Status(201, care)


# the payment lists' paths come before a record's, whose id would take "batches"
@care_router.post("/batches", response={201: BatchOut, **ERRORS}, summary="Care for many at once")
def record_batch(request, payload: BatchIn):
    unit = _unit(request, payload.unit)
    batch = services.record_batch(
        actor=request.user,
        unit=unit,
        kind=_kind(unit, payload.kind),
        on=payload.on,
        occasion=payload.occasion,
        members=_members(request, payload.members),
        amount=payload.amount,
        fund=_fund(request, payload.fund),
        voucher=payload.voucher,
    )
    return Status(201, batch)


@care_router.get(
    "/batches/{batch_id}", response={200: BatchOut, **ERRORS}, summary="A payment list"
)
def get_batch(request, batch_id: Id):
    return get_visible(CareBatch.objects.select_related("kind"), request.user, batch_id)


@care_router.get(
    "/batches/{batch_id}/document",
    response={200: None, **ERRORS},
    summary="The payment list (danh sách chi) as Word",
    openapi_extra={"responses": {200: {"content": {DOCX_TYPE: {}}}}},
)
def batch_document(request, batch_id: Id):
    batch = get_visible(
        CareBatch.objects.select_related("unit__kind", "unit__parent", "kind", "fund"),
        request.user,
        batch_id,
    )
    return file_response(documents.batch_docx(batch), f"danh-sach-chi-{batch.pk}.docx", DOCX_TYPE)


@care_router.get("/{care_id}", response={200: CareOut, **ERRORS}, summary="One care record")
def get_care(request, care_id: Id):
    return get_visible(_care(request), request.user, care_id)


@care_router.post(
    "/{care_id}/cancel", response={200: CareOut, **ERRORS}, summary="Cancel a record (kept)"
)
def cancel_care(request, care_id: Id, payload: ReasonIn):
    care = get_visible(_care(request), request.user, care_id)
    return services.cancel_care(actor=request.user, care=care, reason=payload.reason)
