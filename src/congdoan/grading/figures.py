"""What a grassroots union recorded in a year, read for the criteria that map to a figure,
and the grading's own figures for returns (CĐCS by tier, a computed source).

A criterion's pre-filled points are its maximum in proportion to the figure, full at the
criterion's target (a conference held: 1; cards: 100 per cent), rounded down: the union
sees the figure it came from and may change the points with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from django.utils.translation import gettext as _

from congdoan.organizations.models import Unit

from .models import Figure, Grading


@dataclass(frozen=True)
class Year:
    """The calendar year, shaped as the returns' period for their source functions."""

    year: int

    @property
    def starts_on(self) -> date:
        return date(self.year, 1, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 12, 31)


def recorded(unit: Unit, year: int, criteria) -> dict[int, float]:
    """The recorded figure of each criterion that maps to one (criterion id → value)."""
    from congdoan.members.models import UnitMemberCount, UnitMemberYear
    from congdoan.reports.services import SOURCE_PROVIDERS, own_units

    own, period = own_units(unit), Year(year)
    found: dict[int, float] = {}
    counts = None
    for criterion in criteria:
        if criterion.figure == Figure.ADMITTED:
            value = UnitMemberYear.objects.filter(unit__in=own, year=year).aggregate(
                n=Sum("admitted")
            )["n"]
            found[criterion.pk] = value or 0
        elif criterion.figure == Figure.CARD_SHARE:
            if counts is None:
                counts = UnitMemberCount.objects.filter(unit__in=own).aggregate(
                    members=Sum("members"), cards=Sum("with_card")
                )
            members = counts["members"] or 0
            found[criterion.pk] = round(100 * (counts["cards"] or 0) / members, 1) if members else 0
        elif criterion.figure == Figure.MEETING:
            held = SOURCE_PROVIDERS["meetings_held"](own, period, [criterion.detail])
            found[criterion.pk] = held.get(criterion.detail, 0)
        elif criterion.figure == Figure.AGREEMENT:
            found[criterion.pk] = SOURCE_PROVIDERS["agreement_covered"](own, period, [""])[""]
        elif criterion.figure == Figure.CARE:
            found[criterion.pk] = SOURCE_PROVIDERS["care_count"](own, period, [""])[""]
    return found


def prefilled_points(criterion, value: float) -> int:
    return min(criterion.points, int(criterion.points * value // criterion.target))


def evidence_line(criterion, value: float) -> str:
    shown = f"{value:g}".replace(".", ",")
    return _("Recorded for the year: %(value)s (%(figure)s).") % {
        "value": shown,
        "figure": criterion.get_figure_display(),
    }


# --- for returns ---------------------------------------------------------------------


def graded(own, period, details: list[str]) -> dict[str, int]:
    """1 for the tier the union's published grading of the period's year has (blank
    detail: graded at all), so summed up the tree it is the number of CĐCS by tier."""
    tier = (
        Grading.objects.published()
        .filter(unit__in=own, year=period.year)
        .values_list("tier", flat=True)
        .first()
    )
    return {detail: int(tier is not None and detail in ("", tier)) for detail in details}


def register_sources() -> None:
    from congdoan.reports.models import Source
    from congdoan.reports.services import register_source

    register_source(Source.GRADED, graded)
