"""Seed 004's year of care, recorded as it happened, makes the return's care figures and
the report's care paragraph without anyone adding numbers by hand; a sibling union's
care never counts for another."""

from datetime import date

import pytest

from congdoan.core.docx import text_of
from congdoan.reports import services as returns
from congdoan.reports import yearend
from congdoan.reports.models import Indicator, ReturnTemplate
from congdoan.welfare import demo, services

from .conftest import admit


@pytest.fixture
def care_template(tree):
    """2026's year-end form with the care group of the 2027 form (computed)."""
    now = ReturnTemplate.objects.get(code="tong-ket-nam", year=2026)
    future = ReturnTemplate.objects.get(code="tong-ket-nam", year=2027)
    now.indicators.filter(group="Chăm lo").delete()
    for indicator in future.indicators.filter(group="Chăm lo"):
        indicator.pk, indicator.template = None, now
        indicator.save()
    for check in future.checks.filter(part__in=["sponsored", "care_amount"]):
        check.pk, check.template = None, now
        check.save()
    return now


SEED_004 = {
    "care_visits": 20,
    "care_amount": 23_200_000,
    "care_gifts": 57,
    "care_gifts_amount": 20_100_000,
    "care_total": 43_300_000,
    "houses": 0,
    "houses_amount": 0,
    "blood_donors": 5,
    "funds_raised": 39_800_000,
    "sponsored": 34_800_000,
    "savings_total": 163_600_000,
}


def test_seed_004_care_makes_the_return_and_the_report(
    tree, care_template, alice, bob, charlie, kind
):
    for n in range(1, 26):
        admit(tree.le_loi, f"Đoàn viên {n:02d}", "female" if n % 2 else "male", f"0791900{n:05d}")
    assert demo.add_demo_care(tree.le_loi, 2026, actor=bob) == 1 + 25 + 19 + 5 + 12 + 20
    # the sibling union's care is its own: it never counts for Lê Lợi
    services.record_care(
        actor=charlie,
        unit=tree.may,
        kind=kind("tham-om"),
        on=date(2026, 3, 3),
        recipient=services.Recipient(member=admit(tree.may, "Người May", "male")),
        amount=9_000_000,
    )
    period = returns.open_period(
        actor=alice, template=care_template, unit=tree.kh, deadline=date(2027, 1, 15)
    )
    ret = returns.return_for(actor=bob, period=period, unit=tree.le_loi)
    ret = returns.submit(actor=bob, ret=ret)
    assert {code: ret.computed[code] for code in SEED_004} == SEED_004
    text = text_of(yearend.year_end_report(tree.le_loi, 2026))
    assert (
        "Thăm hỏi, hỗ trợ 20 lượt đoàn viên với tổng kinh phí 23,2 triệu đồng; tặng 57 phần "
        "quà, trị giá 20,1 triệu đồng; 05 lượt đoàn viên hiến máu tình nguyện; vận động các "
        "nguồn quỹ được 39,8 triệu đồng, trong đó xã hội hóa 34,8 triệu đồng; mô hình góp "
        "vốn xoay vòng với tổng số tiền 163,6 triệu đồng."
    ) in text
    assert "Mái ấm công đoàn" not in text.split("Chăm lo đời sống")[1].split("4. Thi đua")[0]


def test_a_recorded_figure_that_changes_changes_the_return(tree, care_template, alice, bob, kind):
    period = returns.open_period(
        actor=alice, template=care_template, unit=tree.kh, deadline=date(2027, 1, 15)
    )
    hoa = admit(tree.to_van, "Nguyễn Thị Hoa", "female", "079190000123")
    ret = returns.return_for(actor=bob, period=period, unit=tree.le_loi)
    before = returns.computed_values(care_template, tree.le_loi, period)
    care = services.record_care(
        actor=bob,
        unit=tree.to_van,
        kind=kind("tham-om"),
        on=date(2026, 9, 1),
        recipient=services.Recipient(member=hoa),
        amount=1_500_000,
    )
    after = returns.computed_values(care_template, tree.le_loi, period)
    assert (before["care_visits"], after["care_visits"]) == (0, 1)  # a group's care is the union's
    assert after["care_amount"] == after["care_total"] == 1_500_000
    services.cancel_care(actor=bob, care=care, reason="Nhập nhầm")
    assert returns.computed_values(care_template, tree.le_loi, period)["care_visits"] == 0
    assert ret.status == "draft"


def test_the_2027_form_computes_care_and_2026_keeps_it_typed(tree):
    typed = Indicator.objects.filter(template__year=2026, group="Chăm lo")
    computed = Indicator.objects.filter(template__year=2027, group="Chăm lo")
    assert set(typed.values_list("source", flat=True)) == {"manual"}
    assert "manual" not in set(computed.values_list("source", flat=True))
    assert computed.get(code="sponsored").source == "sponsored"
