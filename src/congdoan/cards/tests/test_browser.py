"""The card on a member's page and the public check, on a phone, with screenshots."""

import pytest

from congdoan.cards.verify import token_for
from congdoan.conftest import SHOTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_sees_the_card_and_anyone_can_check_it(phone, live_server, hoa_card, people):
    page, base = phone, live_server.url
    login(page, base, "bob")
    page.goto(f"{base}{people['hoa'].get_absolute_url()}")
    page.wait_for_selector("#member-cards")
    assert hoa_card.number in page.inner_text("#member-cards")
    page.locator("#member-cards").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "20-member-card.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.context.clear_cookies()  # the check is public
    page.goto(f"{base}/verify/{token_for(hoa_card)}/")
    assert "Còn hiệu lực" in page.inner_text("#verdict")
    assert "Nguyễn T. H." in page.inner_text("main")
    page.screenshot(path=SHOTS / "21-card-check.png", full_page=True)
