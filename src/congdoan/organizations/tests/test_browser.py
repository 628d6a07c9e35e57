"""In a real browser (Debian's Chromium through Playwright): log in, browse the tree,
search without diacritics, move a unit. Screenshots go to ``test-output/screenshots``."""

import pytest

from congdoan.conftest import SHOTS, login
from congdoan.organizations.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_browses_searches_and_moves_a_unit(phone, live_server, tree, alice):
    page, base = phone, live_server.url
    login(page, base, "alice")
    assert page.locator("html").get_attribute("lang") == "vi"  # Vietnamese despite en-US
    assert "Phạm vi của bạn" in page.content()
    page.screenshot(path=SHOTS / "01-tree.png", full_page=True)

    # expand the province, then a district, through htmx
    page.click(f"button[hx-get='/units/{tree.kh.pk}/children/']")
    page.wait_for_selector(f"#children-{tree.kh.pk} >> text=Liên đoàn Lao động Nha Trang")
    page.click(f"button[hx-get='/units/{tree.nha_trang.pk}/children/']")
    page.wait_for_selector("text=Công đoàn cơ sở Trường THCS Lê Lợi")
    page.screenshot(path=SHOTS / "02-tree-expanded.png", full_page=True)

    # search without diacritics
    page.fill("input[name=q]", "truong thcs le loi")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("#unit-results")
    assert page.locator("#unit-results tbody tr").count() == 1
    page.screenshot(path=SHOTS / "03-search.png", full_page=True)

    # open it and move it to Cam Ranh with the unit picker
    page.click("#unit-results a")
    page.wait_for_selector("#unit-actions")
    page.screenshot(path=SHOTS / "04-unit.png", full_page=True)
    page.click("text=Thay đổi đơn vị quản lý")
    page.fill("#id_new_parent", "cam ranh")
    page.wait_for_function("document.querySelectorAll('#unit-options option').length > 0")
    options = page.eval_on_selector_all("#unit-options option", "els => els.map(e => e.value)")
    assert any(value.startswith("LDLD-CR") for value in options)
    assert not any("Ba Đình" in value for value in options)  # other province: not offered
    page.fill("#id_new_parent", next(v for v in options if v.startswith("LDLD-CR")))
    page.fill("#id_decision_number", "45/QĐ-LĐLĐ")
    page.fill("#id_decision_date", "2025-07-01")
    page.screenshot(path=SHOTS / "05-move-form.png", full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "Liên đoàn Lao động Cam Ranh" in page.inner_text(".alert-success")
    page.screenshot(path=SHOTS / "06-moved.png", full_page=True)
    assert Unit.objects.get(pk=tree.le_loi.pk).parent_id == tree.cam_ranh.pk

    # nothing overflows the phone screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_sibling_officer_gets_not_found(browser, live_server, tree, bob, charlie):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    login(page, live_server.url, "charlie")
    response = page.goto(f"{live_server.url}/units/{tree.le_loi.pk}/")
    assert response.status == 404
    page.screenshot(path=SHOTS / "07-sibling-404.png")
    context.close()
