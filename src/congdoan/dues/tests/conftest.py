"""Dues in the shared tree: Lê Lợi (bob, an officer of the union, and thu, its
treasurer) keeps its members' dues; alice, the province's officer, sees its totals; May
is charlie's sibling union."""

from datetime import date

import pytest

from congdoan.conftest import _user
from congdoan.dues import services
from congdoan.members.tests.conftest import admit, people  # noqa: F401  (fixtures)


@pytest.fixture
def thu(tree):
    return _user("thu", "Lê Thị Thu", tree.le_loi, role="treasurer")


@pytest.fixture
def group3(tree, bob):
    """Lê Lợi pays as group 3 (of the social-insurance salary, capped) from 2025."""
    return services.set_group(
        actor=bob, unit=tree.le_loi, group="3", effective_from=date(2025, 1, 1)
    )


def sheet_with(actor, unit, month, bases: dict, collected: bool = True):
    sheet = services.open_sheet(actor=actor, unit=unit, month=month)
    changes = {
        member.pk: services.LineChange(base=base, set_base=True, collected=collected)
        for member, base in bases.items()
    }
    return services.change_lines(actor=actor, sheet=sheet, changes=changes, version=sheet.version)
