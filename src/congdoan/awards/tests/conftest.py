"""The award catalogue is data; nominations come from Lê Lợi (bob) for its members, go
to Nha Trang (its district; erin approves there) and on to Khánh Hòa (dana approves)."""

import pytest

from congdoan.awards.models import AwardTitle
from congdoan.members.tests.conftest import admit, people  # noqa: F401  (fixtures)
from congdoan.reports.tests.conftest import period, year_end  # noqa: F401  (fixtures)


@pytest.fixture
def erin(tree):
    from congdoan.conftest import _user

    return _user("erin", "Võ Thị Hồng", tree.nha_trang, role="approver")


@pytest.fixture
def award():
    return lambda code: AwardTitle.objects.get(code=code)


__all__ = ["admit"]
