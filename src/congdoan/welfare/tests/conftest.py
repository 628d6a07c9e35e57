"""Care work of the shared tree: Lê Lợi (bob's union) keeps a social fund; May
(charlie's, the sibling) must see none of it."""

from datetime import date

import pytest

from congdoan.members.tests.conftest import admit, people  # noqa: F401  (fixtures)
from congdoan.welfare import services
from congdoan.welfare.models import CareKind


@pytest.fixture
def kind():
    return lambda code: CareKind.objects.get(code=code, unit=None)


@pytest.fixture
def fund(tree, bob):
    fund = services.create_fund(actor=bob, unit=tree.le_loi, name="Quỹ xã hội", kind="social")
    services.move(
        actor=bob,
        fund=fund,
        on=date(2026, 1, 2),
        direction="in",
        amount=50_000_000,
        description="Số dư đầu năm",
    )
    return fund


@pytest.fixture
def sick_visit(tree, people, bob, kind, fund):  # noqa: F811  (a fixture)
    return services.record_care(
        actor=bob,
        unit=tree.le_loi,
        kind=kind("tham-om"),
        on=date(2026, 3, 4),
        recipient=services.Recipient(member=people["hoa"]),
        amount=500_000,
        fund=fund,
        voucher="PC-12",
    )


__all__ = ["admit"]
