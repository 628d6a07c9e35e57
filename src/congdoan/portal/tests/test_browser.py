"""An officer invites a member; the member opens the link on a phone, makes a login, sees
the e-card (whose QR code checks the card) and proposes a new phone number."""

import io

import pytest
import zxingcpp
from PIL import Image

from congdoan.conftest import SHOTS, login
from congdoan.portal.models import ContactChange

from .conftest import MEMBER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_joins_from_the_invitation_and_sees_the_e_card(
    phone, browser, live_server, hoa_card, people
):
    page, base = phone, live_server.url
    login(page, base, "bob")
    page.goto(f"{base}{people['hoa'].get_absolute_url()}")
    page.click("#member-account button[type=submit]")
    page.wait_for_selector("#invitation-code")
    page.screenshot(path=SHOTS / "22-member-invitation.png", full_page=True)
    link = page.get_attribute("#invitation-link", "href")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # the member, on their own phone (whose screen has 3 pixels per CSS pixel)
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=3, locale="vi-VN"
    )
    page = context.new_page()
    page.goto(link)
    page.fill("#id_username", "hoa.nguyen")
    page.fill("#id_password", MEMBER_PASSWORD)
    page.fill("#id_password_again", MEMBER_PASSWORD)
    page.click("#join-form button[type=submit]")
    page.wait_for_url(f"{base}/me/")
    card = page.locator(".e-card")
    assert hoa_card.number in card.inner_text()
    assert "NGUYỄN THỊ HOA" in card.inner_text()
    assert "Trần Văn Bình" not in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=SHOTS / "23-member-own-page.png", full_page=True)

    # the QR code on the screen opens the public check of this card
    shot = Image.open(io.BytesIO(page.locator(".e-card-qr").screenshot()))
    url = zxingcpp.read_barcodes(shot)[0].text
    assert url.startswith(f"{base}/verify/")

    page.fill("#id_phone", "0912 345 678")
    page.click("#contact button[type=submit]")
    page.wait_for_selector("#my-proposals")
    assert ContactChange.objects.get().phone == "0912345678"

    page.goto(url)
    assert "Còn hiệu lực" in page.inner_text("#verdict")
    context.close()
