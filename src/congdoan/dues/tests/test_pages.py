"""The dues pages and API four ways (anonymous, no role, in scope, the sibling), and
salaries shown only to the union's own treasurer and officers: the level above reads the
totals; the member reads their own dues."""

import io
from datetime import date

import pytest
import xlsxwriter
from django.urls import reverse

from congdoan.core.sheets import read_table
from congdoan.dues import services
from congdoan.dues.models import DuesSheet, Remittance, UnitDues

from .conftest import sheet_with

JULY = date(2025, 7, 1)


@pytest.fixture
def july(tree, bob, people, group3):
    return sheet_with(
        bob, tree.le_loi, JULY, {people["hoa"]: 23_456_000, people["binh"]: 30_000_000}
    )


def test_every_page_four_ways_and_salaries_for_the_books_only(
    tree, client, client_for, alice, bob, thu, charlie, nobody, july
):
    urls = [july.get_absolute_url(), reverse("dues:sheet_export", args=[july.pk])]
    home = reverse("dues:home") + f"?unit={tree.le_loi.pk}"
    for url in [*urls, home]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    for outsider in (charlie, nobody):
        for url in [*urls, home]:
            assert client_for(outsider).get(url).status_code == 404, (url, outsider)
    for keeper in (bob, thu):
        html = client_for(keeper).get(july.get_absolute_url()).content.decode()
        assert "23456000" in html and 'id="lines-form"' in html
        rows = read_table(client_for(keeper).get(urls[1]).content, "x.xlsx")
        assert 23_456_000 in [r[3] for r in rows]
    page = client_for(alice)
    html = page.get(july.get_absolute_url()).content.decode()
    assert 'id="totals-only"' in html and "23456000" not in html and "23.456.000" not in html
    assert "Nguyễn Thị Hoa" not in html
    rows = read_table(page.get(urls[1]).content, "x.xlsx")
    assert len(rows) == 2 and july.collected in rows[1]
    assert "Nguyễn Thị Hoa" not in str(rows)
    assert (
        page.post(july.get_absolute_url(), {"action": "save", "version": july.version}).status_code
        == 404
    )
    html = page.get(reverse("dues:home") + f"?unit={tree.kh.pk}").content.decode()
    assert 'id="standing-children"' in html


def test_the_api_four_ways_and_salaries_for_the_books_only(
    tree, api_client, alice, bob, charlie, nobody, july
):
    url = f"/api/v1/dues/sheets/{july.pk}"
    for path in (url, url + ".xlsx", f"/api/v1/dues/statement?unit={tree.le_loi.pk}&year=2025"):
        assert api_client().get(path).status_code == 401
        for outsider in (charlie, nobody):
            response = api_client(outsider).get(path)
            assert response.status_code == 404 and set(response.json()) >= {
                "code",
                "message",
                "field",
            }
    mine = api_client(bob).get(url).json()
    assert {line["base"] for line in mine["lines"]} >= {23_456_000, 30_000_000}
    above = api_client(alice).get(url).json()
    assert above["lines"] is None and above["base_total"] is None
    assert above["collected"] == july.collected
    assert api_client(alice).get("/api/v1/dues/sheets").json()[0]["base_total"] is None
    assert api_client(charlie).get("/api/v1/dues/sheets").json() == []
    for path in ("/api/v1/dues/rules", "/api/v1/dues/splits"):
        assert api_client(nobody).get(path).status_code == 200
    rules = api_client(nobody).get("/api/v1/dues/rules").json()
    assert {(r["group"], r["effective_from"], r["rate"]) for r in rules} >= {
        ("3", "2025-07-01", "0.500")
    }


