"""An emulation block for the demo tree: Khánh Hòa's first grassroots unions, this
year's leader and deputy, a covenant being prepared and last year's scoring table."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from congdoan.organizations.models import Unit

from . import scoring, services

CRITERIA = [
    {"group": "Xây dựng tổ chức công đoàn", "text": "Phát triển đoàn viên mới", "points": 20},
    {"group": "Xây dựng tổ chức công đoàn", "text": "Thu, nộp đoàn phí đúng hạn", "points": 15},
    {
        "group": "Chăm lo, bảo vệ người lao động",
        "text": "Tổ chức hội nghị người lao động",
        "points": 25,
    },
    {"group": "Chăm lo, bảo vệ người lao động", "text": "Thăm hỏi, hỗ trợ đoàn viên", "points": 25},
    {"group": "Phong trào thi đua", "text": "Đăng ký và thực hiện giao ước", "points": 15},
]


@transaction.atomic
def add_demo_block(year: int) -> int:
    """Set up the block; returns how many member units it has (0 if there is no room)."""
    organiser = Unit.objects.filter(code="LDLD-KH").first()
    if organiser is None:
        return 0
    unions = list(
        Unit.objects.filter(path__startswith=organiser.path, kind__code="grassroots")
        .exclude(status="closed")
        .order_by("path")[:5]
    )
    if len(unions) < 2:
        return 0
    block = services.create_block(
        actor=None,
        organiser=organiser,
        name="Khối thi đua các CĐCS số 1",
        decision_number="05/QĐ-LĐLĐ",
        decision_date=date(year - 1, 1, 15),
        units=unions,
    )
    services.set_term(actor=None, block=block, year=year - 1, leader=unions[0], deputy=unions[1])
    scoring.create_scorecard(actor=None, block=block, year=year - 1, criteria=CRITERIA)
    services.set_term(
        actor=None,
        block=block,
        year=year,
        leader=unions[1],
        deputy=unions[2],
        handed_over_on=date(year, 1, 20),
    )
    services.create_covenant(
        actor=None,
        block=block,
        year=year,
        theme="Đoàn kết, sáng tạo, chăm lo tốt đời sống người lao động",
        targets=[
            {
                "text": "Kết nạp mới ít nhất 10 đoàn viên mỗi đơn vị",
                "indicator": "admitted",
                "target": 10,
            },
            {"text": "100% đơn vị tổ chức hội nghị người lao động"},
            {
                "text": "Thăm hỏi, hỗ trợ đoàn viên khó khăn",
                "indicator": "care_visits",
                "target": 20,
            },
        ],
    )
    return len(unions)
