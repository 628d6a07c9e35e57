"""Realistic synthetic members for the demo tree and the benchmarks.

Family names follow their real frequencies (Nguyễn alone is about 38 %), middle names
follow gender, identity numbers follow the CCCD layout (province code, century-and-gender
digit, two digits of the birth year, six more digits) and are unique.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from django.db import transaction

from congdoan.organizations.models import Unit

from .models import (
    Ethnicity,
    EventKind,
    Gender,
    Member,
    MemberEvent,
    NameWord,
    UnitMemberCount,
    UnitMemberYear,
)
from .services.figures import tally

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 3),
    ("Huỳnh", 2),
    ("Phan", 4.5),
    ("Vũ", 2),
    ("Võ", 1.9),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Trương", 0.8),
    ("Đinh", 0.7),
    ("Mai", 0.6),
    ("Lương", 0.5),
    ("Cao", 0.5),
    ("Tạ", 0.3),
    ("Hà", 0.6),
    ("Lâm", 0.4),
]
MIDDLE_F = [
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thị Thu",
    "Thị Thanh",
    "Thị Minh",
    "Kim",
    "Thùy",
    "Thị Kim",
    "Mỹ",
    "Thị Ngọc",
    "Bảo",
]
MIDDLE_M = [
    "Văn",
    "Văn",
    "Minh",
    "Quốc",
    "Đức",
    "Hữu",
    "Công",
    "Thanh",
    "Xuân",
    "Tuấn",
    "Văn Minh",
    "Trọng",
    "Hoàng",
    "Quang",
]
GIVEN_F = [
    "Hoa",
    "Lan",
    "Hương",
    "Mai",
    "Linh",
    "Trang",
    "Hằng",
    "Thảo",
    "Ngọc",
    "Nga",
    "Hà",
    "Phương",
    "Thủy",
    "Yến",
    "Anh",
    "Dung",
    "Huyền",
    "Oanh",
    "Loan",
    "Nhung",
    "Vân",
    "Tuyết",
    "Hạnh",
    "Quyên",
    "Diễm",
    "My",
    "Châu",
    "Trinh",
    "Giang",
    "Hiền",
]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Minh",
    "Nam",
    "Hải",
    "Sơn",
    "Long",
    "Thắng",
    "Cường",
    "Bình",
    "Đức",
    "Hoàng",
    "Quang",
    "Phong",
    "Trung",
    "Khoa",
    "Lâm",
    "Tài",
    "Phúc",
    "Huy",
    "Thành",
    "Vinh",
    "Hiếu",
    "Toàn",
    "Việt",
    "Kiên",
    "Lực",
    "Tùng",
    "An",
]
ETHNIC_WEIGHTS = [
    ("01", 85),
    ("02", 2),
    ("03", 2),
    ("04", 1),
    ("05", 1.5),
    ("06", 1.5),
    ("07", 1),
    ("08", 1),
    ("09", 1),
    ("12", 0.5),
    ("17", 0.3),
]
PROVINCE_CCCD = {"01": "001", "79": "079", "56": "056", "24": "027", "48": "048"}
JOBS = [
    "Giáo viên",
    "Công nhân",
    "Kế toán",
    "Nhân viên",
    "Kỹ sư",
    "Chuyên viên",
    "Bác sĩ",
    "Điều dưỡng",
    "Công nhân may",
    "Tổ trưởng",
    "Bảo vệ",
    "Lái xe",
]


class MemberFactory:
    """Makes unsaved ``Member`` rows; numbers are unique for one factory."""

    def __init__(self, seed: int = 2025):
        self.rng = random.Random(seed)
        self.serial = 0
        self.ethnicities = {e.code: e for e in Ethnicity.objects.all()}
        self.families = [name for name, _weight in FAMILY]
        self.family_weights = [weight for _name, weight in FAMILY]
        self.ethnic_codes = [code for code, _weight in ETHNIC_WEIGHTS]
        self.ethnic_weights = [weight for _code, weight in ETHNIC_WEIGHTS]

    def person(self, unit: Unit, today: date) -> Member:
        rng = self.rng
        female = rng.random() < 0.55
        family = rng.choices(self.families, self.family_weights)[0]
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        full_name = f"{family} {middle} {given}"
        birth = today - timedelta(days=rng.randint(19 * 365, 60 * 365))
        joined = min(today, birth + timedelta(days=rng.randint(20 * 365, 40 * 365)))
        self.serial += 1
        century = (0 if birth.year < 2000 else 2) + int(female)
        prefix = PROVINCE_CCCD.get(unit.province.code if unit.province_id else "", "001")
        id_number = f"{prefix}{century}{birth.year % 100:02d}{self.serial % 1_000_000:06d}"
        member = Member(
            full_name=full_name,
            gender=Gender.FEMALE if female else Gender.MALE,
            birth_date=birth,
            id_number=id_number,
            unit=unit,
            joined_on=joined,
            ethnicity=self.ethnicities.get(rng.choices(self.ethnic_codes, self.ethnic_weights)[0]),
            job_title=rng.choice(JOBS),
            phone=f"09{rng.randint(0, 99_999_999):08d}",
            party_member=rng.random() < 0.12,
        )
        member.derive()
        return member


@transaction.atomic
def add_demo_members(total: int, seed: int = 2025) -> int:
    """Spread ``total`` members over the member-holding units, with figures and events."""
    units = list(
        Unit.objects.active()
        .filter(kind__holds_members=True)
        .select_related("province")
        .order_by("path")
    )
    if not units or total <= 0:
        return 0
    factory = MemberFactory(seed)
    today = date.today()
    weights = [max(unit.workers or 20, 5) for unit in units]
    figures_of: dict[int, Counter] = {}
    admitted: Counter = Counter()
    batch: list[Member] = []
    made = 0
    for unit in factory.rng.choices(units, weights, k=total):
        member = factory.person(unit, today)
        batch.append(member)
        figures_of.setdefault(unit.pk, Counter()).update(
            tally(gender=member.gender, card_number=member.card_number)
        )
        admitted[(unit.pk, member.joined_on.year)] += 1
        if len(batch) == 5000:
            made += _flush(batch)
            batch = []
    made += _flush(batch)
    for unit_id, added in figures_of.items():
        figures, _created = UnitMemberCount.objects.get_or_create(unit_id=unit_id)
        for name, value in added.items():
            setattr(figures, name, getattr(figures, name) + value)
        figures.save()
    years = []
    for (unit_id, year), count in admitted.items():
        years.append(UnitMemberYear(unit_id=unit_id, year=year, admitted=count))
    UnitMemberYear.objects.bulk_create(years, batch_size=5000, ignore_conflicts=True)
    return made


def _flush(batch: list[Member]) -> int:
    if not batch:
        return 0
    NameWord.learn(member.name_folded for member in batch)
    created = Member.objects.bulk_create(batch, batch_size=5000)
    if created and created[0].pk is None:
        created = list(Member.objects.with_identity([m.id_number for m in batch]))
    MemberEvent.objects.bulk_create(
        [
            MemberEvent(member=m, kind=EventKind.ADMIT, date=m.joined_on, unit_id=m.unit_id)
            for m in created
        ],
        batch_size=5000,
    )
    return len(batch)
