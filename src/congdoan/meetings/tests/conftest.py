"""Meetings of the shared tree: Lê Lợi (bob's public-service union) holds its civil
servants' conference; May (charlie's enterprise union, the sibling) its workers'
conference and agreement. Neither sees or counts the other's."""

from datetime import date

import pytest

from congdoan.meetings import services
from congdoan.meetings.models import MeetingKind
from congdoan.members.tests.conftest import admit, people  # noqa: F401  (fixtures)
from congdoan.reports.models import ReturnTemplate


@pytest.fixture
def kind():
    return lambda code: MeetingKind.objects.get(code=code)


@pytest.fixture
def democracy_template(tree):
    """2026's year-end form with the workplace-democracy group of the 2027 form."""
    now = ReturnTemplate.objects.get(code="tong-ket-nam", year=2026)
    future = ReturnTemplate.objects.get(code="tong-ket-nam", year=2027)
    group = "Dân chủ cơ sở"
    now.indicators.filter(group=group).delete()
    codes = []
    for indicator in future.indicators.filter(group=group):
        codes.append(indicator.code)
        indicator.pk, indicator.template = None, now
        indicator.save()
    for check in future.checks.filter(part__in=codes):
        check.pk, check.template = None, now
        check.save()
    return now


@pytest.fixture
def conference(tree, bob, kind):
    return services.record_meeting(
        actor=bob,
        unit=tree.le_loi,
        spec=services.MeetingSpec(
            kind=kind("hn-cbccvc"),
            held_on=date(2026, 2, 10),
            place="Hội trường trường THCS Lê Lợi",
            chairs="Hiệu trưởng; Chủ tịch công đoàn",
            expected=48,
            present=45,
            guests=[("Nguyễn Văn Hùng", "Phó Chủ tịch", "LĐLĐ Nha Trang")],
            resolutions=["Thực hiện quy chế chi tiêu nội bộ", "Tổ chức tham quan hè"],
        ),
    )


@pytest.fixture
def agreement(tree, charlie):
    return services.record_agreement(
        actor=charlie,
        unit=tree.may,
        spec=services.AgreementSpec(
            employer="Công ty TNHH May Nha Trang",
            tax_code="4200123456",
            signed_on=date(2026, 1, 5),
            effective_from=date(2026, 1, 15),
            effective_to=date(2028, 1, 14),
            workers=1200,
        ),
    )


__all__ = ["admit"]
