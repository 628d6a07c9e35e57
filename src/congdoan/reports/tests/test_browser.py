"""A CĐCS fills and submits its year-end return on a phone; the district sees it beside
its other unions; screenshots of both."""

from pathlib import Path

import pytest

from congdoan.conftest import SHOTS, login
from congdoan.core.docx import text_of
from congdoan.reports.models import Return, ReturnStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_union_fills_and_submits_its_return(phone, live_server, people, period, bob, alice):
    page, base = phone, live_server.url
    login(page, base, "bob")
    page.goto(f"{base}/returns/")
    page.click("#periods a.btn")
    page.wait_for_selector("#return-form")
    assert page.inner_text("#v_members").strip().startswith("3")  # computed: Lê Lợi's members
    page.fill("#v_care_visits", "12")
    page.fill("#v_care_amount", "1500000")
    page.select_option("#v_cbccvc_conference", "có")
    page.screenshot(path=SHOTS / "30-return-form.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("#return-submit")
    page.wait_for_selector(".alert-success")
    assert Return.objects.get().status == ReturnStatus.SUBMITTED
    assert Return.objects.get().values["care_amount"] == 1_500_000

    page.context.clear_cookies()
    login(page, base, "alice")
    page.goto(f"{base}/returns/{period.pk}/{people['hoa'].unit.parent_id}/")
    page.wait_for_selector("#return-children")
    assert "Lê Lợi" in page.inner_text("#return-children")
    page.screenshot(path=SHOTS / "31-return-district.png", full_page=True)

    page.goto(f"{base}/returns/dashboard/?unit={people['hoa'].unit.parent_id}")
    page.wait_for_selector("#chart-children")
    assert page.evaluate("Chart.getChart('chart-trend') !== undefined")
    assert page.evaluate("Chart.getChart('chart-children').data.datasets[0].data[0]") == 3
    assert "Lê Lợi" in page.inner_text("#table-children")
    page.screenshot(path=SHOTS / "32-dashboard.png", full_page=True)

    # from the dashboard to the year-end report, downloaded as Word from a phone
    page.click("#year-end-link")
    page.wait_for_selector("#year-end-form")
    page.fill("#id_number", "7")
    page.fill("#id_signer", "Nguyễn Thị Ánh")
    page.screenshot(path=SHOTS / "33-year-end.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_download() as download:
        page.click("#year-end-form button")
    text = text_of(Path(download.value.path()).read_bytes())
    assert "Số: 07/BC-LĐLĐ" in text and "Nguyễn Thị Ánh" in text
