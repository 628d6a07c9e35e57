"""Emulation pages four ways, and what their forms do."""

from datetime import date

import pytest
from django.urls import reverse

from congdoan.core.docx import text_of
from congdoan.emulation import services
from congdoan.emulation.models import (
    BlockTerm,
    Covenant,
    CovenantStatus,
    EmulationBlock,
    Score,
    Scorecard,
)

LIST = reverse("emulation:block_list")


def test_the_list_shows_blocks_in_scope_and_offers_a_new_one(
    tree, block, alice, bob, hanoi, client, client_for
):
    assert client.get(LIST).status_code == 302
    page = client_for(alice).get(LIST)
    assert list(page.context["blocks"]) == [block] and "form" in page.context
    mine = client_for(bob).get(LIST)
    assert list(mine.context["blocks"]) == [block] and "form" not in mine.context
    assert not client_for(hanoi).get(LIST).context["blocks"]


def test_an_organiser_sets_up_a_block_on_the_page(tree, alice, client_for):
    body = {
        "organiser": "LDLD-KH",
        "name": "Khối trường học",
        "decision_number": "30/QĐ-LĐLĐ",
        "decision_date": "2026-01-15",
        "units": "CDCS-MAY\nCDCS-LELOI",
        "notes": "",
    }
    response = client_for(alice).post(LIST, body)
    block = EmulationBlock.objects.get(name="Khối trường học")
    assert response.status_code == 302 and response["Location"] == block.get_absolute_url()
    assert [m.unit for m in block.memberships.order_by("order")] == [tree.may, tree.le_loi]
    bad = client_for(alice).post(LIST, {**body, "name": "Khác", "units": "CDCS-MAY\nKHONG-CO"})
    assert bad.status_code == 200 and "KHONG-CO" in bad.content.decode()
    assert EmulationBlock.objects.count() == 1


def test_block_page_scope(tree, block, alice, bob, hanoi, nobody, client, client_for):
    url = block.get_absolute_url()
    assert client.get(url).status_code == 302
    for outsider in (nobody, hanoi):
        assert client_for(outsider).get(url).status_code == 404
    member = client_for(bob).get(url)
    assert member.status_code == 200 and not member.context["can_manage"]
    assert 'id="term-form"' not in member.content.decode()
    refused = client_for(bob).post(url, {"action": "term", "year": 2026, "leader": tree.le_loi.pk})
    assert refused.status_code == 200 and not BlockTerm.objects.exists()
    organiser = client_for(alice).get(url, {"year": 2026})
    assert organiser.context["can_manage"]
    rows = {row.membership.unit: row for row in organiser.context["figures"]}
    assert set(rows) == {tree.le_loi, tree.may, tree.cang}


def test_the_organiser_records_the_years_leader_and_members(tree, block, alice, client_for):
    client, url = client_for(alice), block.get_absolute_url()
    page = client.get(url, {"year": 2026})
    assert page.context["term_form"]["leader"].initial == tree.le_loi  # first in the rotation
    body = {"action": "term", "year": 2026, "leader": tree.le_loi.pk, "deputy": tree.may.pk}
    assert client.post(url, body).status_code == 302
    assert BlockTerm.objects.get(year=2026).deputy == tree.may
    join = {"action": "join", "unit": "LDLD-NT", "date": "2026-04-01", "decision": "40/QĐ"}
    assert client.post(url, join).status_code == 302
    leave = {"action": "leave", "unit": tree.cang.pk, "date": "2026-04-01", "decision": "41/QĐ"}
    assert client.post(url, leave).status_code == 302
    now = [m.unit for m in services.members_on(block, date(2026, 4, 2))]
    assert now == [tree.le_loi, tree.may, tree.nha_trang]


@pytest.fixture
def led(tree, block, alice):
    services.set_term(actor=alice, block=block, year=2026, leader=tree.may)
    return block


def test_the_leader_prepares_and_signs_the_covenant_on_the_pages(
    tree, led, charlie, bob, client_for
):
    client, url = client_for(charlie), led.get_absolute_url()
    body = {
        "action": "covenant",
        "year": 2026,
        "theme": "Lao động giỏi, lao động sáng tạo",
        "t-TOTAL_FORMS": 2,
        "t-INITIAL_FORMS": 0,
        "t-0-text": "Kết nạp 30 đoàn viên mới",
        "t-0-indicator": "admitted",
        "t-0-target": "30",
        "t-1-text": "",
    }
    response = client.post(f"{url}?year=2026", body)
    covenant = Covenant.objects.get()
    assert response["Location"] == covenant.get_absolute_url()
    assert [(t.text, t.indicator) for t in covenant.targets.all()] == [
        ("Kết nạp 30 đoàn viên mới", "admitted")
    ]
    page = client.get(covenant.get_absolute_url())
    assert page.context["can_prepare"]
    sign = {"action": "sign", "version": covenant.version, "signed_on": "2026-02-12"}
    sign["place"] = "Cam Ranh"
    for unit, name in [(tree.le_loi, "Trần Văn Bình"), (tree.may, "Lê Minh Châu")]:
        sign[f"name_{unit.pk}"], sign[f"title_{unit.pk}"] = name, "Chủ tịch"
    missing = client.post(covenant.get_absolute_url(), sign)
    assert missing.status_code == 200 and Covenant.objects.get().status == CovenantStatus.DRAFT
    sign[f"name_{tree.cang.pk}"], sign[f"title_{tree.cang.pk}"] = "Nguyễn Văn Cảng", "Chủ tịch"
    signed = client.post(covenant.get_absolute_url(), sign)
    assert signed.status_code == 302, signed.context["sign_form"].errors
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.SIGNED and covenant.place == "Cam Ranh"
    member = client_for(bob)  # the same test client, now Lê Lợi's officer
    assert not member.get(covenant.get_absolute_url()).context["can_prepare"]
    document = member.get(covenant.get_absolute_url(), {"docx": 1})
    assert "Nguyễn Văn Cảng" in text_of(document.content)


