"""``/api/v1/returns``: return templates, periods, each unit's return and the roll-up."""

import datetime
from datetime import date
from typing import Literal

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from congdoan.core import documents
from congdoan.core.api import ERRORS, Id, get_visible
from congdoan.core.docx import DOCX_TYPE, MAX_TEMPLATE_BYTES
from congdoan.core.downloads import file_response
from congdoan.core.errors import invalid
from congdoan.core.scoping import require_role
from congdoan.organizations.models import Sector, Unit

from . import services
from .models import (
    Indicator,
    IndicatorCheck,
    IndicatorKind,
    Period,
    PeriodKind,
    Return,
    ReturnTemplate,
    Rollup,
    Source,
)

router = Router(tags=["returns"])
reports_router = Router(tags=["reports"])


class IndicatorIO(Schema):
    code: str = Field(..., pattern=r"^[a-z0-9_-]{1,40}$")
    label: str = Field(..., min_length=1, max_length=255)
    group: str = Field("", max_length=120)
    kind: IndicatorKind
    rollup: Rollup
    source: Source = Source.MANUAL
    sector: Sector | Literal[""] = ""
    award: str = Field("", max_length=40)
    detail: str = Field("", pattern=r"^[A-Za-z0-9_-]{0,40}$")
    numerator: str = Field("", max_length=40)
    denominator: str = Field("", max_length=40)


class CheckIO(Schema):
    part: str = Field(..., max_length=40)
    whole: str = Field(..., max_length=40)


class TemplateIn(Schema):
    code: str = Field(..., pattern=r"^[a-z0-9-]{1,40}$")
    name: str = Field(..., min_length=1, max_length=200)
    year: int = Field(..., ge=2000, le=2100)
    period_kind: PeriodKind = PeriodKind.YEAR
    indicators: list[IndicatorIO] = Field(..., min_length=1, max_length=300)
    checks: list[CheckIO] = Field(default_factory=list, max_length=300)


class TemplateOut(Schema):
    id: int
    code: str
    name: str
    year: int
    period_kind: str
    indicators: list[IndicatorIO]
    checks: list[CheckIO]

    @staticmethod
    def resolve_indicators(template: ReturnTemplate) -> list:
        return list(template.indicators.all())

    @staticmethod
    def resolve_checks(template: ReturnTemplate) -> list:
        return list(template.checks.all())


class PeriodIn(Schema):
    template: Id
    unit: Id
    number: int = Field(1, ge=1, le=12)
    deadline: date


class PeriodOut(Schema):
    id: int
    template: int = Field(alias="template_id")
    unit: int = Field(alias="unit_id")
    year: int
    number: int
    starts_on: date
    ends_on: date
    deadline: date


class ReturnOut(Schema):
    id: int
    period: int = Field(alias="period_id")
    unit: int = Field(alias="unit_id")
    unit_name: str = Field(alias="unit.name")
    revision: int
    status: str
    version: int
    reason: str
    values: dict
    corrections: dict

    @staticmethod
    def resolve_values(ret: Return) -> dict:
        return services.all_values(ret)


class CorrectionIn(Schema):
    version: int = Field(..., ge=1)
    code: str = Field(..., max_length=40)
    value: str | int | float | None = None
    reason: str = Field("", max_length=500)


class CopyIn(Schema):
    year: int = Field(..., ge=2000, le=2100)


class ValuesIn(Schema):
    version: int = Field(..., ge=1)
    values: dict[str, str | int | float | bool | None] = Field(..., max_length=300)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=500)


class ReturnFilters(Schema):
    unit: Id
    period: Id


class RollupOut(Schema):
    unit: int
    period: int
    reported: int
    values: dict


# --- templates ----------------------------------------------------------------------


@router.get("/templates", response=list[TemplateOut], summary="Return templates")
def list_templates(request):
    return ReturnTemplate.objects.prefetch_related("indicators", "checks")


