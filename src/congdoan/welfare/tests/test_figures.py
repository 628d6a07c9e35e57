"""Seed 004's year of care, recorded as it happened, makes the return's care figures and
the report's care paragraph without anyone adding numbers by hand; a sibling union's
care never counts for another."""

from datetime import date

import pytest

from congdoan.core.docx import text_of
from congdoan.members.models import Member
from congdoan.reports import services as returns
from congdoan.reports import yearend
from congdoan.reports.models import Indicator, ReturnTemplate
from congdoan.welfare import services

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


def record_seed_004_year(tree, bob, kind) -> list[Member]:
    """The care paragraph of seed report 004, as Lê Lợi's officer records it."""
    union = tree.le_loi
    members = [
        admit(union, f"Đoàn viên {n:02d}", "female" if n % 2 else "male", f"0791900{n:05d}")
        for n in range(1, 26)
    ]
    women = [m for m in members if m.gender == "female"][:12]

    def care(code, on, recipient, amount):
        services.record_care(
            actor=bob, unit=union, kind=kind(code), on=on, recipient=recipient, amount=amount
        )

    # thăm, chúc tết Mẹ Việt Nam anh hùng 8 triệu đồng
    care(
        "tri-an",
        date(2026, 1, 20),
        services.Recipient(
            beneficiary="outside", person_name="Mẹ Lê Thị Lựu", person_note="Mẹ Việt Nam anh hùng"
        ),
        8_000_000,
    )
    # hỗ trợ 25 đoàn viên dịp lễ tết 12,5 triệu đồng
    services.record_batch(
        actor=bob,
        unit=union,
        kind=kind("qua-tet"),
        on=date(2026, 2, 10),
        occasion="Tết Bính Ngọ 2026",
        members=members,
        amount=500_000,
    )
    # thăm gia đình và đoàn viên ốm đau 15,2 triệu đồng (19 lượt × 800.000 đ)
    for n in range(19):
        care("tham-om", date(2026, 3, 1 + n), services.Recipient(member=members[n]), 800_000)
    # 05 đoàn viên hiến máu
    for n in range(5):
        care("hien-mau", date(2026, 6, 14), services.Recipient(member=members[n]), 0)
    # 12 phần quà cho nữ đoàn viên, 20 cháu thiếu nhi
    services.record_batch(
        actor=bob,
        unit=union,
        kind=kind("qua-8-3"),
        on=date(2026, 3, 8),
        occasion="Ngày Quốc tế Phụ nữ 8/3",
        members=women,
        amount=300_000,
    )
    for n in range(20):
        care(
            "qua-1-6",
            date(2026, 6, 1),
            services.Recipient(beneficiary="child", member=members[n], person_name=f"Cháu {n}"),
            200_000,
        )
    # vận động đóng góp các nguồn quỹ 39,8 triệu đồng (34,8 triệu từ nhà tài trợ)
    fund = services.create_fund(actor=bob, unit=union, name="Quỹ xã hội", kind="social")
    campaign = services.create_campaign(
        actor=bob,
        unit=union,
        name="Vận động Quỹ xã hội 2026",
        fund=fund,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        target=40_000_000,
    )
    services.contribute_many(
        actor=bob,
        campaign=campaign,
        on=date(2026, 4, 1),
        donor="member",
        gifts=[(m, None, "", 200_000) for m in members],
    )
    services.contribute(
        actor=bob,
        campaign=campaign,
        on=date(2026, 5, 1),
        donor="sponsor",
        donor_name="Công ty Cổ phần Sông Hồng",
        amount=34_800_000,
    )
    # mô hình góp vốn xoay vòng 163,6 triệu đồng (4 người × 10.225.000 đ × 4 kỳ)
    group = services.create_group(
        actor=bob,
        unit=union,
        name="Nhóm góp vốn giáo viên",
        contribution=10_225_000,
        cycle_months=2,
        starts_on=date(2026, 2, 1),
        order="agreed",
        members=members[:4],
    )
    for _turn in range(4):
        cycle = services.open_cycle(actor=bob, group=group)
        for payment in cycle.payments.all():
            services.record_payment(
                actor=bob, payment=payment, paid=payment.due, paid_on=cycle.due_on
            )
        services.pay_out(actor=bob, cycle=cycle, on=cycle.due_on)
    return members


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
    record_seed_004_year(tree, bob, kind)
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
