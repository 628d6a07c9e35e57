"""The shared tree with members (Lê Lợi: bob; May: charlie; dana approves for Khánh Hòa),
and the year-end period 2026 opened by the province."""

from datetime import date

import pytest

from congdoan.members.tests.conftest import admit, people  # noqa: F401  (fixtures)
from congdoan.reports import services
from congdoan.reports.models import ReturnTemplate


@pytest.fixture
def year_end(tree):
    return ReturnTemplate.objects.get(code="tong-ket-nam", year=2026)


@pytest.fixture
def period(tree, alice, year_end):
    return services.open_period(
        actor=alice, template=year_end, unit=tree.kh, deadline=date(2027, 1, 15)
    )


__all__ = ["admit"]
