"""A grassroots officer records a sick visit and a Tết list on a phone, sees the year's
totals, and opens the fund's ledger; screenshots."""

import pytest

from congdoan.conftest import SHOTS, login
from congdoan.welfare.models import CareKind, CareRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_records_care_on_a_phone(phone, live_server, tree, people, bob, fund):
    page, base = phone, live_server.url
    login(page, base, "bob")
    page.goto(f"{base}/care/")
    form = "#care-form"
    page.select_option(f"{form} [name=kind]", str(CareKind.objects.get(code="tham-om").pk))
    page.fill(f"{form} [name=on]", "2026-03-04")
    page.fill(f"{form} [name=id_number]", people["hoa"].id_number)
    page.fill(f"{form} [name=amount]", "500000")
    page.select_option(f"{form} [name=fund]", str(fund.pk))
    page.click(f"{form} button")
    page.wait_for_selector(".alert-success")
    assert CareRecord.objects.get().member == people["hoa"]
    batch = "#batch-form"
    page.select_option(f"{batch} [name=kind]", str(CareKind.objects.get(code="qua-tet").pk))
    page.fill(f"{batch} [name=on]", "2026-01-25")
    page.fill(f"{batch} [name=occasion]", "Tết Bính Ngọ 2026")
    page.fill(f"{batch} [name=amount]", "500000")
    page.check(f"{batch} [name=everyone]")
    page.click(f"{batch} button")
    page.wait_for_selector("#batch-records")
    assert "1.500.000" in page.inner_text("#batch-total")
    page.screenshot(path=SHOTS / "60-care-list.png", full_page=True)
    page.goto(f"{base}/care/?year=2026")
    assert "2.000.000" in page.inner_text("#care-totals")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=SHOTS / "61-care-home.png", full_page=True)
    page.click("#funds a")
    page.wait_for_selector("#ledger")
    assert "49.500.000" in page.inner_text("#ledger")
    page.screenshot(path=SHOTS / "62-fund-ledger.png", full_page=True)