def test_covenant_page_scope(tree, led, charlie, hanoi, nobody, client, client_for):
    covenant = services.create_covenant(
        actor=charlie, block=led, year=2026, theme="Chủ đề", targets=[{"text": "Một"}]
    )
    url = covenant.get_absolute_url()
    assert client.get(url).status_code == 302
    for outsider in (nobody, hanoi):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).get(url, {"docx": 1}).status_code == 404
    assert client_for(charlie).get(url).status_code == 200


def test_the_leader_sets_the_table_and_units_score_on_the_pages(
    tree, led, bob, charlie, client_for
):
    client = client_for(charlie)
    body = {
        "action": "scorecard",
        "year": 2026,
        "c-TOTAL_FORMS": 3,
        "c-INITIAL_FORMS": 0,
        "c-0-group": "Tổ chức",
        "c-0-text": "Phát triển đoàn viên",
        "c-0-points": "40",
        "c-1-group": "Chăm lo",
        "c-1-text": "Thăm hỏi đoàn viên",
        "c-1-points": "60",
    }
    response = client.post(f"{led.get_absolute_url()}?year=2026", body)
    card = Scorecard.objects.get()
    assert response["Location"] == card.get_absolute_url()
    first, second = (c.pk for c in card.criteria.order_by("order"))
    page = client.get(card.get_absolute_url())
    assert "agreed_form" in page.context and "vote_form" in page.context
    agreed = {"action": "agreed", "agreed-unit": tree.may.pk}
    agreed |= {f"agreed-p_{first}": "35", f"agreed-p_{second}": "50"}
    assert client.post(card.get_absolute_url(), agreed).status_code == 302

    member = client_for(bob)  # the same client, now Lê Lợi's officer
    page = member.get(card.get_absolute_url())
    assert list(page.context["self_form"].fields["unit"].queryset) == [tree.le_loi]
    assert "agreed_form" not in page.context
    own = {"action": "self", "self-unit": tree.le_loi.pk, f"self-p_{first}": "38"}
    own[f"self-e_{first}"] = "Kết nạp 20 đoàn viên"
    assert member.post(card.get_absolute_url(), own).status_code == 302
    theirs = {**own, "self-unit": tree.may.pk}
    assert member.post(card.get_absolute_url(), theirs).status_code == 200  # not a choice
    assert Score.objects.filter(kind="self").count() == 1
    ranking = member.get(card.get_absolute_url()).context["ranking"]
    assert [(s.unit, s.total, s.provisional) for s in ranking][:2] == [
        (tree.may, 85, False),
        (tree.le_loi, 38, True),
    ]


def test_scorecard_page_scope(tree, led, charlie, hanoi, nobody, client, client_for):
    from congdoan.emulation import scoring

    card = scoring.create_scorecard(
        actor=charlie,
        block=led,
        year=2026,
        criteria=[{"group": "A", "text": "B", "points": 10}],
    )
    url = card.get_absolute_url()
    assert client.get(url).status_code == 302
    for outsider in (nobody, hanoi):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, {"action": "agreed"}).status_code == 404


def test_commitments_are_shown_beside_the_returns(
    tree, people, led, bob, charlie, period, client_for
):
    from congdoan.reports import services as returns

    covenant = services.create_covenant(
        actor=charlie,
        block=led,
        year=2026,
        theme="Chủ đề",
        targets=[{"text": "Thăm hỏi", "indicator": "care_visits", "target": 10}],
    )
    ret = returns.return_for(actor=bob, period=period, unit=tree.le_loi)
    ret = returns.save_values(actor=bob, ret=ret, values={"care_visits": 12}, version=ret.version)
    returns.submit(actor=bob, ret=ret)
    page = client_for(charlie).get(covenant.get_absolute_url())
    ((target, values),) = page.context["actuals"]
    assert dict(values) == {tree.le_loi: 12, tree.may: None, tree.cang: None}
    assert 'id="covenant-actuals"' in page.content.decode()
