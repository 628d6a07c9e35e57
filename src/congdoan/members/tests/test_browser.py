"""The import wizard in a real browser, with screenshots under test-output/screenshots."""

import pytest

from congdoan.conftest import SHOTS, login
from congdoan.members.models import Member
from congdoan.members.tests.test_import import HEADER, ROWS, sheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_imports_a_member_list(phone, live_server, tree, bob, tmp_path, monkeypatch):
    page, base = phone, live_server.url
    bad = tmp_path / "danh-sach-loi.xlsx"
    refused = [
        [4, "", "01/01/1990", "Nam", "123", "", "", "", ""],
        [5, "Võ Văn Năm", "01/01/1990", "Nam", "79090001005", "", "", "", ""],  # lost its 0
    ]
    bad.write_bytes(sheet(HEADER, [*ROWS, *refused]))
    good = tmp_path / "danh-sach.xlsx"
    good.write_bytes(sheet(HEADER, ROWS))
    login(page, base, "bob")
    page.goto(f"{base}/members/import/")
    page.fill("#id_unit", "CDCS-LELOI")
    page.set_input_files("#id_file", str(bad))
    page.screenshot(path=SHOTS / "10-import-upload.png", full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_selector("#import-problems")
    assert page.locator("#import-commit").count() == 0  # errors block saving
    problems = page.inner_text("#import-problems")
    assert "Dòng" in problems and "số 0 ở đầu đã mất" in problems
    page.screenshot(path=SHOTS / "11-import-problems.png", full_page=True)

    page.goto(f"{base}/members/import/")
    page.fill("#id_unit", "CDCS-LELOI")
    page.set_input_files("#id_file", str(good))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#import-commit")
    page.screenshot(path=SHOTS / "12-import-preview.png", full_page=True)
    page.click("#import-commit")
    page.wait_for_selector(".alert-success")
    page.screenshot(path=SHOTS / "13-import-saved.png", full_page=True)
    assert Member.objects.filter(unit=tree.le_loi).count() == 3

    page.click("text=Xem đoàn viên")
    page.wait_for_selector("#member-results")
    assert page.locator("#member-results tbody tr").count() == 3
    assert "Nguyễn Thị Thu" in page.inner_text("#member-results")
    page.screenshot(path=SHOTS / "14-member-list.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # a search whose count passes the cap says so, in Vietnamese, on a phone
    monkeypatch.setattr("congdoan.members.listing.COUNT_CAP", 1)
    page.goto(f"{base}/members/?q=t")  # Thị, Thu, Trần: two members
    page.wait_for_selector("#member-results")
    assert "Hơn 1 đoàn viên khớp" in page.inner_text("main")
    page.screenshot(path=SHOTS / "15-member-search-capped.png", full_page=True)
