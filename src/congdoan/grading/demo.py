"""Grading for the demo tree, through the services: every upper union that manages
grassroots unions opened the grading of last year and of this one; last year's is
published; this year's is published too, except in the district of the demo grassroots
union, where the unions are still scoring themselves or waiting for the decision — so
each screen has something to show."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from congdoan.organizations.models import Unit

from . import services
from .models import Status


def _own_points(rng: random.Random, grading) -> dict[int, tuple[int, str]]:
    """The union's own points: at least the pre-filled ones, raised with its evidence
    where the records hold less than it did (drawn, so the demo has every tier)."""
    points = {}
    for score in grading.scores.select_related("criterion"):
        most = score.criterion.points
        drawn = max(0, min(most, round(most * rng.uniform(0.45, 1.0))))
        if score.self_points is not None and score.self_points >= drawn:
            points[score.criterion_id] = (score.self_points, score.evidence)
        else:
            points[score.criterion_id] = (drawn, "Báo cáo tổng kết năm, biên bản họp BCH.")
    return points


def _decided(rng: random.Random, own: dict) -> dict[int, tuple[int, str]]:
    """The level above mostly agrees, and takes a point off here and there."""
    return {
        pk: (max(0, got - (1 if rng.random() < 0.2 else 0)), "")
        for pk, (got, _words) in own.items()
    }


@transaction.atomic
def add_demo_grading(year: int, keep_open: Unit | None = None, seed: int = 2026) -> dict[str, int]:
    """Rounds of ``year - 1`` and ``year`` (this year's still open above ``keep_open``);
    returns how many gradings each status has."""
    rng = random.Random(seed)
    held_open = keep_open.parent_id if keep_open else None
    uppers = (
        Unit.objects.filter(kind__code="grassroots")
        .exclude(status="closed")
        .values_list("parent_id", flat=True)
        .distinct()
    )
    counts = dict.fromkeys(Status.values, 0)
    for upper in Unit.objects.filter(pk__in=list(uppers)).order_by("path"):
        for this in (year - 1, year):
            found = services.open_round(
                actor=None, unit=upper, year=this, self_by=date(this, 12, 20)
            )
            in_progress = this == year and upper.pk == held_open
            for n, row in enumerate(services.round_rows(found)):
                if not row.eligibility.graded:
                    continue
                if in_progress and n % 3 == 2:
                    continue  # not begun
                grading = services.start(actor=None, unit=row.unit, year=this)
                own = _own_points(rng, grading)
                send = not (in_progress and n % 3 == 0)
                grading = services.save_self_scores(
                    actor=None, grading=grading, points=own, version=grading.version, send=send
                )
                if not send or (in_progress and n % 2):
                    counts[grading.status] += 1
                    continue
                grading = services.decide(
                    actor=None,
                    grading=grading,
                    points=_decided(rng, own),
                    reason="Thẩm định lại theo báo cáo và hồ sơ minh chứng của đơn vị.",
                    version=grading.version,
                )
                if not in_progress:
                    grading = services.publish(actor=None, grading=grading, version=grading.version)
                counts[grading.status] += 1
    return counts
