"""A year of care for one demo grassroots union, as its officer records it: the care
paragraph of a real union's report (seed 004) — visits to a Mẹ Việt Nam anh hùng, Tết
support for 25 members, sick visits, blood donors, gifts for women members and for
children, a campaign with a sponsor, and a rotating savings group."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from . import services
from .models import CareKind


def demo_year(today: date | None = None) -> int:
    """The year the demo records fall in: this year once its first half is over."""
    today = today or timezone.localdate()
    return today.year if today >= date(today.year, 6, 30) else today.year - 1


SEED_MEMBERS = 25  # the members the seed union supported at Tết


def _top_up(unit: Unit, count: int) -> None:
    """Admit synthetic members until ``unit`` has ``count`` active ones, so the demo
    union's year is the seed report's, figure for figure."""
    from congdoan.members.demo import MemberFactory
    from congdoan.members.services import MemberData, admit_member

    missing = count - Member.objects.in_subtree(unit).active().count()
    if missing <= 0:
        return
    factory = MemberFactory(seed=2004)
    factory.serial = 900_000  # numbers apart from the demo members'
    today = timezone.localdate()
    for _person in range(missing):
        person = factory.person(unit, today)
        data = MemberData(
            full_name=person.full_name,
            gender=person.gender,
            birth_date=person.birth_date,
            id_number=person.id_number,
            ethnicity=person.ethnicity,
            job_title=person.job_title,
            phone=person.phone,
        )
        admit_member(actor=None, unit=unit, data=data, on=person.joined_on)


@transaction.atomic
def add_demo_care(unit: Unit, year: int, actor=None, *, top_up: bool = False) -> int:
    """Record the year's care of ``unit`` with its first 25 active members (admitting
    demo members up to 25 first when ``top_up``); returns how many care records were
    made (0 when the union has fewer than 4 members)."""
    if top_up:
        _top_up(unit, SEED_MEMBERS)
    members = list(Member.objects.in_subtree(unit).active().order_by("pk")[:SEED_MEMBERS])
    if len(members) < 4:
        return 0
    women = [m for m in members if m.gender == "female"][:12]

    def kind(code: str) -> CareKind:
        return CareKind.objects.get(code=code, unit=None)

    def care(code, on, recipient, amount):
        services.record_care(
            actor=actor, unit=unit, kind=kind(code), on=on, recipient=recipient, amount=amount
        )

    fund = services.create_fund(actor=actor, unit=unit, name="Quỹ xã hội", kind="social")
    campaign = services.create_campaign(
        actor=actor,
        unit=unit,
        name=f"Vận động Quỹ xã hội năm {year}",
        fund=fund,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        target=40_000_000,
    )
    # vận động đóng góp các nguồn quỹ 39,8 triệu đồng, 34,8 triệu từ nhà tài trợ
    services.contribute_many(
        actor=actor,
        campaign=campaign,
        on=date(year, 1, 5),
        donor="member",
        gifts=[(m, None, "", 200_000) for m in members],
    )
    services.contribute(
        actor=actor,
        campaign=campaign,
        on=date(year, 1, 6),
        donor="sponsor",
        donor_name="Công ty Cổ phần Sông Hồng",
        amount=34_800_000 + 200_000 * (SEED_MEMBERS - len(members)),
    )
    # thăm, chúc tết Mẹ Việt Nam anh hùng 8 triệu đồng
    care(
        "tri-an",
        date(year, 1, 20),
        services.Recipient(
            beneficiary="outside", person_name="Mẹ Lê Thị Lựu", person_note="Mẹ Việt Nam anh hùng"
        ),
        8_000_000,
    )
    # hỗ trợ 25 đoàn viên dịp lễ tết 12,5 triệu đồng, from the social fund
    services.record_batch(
        actor=actor,
        unit=unit,
        kind=kind("qua-tet"),
        on=date(year, 1, 25),
        occasion=f"Tết Nguyên đán {year}",
        members=members,
        amount=500_000,
        fund=fund,
        voucher=f"01/QĐ-CĐCS/{year}",
    )
    # thăm gia đình và đoàn viên ốm đau 15,2 triệu đồng (19 lượt × 800.000 đ)
    for n in range(19):
        member = members[n % len(members)]
        care("tham-om", date(year, 3, 1 + n), services.Recipient(member=member), 800_000)
    # 05 đoàn viên hiến máu
    for member in members[:5]:
        care("hien-mau", date(year, 6, 14), services.Recipient(member=member), 0)
    # 12 phần quà cho nữ đoàn viên, 20 cháu thiếu nhi
    if women:
        services.record_batch(
            actor=actor,
            unit=unit,
            kind=kind("qua-8-3"),
            on=date(year, 3, 8),
            occasion="Ngày Quốc tế Phụ nữ 8/3",
            members=women,
            amount=300_000,
        )
    for n in range(20):
        parent = members[n % len(members)]
        care(
            "qua-1-6",
            date(year, 6, 1),
            services.Recipient(beneficiary="child", member=parent, person_name=f"Cháu {n + 1:02d}"),
            200_000,
        )
    # mô hình góp vốn xoay vòng 163,6 triệu đồng: 4 người × 10.225.000 đ × 4 kỳ
    group = services.create_group(
        actor=actor,
        unit=unit,
        name="Nhóm góp vốn xoay vòng",
        contribution=10_225_000,
        cycle_months=1,
        starts_on=date(year, 2, 1),
        order="agreed",
        members=members[:4],
    )
    for _turn in range(4):
        cycle = services.open_cycle(actor=actor, group=group)
        for payment in cycle.payments.all():
            services.record_payment(
                actor=actor, payment=payment, paid=payment.due, paid_on=cycle.due_on
            )
        services.pay_out(actor=actor, cycle=cycle, on=cycle.due_on)
    return unit.care_records.count()
