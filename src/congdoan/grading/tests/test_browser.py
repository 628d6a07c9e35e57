"""On a phone, Lê Lợi's officer scores the union on the records and sends it up; the
province's officer decides and publishes, and the dashboard shows the tiers; screenshots."""

from datetime import date

import pytest

from congdoan.conftest import SHOTS, login
from congdoan.grading import services
from congdoan.grading.models import Grading, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_union_scores_itself_on_a_phone_and_the_level_above_publishes(
    phone, live_server, tree, bob, alice
):
    page, base = phone, live_server.url
    services.open_round(actor=alice, unit=tree.nha_trang, year=2026, self_by=date(2026, 12, 20))
    login(page, base, "bob")
    page.goto(f"{base}/grading/")
    page.click("#start-2026 button")
    page.wait_for_selector("#scores-form")
    grading = Grading.objects.get(unit=tree.le_loi)
    for score in grading.scores.select_related("criterion"):
        if score.self_points is None:
            page.fill(f"#self_{score.criterion_id}", str(score.criterion.points))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=SHOTS / "73-self-scoring.png", full_page=True)
    page.click("#scores-form button[value=send]")
    page.wait_for_selector(".alert-success")
    assert Grading.objects.get(pk=grading.pk).status == Status.SUBMITTED
    page.context.clear_cookies()
    login(page, base, "alice")
    page.goto(f"{base}{grading.get_absolute_url()}")
    page.click("#scores-form button[value=decide]")
    page.wait_for_selector(".alert-success")
    page.click("#scores-form button[value=publish]")
    page.wait_for_selector(".alert-success")
    assert Grading.objects.get(pk=grading.pk).status == Status.PUBLISHED
    page.screenshot(path=SHOTS / "74-grading-published.png", full_page=True)
    page.goto(f"{base}/returns/dashboard/?unit={tree.nha_trang.pk}")
    # 65 points: the criteria filled from empty records stayed at 0
    assert Grading.objects.get(pk=grading.pk).tier == "done"
    assert page.inner_text("#dashboard-tiers [data-tier=done]").strip() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=SHOTS / "75-dashboard-tiers.png", full_page=True)
