"""Grading of grassroots unions (xếp loại CĐCS, HD 1294/HD-TLĐ): the criteria tables a
union issues for a year and a kind of CĐCS, the yearly round an upper union opens for the
CĐCS it manages, and each CĐCS's grading — its own scores with evidence, then the level
above's scores (thẩm định) and tier, published to the members and locked.

Thresholds, the group floor and any cap on the top tier's share are data of each table;
a table is copied from last year and edited, and a union with no table of its own uses
the nearest one above it. A published result is never changed: a correction is a new
revision, the old one kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congdoan.core.scoping import ScopedQuerySet
from congdoan.organizations.models import Sector


class Tier(models.TextChoices):
    """The four tiers, best first (``RANK`` orders them)."""

    EXCELLENT = "excellent", _("completed its tasks excellently")
    GOOD = "good", _("completed its tasks well")
    DONE = "done", _("completed its tasks")
    FAILED = "failed", _("did not complete its tasks")


RANK = {tier: n for n, tier in enumerate(reversed(Tier.values))}  # failed 0 … excellent 3


class Figure(models.TextChoices):
    """Recorded figures a criterion can be pre-filled from (see ``figures.py``)."""

    NONE = "", _("none (scored by hand)")
    ADMITTED = "admitted", _("members admitted in the year")
    CARD_SHARE = "card_share", _("share of members with a card (per cent)")
    MEETING = "meeting", _("conference held (detail: the kind's code)")
    AGREEMENT = "agreement", _("collective agreement in force")
    CARE = "care", _("acts of care in the year")


class SchemeQuerySet(ScopedQuerySet):
    def visible_to(self, user, role: str = "viewer"):
        """Tables issued in the user's scope, by the unions above it (the tables its
        unions are graded on) and the shipped defaults (no unit)."""
        from congdoan.core.scoping import is_usable, scope_paths
        from congdoan.organizations.models import Unit

        if not is_usable(user) or user.is_superuser:
            return super().visible_to(user, role)
        step = Unit.steplen
        paths = scope_paths(user, role)
        above = {path[:end] for path in paths for end in range(step, len(path), step)}
        return self.filter(
            Q(pk__in=super().visible_to(user, role).values("pk"))
            | Q(unit__path__in=above)
            | Q(unit__isnull=True)
        )


class Scheme(models.Model):
    """A criteria table (bảng tiêu chí chấm điểm) for one year and one kind of CĐCS,
    issued by a union for the CĐCS under it (no unit: the default shipped for all)."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grading_schemes",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sector = models.CharField(
        _("kind of grassroots union"),
        max_length=32,
        choices=Sector.choices,
        blank=True,
        help_text=_("Empty: every kind without a table of its own."),
    )
    name = models.CharField(_("name"), max_length=300)
    excellent_from = models.PositiveSmallIntegerField(_("excellent from (points)"), default=85)
    good_from = models.PositiveSmallIntegerField(_("well from (points)"), default=70)
    done_from = models.PositiveSmallIntegerField(_("completed from (points)"), default=50)
    group_floor = models.PositiveSmallIntegerField(
        _("each group at least (per cent of its points) for the top tier"), default=50
    )
    top_share_cap = models.PositiveSmallIntegerField(
        _("largest share of the top tier (per cent)"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(SchemeQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading table")
        verbose_name_plural = _("grading tables")
        ordering = ["-year", "unit__path", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "sector"],
                name="scheme_one_per_unit_year_sector",
            ),
            models.CheckConstraint(
                condition=Q(excellent_from__gt=models.F("good_from"))
                & Q(good_from__gt=models.F("done_from")),
                name="scheme_thresholds_ordered",
                violation_error_message=_("The thresholds go down from the top tier."),
            ),
            models.CheckConstraint(
                condition=Q(group_floor__lte=100)
                & (Q(top_share_cap__isnull=True) | Q(top_share_cap__lte=100)),
                name="scheme_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("grading:scheme", args=[self.pk])

    @property
    def total(self) -> int:
        return sum(c.points for c in self.criteria.all())

    def tier_for(self, total: int, groups: dict[str, tuple[int, int]]) -> str:
        """The tier of ``total`` points; the top tier also needs every group (name →
        (points got, points possible)) at its floor, else it is the next one."""
        if total >= self.excellent_from:
            if all(got * 100 >= self.group_floor * most for got, most in groups.values()):
                return Tier.EXCELLENT
            return Tier.GOOD
        if total >= self.good_from:
            return Tier.GOOD
        if total >= self.done_from:
            return Tier.DONE
        return Tier.FAILED


class Criterion(models.Model):
    """One criterion of a table, in its group, with its maximum points; ``figure`` names
    the recorded figure that pre-fills it (full points at ``target``)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("group"), max_length=200)
    text = models.CharField(_("criterion"), max_length=500)
    points = models.PositiveSmallIntegerField(_("maximum points"))
    figure = models.CharField(
        _("pre-filled from"), max_length=16, choices=Figure.choices, blank=True
    )
    detail = models.SlugField(_("detail"), max_length=40, blank=True)
    target = models.PositiveIntegerField(_("full points at"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("grading criterion")
        verbose_name_plural = _("grading criteria")
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=1) & Q(points__lte=100) & Q(target__gte=1),
                name="criterion_points_range",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class RoundQuerySet(ScopedQuerySet):
    pass


class Round(models.Model):
    """The yearly grading an upper union opens for the grassroots unions it manages: they
    score themselves by ``self_by``; the upper union decides and publishes."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="grading_rounds",
    )
    year = models.PositiveSmallIntegerField(_("year graded"))
    self_by = models.DateField(_("self-scoring by"))
    note = models.TextField(_("note"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(RoundQuerySet)()

    class Meta:
        verbose_name = _("grading round")
        verbose_name_plural = _("grading rounds")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="round_one_per_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("grading:round", args=[self.pk])


class Status(models.TextChoices):
    DRAFT = "draft", _("self-scoring")
    SUBMITTED = "submitted", _("sent to the level above")
    DECIDED = "decided", _("decided by the level above")
    PUBLISHED = "published", _("published")
    SUPERSEDED = "superseded", _("corrected (an older revision)")


class GradingQuerySet(ScopedQuerySet):
    def current(self) -> GradingQuerySet:
        return self.exclude(status=Status.SUPERSEDED)

    def published(self) -> GradingQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Grading(models.Model):
    """One grassroots union's grading in a round: its own scores (``self_*``), the level
    above's (``total``, ``tier``), with the reason when the two tiers differ."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="gradings")
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("grassroots union"),
        on_delete=models.PROTECT,
        related_name="gradings",
    )
    year = models.PositiveSmallIntegerField(_("year graded"))
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="gradings")
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    self_total = models.PositiveSmallIntegerField(_("own points"), null=True, blank=True)
    self_tier = models.CharField(_("own tier"), max_length=12, choices=Tier.choices, blank=True)
    total = models.PositiveSmallIntegerField(_("points decided"), null=True, blank=True)
    tier = models.CharField(_("tier decided"), max_length=12, choices=Tier.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    correction = models.TextField(_("reason for the correction"), blank=True)
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(GradingQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grading")
        verbose_name_plural = _("gradings")
        ordering = ["round", "unit__path", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=~Q(status="superseded"),
                name="grading_one_current_per_unit_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "revision"], name="grading_revision_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["decided", "published"]) | ~Q(tier=""),
                name="grading_decided_has_tier",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="grading_year_status")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("grading:grading", args=[self.pk])

    @property
    def locked(self) -> bool:
        return self.status in (Status.PUBLISHED, Status.SUPERSEDED)


class Score(models.Model):
    """A criterion's points in one grading: the union's own, with its evidence, and the
    level above's."""

    grading = models.ForeignKey(Grading, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    recorded = models.FloatField(_("recorded figure"), null=True, blank=True)
    self_points = models.PositiveSmallIntegerField(_("own points"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    points = models.PositiveSmallIntegerField(_("points decided"), null=True, blank=True)
    note = models.CharField(_("note of the level above"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["grading", "criterion"], name="score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points if self.points is not None else self.self_points}"