@router.post(
    "/templates", response={201: TemplateOut, **ERRORS}, summary="Add a template (operators)"
)
def create_template(request, payload: TemplateIn):
    if not request.user.is_superuser:
        raise HttpError(403, _("Only an operator adds return templates."))
    codes = [i.code for i in payload.indicators]
    if len(set(codes)) != len(codes):
        raise invalid("indicators", _("Each indicator needs its own code."), "duplicate")
    for indicator in payload.indicators:
        if indicator.rollup == Rollup.RATIO and not {
            indicator.numerator,
            indicator.denominator,
        } <= set(codes):
            raise invalid(
                indicator.code, _("A ratio names two indicators of the template."), "invalid"
            )
    for rule in payload.checks:
        if not {rule.part, rule.whole} <= set(codes):
            raise invalid("checks", _("A check names two indicators of the template."), "invalid")
    if ReturnTemplate.objects.filter(code=payload.code, year=payload.year).exists():
        raise invalid("code", _("A template with this code exists for this year."), "exists")
    with transaction.atomic():
        template = ReturnTemplate.objects.create(
            code=payload.code, name=payload.name, year=payload.year, period_kind=payload.period_kind
        )
        Indicator.objects.bulk_create(
            Indicator(template=template, order=n, **i.dict())
            for n, i in enumerate(payload.indicators, start=1)
        )
        IndicatorCheck.objects.bulk_create(
            IndicatorCheck(template=template, **rule.dict()) for rule in payload.checks
        )
    return Status(201, template)


@router.post(
    "/templates/{int:template_id}/copy",
    response={201: TemplateOut, **ERRORS},
    summary="Copy a template to another year (operators)",
)
def copy_template(request, template_id: Id, payload: CopyIn):
    template = get_object_or_404(ReturnTemplate, pk=template_id)
    return Status(
        201, services.copy_template(actor=request.user, template=template, year=payload.year)
    )


# --- periods ------------------------------------------------------------------------


@router.post("/periods", response={201: PeriodOut, **ERRORS}, summary="Open a period")
def open_period(request, payload: PeriodIn):
    template = get_object_or_404(ReturnTemplate, pk=payload.template)
    unit = get_visible(Unit.objects.all(), request.user, payload.unit)
    period = services.open_period(
        actor=request.user,
        template=template,
        unit=unit,
        number=payload.number,
        deadline=payload.deadline,
    )
    return Status(201, period)


def _period_for(request, period_id: int) -> Period:
    """A period the user takes part in: opened inside their scope or above it."""
    period = get_object_or_404(Period.objects.select_related("unit", "template"), pk=period_id)
    if services.takes_part(request.user, period):
        return period
    raise HttpError(404, _("No such period in your scope."))


# --- returns ------------------------------------------------------------------------


def _return(request, return_id: int, role: str = "viewer") -> Return:
    return get_visible(
        Return.objects.select_related("unit__parent", "period__template"),
        request.user,
        return_id,
        role,
    )


@router.get("", response={200: ReturnOut, **ERRORS}, summary="A unit's return for a period")
def get_unit_return(request, filters: Query[ReturnFilters]):
    period = _period_for(request, filters.period)
    unit = get_visible(Unit.objects.all(), request.user, filters.unit)
    return services.return_for(actor=request.user, period=period, unit=unit)


@router.get("/rollup", response={200: RollupOut, **ERRORS}, summary="Roll-up of a subtree")
def get_rollup(request, filters: Query[ReturnFilters]):
    period = _period_for(request, filters.period)
    unit = get_visible(Unit.objects.all(), request.user, filters.unit)
    require_role(request.user, unit, "viewer")
    result = services.rollup(unit=unit, period=period)
    return {"unit": unit.pk, "period": period.pk, **result}


@router.get("/{int:return_id}", response={200: ReturnOut, **ERRORS}, summary="One return")
def get_return(request, return_id: Id):
    return _return(request, return_id)


@router.patch(
    "/{int:return_id}", response={200: ReturnOut, **ERRORS}, summary="Type values by code"
)
def patch_return(request, return_id: Id, payload: ValuesIn):
    ret = _return(request, return_id)
    return services.save_values(
        actor=request.user, ret=ret, values=payload.values, version=payload.version
    )


@router.post(
    "/{int:return_id}/corrections",
    response={200: ReturnOut, **ERRORS},
    summary="Correct a computed figure, with the reason (an empty value drops it)",
)
def correct_value(request, return_id: Id, payload: CorrectionIn):
    return services.correct_value(
        actor=request.user,
        ret=_return(request, return_id),
        code=payload.code,
        value=payload.value,
        reason=payload.reason,
        version=payload.version,
    )


