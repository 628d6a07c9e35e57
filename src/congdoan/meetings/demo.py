"""Meetings and agreements for the demo tree, recorded through the services: most
grassroots unions held the conference their sector owes (civil servants' or workers'),
many enterprises keep a collective agreement (a few expiring soon, so the dashboard has
reminders), Khánh Hòa held its year-end review, and the demo block its review with the
hand-over to this year's leader — each with an article drafted from the figures."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from congdoan.organizations.models import ENTERPRISE_SECTORS, Sector, Unit

from . import services
from .models import MeetingKind

GUESTS = [
    ("Nguyễn Văn Hùng", "Phó Chủ tịch", "Tổng Liên đoàn Lao động Việt Nam"),
    ("Trần Thị Mai", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh"),
]


def _day(rng: random.Random, year: int, first_month: int, last_month: int) -> date:
    day = date(year, rng.randint(first_month, last_month), rng.randint(1, 28))
    return min(day, timezone.localdate())


@transaction.atomic
def add_demo_meetings(year: int, seed: int = 2026) -> dict[str, int]:
    """Conferences of ``year - 1`` and ``year`` and the agreements in force; returns how
    many of each were recorded."""
    rng = random.Random(seed)
    kinds = {kind.code: kind for kind in MeetingKind.objects.all()}
    counts = {"meetings": 0, "agreements": 0}
    today = timezone.localdate()
    unions = Unit.objects.filter(kind__code="grassroots").exclude(status="closed").order_by("path")
    for n, unit in enumerate(unions):
        workers = unit.workers or 30
        for this in (year - 1, year):
            if rng.random() > 0.7:
                continue  # not held, or not recorded: the dashboard lists it
            if unit.sector == Sector.PUBLIC_SERVICE:
                codes = ["hn-cbccvc"]
                day = _day(rng, this, 1, 3)
            elif unit.sector in ENTERPRISE_SECTORS:
                codes = ["hn-nld"] + (["doi-thoai"] if rng.random() < 0.6 else [])
                day = _day(rng, this, 1, 6)
            else:
                continue
            for code in codes:
                present = max(1, int(workers * rng.uniform(0.8, 1)))
                services.record_meeting(
                    actor=None,
                    unit=unit,
                    spec=services.MeetingSpec(
                        kind=kinds[code],
                        held_on=day,
                        place=f"Hội trường {unit.display_name}",
                        form="delegates" if workers >= 100 else "full",
                        expected=min(workers, 150) if workers >= 100 else workers,
                        present=min(present, 150) if workers >= 100 else min(present, workers),
                        resolutions=[
                            "Thông qua báo cáo kết quả thực hiện nhiệm vụ năm",
                            "Thông qua quy chế dân chủ ở cơ sở",
                        ],
                    ),
                )
                counts["meetings"] += 1
        if unit.sector in ENTERPRISE_SECTORS and rng.random() < 0.65:
            if n % 9 == 4:  # a few expire within the next weeks
                end = today + timedelta(days=rng.randint(10, 55))
            else:
                end = date(year + rng.randint(1, 2), rng.randint(1, 12), 1)
            start = date(end.year - 2, end.month, 1)
            agreement = services.record_agreement(
                actor=None,
                unit=unit,
                spec=services.AgreementSpec(
                    employer=unit.name.removeprefix("Công đoàn cơ sở ").strip(),
                    signed_on=min(start - timedelta(days=10), today),
                    effective_from=start,
                    effective_to=end - timedelta(days=1),
                    workers=workers,
                ),
            )
            amended_on = min(date(year, rng.randint(2, 10), 15), today)
            if rng.random() < 0.3 and amended_on > agreement.signed_on:
                services.amend(
                    actor=None,
                    agreement=agreement,
                    on=amended_on,
                    summary="Bổ sung chế độ hỗ trợ nhà ở và đưa đón người lao động",
                )
            criteria = services.criteria_for(year)
            if criteria and rng.random() < 0.7:
                share = rng.choice([1, 0.7, 0.5])
                services.grade(
                    actor=None,
                    agreement=agreement,
                    year=year,
                    points={c.pk: int(c.points * share) for c in criteria},
                )
            counts["agreements"] += 1
    province = Unit.objects.filter(code="LDLD-KH").first()
    if province is not None:
        services.record_meeting(
            actor=None,
            unit=province,
            spec=services.MeetingSpec(
                kind=kinds["tong-ket"],
                held_on=min(date(year - 1, 12, 20), today),
                year=year - 1,
                title=f"Hội nghị tổng kết công tác công đoàn năm {year - 1}",
                place="Hội trường Liên đoàn Lao động tỉnh",
                chairs="Thường trực Liên đoàn Lao động tỉnh",
                guests=GUESTS,
                next_theme="Đổi mới, sáng tạo, vì quyền lợi đoàn viên và người lao động",
            ),
        )
        counts["meetings"] += 1
    return counts


@transaction.atomic
def add_demo_block_meeting(year: int) -> int:
    """The demo block's review of last year, with the hand-over to this year's leader
    and this year's covenant (0 when there is no block)."""
    from congdoan.emulation.models import Covenant, EmulationBlock

    block = EmulationBlock.objects.select_related("organiser").first()
    if block is None:
        return 0
    term = block.terms.filter(year=year).first()
    services.record_meeting(
        actor=None,
        unit=block.organiser,
        spec=services.MeetingSpec(
            kind=MeetingKind.objects.get(code="tong-ket"),
            held_on=min(
                term.handed_over_on if term and term.handed_over_on else date(year, 1, 20),
                timezone.localdate(),
            ),
            year=year - 1,
            title=f"Hội nghị tổng kết công tác thi đua năm {year - 1}",
            place="Hội trường Liên đoàn Lao động tỉnh",
            block=block,
            covenant=Covenant.objects.filter(block=block, year=year).first(),
            guests=GUESTS[:1],
        ),
    )
    return 1
