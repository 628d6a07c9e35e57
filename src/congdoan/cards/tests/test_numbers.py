"""Card numbers: the scheme is data, a Luhn check digit, no gap and no repeat."""

import threading
from datetime import date

import pytest
from django.db import connection

from congdoan.cards import services
from congdoan.cards.models import Card, CardScheme, check_digit

from .conftest import admit


def test_luhn_check_digit():
    assert check_digit("7992739871", "luhn") == "3"  # the textbook example
    assert check_digit("05626000001", "none") == ""


def test_default_scheme_is_province_year_sequence_and_check_digit(tree):
    scheme = CardScheme.objects.get(in_use=True)
    number = scheme.number(scheme.prefix("56", 2026), 1)
    assert number == "05626000001" + check_digit("05626000001", "luhn")
    assert scheme.is_valid(number)
    changed = number[:-2] + str((int(number[-2]) + 1) % 10) + number[-1]
    assert not scheme.is_valid(changed)


def test_numbers_follow_each_other_per_province_and_year(tree, bob, people):
    cards = services.request_cards(actor=bob, members=[people["hoa"], people["binh"]])
    first = services.issue_card(actor=bob, card=cards[0], on=date(2026, 1, 5))
    second = services.issue_card(actor=bob, card=cards[1], on=date(2026, 1, 6))
    assert first.number[:11] == "05626000001" and second.number[:11] == "05626000002"
    (third,) = services.request_cards(actor=bob, members=[people["an"]])
    third = services.issue_card(actor=bob, card=third, on=date(2027, 1, 2))
    assert third.number[:11] == "05627000001"  # a new year starts its own sequence


def test_a_scheme_edited_as_data_changes_new_numbers(tree, bob, people):
    CardScheme.objects.update(province_digits=2, sequence_digits=4, check_digit="none")
    (card,) = services.request_cards(actor=bob, members=[people["hoa"]])
    assert services.issue_card(actor=bob, card=card, on=date(2026, 1, 5)).number == "56260001"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_parallel_issues_never_share_or_skip_a_number(tree, bob):
    members = [admit(tree.le_loi, f"Đoàn Văn Số {chr(65 + n)}", "male") for n in range(12)]
    cards = services.request_cards(actor=bob, members=members)
    barrier = threading.Barrier(len(cards))
    errors = []

    def issue(card):
        try:
            barrier.wait()
            services.issue_card(actor=bob, card=card, on=date(2026, 6, 1))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(card,)) for card in cards]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    sequences = sorted(
        int(c.number[5:11]) for c in Card.objects.filter(pk__in=[c.pk for c in cards])
    )
    assert sequences == list(range(1, 13))
