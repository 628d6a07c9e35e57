"""The cards issue's speed targets: a batch PDF of 1,000 cards, and its memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date


def _cards(count: int):
    """``count`` issued cards of real members (unsaved: printing reads nothing more)."""
    from congdoan.cards.models import Card
    from congdoan.members.models import Member

    # as the print job reads them: with the union and the photo
    members = Member.objects.select_related("unit", "card_photo").filter(status="active")[:count]
    for index, member in enumerate(members.iterator(chunk_size=500)):
        yield Card(
            member=member,
            number=f"0012600{index:05d}",
            status="issued",
            issuing_unit=member.unit,
            issued_on=date(2026, 1, 2),
            public_code=f"bench{index}",
        )


def _peak(count: int) -> dict:
    """The peak memory of a fresh process printing ``count`` cards to a file."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.print_memory", str(count)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(line) -> None:
    import tempfile

    from congdoan.cards.printing import sheets_pdf

    with tempfile.TemporaryFile() as out:
        sheets_pdf(_cards(10), out)  # fonts registered once per process: not timed
    cards = list(_cards(1000))
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        sheets_pdf(iter(cards), out, base_url="http://127.0.0.1:8000/")
    line("batch PDF of 1,000 cards (s)", time.perf_counter() - started, None, "≤ 10 s")
    peaks = [_peak(count) for count in (100, 1000, 5000)]
    shown = " → ".join(
        f"{p['cards']:,}: {p['after']:.0f} MB "
        f"(+{p['after'] - p['before']:.1f}; PDF {p['size']:.1f} MB)"
        for p in peaks
    )
    print(f"{'PDF process memory while printing, by size':<44} {shown}   target flat")
