"""On a phone, Lê Lợi's officer opens July's dues sheet, types a salary and saves it
all collected; the level above sees the totals only; screenshots."""

from datetime import date

import pytest

from congdoan.conftest import SHOTS, login
from congdoan.dues import services
from congdoan.dues.models import DuesSheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_months_dues_on_a_phone(phone, live_server, tree, bob, alice, people):
    page, base = phone, live_server.url
    services.set_group(actor=bob, unit=tree.le_loi, group="3", effective_from=date(2025, 1, 1))
    login(page, base, "bob")
    page.goto(f"{base}/dues/?unit={tree.le_loi.pk}")
    page.fill("#sheet-form [name=m-month]", "2025-07")
    page.click("#sheet-form button")
    page.wait_for_selector("#lines-form")
    page.fill(f"[name=base_{people['hoa'].pk}]", "20000000")
    page.click("#lines-form button[value=all_collected]")
    page.wait_for_selector(".alert-success")
    sheet = DuesSheet.objects.get()
    assert sheet.collected == 100_000 and sheet.owed == 30_000
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=SHOTS / "76-dues-sheet.png", full_page=True)
    page.click("#lines-form button[value=lock]")  # the statement counts locked months
    page.wait_for_selector("#sheet-status")
    page.context.clear_cookies()
    login(page, base, "alice")
    page.goto(f"{base}{sheet.get_absolute_url()}")
    assert page.is_visible("#totals-only") and "20.000.000" not in page.content()
    page.goto(f"{base}/dues/?unit={tree.kh.pk}&year=2025")
    assert page.inner_text("#standing-collected").startswith("100")
    page.screenshot(path=SHOTS / "77-dues-statement.png", full_page=True)
