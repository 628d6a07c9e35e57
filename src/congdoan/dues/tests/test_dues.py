"""The dues rules: the rate switch at 01/07/2025 and the cap of 10 % of lương cơ sở, the
exempt units, the union's own higher rate, rounding to the đồng, the split and the
statement, locking and dated adjustments, the payroll import that changes nothing on a
bad row, who keeps the books, and the return's figures."""

import io
from datetime import date

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.errors import ConflictError
from congdoan.core.models import AuditLog
from congdoan.dues import services
from congdoan.dues.importing import apply_payroll
from congdoan.dues.models import DuesLine, DuesSheet, Remittance

from .conftest import sheet_with

JUNE, JULY = date(2025, 6, 1), date(2025, 7, 1)


def _line(sheet, member) -> DuesLine:
    return sheet.lines.get(member=member)


def test_a_june_and_a_july_of_the_same_member(tree, bob, people, group3):
    hoa, binh = people["hoa"], people["binh"]
    bases = {hoa: 20_000_000, binh: 30_000_000}
    june = sheet_with(bob, tree.le_loi, JUNE, bases)
    july = sheet_with(bob, tree.le_loi, JULY, bases)
    # June: 1 %; 300.000 is above the cap of 10 % of 2.340.000 = 234.000
    assert (june.rate, june.cap) == (1, 234_000)
    assert (_line(june, hoa).dues, _line(june, binh).dues) == (200_000, 234_000)
    # July: 0,5 %
    assert (_line(july, hoa).dues, _line(july, binh).dues) == (100_000, 150_000)
    assert july.dues_total == 250_000 and july.collected == 250_000
    # the union keeps 70 %, owes 30 %
    assert (july.kept, july.owed) == (175_000, 75_000)


def test_rounding_to_the_dong_and_no_cap_for_group_one(tree, bob, people):
    services.set_group(actor=bob, unit=tree.le_loi, group="1", effective_from=JUNE)
    sheet = sheet_with(
        bob, tree.le_loi, JUNE, {people["hoa"]: 12_345_678, people["binh"]: 40_000_000}
    )
    assert sheet.cap is None
    assert _line(sheet, people["hoa"]).dues == 123_457  # 123.456,78
    assert _line(sheet, people["binh"]).dues == 400_000  # no cap for group 1
    july = sheet_with(bob, tree.le_loi, JULY, {people["hoa"]: 12_345_678})
    assert _line(july, people["hoa"]).dues == 61_728  # 61.728,39


def test_an_exempt_union_pays_nothing_from_june_2025(tree, bob, people, group3):
    services.set_group(actor=bob, unit=tree.le_loi, group="exempt", effective_from=JUNE)
    may = sheet_with(bob, tree.le_loi, date(2025, 5, 1), {people["hoa"]: 20_000_000})
    june = sheet_with(bob, tree.le_loi, JUNE, {people["hoa"]: 20_000_000})
    assert may.dues_total == 200_000 and june.dues_total == 0 and june.owed == 0


def test_the_unions_own_higher_rate_is_kept_whole(tree, bob, people, group3):
    with pytest.raises(ValidationError) as exc:
        services.set_group(actor=bob, unit=tree.le_loi, group="3", effective_from=JULY, own_rate=1)
    assert "resolution" in exc.value.error_dict
    services.set_group(
        actor=bob,
        unit=tree.le_loi,
        group="3",
        effective_from=JULY,
        own_rate=1,
        resolution="NQ 02/NQ-CĐCS",
    )
    sheet = sheet_with(bob, tree.le_loi, JULY, {people["hoa"]: 20_000_000})
    line = _line(sheet, people["hoa"])
    assert (line.dues, line.extra) == (100_000, 100_000)
    # 70 % of the đoàn phí and all of the extra stay; 30 % of the đoàn phí goes up
    assert (sheet.kept, sheet.owed) == (170_000, 30_000)


