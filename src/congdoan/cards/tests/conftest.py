"""The members of the shared tree (Lê Lợi: bob's union; May: charlie's), and cards."""

import pytest

from congdoan.cards import services
from congdoan.members.tests.conftest import admit, people  # noqa: F401  (fixtures)


@pytest.fixture
def hoa_card(people, bob):  # noqa: F811  (the imported fixture)
    """Nguyễn Thị Hoa's card, issued on 2 March 2026 by bob's union."""
    from datetime import date

    (card,) = services.request_cards(actor=bob, members=[people["hoa"]])
    return services.issue_card(actor=bob, card=card, on=date(2026, 3, 2))


__all__ = ["admit"]
