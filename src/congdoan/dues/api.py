"""``/api/v1/dues``: the rules in force, a union's dues group, its monthly sheets (the
lines with salaries only for its treasurer and officers), the payroll import, locking
and adjustments, remittances, kinh phí and the statement of what is owed and paid.
Everything is read through ``visible_to``: outside the scope is a 404."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from congdoan.core.api import ERRORS, Day, Id, Money, get_visible
from congdoan.core.errors import invalid
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from . import services
from .exporting import sheet_response, statement_response
from .importing import apply_payroll
from .models import DuesRule, DuesSheet, FundPayment, Remittance, Split, UnitDues

router = Router(tags=["dues"])


def _unit(request, pk: int) -> Unit:
    return get_visible(Unit.objects.all(), request.user, pk)


class RuleOut(Schema):
    group: str
    effective_from: date
    rate: Decimal
    base: str
    cap_percent: Decimal | None
    source: str


class SplitOut(Schema):
    effective_from: date
    dues_kept: Decimal
    fund_kept: Decimal
    fund_rate: Decimal
    source: str


@router.get("/rules", response=list[RuleOut], summary="Dues rules by group and date")
def list_rules(request):
    return DuesRule.objects.all()


@router.get("/splits", response=list[SplitOut], summary="Splits of dues and kinh phí by date")
def list_splits(request):
    return Split.objects.all()


class SettingIn(Schema):
    unit: Id
    group: str = Field(..., pattern=r"^(1|2|3|exempt)$")
    effective_from: Day
    own_rate: Decimal | None = Field(None, gt=0, le=10, decimal_places=3)
    resolution: str = Field("", max_length=300)


class SettingOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    group: str
    effective_from: date
    own_rate: Decimal | None
    resolution: str


@router.get("/settings", response={200: list[SettingOut], **ERRORS}, summary="Dues groups")
def list_settings(request, unit: Id | None = None):
    rows = UnitDues.objects.visible_to(request.user)
    if unit is not None:
        rows = rows.filter(unit=_unit(request, unit))
    return rows[:500]


@router.post("/settings", response={201: SettingOut, **ERRORS}, summary="Set a union's dues group")
def set_group(request, payload: SettingIn):
    return Status(
        201,
        services.set_group(
            actor=request.user,
            unit=_unit(request, payload.unit),
            group=payload.group,
            effective_from=payload.effective_from,
            own_rate=payload.own_rate,
            resolution=payload.resolution,
        ),
    )


class SheetOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    month: date
    status: str
    group: str
    rate: Decimal
    own_rate: Decimal | None
    cap: int | None
    dues_kept: Decimal
    members: int
    base_total: int | None
    dues_total: int
    extra_total: int
    collected: int
    extra_collected: int
    adjusted: int
    kept: int
    owed: int
    version: int


class LineOut(Schema):
    member: int = Field(alias="member_id")
    name: str = Field(alias="member.full_name")
    base: int | None
    dues: int
    extra: int
    collected: bool
    note: str


class SheetDetailOut(SheetOut):
    lines: list[LineOut] | None = Field(None, alias="visible_lines")


class SheetIn(Schema):
    unit: Id
    month: Day


class LineIn(Schema):
    member: Id
    base: int | None = Field(None, ge=0, le=services.MAX_SALARY)
    set_base: bool = False
    collected: bool | None = None
    note: str | None = Field(None, max_length=300)


class LinesIn(Schema):
    version: int = Field(..., ge=1)
    lines: list[LineIn] = Field(..., max_length=20_000)


class VersionIn(Schema):
    version: int = Field(..., ge=1)


class AdjustmentIn(Schema):
    member: Id
    amount: int = Field(..., ge=-services.MAX_SALARY, le=services.MAX_SALARY)
    reason: str = Field(..., max_length=500)
    on: Day


class AdjustmentOut(Schema):
    id: int
    member: int = Field(alias="member_id")
    amount: int
    reason: str
    on: date


class ProblemOut(Schema):
    row: int
    column: str
    message: str


class PayrollOut(Schema):
    saved: bool
    rows: int
    matched: int
    problems: list[ProblemOut]
    sheet: SheetOut


class SheetFilter(Schema):
    unit: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)


def _sheet(request, pk: int) -> DuesSheet:
    return get_visible(DuesSheet.objects.select_related("unit"), request.user, pk)


def _detail(request, sheet: DuesSheet) -> DuesSheet:
    """The sheet; its lines and salaries for those who keep the union's books only (the
    object is answered, never saved)."""
    sheet.visible_lines = None
    if services.keeps_books(request.user, sheet.unit):
        sheet.visible_lines = list(sheet.lines.select_related("member"))
    else:
        sheet.base_total = None
    return sheet


@router.get("/sheets", response={200: list[SheetOut], **ERRORS}, summary="Monthly dues sheets")
def list_sheets(request, filters: Query[SheetFilter]):
    rows = DuesSheet.objects.visible_to(request.user)
    if filters.unit is not None:
        rows = rows.filter(unit=_unit(request, filters.unit))
    if filters.year is not None:
        rows = rows.filter(month__year=filters.year)
    found = []
    for sheet in rows[:500]:
        if not services.keeps_books(request.user, sheet.unit):
            sheet.base_total = None
        found.append(sheet)
    return found


@router.post("/sheets", response={201: SheetDetailOut, **ERRORS}, summary="Open a month's sheet")
def open_sheet(request, payload: SheetIn):
    sheet = services.open_sheet(
        actor=request.user, unit=_unit(request, payload.unit), month=payload.month
    )
    return Status(201, _detail(request, sheet))


@router.get("/sheets/{int:sheet_id}", response={200: SheetDetailOut, **ERRORS}, summary="A sheet")
def get_sheet(request, sheet_id: Id):
    return _detail(request, _sheet(request, sheet_id))


@router.get(
    "/sheets/{int:sheet_id}.xlsx", response={200: None, **ERRORS}, summary="A sheet (.xlsx)"
)
def sheet_xlsx(request, sheet_id: Id):
    return sheet_response(request.user, _sheet(request, sheet_id))


@router.put(
    "/sheets/{int:sheet_id}/lines", response={200: SheetDetailOut, **ERRORS}, summary="Change lines"
)
def change_lines(request, sheet_id: Id, payload: LinesIn):
    changes = {
        line.member: services.LineChange(
            base=line.base,
            set_base=line.set_base or line.base is not None,
            collected=line.collected,
            note=line.note,
        )
        for line in payload.lines
    }
    sheet = services.change_lines(
        actor=request.user,
        sheet=_sheet(request, sheet_id),
        changes=changes,
        version=payload.version,
    )
    return _detail(request, sheet)


@router.post(
    "/sheets/{int:sheet_id}/payroll",
    response={200: PayrollOut, **ERRORS},
    summary="Read the payroll (.xlsx/.csv) into the sheet (save=false: a preview)",
)
def payroll(
    request,
    sheet_id: Id,
    version: int = Query(..., ge=1),
    save: bool = False,
    file: File[UploadedFile] = None,
):
    if file is None:
        raise invalid("file", _("Choose the payroll file."), "required")
    sheet = _sheet(request, sheet_id)
    read, sheet = apply_payroll(
        actor=request.user,
        sheet=sheet,
        data=file.read(),
        filename=file.name or "",
        version=version,
        save=save,
    )
    return {
        "saved": save and not read.problems,
        "rows": read.rows,
        "matched": len(read.bases),
        "problems": read.problems,
        "sheet": sheet,
    }


@router.post(
    "/sheets/{int:sheet_id}/lock", response={200: SheetDetailOut, **ERRORS}, summary="Lock a month"
)
def lock(request, sheet_id: Id, payload: VersionIn):
    return _detail(
        request,
        services.lock(actor=request.user, sheet=_sheet(request, sheet_id), version=payload.version),
    )


@router.post(
    "/sheets/{int:sheet_id}/adjustments",
    response={201: AdjustmentOut, **ERRORS},
    summary="A dated adjustment of a locked month",
)
def adjust(request, sheet_id: Id, payload: AdjustmentIn):
    sheet = _sheet(request, sheet_id)
    member = get_visible(Member.objects.all(), request.user, payload.member)
    return Status(
        201,
        services.adjust(
            actor=request.user,
            sheet=sheet,
            member=member,
            amount=payload.amount,
            reason=payload.reason,
            on=payload.on,
        ),
    )


class RemittanceIn(Schema):
    unit: Id
    amount: Money
    on: Day
    fund: str = Field("dues", pattern=r"^(dues|fund)$")
    reference: str = Field("", max_length=200)


class RemittanceOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    to: int = Field(alias="to_id")
    fund: str
    on: date
    amount: int
    reference: str


@router.get("/remittances", response={200: list[RemittanceOut], **ERRORS}, summary="Remittances")
def list_remittances(
    request, unit: Id | None = None, year: int | None = Query(None, ge=2000, le=2100)
):
    rows = Remittance.objects.visible_to(request.user)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=_unit(request, unit).path)
    if year is not None:
        rows = rows.filter(on__year=year)
    return rows[:500]


@router.post(
    "/remittances", response={201: RemittanceOut, **ERRORS}, summary="Record a payment upward"
)
def remit(request, payload: RemittanceIn):
    return Status(
        201,
        services.remit(
            actor=request.user,
            unit=_unit(request, payload.unit),
            amount=payload.amount,
            on=payload.on,
            fund=payload.fund,
            reference=payload.reference,
        ),
    )


class FundIn(Schema):
    unit: Id
    month: Day
    wage_fund: int = Field(..., ge=0, le=10**13)
    paid: int = Field(0, ge=0, le=10**13)
    paid_on: Day | None = None
    payer: str = Field("employer", pattern=r"^(employer|collected)$")


class FundOut(Schema):
    id: int
    unit: int = Field(alias="unit_id")
    month: date
    wage_fund: int
    amount: int
    paid: int
    paid_on: date | None
    payer: str
    kept: int
    passed_back: int


@router.get(
    "/funds", response={200: list[FundOut], **ERRORS}, summary="Kinh phí công đoàn by month"
)
def list_funds(request, unit: Id | None = None):
    rows = FundPayment.objects.visible_to(request.user)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=_unit(request, unit).path)
    return rows[:500]


@router.post("/funds", response={201: FundOut, **ERRORS}, summary="Record a month's kinh phí")
def record_fund(request, payload: FundIn):
    return Status(
        201,
        services.record_fund(
            actor=request.user,
            unit=_unit(request, payload.unit),
            month=payload.month,
            wage_fund=payload.wage_fund,
            paid=payload.paid,
            paid_on=payload.paid_on,
            payer=payload.payer,
        ),
    )


class StandingOut(Schema):
    unit: int
    name: str
    collected: int
    owed: int
    paid: int
    balance: int


class StatementOut(StandingOut):
    year: int
    kept: int
    children: list[StandingOut]


def _standing(found) -> dict:
    return {
        "unit": found.unit.pk,
        "name": found.unit.name,
        "collected": found.collected,
        "owed": found.owed,
        "paid": found.paid,
        "balance": found.balance,
    }


@router.get("/statement", response={200: StatementOut, **ERRORS}, summary="What is owed and paid")
def statement(request, unit: Id, year: int | None = Query(None, ge=2000, le=2100)):
    year = year or timezone.localdate().year
    found = services.standing(_unit(request, unit), year)
    return {
        **_standing(found),
        "year": year,
        "kept": found.kept,
        "children": [_standing(child) for child in found.children],
    }


@router.get("/statement.xlsx", response={200: None, **ERRORS}, summary="The statement (.xlsx)")
def statement_xlsx(request, unit: Id, year: int | None = Query(None, ge=2000, le=2100)):
    return statement_response(_unit(request, unit), year or timezone.localdate().year)
