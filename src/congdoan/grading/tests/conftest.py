"""Grading in the shared tree: LĐLĐ Nha Trang manages Lê Lợi (bob's public-service
union) and May (charlie's enterprise union, the sibling); alice, an officer of the
province above it, opens and decides its rounds."""

from datetime import date

import pytest

from congdoan.grading import services
from congdoan.meetings.tests.conftest import conference, kind  # noqa: F401  (fixtures)
from congdoan.members.tests.conftest import admit, people  # noqa: F401  (fixtures)

YEAR = 2026


@pytest.fixture
def round_2026(tree, alice):
    return services.open_round(
        actor=alice, unit=tree.nha_trang, year=YEAR, self_by=date(2026, 12, 20)
    )


def full_marks(grading, field: str = "self") -> dict:
    return {
        s.criterion_id: (s.criterion.points, "Hồ sơ")
        for s in grading.scores.select_related("criterion")
    }


def scored(grading, share: float, *, keep: set | None = None) -> dict:
    """Every criterion at ``share`` of its points (those in ``keep`` at full)."""
    return {
        s.criterion_id: (
            s.criterion.points
            if keep and s.criterion.group in keep
            else int(s.criterion.points * share),
            "Hồ sơ",
        )
        for s in grading.scores.select_related("criterion")
    }


@pytest.fixture
def sent(tree, bob, round_2026):
    """Lê Lợi scored itself full marks and sent it up."""
    grading = services.start(actor=bob, unit=tree.le_loi, year=YEAR)
    return services.save_self_scores(
        actor=bob, grading=grading, points=full_marks(grading), version=grading.version, send=True
    )


@pytest.fixture
def published(alice, sent):
    grading = services.decide(
        actor=alice, grading=sent, points=full_marks(sent), reason="", version=sent.version
    )
    return services.publish(actor=alice, grading=grading, version=grading.version)
