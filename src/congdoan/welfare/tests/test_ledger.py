"""A fund's balance is the sum of its movements, whatever the order of payments,
cancellations and contributions, and a fund that may not go below zero never does."""

from datetime import date

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congdoan.welfare import services
from congdoan.welfare.models import CareRecord, Fund

ACTIONS = st.lists(
    st.tuples(st.sampled_from(["in", "out", "care", "cancel"]), st.integers(1, 5_000_000)),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_balance_is_the_sum_of_movements_and_never_below_zero(tree, people, bob, kind, actions):
    fund = services.create_fund(
        actor=bob, unit=tree.le_loi, name=f"Quỹ {Fund.objects.count() + 1}", kind="mutual"
    )
    for action, amount in actions:
        try:
            if action in ("in", "out"):
                services.move(
                    actor=bob,
                    fund=fund,
                    on=date(2026, 4, 1),
                    direction=action,
                    amount=amount,
                    description="Phát sinh",
                )
            elif action == "care":
                services.record_care(
                    actor=bob,
                    unit=tree.le_loi,
                    kind=kind("tham-om"),
                    on=date(2026, 4, 2),
                    recipient=services.Recipient(member=people["hoa"]),
                    amount=amount,
                    fund=fund,
                )
            else:
                care = CareRecord.objects.in_force().filter(fund=fund).first()
                if care is not None:
                    services.cancel_care(actor=bob, care=care, reason="Nhập nhầm")
        except ValidationError:
            pass  # a refused payment changes nothing
        movements = list(fund.entries.values_list("direction", "amount"))
        total = sum(a if d == "in" else -a for d, a in movements)
        assert fund.balance() == total >= 0
    paid = sum(CareRecord.objects.in_force().filter(fund=fund).values_list("amount", flat=True))
    typed = sum(
        a if d == "in" else -a
        for d, a in fund.entries.filter(care__isnull=True).values_list("direction", "amount")
    )
    assert fund.balance() == typed - paid
