"""On a phone, May's officer records the workers' conference and sees the return's
figure change; Khánh Hòa's officer drafts the article of its year-end review and edits
it; screenshots."""

from datetime import date

import pytest

from congdoan.conftest import SHOTS, login
from congdoan.meetings import services
from congdoan.meetings.models import Meeting, MeetingKind
from congdoan.reports import services as returns

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_workers_conference_on_a_phone_fills_the_return_and_the_article(
    phone, live_server, tree, charlie, alice, democracy_template
):
    page, base = phone, live_server.url
    period = returns.open_period(
        actor=alice, template=democracy_template, unit=tree.kh, deadline=date(2027, 1, 15)
    )
    return_url = f"{base}/returns/{period.pk}/{tree.may.pk}/"
    login(page, base, "charlie")
    page.goto(return_url)
    assert page.inner_text("#v_worker_conference").strip().startswith("0")
    page.goto(f"{base}/meetings/")
    if not page.is_visible("#meeting-form [name=kind]"):
        page.click("#meeting-form-title")
    form = "#meeting-form"
    page.select_option(f"{form} [name=kind]", str(MeetingKind.objects.get(code="hn-nld").pk))
    page.fill(f"{form} [name=held_on]", "2026-03-08")
    page.select_option(f"{form} [name=form]", "delegates")
    page.fill(f"{form} [name=expected]", "150")
    page.fill(f"{form} [name=present]", "142")
    page.fill(f"{form} [name=guests]", "Lê Văn Tâm | Chủ tịch | LĐLĐ Nha Trang")
    page.fill(f"{form} [name=resolutions]", "Tăng tiền ăn ca lên 30.000 đồng")
    page.click(f"{form} button")
    page.wait_for_selector("#meeting")
    assert Meeting.objects.get().present == 142
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=SHOTS / "70-meeting.png", full_page=True)
    page.goto(return_url)
    assert page.inner_text("#v_worker_conference").strip().startswith("1")
    page.screenshot(path=SHOTS / "71-return-democracy.png", full_page=True)
    returns.submit(
        actor=charlie, ret=returns.return_for(actor=charlie, period=period, unit=tree.may)
    )
    review = services.record_meeting(
        actor=alice,
        unit=tree.kh,
        spec=services.MeetingSpec(
            kind=MeetingKind.objects.get(code="tong-ket"),
            held_on=date(2026, 12, 5),
            place="Hội trường LĐLĐ tỉnh",
        ),
    )
    page.context.clear_cookies()
    login(page, base, "alice")
    page.goto(f"{base}/meetings/{review.pk}/article/")
    text = page.inner_text("#article")
    assert "01 đơn vị tổ chức hội nghị người lao động" in text
    page.screenshot(path=SHOTS / "72-article.png", full_page=True)
    page.fill("#article-form [name=title]", "Khánh Hòa tổng kết năm 2026")
    page.click("#article-form button[value=save]")
    page.wait_for_selector(".alert-success")
    assert "Khánh Hòa tổng kết năm 2026" in page.inner_text("#article")
