"""A block organised by Khánh Hòa of three of its unions (Lê Lợi, May, Cảng Cam Ranh)."""

from datetime import date

import pytest

from congdoan.emulation import services
from congdoan.members.tests.conftest import people  # noqa: F401  (a fixture)
from congdoan.reports.tests.conftest import period, year_end  # noqa: F401  (fixtures)


@pytest.fixture
def block(tree, alice):
    return services.create_block(
        actor=alice,
        organiser=tree.kh,
        name="Khối thi đua số 1",
        decision_number="12/QĐ-LĐLĐ",
        decision_date=date(2025, 1, 10),
        units=[tree.le_loi, tree.may, tree.cang],
    )


@pytest.fixture
def hanoi(tree):
    """An officer of Hà Nội: outside the Khánh Hòa block and its organiser."""
    from congdoan.conftest import _user

    return _user("hanoi", "Đỗ Thị Hà", tree.hn)