def test_the_statement_equals_the_sum_of_the_sheets(tree, bob, charlie, people, group3):
    services.set_group(actor=charlie, unit=tree.may, group="3", effective_from=date(2025, 1, 1))
    sheets = []
    for month in (JUNE, JULY):
        for actor, unit, member in (
            (bob, tree.le_loi, people["hoa"]),
            (charlie, tree.may, people["minh"]),
        ):
            sheet = sheet_with(actor, unit, month, {member: 10_000_000})
            sheets.append(services.lock(actor=actor, sheet=sheet, version=sheet.version))
    services.remit(actor=bob, unit=tree.le_loi, amount=50_000, on=date(2025, 8, 5))
    province = services.standing(tree.kh, 2025)
    assert province.collected == sum(s.collected for s in sheets) == 300_000
    assert province.owed == sum(s.owed for s in sheets) == 90_000
    assert province.paid == 50_000 and province.balance == 40_000
    by_child = {child.unit.pk: child for child in province.children}
    assert by_child[tree.nha_trang.pk].owed == 90_000 and by_child[tree.cam_ranh.pk].owed == 0
    lelo = services.standing(tree.le_loi, 2025)
    assert (lelo.owed, lelo.paid, lelo.balance) == (45_000, 50_000, -5_000)
    assert Remittance.objects.get().to == tree.nha_trang


def test_a_locked_month_is_corrected_only_by_a_dated_adjustment(tree, bob, people, group3):
    sheet = sheet_with(bob, tree.le_loi, JULY, {people["hoa"]: 20_000_000})
    with pytest.raises(ValidationError) as exc:
        services.adjust(
            actor=bob,
            sheet=sheet,
            member=people["hoa"],
            amount=10_000,
            reason="Thu bổ sung tháng 7",
            on=date(2025, 8, 2),
        )
    assert exc.value.error_list[0].code == "open"
    sheet = services.lock(actor=bob, sheet=sheet, version=sheet.version)
    with pytest.raises(ValidationError):
        services.change_lines(
            actor=bob,
            sheet=sheet,
            changes={people["hoa"].pk: services.LineChange(base=1, set_base=True)},
            version=sheet.version,
        )
    assert _line(sheet, people["hoa"]).base == 20_000_000
    with pytest.raises(ValidationError) as exc:
        services.adjust(
            actor=bob,
            sheet=sheet,
            member=people["hoa"],
            amount=10_000,
            reason="ngắn",
            on=date(2025, 8, 2),
        )
    assert "reason" in exc.value.error_dict
    services.adjust(
        actor=bob,
        sheet=sheet,
        member=people["hoa"],
        amount=20_000,
        reason="Truy thu lương tăng thêm",
        on=date(2025, 8, 2),
    )
    sheet.refresh_from_db()
    assert (sheet.adjusted, sheet.owed, sheet.kept) == (20_000, 36_000, 84_000)
    assert AuditLog.objects.filter(action="dues.adjust", object_id=str(sheet.pk)).exists()
    assert sheet.history.count() >= 3