def test_the_flow_through_the_api(tree, api_client, bob, alice, charlie, people):
    b = api_client(bob)
    refused = b.post(
        "/api/v1/dues/sheets",
        {"unit": tree.le_loi.pk, "month": "2025-07-01"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "month"  # no group yet
    assert (
        b.post(
            "/api/v1/dues/settings",
            {"unit": tree.le_loi.pk, "group": "3", "effective_from": "2025-01-01"},
            content_type="application/json",
        ).status_code
        == 201
    )
    assert (
        api_client(charlie)
        .post(
            "/api/v1/dues/settings",
            {"unit": tree.le_loi.pk, "group": "3", "effective_from": "2025-01-01"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    assert (
        api_client(alice)
        .post(
            "/api/v1/dues/settings",
            {"unit": tree.le_loi.pk, "group": "3", "effective_from": "2025-01-01"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    sheet = b.post(
        "/api/v1/dues/sheets",
        {"unit": tree.le_loi.pk, "month": "2025-07-01"},
        content_type="application/json",
    ).json()
    hoa = people["hoa"].pk
    changed = b.put(
        f"/api/v1/dues/sheets/{sheet['id']}/lines",
        {
            "version": sheet["version"],
            "lines": [{"member": hoa, "base": 20_000_000, "collected": True}],
        },
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["collected"] == 100_000
    stale = b.put(
        f"/api/v1/dues/sheets/{sheet['id']}/lines",
        {"version": sheet["version"], "lines": []},
        content_type="application/json",
    )
    assert stale.status_code == 409
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["Họ và tên", "Số CCCD", "Lương"])
    ws.write_row(1, 0, ["Trần Văn Bình", "079085000456", 30_000_000])
    book.close()
    version = changed.json()["version"]
    upload = {"file": io.BytesIO(buffer.getvalue())}
    upload["file"].name = "luong.xlsx"
    preview = b.post(f"/api/v1/dues/sheets/{sheet['id']}/payroll?version={version}", upload)
    assert (
        preview.status_code == 200
        and preview.json()["saved"] is False
        and preview.json()["matched"] == 1
    )
    upload["file"].seek(0)
    saved = b.post(f"/api/v1/dues/sheets/{sheet['id']}/payroll?version={version}&save=true", upload)
    assert saved.json()["saved"] is True and saved.json()["sheet"]["dues_total"] == 250_000
    locked = b.post(
        f"/api/v1/dues/sheets/{sheet['id']}/lock",
        {"version": saved.json()["sheet"]["version"]},
        content_type="application/json",
    )
    assert locked.json()["status"] == "locked"
    adjusted = b.post(
        f"/api/v1/dues/sheets/{sheet['id']}/adjustments",
        {"member": hoa, "amount": -10_000, "reason": "Hoàn lại do tính nhầm", "on": "2025-08-01"},
        content_type="application/json",
    )
    assert adjusted.status_code == 201
    paid = b.post(
        "/api/v1/dues/remittances",
        {"unit": tree.le_loi.pk, "amount": 27_000, "on": "2025-08-05"},
        content_type="application/json",
    )
    assert paid.status_code == 201 and paid.json()["to"] == tree.nha_trang.pk
    fund = b.post(
        "/api/v1/dues/funds",
        {
            "unit": tree.le_loi.pk,
            "month": "2025-07-01",
            "wage_fund": 500_000_000,
            "paid": 10_000_000,
            "paid_on": "2025-08-10",
        },
        content_type="application/json",
    )
    assert (
        fund.status_code == 201
        and fund.json()["amount"] == 10_000_000
        and fund.json()["kept"] == 7_500_000
    )
    statement = api_client(alice).get(f"/api/v1/dues/statement?unit={tree.kh.pk}&year=2025").json()
    # 100.000 collected − 10.000 refunded = 90.000; 30 % owed = 27.000, paid
    assert (statement["collected"], statement["owed"], statement["paid"], statement["balance"]) == (
        100_000,
        27_000,
        27_000,
        0,
    )
    assert Remittance.objects.count() == 1 and UnitDues.objects.count() == 1


def test_the_member_sees_their_own_dues(tree, people, client_for, july):
    from congdoan.accounts.models import User
    from congdoan.portal.models import MemberAccount

    login = User.objects.create_user(username="hoa", password="x-Mat-khau-2025", full_name="Hoa")
    MemberAccount.objects.create(user=login, member=people["hoa"])
    html = client_for(login).get(reverse("portal:me")).content.decode()
    assert 'id="own-dues"' in html and "07/2025" in html and "117.280" in html
    assert "30.000.000" not in html  # another member's salary


def test_the_sheet_page_forms(tree, client_for, bob, people, group3):
    page = client_for(bob)
    home = reverse("dues:home") + f"?unit={tree.le_loi.pk}"
    assert page.post(home, {"action": "sheet", "m-month": "2030-01"}).status_code == 400
    response = page.post(home, {"action": "sheet", "m-month": "2025-07"})
    sheet = DuesSheet.objects.get()
    assert response["Location"] == sheet.get_absolute_url()
    hoa = people["hoa"].pk
    bad = page.post(
        sheet.get_absolute_url(),
        {"action": "save", "version": sheet.version, f"base_{hoa}": "hai triệu"},
    )
    assert bad.status_code == 400 and "Nguyễn Thị Hoa" in bad.content.decode()
    ok = page.post(
        sheet.get_absolute_url(),
        {"action": "all_collected", "version": sheet.version, f"base_{hoa}": "20.000.000"},
    )
    assert ok.status_code == 302
    sheet.refresh_from_db()
    assert sheet.collected == 100_000
    assert (
        page.post(
            home, {"action": "remit", "r-fund": "dues", "r-amount": "30000", "r-on": "2025-08-01"}
        ).status_code
        == 302
    )
    assert Remittance.objects.get().amount == 30_000
    assert (
        page.post(
            home, {"action": "setting", "s-group": "2", "s-effective_from": "2025-09"}
        ).status_code
        == 302
    )
    assert services.setting_for(tree.le_loi, date(2025, 9, 1)).group == "2"
