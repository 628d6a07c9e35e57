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


@pytest.fixture
def two_years(tree, people, alice, bob, charlie, period):  # noqa: F811  (a fixture)
    """2025 and 2026 year-end returns of Lê Lợi and May (one more member in 2026)."""
    earlier = services.open_period(
        actor=alice,
        template=ReturnTemplate.objects.get(code="tong-ket-nam", year=2025),
        unit=tree.kh,
        deadline=date(2026, 1, 15),
    )
    for chosen in (earlier, period):
        if chosen is period:
            admit(tree.le_loi, "Đỗ Văn Năm", "male")
        for actor, unit in [(bob, tree.le_loi), (charlie, tree.may)]:
            ret = services.return_for(actor=actor, period=chosen, unit=unit)
            services.submit(actor=actor, ret=ret)
    return earlier, period


__all__ = ["admit"]