def test_a_stale_edit_and_bad_months_change_nothing(tree, bob, people, group3):
    sheet = services.open_sheet(actor=bob, unit=tree.le_loi, month=JULY)
    with pytest.raises(ConflictError):
        services.change_lines(actor=bob, sheet=sheet, changes={}, version=sheet.version + 1)
    with pytest.raises(ValidationError) as exc:
        services.open_sheet(actor=bob, unit=tree.le_loi, month=JULY)
    assert "month" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.open_sheet(actor=bob, unit=tree.le_loi, month=date(2030, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.open_sheet(actor=bob, unit=tree.le_loi, month=date(2024, 1, 1))  # before the group
    assert exc.value.error_dict["month"][0].code == "no_group"
    with pytest.raises(ValidationError) as exc:
        services.change_lines(
            actor=bob,
            sheet=sheet,
            changes={people["minh"].pk: services.LineChange(base=1, set_base=True)},
            version=sheet.version,
        )
    assert "lines" in exc.value.error_dict
    # last month's salaries are carried into the next month
    sheet = services.change_lines(
        actor=bob,
        sheet=sheet,
        changes={people["hoa"].pk: services.LineChange(base=9_000_000, set_base=True)},
        version=sheet.version,
    )
    august = services.open_sheet(actor=bob, unit=tree.le_loi, month=date(2025, 8, 1))
    assert (
        _line(august, people["hoa"]).base == 9_000_000
        and _line(august, people["hoa"]).dues == 45_000
    )


def test_who_keeps_the_books(tree, bob, thu, alice, charlie, people, group3):
    assert services.keeps_books(bob, tree.le_loi) and services.keeps_books(thu, tree.le_loi)
    assert not services.keeps_books(alice, tree.le_loi)  # the province sees totals
    assert not services.keeps_books(charlie, tree.le_loi)
    sheet = services.open_sheet(actor=thu, unit=tree.le_loi, month=JULY)
    for outsider in (alice, charlie):
        with pytest.raises(PermissionDenied):
            services.change_lines(actor=outsider, sheet=sheet, changes={}, version=sheet.version)
    # a treasurer keeps the dues and nothing else of an officer's work
    from congdoan.meetings import services as meetings
    from congdoan.meetings.models import MeetingKind

    with pytest.raises(PermissionDenied):
        meetings.record_meeting(
            actor=thu,
            unit=tree.le_loi,
            spec=meetings.MeetingSpec(
                kind=MeetingKind.objects.get(code="hn-cbccvc"), held_on=date(2026, 2, 1)
            ),
        )


def _payroll(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Lương")
    sheet.write_row(0, 0, ["BẢNG LƯƠNG THÁNG 7/2025"])
    sheet.write_row(2, 0, ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Lương đóng BHXH"])
    for n, row in enumerate(rows, start=3):
        sheet.write_row(n, 0, row)
    book.close()
    return buffer.getvalue()


def test_a_payroll_with_a_bad_row_changes_nothing(tree, bob, alice, people, group3):
    sheet = services.open_sheet(actor=bob, unit=tree.le_loi, month=JULY)
    bad = _payroll(
        [
            [1, "Nguyễn Thị Hoa", "12/05/1990", "079190000123", 20_000_000],
            [2, "Trần Văn Bình", "1985", "", "hai mươi triệu"],
            [3, "Phạm Văn Minh", "", "056088000111", 8_000_000],
        ]
    )
    read, after = apply_payroll(
        actor=bob, sheet=sheet, data=bad, filename="luong.xlsx", version=sheet.version, save=True
    )
    assert [(p["row"], p["column"]) for p in read.problems] == [
        (5, "Lương đóng BHXH"),
        (6, "Số CCCD"),
    ]
    assert "056088000111" in read.problems[1]["message"]
    assert (
        after.version == sheet.version
        and not DuesLine.objects.filter(sheet=sheet, base__isnull=False).exists()
    )
    good = _payroll(
        [
            [1, "Nguyễn Thị Hoa", "12/05/1990", "079190000123", 20_000_000],
            [2, "Trần Văn Bình", "1985", "", 30_000_000],  # matched by name and birth year
        ]
    )
    read, after = apply_payroll(
        actor=bob, sheet=sheet, data=good, filename="luong.xlsx", version=sheet.version, save=False
    )
    assert not read.problems and len(read.bases) == 2
    assert not DuesLine.objects.filter(sheet=sheet, base__isnull=False).exists()  # a preview
    read, after = apply_payroll(
        actor=bob, sheet=sheet, data=good, filename="luong.xlsx", version=sheet.version, save=True
    )
    assert (_line(after, people["hoa"]).dues, _line(after, people["binh"]).dues) == (
        100_000,
        150_000,
    )
    assert _line(after, people["an"]).base is None  # not on the payroll: left as it was
    with pytest.raises(PermissionDenied):
        apply_payroll(
            actor=alice,
            sheet=after,
            data=good,
            filename="x.xlsx",
            version=after.version,
            save=True,
        )


def test_the_return_counts_what_was_collected_and_paid(tree, bob, alice, people, group3):
    from congdoan.reports import services as returns
    from congdoan.reports.models import ReturnTemplate

    for month in (date(2026, 6, 1), date(2026, 7, 1)):
        sheet = sheet_with(bob, tree.le_loi, month, {people["hoa"]: 20_000_000})
        services.lock(actor=bob, sheet=sheet, version=sheet.version)
    open_one = sheet_with(bob, tree.le_loi, date(2026, 8, 1), {people["hoa"]: 20_000_000})
    assert not open_one.locked  # an open month counts nowhere yet
    services.remit(actor=bob, unit=tree.le_loi, amount=60_000, on=date(2026, 8, 10))
    template = ReturnTemplate.objects.get(code="tong-ket-nam", year=2026)
    period = returns.open_period(
        actor=alice, template=template, unit=tree.kh, deadline=date(2027, 1, 15)
    )
    own = returns.computed_values(template, tree.le_loi, period)
    assert (own["dues_collected"], own["dues_kept"], own["dues_remitted"]) == (
        200_000,
        140_000,
        60_000,
    )
    assert returns.computed_values(template, tree.may, period)["dues_collected"] == 0
    assert DuesSheet.objects.count() == 3
