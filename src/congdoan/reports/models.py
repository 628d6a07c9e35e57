"""Periodic returns: templates of indicators (data, versioned by year), periods opened
by an upper level for its subtree, and each unit's return with its revisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congdoan.core.scoping import ScopedQuerySet
from congdoan.organizations.models import Sector


class PeriodKind(models.TextChoices):
    YEAR = "year", _("year")
    HALF = "half", _("half-year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("count")
    MONEY = "money", _("money (đồng)")
    PERCENT = "percent", _("percent")
    YESNO = "yesno", _("yes / no")
    TEXT = "text", _("text")


class Rollup(models.TextChoices):
    SUM = "sum", _("sum")
    COUNT_YES = "count_yes", _("units answering yes")
    RATIO = "ratio", _("ratio of two indicators")
    NONE = "none", _("not rolled up")


class Source(models.TextChoices):
    """Where a value comes from: typed by the unit, or computed from recorded data."""

    MANUAL = "manual", _("entered by hand")
    MEMBERS = "members", _("members")
    FEMALE = "female", _("female members")
    ADMITTED = "admitted", _("members admitted in the period")
    LEFT = "left", _("members who left in the period")
    NEW_GRASSROOTS = "new_grassroots", _("grassroots unions founded in the period")
    WITH_CARD = "with_card", _("members with a card")
    GRASSROOTS = "grassroots", _("grassroots unions (of the indicator's sector, if it names one)")
    AWARDS = "awards", _("awards granted in the period (of the indicator's award)")
    CARE_COUNT = "care_count", _("acts of care in the period (of the detail's kind or group)")
    CARE_AMOUNT = "care_amount", _("đồng spent on care in the period (of the detail's kind)")
    FUNDS_RAISED = "funds_raised", _("đồng contributed to campaigns in the period")
    SPONSORED = "sponsored", _("đồng from outside sponsors in the period (xã hội hóa)")
    HOUSES = "houses", _("Mái ấm công đoàn houses built or repaired (of the detail's kind)")
    SAVINGS = "savings", _("đồng paid into rotating savings groups in the period")
    MEETINGS_HELD = "meetings_held", _("units that held a meeting of the detail's kind")
    AGREEMENTS = "agreements", _("collective agreements in force (of the detail's grade)")
    AGREEMENTS_NEW = "agreements_new", _("collective agreements signed in the period")
    AGREEMENTS_AMENDED = "agreements_amended", _("collective agreements amended in the period")
    AGREEMENT_COVERED = (
        "agreement_covered",
        _("enterprise grassroots unions covered by an agreement in force"),
    )
    GRADED = "graded", _("grassroots unions graded, by published tier (of the detail's tier)")
    DUES_COLLECTED = "dues_collected", _("đồng of đoàn phí collected in the period")
    DUES_REMITTED = "dues_remitted", _("đồng of đoàn phí paid to the level above in the period")


class ReturnTemplate(models.Model):
    """A return form (mẫu báo cáo) for one year: its indicators and checks are data."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(
        _("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("return template")
        verbose_name_plural = _("return templates")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "year"],
                name="returntemplate_code_year",
                violation_error_message=_("A template with this code exists for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Indicator(models.Model):
    """One figure of a template (chỉ tiêu): how it is typed, summed and where it comes from."""

    template = models.ForeignKey(
        ReturnTemplate, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=255)
    group = models.CharField(_("group"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=IndicatorKind.choices)
    rollup = models.CharField(_("roll-up"), max_length=10, choices=Rollup.choices)
    source = models.CharField(
        _("source"), max_length=24, choices=Source.choices, default=Source.MANUAL
    )
    # For the grassroots-unions source: count only those of this sector (blank: all).
    sector = models.CharField(
        _("sector"), max_length=32, choices=Sector.choices, blank=True, default=""
    )
    # For the awards source: the code of the award counted.
    award = models.SlugField(_("award code"), max_length=40, blank=True, default="")
    # For the sources that count by kind (care): the kind's code or its group; blank: all.
    detail = models.SlugField(_("detail"), max_length=40, blank=True, default="")
    # For a ratio: numerator / denominator × 100, both codes of the same template.
    numerator = models.SlugField(max_length=40, blank=True)
    denominator = models.SlugField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["template", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "code"],
                name="indicator_code_per_template",
                violation_error_message=_("This code is already used in the template."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"


class IndicatorCheck(models.Model):
    """A check between two indicators of a template: ``part`` ≤ ``whole``."""

    template = models.ForeignKey(ReturnTemplate, on_delete=models.CASCADE, related_name="checks")
    part = models.SlugField(max_length=40)
    whole = models.SlugField(max_length=40)

    class Meta:
        verbose_name = _("check between indicators")
        verbose_name_plural = _("checks between indicators")
        ordering = ["template", "part", "whole"]

    def __str__(self) -> str:
        return f"{self.part} ≤ {self.whole}"


class PeriodQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Period(models.Model):
    """A reporting period opened by ``unit`` for every unit under it."""

    template = models.ForeignKey(ReturnTemplate, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number in the year"), default=1)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    deadline = models.DateField(_("deadline"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-number", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "unit", "year", "number"],
                name="period_once_per_unit",
                violation_error_message=_("This period is already open."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="period_dates_in_order",
                violation_error_message=_("The period ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} {self.year}/{self.number}"


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    SENT_BACK = "sent_back", _("sent back")
    APPROVED = "approved", _("approved")
    SUPERSEDED = "superseded", _("replaced by a correction")


OPEN = [ReturnStatus.DRAFT, ReturnStatus.SUBMITTED, ReturnStatus.SENT_BACK]


class ReturnQuerySet(ScopedQuerySet):
    scope_path = "unit__path"

    def open(self) -> ReturnQuerySet:
        """Being written or waiting for a decision (at most one per unit and period)."""
        return self.filter(status__in=OPEN)

    def current(self) -> Return | None:
        """Of one unit's returns for a period, the open one, else the approved one: an
        open return is the latest revision (a correction follows the approved one)."""
        return self.filter(status__in=[*OPEN, ReturnStatus.APPROVED]).order_by("-revision").first()

    def reported(self) -> ReturnQuerySet:
        """Submitted or approved: what a roll-up counts."""
        return self.filter(status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED])


class Return(models.Model):
    """One unit's return for a period. ``values`` holds what the unit typed for itself,
    ``computed`` the recorded figures of the unit itself, frozen when it is submitted.
    An approved return is locked; a correction is a new revision, and the approved one
    counts until the correction is submitted (then it is kept, marked superseded). A
    computed figure the records get wrong is corrected with a written reason, kept in
    ``corrections`` and shown to the approver."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="returns")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    values = models.JSONField(_("values"), default=dict, blank=True)
    computed = models.JSONField(_("computed values"), default=dict, blank=True)
    # a computed figure the unit corrected: code → {"value", "reason", "by", "at", and
    # once submitted "recorded", the figure the records gave}; the corrected value is
    # the one frozen in ``computed``, so the roll-up counts it
    corrections = models.JSONField(_("corrected figures"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["period", "unit", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "revision"], name="return_revision_once"
            ),
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=Q(status__in=["draft", "submitted", "sent_back"]),
                name="return_one_open_per_unit",
                violation_error_message=_("This unit already has a return under way."),
            ),
        ]
        indexes = [
            # the roll-up: a period's reported returns of a subtree
            models.Index(fields=["period", "status"], name="return_period_status"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period} (r{self.revision})"
