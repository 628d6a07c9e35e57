"""Card figures for the unit page and dashboard: kept by the services, equal to a recount."""

from datetime import date

import pytest

from congdoan.cards import services
from congdoan.core.errors import ConflictError
from congdoan.members import services as members
from congdoan.members.models import Member, UnitMemberCount


def figures_now() -> dict[int, tuple[int, int, int]]:
    return {
        row.unit_id: (row.members, row.female, row.with_card)
        for row in UnitMemberCount.objects.all()
    }


def assert_equal_to_a_recount() -> None:
    kept = figures_now()
    members.rebuild_figures()
    assert figures_now() == kept


def test_issuing_replacing_and_leaving_move_the_card_figures(hoa_card, bob, tree, people):
    assert services.card_figures(tree.le_loi, 2026) == {
        "with_card": 1,
        "without_card": 2,  # Bình, and An in the office group
        "issued": 1,
    }
    services.replace_card(actor=bob, card=hoa_card, reason="lost", on=date(2026, 6, 1))
    assert services.card_figures(tree.le_loi, 2026) == {
        "with_card": 1,
        "without_card": 2,
        "issued": 2,
    }
    assert services.card_figures(tree.le_loi, 2025)["issued"] == 0
    hoa = Member.objects.get(pk=people["hoa"].pk)
    members.record_leaving(actor=bob, member=hoa, reason="Nghỉ việc")
    assert services.card_figures(tree.le_loi, 2026)["with_card"] == 0
    assert_equal_to_a_recount()
    members.rejoin_member(actor=bob, member=Member.objects.get(pk=hoa.pk), unit=tree.le_loi)
    assert services.card_figures(tree.le_loi, 2026)["with_card"] == 1
    assert_equal_to_a_recount()


def test_a_transferred_member_takes_the_card_figure_along(hoa_card, alice, tree, people):
    members.transfer_member(
        actor=alice, member=Member.objects.get(pk=people["hoa"].pk), to_unit=tree.cang
    )
    assert services.card_figures(tree.le_loi)["with_card"] == 0
    assert services.card_figures(tree.cang)["with_card"] == 1
    # the card was issued by Lê Lợi: the year's issue stays counted there
    assert services.card_figures(tree.le_loi, 2026)["issued"] == 1
    assert_equal_to_a_recount()


def test_a_card_number_typed_into_the_record_counts(bob, tree, people):
    binh = Member.objects.get(pk=people["binh"].pk)
    members.update_member(actor=bob, member=binh, version=binh.version, card_number="0790012")
    assert services.card_figures(tree.le_loi)["with_card"] == 1
    binh.refresh_from_db()
    members.update_member(actor=bob, member=binh, version=binh.version, card_number="")
    assert services.card_figures(tree.le_loi)["with_card"] == 0
    assert_equal_to_a_recount()


def test_an_edit_opened_before_the_card_was_issued_is_refused(people, bob):
    hoa = Member.objects.get(pk=people["hoa"].pk)
    opened = hoa.version
    (card,) = services.request_cards(actor=bob, members=[hoa])
    card = services.issue_card(actor=bob, card=card)
    with pytest.raises(ConflictError):
        members.update_member(actor=bob, member=hoa, version=opened, card_number="")
    assert Member.objects.get(pk=hoa.pk).card_number == card.number


def test_the_unit_page_shows_the_card_figures(people, bob, tree, alice, client_for):
    (card,) = services.request_cards(actor=bob, members=[people["binh"]])
    services.issue_card(actor=bob, card=card)  # today
    response = client_for(alice).get(tree.le_loi.get_absolute_url())
    shown = {str(figure.label): figure.value for figure in response.context["app_figures"]}
    assert shown["Đoàn viên có thẻ"] == 1
    assert shown["Đoàn viên chưa có thẻ"] == 2
    assert shown["Thẻ cấp trong năm"] == 1
    assert "Thẻ cấp trong năm" in response.content.decode()
