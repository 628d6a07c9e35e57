"""Covenants: prepared by the organiser or the year's leader, signed for every member
unit, then locked; the Word document lists every signatory."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.core.docx import text_of
from congdoan.core.models import AuditLog
from congdoan.emulation import services
from congdoan.emulation.documents import covenant_docx
from congdoan.emulation.models import CovenantSignatory, CovenantStatus

TARGETS = [
    {"text": "Kết nạp ít nhất 50 đoàn viên mới", "indicator": "admitted", "target": 50},
    {"text": "100% đơn vị tổ chức hội nghị người lao động"},
]


@pytest.fixture
def covenant(tree, block, alice, charlie):
    services.set_term(actor=alice, block=block, year=2026, leader=tree.may, deputy=tree.le_loi)
    return services.create_covenant(
        actor=charlie, block=block, year=2026, theme="Đoàn kết, sáng tạo", targets=TARGETS
    )


def signing(tree):
    return [
        {"unit": tree.le_loi, "name": "Trần Văn Bình", "title": "Chủ tịch CĐCS"},
        {"unit": tree.may, "name": "Lê Minh Châu", "title": "Chủ tịch CĐCS"},
        {"unit": tree.cang, "name": "Nguyễn Văn Cảng", "title": "Phó Chủ tịch CĐCS"},
    ]


def test_the_years_leader_prepares_the_covenant(tree, block, covenant, bob):
    assert [t.text for t in covenant.targets.all()] == [t["text"] for t in TARGETS]
    assert covenant.targets.first().indicator == "admitted"
    with pytest.raises(PermissionDenied):  # the deputy does not prepare it
        services.update_covenant(
            actor=bob, covenant=covenant, version=1, theme="Khác", targets=TARGETS
        )
    with pytest.raises(ValidationError):
        services.create_covenant(
            actor=None, block=block, year=2026, theme="Lần hai", targets=TARGETS
        )


def test_every_member_signs_then_it_is_locked(tree, block, covenant, charlie):
    partial = signing(tree)[:2]
    with pytest.raises(ValidationError) as missing:
        services.sign_covenant(
            actor=charlie,
            covenant=covenant,
            version=1,
            signed_on=date(2026, 2, 10),
            place="Nha Trang",
            signatories=partial,
        )
    assert tree.cang.name in str(missing.value)
    assert not CovenantSignatory.objects.exists()
    signed = services.sign_covenant(
        actor=charlie,
        covenant=covenant,
        version=1,
        signed_on=date(2026, 2, 10),
        place="Nha Trang",
        signatories=signing(tree),
    )
    assert signed.status == CovenantStatus.SIGNED and signed.signatories.count() == 3
    assert AuditLog.objects.filter(action="emulation.covenant_sign").count() == 1
    with pytest.raises(ValidationError):
        services.update_covenant(
            actor=charlie, covenant=signed, version=signed.version, theme="Sửa", targets=TARGETS
        )


def test_a_unit_that_left_does_not_sign(tree, block, covenant, alice, charlie):
    services.remove_member(
        actor=alice, block=block, unit=tree.cang, left_on=date(2026, 1, 31), decision="9/QĐ"
    )
    with pytest.raises(ValidationError) as refused:
        services.sign_covenant(
            actor=charlie,
            covenant=covenant,
            version=1,
            signed_on=date(2026, 2, 10),
            place="Nha Trang",
            signatories=signing(tree),
        )
    assert refused.value.error_dict["signatories"][0].code == "not_member"
    services.sign_covenant(
        actor=charlie,
        covenant=covenant,
        version=1,
        signed_on=date(2026, 2, 10),
        place="Nha Trang",
        signatories=signing(tree)[:2],
    )


def test_the_covenant_document_has_every_signatory(tree, block, covenant, charlie):
    signed = services.sign_covenant(
        actor=charlie,
        covenant=covenant,
        version=1,
        signed_on=date(2026, 2, 10),
        place="Nha Trang",
        signatories=signing(tree),
    )
    text = text_of(covenant_docx(signed))
    lines = text.splitlines()
    assert "GIAO ƯỚC THI ĐUA" in lines and "Năm 2026" in lines
    assert "KHỐI THI ĐUA SỐ 1" in lines and "LIÊN ĐOÀN LAO ĐỘNG TỈNH KHÁNH HÒA" in lines
    assert "Nha Trang, ngày 10 tháng 02 năm 2026" in lines
    assert "Chủ đề: Đoàn kết, sáng tạo" in lines
    assert "1. Kết nạp ít nhất 50 đoàn viên mới" in lines
    assert "Quyết định số 12/QĐ-LĐLĐ ngày 10/01/2025" in text
    for who in signing(tree):
        assert who["name"] in lines and who["unit"].name.upper() in lines
    assert "Phó Chủ tịch CĐCS" in lines
