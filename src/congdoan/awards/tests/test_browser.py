"""A union proposes a member on a phone, is told which condition fails, proposes for an
award it may, and sends it up; the district sees it waiting; screenshots."""

import pytest

from congdoan.awards.models import AwardTitle, DossierState, Nomination
from congdoan.conftest import SHOTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_union_proposes_and_the_district_sees_it_waiting(
    phone, live_server, tree, people, bob, erin
):
    page, base = phone, live_server.url
    login(page, base, "bob")
    page.goto(f"{base}/awards/")
    form = "#nominate-form"
    page.select_option(f"{form} [name=award]", str(AwardTitle.objects.get(code="ldtt").pk))
    page.fill(f"{form} [name=id_number]", people["hoa"].id_number)
    page.fill(f"{form} [name=achievements]", "Giáo viên dạy giỏi cấp tỉnh năm học 2025–2026")
    page.click(f"{form} button")
    page.wait_for_selector(f"{form} .alert-danger, {form} .invalid-feedback")
    assert "chưa đăng ký" in page.inner_text(form)  # the condition, in Vietnamese
    page.screenshot(path=SHOTS / "50-nomination-refused.png", full_page=True)
    page.select_option(f"{form} [name=award]", str(AwardTitle.objects.get(code="gk-ctcs").pk))
    page.click(f"{form} button")
    page.wait_for_selector("#nomination-move")
    page.click("#nomination-move button[value=submitted]")
    page.wait_for_selector(".alert-success")
    assert Nomination.objects.get().dossier.holder == tree.nha_trang
    page.screenshot(path=SHOTS / "51-nomination-sent.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.context.clear_cookies()
    login(page, base, "erin")
    page.goto(f"{base}/returns/dashboard/")
    page.click("#dashboard-waiting a")
    page.click("#nomination-move button[value=approved]")
    page.wait_for_selector(".alert-success")
    assert Nomination.objects.get().dossier.state == DossierState.APPROVED
    page.screenshot(path=SHOTS / "52-nomination-approved.png", full_page=True)
