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


def test_a_member_scores_itself_and_the_leader_agrees(
    phone, live_server, tree, people, block, alice, bob, charlie
):
    from congdoan.emulation import scoring

    services.set_term(actor=alice, block=block, year=2026, leader=tree.may)
    card = scoring.create_scorecard(
        actor=charlie,
        block=block,
        year=2026,
        criteria=[
            {"group": "Xây dựng tổ chức", "text": "Phát triển đoàn viên", "points": 40},
            {"group": "Chăm lo", "text": "Thăm hỏi đoàn viên", "points": 60},
        ],
    )
    first, second = (c.pk for c in card.criteria.order_by("order"))
    page, base = phone, live_server.url
    login(page, base, "bob")
    page.goto(f"{base}{card.get_absolute_url()}")
    page.fill(f"#self-form [name=self-p_{first}]", "36")
    page.fill(f"#self-form [name=self-e_{first}]", "Kết nạp 18 đoàn viên mới")
    page.fill(f"#self-form [name=self-p_{second}]", "52")
    page.click("#self-form button")
    page.wait_for_load_state()
    page.screenshot(path=SHOTS / "42-scoring-self.png", full_page=True)
    page.wait_for_selector(".alert-success")
    assert "88" in page.inner_text("#ranking")

    page.context.clear_cookies()
    login(page, base, "charlie")
    page.goto(f"{base}{card.get_absolute_url()}")
    page.select_option("#agreed-form [name=agreed-unit]", str(tree.le_loi.pk))
    page.fill(f"#agreed-form [name=agreed-p_{first}]", "35")
    page.fill(f"#agreed-form [name=agreed-p_{second}]", "50")
    page.click("#agreed-form button")
    page.wait_for_selector(".alert-success")
    first_row = page.inner_text("#ranking tbody tr:first-child")
    assert "Lê Lợi" in first_row and "85" in first_row
    page.screenshot(path=SHOTS / "42-scoring.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
