"""The year's leader prepares the block's covenant and records its signing, on a phone;
screenshots of the block and the signed covenant."""

import pytest

from congdoan.conftest import SHOTS, login
from congdoan.emulation import services
from congdoan.emulation.models import Covenant, CovenantStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_signs_the_covenant(phone, live_server, tree, people, block, alice, charlie):
    services.set_term(actor=alice, block=block, year=2026, leader=tree.may, deputy=tree.le_loi)
    page, base = phone, live_server.url
    login(page, base, "charlie")
    page.goto(f"{base}/emulation/")
    page.click("#blocks a")
    page.wait_for_selector("#block-members")
    assert "Công ty May Nha Trang" in page.inner_text("#block-term")
    page.screenshot(path=SHOTS / "40-emulation-block.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.fill("#covenant-form [name=theme]", "Đoàn kết, sáng tạo, vì người lao động")
    page.fill("#covenant-form [name=t-0-text]", "Kết nạp ít nhất 30 đoàn viên mới")
    page.select_option("#covenant-form [name=t-0-indicator]", "admitted")
    page.fill("#covenant-form [name=t-0-target]", "30")
    page.fill("#covenant-form [name=t-1-text]", "100% đơn vị tổ chức hội nghị người lao động")
    page.click("#covenant-form button")
    page.wait_for_selector("#sign-form")
    covenant = Covenant.objects.get()
    page.fill("#sign-form [name=place]", "Nha Trang")
    page.fill("#sign-form [name=signed_on]", "2026-02-10")
    for unit, name in [
        (tree.le_loi, "Trần Văn Bình"),
        (tree.may, "Lê Minh Châu"),
        (tree.cang, "Nguyễn Văn Cảng"),
    ]:
        page.fill(f"#sign-form [name=name_{unit.pk}]", name)
    page.click("#sign-submit")
    page.wait_for_selector("#covenant-signatories")
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.SIGNED and covenant.signatories.count() == 3
    assert "Nguyễn Văn Cảng" in page.inner_text("#covenant-signatories")
    page.screenshot(path=SHOTS / "41-covenant-signed.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
