"""Rotating savings: payouts follow the group's order (an agreed list, or a draw among
those who have not received), interest after receiving, late and missing payments, the
group's running total and each member's statement."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from congdoan.core.models import AuditLog
from congdoan.welfare import services
from congdoan.welfare.models import SavingsPayment


@pytest.fixture
def group(tree, people, bob):
    return services.create_group(
        actor=bob,
        unit=tree.le_loi,
        name="Nhóm góp vốn tổ Văn phòng",
        contribution=2_000_000,
        cycle_months=1,
        starts_on=date(2026, 1, 10),
        order="agreed",
        members=[people["an"], people["hoa"], people["binh"]],
        interest_percent=Decimal("5"),
    )


def _pay_all(bob, cycle, on):
    for payment in cycle.payments.all():
        services.record_payment(actor=bob, payment=payment, paid=payment.due, paid_on=on)


def test_agreed_order_is_followed_and_the_round_ends(group, people, bob):
    receivers = []
    for _turn in range(3):
        cycle = services.open_cycle(actor=bob, group=group)
        receivers.append(cycle.receiver.member)
    assert receivers == [people["an"], people["hoa"], people["binh"]]
    assert [c.due_on for c in group.cycles.all()] == [
        date(2026, 1, 10),
        date(2026, 2, 10),
        date(2026, 3, 10),
    ]
    with pytest.raises(ValidationError) as over:
        services.open_cycle(actor=bob, group=group)
    assert "kết thúc" in over.value.messages[0]


def test_a_draw_gives_each_member_the_pot_once(tree, people, bob):
    members = [people["an"], people["hoa"], people["binh"]]
    group = services.create_group(
        actor=bob,
        unit=tree.le_loi,
        name="Bốc thăm",
        contribution=1_000_000,
        cycle_months=2,
        starts_on=date(2026, 1, 1),
        order="draw",
        members=members,
    )
    drawn = [services.open_cycle(actor=bob, group=group) for _turn in members]
    assert sorted(c.receiver.member_id for c in drawn) == sorted(m.pk for m in members)
    assert all(c.drawn for c in drawn)


def test_who_has_received_pays_the_interest_and_the_pot_is_what_was_paid(group, people, bob):
    first = services.open_cycle(actor=bob, group=group)
    assert {p.due for p in first.payments.all()} == {2_000_000}
    _pay_all(bob, first, date(2026, 1, 10))
    paid = services.pay_out(actor=bob, cycle=first, on=date(2026, 1, 11))
    assert paid.pot == 6_000_000
    second = services.open_cycle(actor=bob, group=group)
    dues = {p.saver.member_id: p.due for p in second.payments.select_related("saver")}
    assert dues == {
        people["an"].pk: 2_100_000,
        people["hoa"].pk: 2_000_000,
        people["binh"].pk: 2_000_000,
    }
    hoa = second.payments.get(saver__member=people["hoa"])
    services.record_payment(actor=bob, payment=hoa, paid=2_000_000, paid_on=date(2026, 2, 15))
    short = services.pay_out(actor=bob, cycle=second, on=date(2026, 2, 16))
    assert short.pot == 2_000_000  # only what was paid goes out
    assert AuditLog.objects.filter(action="welfare.savings_payout").first().data == {
        "pot": 2_000_000,
        "short_payments": 2,
    }
    with pytest.raises(ValidationError):
        services.record_payment(actor=bob, payment=hoa, paid=1, paid_on=date(2026, 2, 17))


def test_a_members_statement_shows_late_and_missing_payments(group, people, bob):
    first = services.open_cycle(actor=bob, group=group)
    hoa = first.payments.get(saver__member=people["hoa"])
    services.record_payment(actor=bob, payment=hoa, paid=2_000_000, paid_on=date(2026, 1, 20))
    saver = group.members.get(member=people["hoa"])
    statement = services.statement(saver)
    assert statement["rows"][0]["late"] and not statement["rows"][0]["missing"]
    binh = services.statement(group.members.get(member=people["binh"]))
    assert binh["rows"][0]["missing"] and binh["paid"] == 0
    assert statement["received"] is None
    total = sum(SavingsPayment.objects.filter(cycle__group=group).values_list("paid", flat=True))
    assert total == 2_000_000


def test_a_group_only_takes_members_of_its_union(tree, people, bob):
    with pytest.raises(ValidationError) as refused:
        services.create_group(
            actor=bob,
            unit=tree.le_loi,
            name="Sai",
            contribution=1,
            cycle_months=1,
            starts_on=date(2026, 1, 1),
            order="agreed",
            members=[people["hoa"], people["minh"]],
        )
    assert people["minh"].full_name in refused.value.messages[0]
