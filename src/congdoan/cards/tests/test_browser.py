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


def test_a_union_requests_issues_and_prints_its_cards_in_batches(phone, live_server, people, bob):
    page, base = phone, live_server.url
    login(page, base, "bob")
    page.goto(f"{base}/cards/unit/{people['hoa'].unit_id}/")
    page.click("#card-batch form:nth-of-type(1) button")  # request for everyone without a card
    page.wait_for_selector("#unit-card-list tbody tr input[name=card]")
    assert page.locator("#unit-card-list tbody tr").count() == 3  # Hoa, Bình; An in a group
    page.click("#card-batch form:nth-of-type(2) button")  # issue every requested card
    page.wait_for_selector(".alert-success")
    assert "Đã cấp 3 thẻ" in page.inner_text(".alert-success")
    page.screenshot(path=SHOTS / "24-union-cards.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("#card-batch form:nth-of-type(3) button")  # print every card not yet printed
    page.wait_for_selector("#print-download", timeout=20000)  # the page follows the job
    page.screenshot(path=SHOTS / "25-card-print-job.png", full_page=True)
