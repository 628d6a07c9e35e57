"""The cards issue's speed targets: a batch PDF of 1,000 cards, and its memory."""

from __future__ import annotations

import resource
import time
import tracemalloc
from datetime import date


def _cards(count: int):
    """``count`` issued cards of real members (unsaved: printing reads nothing more)."""
    from congdoan.cards.models import Card
    from congdoan.members.models import Member

    # as the print job reads them: with the union and the photo
    members = Member.objects.select_related("unit", "card_photo").filter(status="active")[:count]
    for index, member in enumerate(members):
        yield Card(
            member=member,
            number=f"0012600{index:05d}",
            status="issued",
            issuing_unit=member.unit,
            issued_on=date(2026, 1, 2),
            public_code=f"bench{index}",
        )


def run(line) -> None:
    from congdoan.cards.printing import sheets_pdf

    sheets_pdf(list(_cards(10)))  # fonts registered once per process: not timed
    cards = list(_cards(1000))
    started = time.perf_counter()
    sheets_pdf(iter(cards), base_url="http://127.0.0.1:8000/")
    line("batch PDF of 1,000 cards (s)", time.perf_counter() - started, None, "≤ 10 s")
    growth = {}
    for count in (100, 1000):
        tracemalloc.start()
        sheets_pdf(iter(cards[:count]), base_url="http://127.0.0.1:8000/")
        growth[count] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(
        f"{'PDF memory peak, 100 → 1,000 cards':<44} {growth[100]:.1f} MB → "
        f"{growth[1000]:.1f} MB (the finished PDF is held until saved)   target flat"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'process peak memory':<44} {peak:,.0f} MB")
