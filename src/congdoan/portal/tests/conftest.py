"""The shared tree's members (Lê Lợi: bob's union; May: charlie's), a card for Hoa, and
Hoa's own login."""

import pytest

from congdoan.cards.tests.conftest import hoa_card  # noqa: F401  (fixture)
from congdoan.members.tests.conftest import admit, people  # noqa: F401  (fixtures)
from congdoan.portal import services

MEMBER_PASSWORD = "Hoa-doan-vien-2026"


@pytest.fixture
def hoa_login(people, bob):  # noqa: F811  (the imported fixture)
    """Hoa's own login, made from the invitation bob gave her."""
    _invitation, code = services.invite_member(actor=bob, member=people["hoa"])
    return services.accept_invitation(code=code, username="hoa.nguyen", password=MEMBER_PASSWORD)


__all__ = ["admit", "hoa_card"]


@pytest.fixture(autouse=True)
def fresh_rate_counts():
    """Each test starts with no attempts counted against this machine's address."""
    from django.core.cache import cache

    cache.clear()
