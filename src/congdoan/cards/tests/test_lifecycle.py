"""Request, issue, replace and revoke; cards end and resume with the membership."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congdoan.cards import services
from congdoan.cards.models import Card, CardStatus, ReplaceReason
from congdoan.core.models import AuditLog
from congdoan.members import services as members
from congdoan.members.models import Member


def test_issue_gives_the_member_a_numbered_card(hoa_card, people):
    assert hoa_card.status == CardStatus.ISSUED and hoa_card.issued_on == date(2026, 3, 2)
    assert Member.objects.get(pk=people["hoa"].pk).card_number == hoa_card.number
    assert AuditLog.objects.filter(action="cards.issue", object_id=str(hoa_card.pk)).exists()


def test_a_member_has_one_card_or_request_at_a_time(hoa_card, bob, people):
    assert services.request_cards(actor=bob, members=[people["hoa"]]) == []
    assert Card.objects.filter(member=people["hoa"]).count() == 1


def test_requests_for_a_union_skip_members_who_have_a_card(hoa_card, bob, tree):
    created = services.request_for_unit(actor=bob, unit=tree.le_loi)
    assert sorted(card.member.full_name for card in created) == ["Lê Thị An", "Trần Văn Bình"]
    # one audit row per union the members belong to (Lê Lợi and its office group)
    logged = AuditLog.objects.filter(action="cards.request").exclude(data__cards=[hoa_card.pk])
    assert sorted(entry.unit.code for entry in logged) == ["CDCS-LELOI", "CDCS-LELOI-VP"]


def test_replacing_keeps_the_old_card_pointing_to_the_new(hoa_card, bob, people):
    new = services.replace_card(actor=bob, card=hoa_card, reason="lost")
    old = Card.objects.get(pk=hoa_card.pk)
    assert old.status == CardStatus.REPLACED and old.replaced_by_id == new.pk
    assert old.reason == str(ReplaceReason.LOST.label)
    assert new.status == CardStatus.ISSUED and new.number != old.number
    assert Member.objects.get(pk=people["hoa"].pk).card_number == new.number
    assert old.history.count() >= 3  # requested, issued, replaced
    with pytest.raises(ValidationError):
        services.replace_card(actor=bob, card=old, reason="lost")


def test_revoking_ends_the_card_and_clears_the_members_number(hoa_card, bob, people):
    with pytest.raises(ValidationError):
        services.revoke_card(actor=bob, card=hoa_card, reason=" ")
    services.revoke_card(actor=bob, card=hoa_card, reason="Cấp nhầm")
    assert Card.objects.get(pk=hoa_card.pk).status == CardStatus.REVOKED
    assert Member.objects.get(pk=people["hoa"].pk).card_number == ""


def test_a_sibling_unions_officer_cannot_touch_the_card(hoa_card, charlie):
    with pytest.raises(PermissionDenied):
        services.revoke_card(actor=charlie, card=hoa_card, reason="x")
    assert Card.objects.get(pk=hoa_card.pk).status == CardStatus.ISSUED


def test_leaving_revokes_the_card_and_rejoining_brings_it_back(hoa_card, bob, tree, people):
    hoa = Member.objects.get(pk=people["hoa"].pk)
    members.record_leaving(actor=bob, member=hoa, reason="Nghỉ việc", on=date(2026, 5, 1))
    card = Card.objects.get(pk=hoa_card.pk)
    assert card.status == CardStatus.REVOKED and card.ended_with_membership
    hoa.refresh_from_db()
    members.rejoin_member(actor=bob, member=hoa, unit=tree.le_loi, on=date(2026, 9, 1))
    card.refresh_from_db()
    assert card.status == CardStatus.ISSUED and card.number == hoa_card.number
    assert Member.objects.get(pk=hoa.pk).card_number == card.number
    assert AuditLog.objects.filter(action="cards.reactivate", object_id=str(card.pk)).exists()


def test_a_card_revoked_by_hand_stays_revoked_on_rejoining(hoa_card, bob, tree, people):
    services.revoke_card(actor=bob, card=hoa_card, reason="Cấp nhầm")
    hoa = Member.objects.get(pk=people["hoa"].pk)
    members.record_leaving(actor=bob, member=hoa, reason="Nghỉ việc")
    hoa.refresh_from_db()
    members.rejoin_member(actor=bob, member=hoa, unit=tree.le_loi)
    assert Card.objects.get(pk=hoa_card.pk).status == CardStatus.REVOKED
