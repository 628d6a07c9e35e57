"""Recording care: the union's rate fills the amount, a house checks the years of
membership, a fund never goes below zero unless allowed, a cancelled record is kept and
its money put back; payment lists for many members at once."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.models import AuditLog
from congdoan.welfare import services
from congdoan.welfare.models import CareRecord, FundEntry


def test_a_care_payment_is_an_out_of_its_fund_with_an_audit_row(sick_visit, fund):
    assert fund.balance() == 50_000_000 - 500_000
    entry = FundEntry.objects.get(care=sick_visit)
    assert (entry.direction, entry.amount) == ("out", 500_000)
    audit = AuditLog.objects.get(action="welfare.care", object_id=str(sick_visit.pk))
    assert audit.unit_id == sick_visit.unit_id
    assert audit.data["amount"] == 500_000 and audit.data["voucher"] == "PC-12"


def test_the_rate_of_the_union_or_the_nearest_above_fills_the_amount(
    tree, people, bob, alice, kind
):
    services.set_rate(
        actor=alice,
        unit=tree.kh,
        kind=kind("hieu-hy"),
        amount=1_000_000,
        valid_from=date(2025, 1, 1),
        source="Quy chế chi tiêu nội bộ LĐLĐ",
    )
    recipient = services.Recipient(member=people["hoa"])
    care = services.record_care(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("hieu-hy"),
        on=date(2026, 2, 1),
        recipient=recipient,
    )
    assert care.amount == 1_000_000  # the province's rule, until Lê Lợi sets its own
    services.set_rate(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("hieu-hy"),
        amount=700_000,
        valid_from=date(2026, 3, 1),
    )
    later = services.record_care(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("hieu-hy"),
        on=date(2026, 3, 2),
        recipient=recipient,
    )
    earlier = services.record_care(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("hieu-hy"),
        on=date(2026, 2, 28),
        recipient=recipient,
    )
    assert (later.amount, earlier.amount) == (700_000, 1_000_000)


def test_no_rate_and_no_amount_is_refused_naming_the_field(tree, people, bob, kind):
    with pytest.raises(ValidationError) as refused:
        services.record_care(
            actor=bob,
            unit=tree.le_loi,
            kind=kind("tro-cap-kho-khan"),
            on=date(2026, 2, 1),
            recipient=services.Recipient(member=people["hoa"]),
        )
    assert "amount" in refused.value.error_dict
    assert "Nhập số tiền" in refused.value.messages[0]
    assert not CareRecord.objects.exists()


def test_a_house_needs_the_years_of_membership_of_the_unions_rule(tree, people, bob, kind):
    house = kind("mai-am-xay-moi")
    services.set_rate(
        actor=bob,
        unit=tree.le_loi,
        kind=house,
        amount=50_000_000,
        valid_from=date(2025, 1, 1),
        min_member_years=5,
    )
    hoa = people["hoa"]  # joined on 01/09/2020
    with pytest.raises(ValidationError) as refused:
        services.record_care(
            actor=bob,
            unit=tree.le_loi,
            kind=house,
            on=date(2025, 8, 31),
            recipient=services.Recipient(member=hoa),
        )
    assert "5 năm" in refused.value.messages[0] and hoa.full_name in refused.value.messages[0]
    built = services.record_care(
        actor=bob,
        unit=tree.le_loi,
        kind=house,
        on=date(2025, 9, 1),
        recipient=services.Recipient(member=hoa),
    )
    assert built.amount == 50_000_000


def test_a_fund_is_never_taken_below_zero_unless_the_union_allows_it(tree, people, bob, kind, fund):
    with pytest.raises(ValidationError) as refused:
        services.record_care(
            actor=bob,
            unit=tree.le_loi,
            kind=kind("tro-cap-kho-khan"),
            on=date(2026, 5, 1),
            recipient=services.Recipient(member=people["hoa"]),
            amount=60_000_000,
            fund=fund,
        )
    assert "fund" in refused.value.error_dict and "dưới 0" in refused.value.messages[0]
    assert not CareRecord.objects.exists() and fund.balance() == 50_000_000
    fund.allow_negative = True
    fund.save()
    services.record_care(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("tro-cap-kho-khan"),
        on=date(2026, 5, 1),
        recipient=services.Recipient(member=people["hoa"]),
        amount=60_000_000,
        fund=fund,
    )
    assert fund.balance() == -10_000_000


def test_cancelling_keeps_the_record_and_puts_the_money_back(sick_visit, fund, bob):
    services.cancel_care(actor=bob, care=sick_visit, reason="Nhập trùng")
    sick_visit.refresh_from_db()
    assert sick_visit.cancelled_at and sick_visit.cancel_reason == "Nhập trùng"
    assert fund.balance() == 50_000_000
    assert list(fund.entries.values_list("direction", "amount"))[-2:] == [
        ("out", 500_000),
        ("in", 500_000),
    ]
    assert AuditLog.objects.filter(action="welfare.cancel").count() == 1
    with pytest.raises(ValidationError):
        services.cancel_care(actor=bob, care=sick_visit, reason="lần nữa")


def test_a_sibling_union_cannot_record_for_another_or_for_its_members(
    tree, people, bob, charlie, kind
):
    with pytest.raises(PermissionDenied):
        services.record_care(
            actor=charlie,
            unit=tree.le_loi,
            kind=kind("tham-om"),
            on=date(2026, 1, 5),
            recipient=services.Recipient(member=people["hoa"]),
            amount=1,
        )
    with pytest.raises(ValidationError) as refused:
        services.record_care(
            actor=charlie,
            unit=tree.may,
            kind=kind("tham-om"),
            on=date(2026, 1, 5),
            recipient=services.Recipient(member=people["hoa"]),
            amount=1,
        )
    assert "member" in refused.value.error_dict
    assert not CareRecord.objects.exists()


def test_an_outside_person_or_a_child_is_named(tree, people, bob, kind):
    mother = services.record_care(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("tri-an"),
        on=date(2026, 1, 20),
        recipient=services.Recipient(
            beneficiary="outside", person_name="Mẹ Nguyễn Thị Thứ", person_note="Mẹ VNAH"
        ),
        amount=2_000_000,
    )
    assert mother.beneficiary_name() == "Mẹ Nguyễn Thị Thứ" and mother.member is None
    with pytest.raises(ValidationError) as refused:
        services.record_care(
            actor=bob,
            unit=tree.le_loi,
            kind=kind("qua-1-6"),
            on=date(2026, 6, 1),
            recipient=services.Recipient(beneficiary="child", person_name="Bé Na"),
            amount=1,
        )
    assert "member" in refused.value.error_dict


def test_a_payment_list_records_everyone_once_and_pays_the_total_once(
    tree, people, bob, kind, fund
):
    members = [people["hoa"], people["binh"], people["an"]]
    batch = services.record_batch(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("qua-tet"),
        on=date(2026, 1, 25),
        occasion="Tết Bính Ngọ 2026",
        members=members,
        amount=500_000,
        fund=fund,
        amounts={people["an"].pk: 1_000_000},
        voucher="QĐ 05",
    )
    records = CareRecord.objects.filter(batch=batch)
    assert sorted(records.values_list("member__full_name", "amount")) == [
        ("Lê Thị An", 1_000_000),
        ("Nguyễn Thị Hoa", 500_000),
        ("Trần Văn Bình", 500_000),
    ]
    assert fund.entries.filter(direction="out").get().amount == 2_000_000
    audit = AuditLog.objects.get(action="welfare.batch")
    assert audit.data["count"] == 3 and audit.data["total"] == 2_000_000


def test_a_payment_list_with_one_outsider_records_nobody(tree, people, bob, kind, fund):
    with pytest.raises(ValidationError) as refused:
        services.record_batch(
            actor=bob,
            unit=tree.le_loi,
            kind=kind("qua-tet"),
            on=date(2026, 1, 25),
            occasion="Tết",
            members=[people["hoa"], people["minh"]],
            amount=500_000,
            fund=fund,
        )
    assert people["minh"].full_name in refused.value.messages[0]
    assert not CareRecord.objects.exists() and fund.entries.count() == 1


def test_a_kind_code_is_refused_where_two_kinds_would_answer_to_it(tree, alice, bob):
    services.add_kind(
        actor=bob, unit=tree.le_loi, code="tham-thai-san", name="Thai sản", group="visit"
    )
    with pytest.raises(ValidationError):  # the province would give Lê Lợi two of that code
        services.add_kind(actor=alice, unit=tree.kh, code="tham-thai-san", name="x", group="visit")
    with pytest.raises(ValidationError):  # a national code
        services.add_kind(actor=bob, unit=tree.le_loi, code="tham-om", name="x", group="visit")


def test_a_list_giving_everyones_amount_needs_no_rate(tree, people, bob, kind):
    batch = services.record_batch(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("tro-cap-kho-khan"),
        on=date(2026, 2, 1),
        occasion="Trợ cấp Tết",
        members=[people["hoa"], people["binh"]],
        amounts={people["hoa"].pk: 1_000_000, people["binh"].pk: 2_000_000},
    )
    assert sorted(batch.records.values_list("amount", flat=True)) == [1_000_000, 2_000_000]
    with pytest.raises(ValidationError) as refused:  # one without an amount, and no rate
        services.record_batch(
            actor=bob,
            unit=tree.le_loi,
            kind=kind("tro-cap-kho-khan"),
            on=date(2026, 2, 2),
            occasion="Lần hai",
            members=[people["hoa"], people["binh"]],
            amounts={people["hoa"].pk: 1_000_000},
        )
    assert "amount" in refused.value.error_dict
