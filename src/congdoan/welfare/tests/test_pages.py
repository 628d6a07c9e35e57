"""Care pages four ways (anonymous, no role, in scope, the sibling union), and the
forms: one act of care, a list for many members (chosen, or imported all or nothing),
a fund's ledger, a campaign, a savings group."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from congdoan.core.docx import text_of
from congdoan.core.sheets import read_table
from congdoan.welfare import services
from congdoan.welfare.models import CareBatch, CareRecord, Fund, SavingsGroup


@pytest.fixture
def campaign(tree, bob, fund):
    return services.create_campaign(
        actor=bob,
        unit=tree.le_loi,
        name="Vận động Tết",
        fund=fund,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )


@pytest.fixture
def group(tree, people, bob):
    return services.create_group(
        actor=bob,
        unit=tree.le_loi,
        name="Nhóm góp vốn",
        contribution=1_000_000,
        cycle_months=1,
        starts_on=date(2026, 1, 1),
        order="agreed",
        members=[people["hoa"], people["binh"]],
    )


@pytest.fixture
def batch(tree, people, bob, kind, fund):
    return services.record_batch(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("qua-tet"),
        on=date(2026, 1, 25),
        occasion="Tết 2026",
        members=[people["hoa"], people["binh"]],
        amount=500_000,
        fund=fund,
    )


def test_every_care_page_four_ways(
    tree, sick_visit, fund, campaign, group, batch, bob, charlie, nobody, client, client_for
):
    pages = [
        sick_visit.get_absolute_url(),
        batch.get_absolute_url(),
        reverse("welfare:batch_document", args=[batch.pk]),
        fund.get_absolute_url(),
        reverse("welfare:fund_export", args=[fund.pk]),
        campaign.get_absolute_url(),
        group.get_absolute_url(),
    ]
    forms = [
        sick_visit.get_absolute_url(),
        fund.get_absolute_url(),
        campaign.get_absolute_url(),
        group.get_absolute_url(),
    ]
    forms = [
        sick_visit.get_absolute_url(),
        fund.get_absolute_url(),
        campaign.get_absolute_url(),
        group.get_absolute_url(),
    ]
    home = reverse("welfare:home")
    for url in pages + [home, reverse("welfare:care_export")]:
        assert client.get(url).status_code == 302, url
    for url in pages:
        assert client_for(bob).get(url).status_code == 200, url
        for outsider in (charlie, nobody):
            assert client_for(outsider).get(url).status_code == 404, url
    for url in forms:
        for outsider in (charlie, nobody):
            posted = client_for(outsider).post(url, {"reason": "x", "action": "cycle"})
            assert posted.status_code == 404, url
    assert not sick_visit.entries.filter(direction="in").exists() and not group.cycles.exists()
    assert client_for(nobody).get(home).status_code == 404
    assert client_for(charlie).get(home, {"unit": tree.le_loi.pk}).status_code == 404
    sibling = client_for(charlie).get(home)
    assert sibling.context["unit"] == tree.may and not sibling.context["page"].object_list
    assert sibling.context["funds"] == []
    mine = client_for(bob).get(home, {"year": 2026})
    shown = {care.pk for care in mine.context["page"]}
    assert shown == {sick_visit.pk, *batch.records.values_list("pk", flat=True)}
    assert "Chăm lo năm 2026" in mine.content.decode()


def test_one_act_of_care_is_recorded_on_the_page(tree, people, bob, kind, fund, client_for):
    page = client_for(bob)
    response = page.post(
        reverse("welfare:home"),
        {
            "action": "care",
            "unit": tree.le_loi.pk,
            "kind": kind("hieu-hy").pk,
            "on": "2026-05-02",
            "beneficiary": "member",
            "id_number": "079190000123",
            "amount": "1000000",
            "fund": fund.pk,
            "occasion": "Cưới",
            "voucher": "PC-30",
        },
    )
    assert response.status_code == 302
    care = CareRecord.objects.get()
    assert (care.member, care.amount, care.fund) == (people["hoa"], 1_000_000, fund)
    refused = page.post(
        reverse("welfare:home"),
        {
            "action": "care",
            "unit": tree.le_loi.pk,
            "kind": kind("tro-cap-kho-khan").pk,
            "on": "2026-05-02",
            "beneficiary": "member",
            "id_number": "079190000123",
        },
    )
    assert refused.status_code == 400
    assert "Nhập số tiền" in refused.content.decode()
    assert CareRecord.objects.count() == 1


def test_a_sibling_officer_cannot_post_for_another_union(tree, people, charlie, kind, client_for):
    response = client_for(charlie).post(
        reverse("welfare:home"),
        {
            "action": "care",
            "unit": tree.le_loi.pk,
            "kind": kind("tham-om").pk,
            "on": "2026-05-02",
            "beneficiary": "member",
            "id_number": "079190000123",
            "amount": "1",
        },
    )
    assert response.status_code == 404 and not CareRecord.objects.exists()


def _sheet(rows) -> bytes:
    from xlsxwriter import Workbook

    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    book.close()
    return buffer.getvalue()


def _rows(content: bytes) -> list[list]:
    return read_table(content, "export.xlsx")


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_an_imported_list_with_a_bad_row_records_nothing(tree, people, bob, kind, client_for):
    content = _sheet(
        [
            ["DANH SÁCH TẶNG QUÀ TẾT"],
            ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Số tiền"],
            [1, "Nguyễn Thị Hoa", "12/05/1990", "079190000123", 500000],
            [2, "Người Lạ", "01/01/1991", "", 500000],
            [3, "Trần Văn Bình", "", "079085000456", "năm trăm"],
        ]
    )
    response = client_for(bob).post(
        reverse("welfare:home"),
        {
            "action": "batch",
            "unit": tree.le_loi.pk,
            "kind": kind("qua-tet").pk,
            "on": "2026-01-25",
            "occasion": "Tết 2026",
            "amount": "300000",
            "file": _upload("qua-tet.xlsx", content),
        },
    )
    assert response.status_code == 400
    problems = response.context["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(4, "Họ và tên"), (5, "Số tiền")]
    assert "Người Lạ" in problems[0]["message"]
    assert not CareRecord.objects.exists() and not CareBatch.objects.exists()


def test_an_imported_list_records_each_member_with_the_lists_amount(
    tree, people, bob, kind, client_for
):
    content = _sheet(
        [
            ["STT", "Họ và tên", "Ngày sinh", "CCCD", "Số tiền"],
            [1, "Nguyễn Thị Hoa", "12/05/1990", "079190000123", 700000],
            [2, "Lê Thị An", "", "079195000789", None],
            [3, "Trần Văn Bình", 1985, "", None],
        ]
    )
    response = client_for(bob).post(
        reverse("welfare:home"),
        {
            "action": "batch",
            "unit": tree.le_loi.pk,
            "kind": kind("qua-tet").pk,
            "on": "2026-01-25",
            "occasion": "Tết 2026",
            "amount": "300000",
            "file": _upload("qua-tet.xlsx", content),
        },
    )
    batch = CareBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert sorted(batch.records.values_list("member__full_name", "amount")) == [
        ("Lê Thị An", 300_000),
        ("Nguyễn Thị Hoa", 700_000),
        ("Trần Văn Bình", 300_000),
    ]
    document = client_for(bob).get(reverse("welfare:batch_document", args=[batch.pk]))
    text = text_of(document.content)
    for line in [
        "DANH SÁCH CHI",
        "Quà Tết, hỗ trợ dịp lễ tết — Tết 2026",
        "Nguyễn Thị Hoa",
        "700.000",
        "Tổng cộng: 3 người",
        "1.300.000",
        "THỦ QUỸ",
        "NGƯỜI LẬP",
    ]:
        assert line in text, line
    assert "Tổng số tiền: 1,3 triệu đồng." in text
    assert len(Document(io.BytesIO(document.content)).tables[1].rows) == 5  # head, 3, total


def test_everyone_on_a_list_and_the_care_list_export(tree, people, bob, kind, client_for):
    page = client_for(bob)
    page.post(
        reverse("welfare:home"),
        {
            "action": "batch",
            "unit": tree.le_loi.pk,
            "kind": kind("qua-8-3").pk,
            "on": "2026-03-08",
            "occasion": "8/3",
            "amount": "200000",
            "everyone": "on",
        },
    )
    assert CareRecord.objects.count() == 3  # Hoa, Bình, An (of the group Văn phòng)
    export = page.get(reverse("welfare:care_export"), {"unit": tree.le_loi.pk, "year": 2026})
    rows = _rows(export.content)
    assert rows[0][:4] == ["STT", "Ngày", "Loại chăm lo", "Người nhận"]
    assert sorted(r[3] for r in rows[1:]) == ["Lê Thị An", "Nguyễn Thị Hoa", "Trần Văn Bình"]
    assert all(r[5] == 200_000 for r in rows[1:])


def test_fund_ledger_page_and_export(tree, sick_visit, fund, bob, client_for):
    page = client_for(bob)
    page.post(
        fund.get_absolute_url(),
        {
            "on": "2026-06-01",
            "direction": "out",
            "amount": "99000000",
            "description": "Chi lớn",
        },
    )
    assert fund.entries.count() == 2  # refused: the fund would go below zero
    page.post(
        fund.get_absolute_url(),
        {
            "on": "2026-06-01",
            "direction": "in",
            "amount": "1000000",
            "description": "Ủng hộ",
        },
    )
    ledger = page.get(fund.get_absolute_url()).context["ledger"]
    assert [balance for _entry, balance in ledger] == [50_000_000, 49_500_000, 50_500_000]
    exported = _rows(page.get(reverse("welfare:fund_export", args=[fund.pk])).content)
    assert [row[5] for row in exported[1:]] == [
        50_000_000,
        49_500_000,
        50_500_000,
    ]


def test_funds_campaigns_and_groups_are_made_on_the_page(tree, people, bob, client_for):
    page = client_for(bob)
    home = reverse("welfare:home")
    page.post(
        home, {"action": "fund", "unit": tree.le_loi.pk, "name": "Quỹ tương trợ", "kind": "mutual"}
    )
    fund = Fund.objects.get()
    response = page.post(
        home,
        {
            "action": "campaign",
            "unit": tree.le_loi.pk,
            "name": "Tết sum vầy",
            "fund": fund.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2026-02-01",
            "target": "10000000",
        },
    )
    campaign = fund.campaigns.get()
    assert response["Location"] == campaign.get_absolute_url()
    page.post(
        campaign.get_absolute_url(),
        {
            "on": "2026-01-10",
            "donor": "member",
            "everyone": "on",
            "amount": "100000",
        },
    )
    page.post(
        campaign.get_absolute_url(),
        {
            "on": "2026-01-11",
            "donor": "sponsor",
            "donor_name": "Ngân hàng A",
            "amount": "2000000",
        },
    )
    refused = page.post(
        campaign.get_absolute_url(),
        {
            "on": "2026-01-12",
            "donor": "member",
            "id_number": people["minh"].id_number,
            "amount": "100000",
        },
    )
    assert refused.status_code == 400  # Minh is May's member, not Lê Lợi's
    assert "không có đoàn viên" in refused.content.decode().lower()
    shown = page.get(campaign.get_absolute_url()).context
    assert (shown["raised"], shown["sponsored"]) == (2_300_000, 2_000_000)
    assert fund.balance() == 2_300_000
    page.post(
        home,
        {
            "action": "savings",
            "unit": tree.le_loi.pk,
            "name": "Nhóm A",
            "contribution": "500000",
            "cycle_months": "1",
            "starts_on": "2026-02-01",
            "order": "agreed",
            "interest_percent": "0",
            "numbers": "079195000789\n079190000123",
        },
    )
    group = SavingsGroup.objects.get()
    assert [s.member for s in group.members.all()] == [people["an"], people["hoa"]]
    page.post(group.get_absolute_url(), {"action": "cycle"})
    payment = group.cycles.get().payments.get(saver__member=people["an"])
    page.post(
        group.get_absolute_url(),
        {
            "action": "payment",
            "payment": payment.pk,
            "paid": "500000",
            "paid_on": "2026-02-01",
        },
    )
    payment.refresh_from_db()
    assert payment.paid == 500_000
    page.post(
        group.get_absolute_url(),
        {"action": "payout", "cycle": group.cycles.get().pk, "on": "2026-02-02"},
    )
    assert group.cycles.get().pot == 500_000


def test_a_members_care_shows_on_the_member_page_and_their_own_page(
    tree, people, sick_visit, bob, charlie, client_for, kind
):
    from congdoan.accounts.models import User
    from congdoan.portal.models import MemberAccount

    services.record_care(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("qua-tet"),
        on=date(2026, 1, 1),
        recipient=services.Recipient(member=people["binh"]),
        amount=300_000,
    )
    member_page = client_for(bob).get(reverse("members:member_detail", args=[people["hoa"].pk]))
    assert "Thăm hỏi đoàn viên ốm đau" in member_page.content.decode()
    hoa_login = User.objects.create_user(
        username="hoa", password="x-Mat-khau-2025", full_name="Hoa"
    )
    MemberAccount.objects.create(user=hoa_login, member=people["hoa"])
    own = client_for(hoa_login).get(reverse("portal:me"))
    html = own.content.decode()
    assert own.status_code == 200 and 'id="my-care"' in html
    assert "Thăm hỏi đoàn viên ốm đau" in html and "500.000" in html
    assert "Quà Tết" not in html  # Bình's, not hers


def test_a_province_adds_a_kind_its_unions_use_and_a_sibling_does_not_see(
    tree, people, alice, bob, client_for
):
    from congdoan.welfare.models import CareKind

    added = client_for(alice).post(
        reverse("welfare:home"),
        {
            "action": "kind",
            "unit": tree.kh.pk,
            "code": "tham-thai-san",
            "name": "Thăm đoàn viên nữ sinh con",
            "group": "visit",
        },
    )
    assert added.status_code == 302
    kind = CareKind.objects.get(code="tham-thai-san")
    assert kind.unit == tree.kh
    assert kind in CareKind.objects.for_unit(tree.le_loi)
    assert kind not in CareKind.objects.for_unit(tree.hn_school)
    page = client_for(bob).get(reverse("welfare:home"))
    assert kind in page.context["forms"]["care"].fields["kind"].queryset
    again = client_for(alice).post(
        reverse("welfare:home"),
        {
            "action": "kind",
            "unit": tree.kh.pk,
            "code": "tham-om",
            "name": "x",
            "group": "visit",
        },
    )
    assert again.status_code == 400 and CareKind.objects.filter(code="tham-om").count() == 1


def test_an_operator_starts_at_the_root(tree, root_user, client_for):
    page = client_for(root_user).get(reverse("welfare:home"))
    assert page.status_code == 200 and page.context["unit"] == tree.root