@router.post("/{int:return_id}/submit", response={200: ReturnOut, **ERRORS}, summary="Submit")
def submit(request, return_id: Id):
    return services.submit(actor=request.user, ret=_return(request, return_id))


@router.post("/{int:return_id}/approve", response={200: ReturnOut, **ERRORS}, summary="Approve")
def approve(request, return_id: Id):
    return services.approve(actor=request.user, ret=_return(request, return_id))


@router.post("/{int:return_id}/send-back", response={200: ReturnOut, **ERRORS}, summary="Send back")
def send_back(request, return_id: Id, payload: ReasonIn):
    return services.send_back(
        actor=request.user, ret=_return(request, return_id), reason=payload.reason
    )


@router.get(
    "/{int:return_id}/xlsx",
    response={200: None, **ERRORS},
    summary="The return as Excel: a row per unit under it, and the totals",
)
def return_xlsx(request, return_id: Id):
    from congdoan.core.xlsx import XLSX_TYPE

    from .exporting import return_workbook

    ret = _return(request, return_id)
    name = f"bao-cao-{ret.period.year}-{ret.unit.code}.xlsx"
    return file_response(return_workbook(ret), name, XLSX_TYPE)


@router.post(
    "/{int:return_id}/correct",
    response={201: ReturnOut, **ERRORS},
    summary="Correct an approved return (a new revision)",
)
def correct(request, return_id: Id):
    return Status(201, services.correct(actor=request.user, ret=_return(request, return_id)))


# --- the year-end report ------------------------------------------------------------


class YearEndFilters(Schema):
    unit: Id
    year: int = Field(..., ge=2000, le=2100)
    number: int | None = Field(None, ge=1, le=99999, description="Document number")
    place: str = Field("", max_length=100, description="Place of signing (the province)")
    date: datetime.date | None = Field(None, description="Date of signing (today)")
    signer: str = Field("", max_length=100)
    header: Literal["union", "state"] = Field("union", description="Right-hand heading")


@reports_router.get(
    "/year-end",
    response={200: None, **ERRORS},
    summary="The year-end report of a unit's subtree as Word (.docx)",
)
def year_end(request, filters: Query[YearEndFilters]):
    from .yearend import year_end_report

    unit = get_visible(
        Unit.objects.select_related("kind", "parent", "province"), request.user, filters.unit
    )
    content = year_end_report(
        unit,
        filters.year,
        number=filters.number,
        place=filters.place,
        day=filters.date,
        signer=filters.signer,
        state_header=filters.header == "state",
    )
    return file_response(content, f"bao-cao-tong-ket-{filters.year}-{unit.code}.docx", DOCX_TYPE)


def _kind(code: str) -> documents.DocumentKind:
    kind = documents.kind_of(code)
    if kind is None:
        raise HttpError(404, _("No such document."))
    return kind


class TemplateFilters(Schema):
    unit: Id
    default: bool = Field(False, description="The built-in template instead of the one in use")


@reports_router.get(
    "/templates/{kind}",
    response={200: None, **ERRORS},
    summary="The Word template a unit's document is written from",
)
def get_document_template(request, kind: str, filters: Query[TemplateFilters]):
    found = _kind(kind)
    unit = get_visible(Unit.objects.all(), request.user, filters.unit)
    content = found.default() if filters.default else documents.template_bytes(unit, found)
    return file_response(content, found.filename, DOCX_TYPE)


class DocumentTemplateOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    kind: str
    filename: str
    uploaded_at: str

    @staticmethod
    def resolve_uploaded_at(template) -> str:
        return template.uploaded_at.isoformat()


@reports_router.post(
    "/templates/{kind}",
    response={201: DocumentTemplateOut, **ERRORS},
    summary="Upload an edited Word template for a unit and the units under it",
)
def upload_document_template(request, kind: str, unit: Id, file: File[UploadedFile]):
    found = _kind(kind)
    target = get_visible(Unit.objects.all(), request.user, unit)
    if file.size > MAX_TEMPLATE_BYTES:
        raise invalid("file", _("The template is larger than 5 MB."), "too_large")
    template = documents.upload_template(
        actor=request.user, unit=target, kind=found, filename=file.name or "", content=file.read()
    )
    return Status(201, template)
