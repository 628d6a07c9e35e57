"""Union dues (đoàn phí) and union funds (kinh phí công đoàn): the dated rules a month's
dues follow, each grassroots union's dues group, the monthly sheet of its members' bases
and dues, the split between the union and the level above, the remittances upward and
the kinh phí its employer pays.

Rates, caps and splits change by decision: every one is a dated row with its source
(QĐ 61/QĐ-TLĐ 2025, CV 4133/TLĐ-ToC, QĐ 1408/QĐ-TLĐ 2024, Luật Công đoàn 2024), never a
constant. A month once locked is corrected only by a dated adjustment. Salaries are
personal: only the officers and the treasurer of the member's own union read them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congdoan.core.scoping import ScopedQuerySet


class DuesGroup(models.TextChoices):
    """QĐ 61/QĐ-TLĐ (2025) groups, and the units that pay none from 01/06/2025."""

    PUBLIC = "1", _("group 1: public units not fully state-funded")
    STATE = "2", _("group 2: state-owned enterprises")
    OTHER = "3", _("group 3: non-state employers, foreign organisations, abroad")
    EXEMPT = "exempt", _("exempt (state agencies, fully state-funded units, armed forces)")


class Base(models.TextChoices):
    INSURANCE = "insurance", _("the social-insurance salary")
    TAKE_HOME = "take_home", _("take-home pay")


class DuesRule(models.Model):
    """How a group's dues are computed from a date: the rate, the salary it applies to,
    and the cap as a share of lương cơ sở (``awards.BaseSalary``) in force that month."""

    group = models.CharField(_("dues group"), max_length=8, choices=DuesGroup.choices)
    effective_from = models.DateField(_("from"))
    rate = models.DecimalField(_("rate (per cent)"), max_digits=5, decimal_places=3)
    base = models.CharField(_("applied to"), max_length=12, choices=Base.choices)
    cap_percent = models.DecimalField(
        _("cap (per cent of lương cơ sở)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("dues rule")
        verbose_name_plural = _("dues rules")
        ordering = ["group", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["group", "effective_from"], name="duesrule_unique"),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=10), name="duesrule_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} · {self.rate}% ({self.effective_from:%d/%m/%Y})"


class Split(models.Model):
    """The share of đoàn phí and of kinh phí the grassroots union keeps, from a date;
    the rest is owed to the level above."""

    effective_from = models.DateField(_("from"), unique=True)
    dues_kept = models.DecimalField(
        _("dues kept by the CĐCS (per cent)"), max_digits=5, decimal_places=2
    )
    fund_kept = models.DecimalField(
        _("kinh phí kept by the CĐCS (per cent)"), max_digits=5, decimal_places=2
    )
    fund_rate = models.DecimalField(
        _("kinh phí (per cent of the wage fund)"), max_digits=5, decimal_places=2, default=2
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("split of dues and funds")
        verbose_name_plural = _("splits of dues and funds")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.dues_kept}% / {self.fund_kept}% ({self.effective_from:%d/%m/%Y})"


class SettingQuerySet(ScopedQuerySet):
    pass


class UnitDues(models.Model):
    """A grassroots union's dues group from a date, and its own higher rate by resolution
    (the extra is kept whole by the union)."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="dues_settings"
    )
    effective_from = models.DateField(_("from"))
    group = models.CharField(_("dues group"), max_length=8, choices=DuesGroup.choices)
    own_rate = models.DecimalField(
        _("own higher rate (per cent)"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    resolution = models.CharField(_("resolution"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(SettingQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues group of a union")
        verbose_name_plural = _("dues groups of unions")
        ordering = ["unit", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "effective_from"], name="unitdues_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_group_display()}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("open")
    LOCKED = "locked", _("locked")


class SheetQuerySet(ScopedQuerySet):
    pass


class DuesSheet(models.Model):
    """A grassroots union's dues of one month: its lines, the rule applied (kept with the
    sheet), and the totals the split and the returns read."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="dues_sheets"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=8, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    group = models.CharField(_("dues group"), max_length=8, choices=DuesGroup.choices)
    rate = models.DecimalField(_("rate (per cent)"), max_digits=5, decimal_places=3)
    own_rate = models.DecimalField(
        _("own higher rate (per cent)"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    cap = models.PositiveIntegerField(_("cap (đồng)"), null=True, blank=True)
    dues_kept = models.DecimalField(_("dues kept (per cent)"), max_digits=5, decimal_places=2)
    members = models.PositiveIntegerField(_("members"), default=0)
    base_total = models.BigIntegerField(_("salaries"), default=0)
    dues_total = models.BigIntegerField(_("dues"), default=0)
    extra_total = models.BigIntegerField(_("extra by resolution"), default=0)
    collected = models.BigIntegerField(_("dues collected"), default=0)
    extra_collected = models.BigIntegerField(_("extra collected"), default=0)
    adjusted = models.BigIntegerField(_("adjustments"), default=0)
    kept = models.BigIntegerField(_("kept by the union"), default=0)
    owed = models.BigIntegerField(_("owed upward"), default=0)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(SheetQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues sheet")
        verbose_name_plural = _("dues sheets")
        ordering = ["unit", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="duessheet_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="duessheet_first_of_month"),
        ]
        indexes = [models.Index(fields=["month", "unit"], name="duessheet_month")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.month:%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("dues:sheet", args=[self.pk])

    @property
    def locked(self) -> bool:
        return self.status == SheetStatus.LOCKED

    @staticmethod
    def _percent(value) -> str:
        """0.500 → "0,5", as a decision writes a rate."""
        return f"{value.normalize():f}".replace(".", ",") if value is not None else ""

    @property
    def rate_shown(self) -> str:
        return self._percent(self.rate)

    @property
    def own_rate_shown(self) -> str:
        return self._percent(self.own_rate)

    @property
    def kept_shown(self) -> str:
        return self._percent(self.dues_kept)


class LineQuerySet(ScopedQuerySet):
    scope_path = "sheet__unit__path"


class DuesLine(models.Model):
    """One member's base and dues in a month."""

    sheet = models.ForeignKey(DuesSheet, on_delete=models.CASCADE, related_name="lines")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="dues_lines"
    )
    base = models.PositiveIntegerField(_("salary (đồng)"), null=True, blank=True)
    dues = models.PositiveIntegerField(_("dues (đồng)"), default=0)
    extra = models.PositiveIntegerField(_("extra (đồng)"), default=0)
    collected = models.BooleanField(_("collected"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = models.Manager.from_queryset(LineQuerySet)()

    class Meta:
        verbose_name = _("dues line")
        verbose_name_plural = _("dues lines")
        ordering = ["sheet", "member__name_folded", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "member"], name="duesline_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.dues}"


class Adjustment(models.Model):
    """A dated correction of a locked month (a member's dues owed or refunded)."""

    sheet = models.ForeignKey(DuesSheet, on_delete=models.PROTECT, related_name="adjustments")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"))
    amount = models.IntegerField(_("amount (đồng, negative for a refund)"))
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["sheet", "on", "id"]

    def __str__(self) -> str:
        return f"{self.member} · {self.amount}"


class Fund(models.TextChoices):
    DUES = "dues", _("đoàn phí")
    FUND = "fund", _("kinh phí công đoàn")


class RemittanceQuerySet(ScopedQuerySet):
    pass


class Remittance(models.Model):
    """Money a union paid to the level above (the share of đoàn phí or kinh phí it owes)."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="remittances"
    )
    to = models.ForeignKey(
        "organizations.Unit", verbose_name=_("paid to"), on_delete=models.PROTECT, related_name="+"
    )
    fund = models.CharField(_("fund"), max_length=8, choices=Fund.choices, default=Fund.DUES)
    on = models.DateField(_("paid up on"))
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(RemittanceQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        ordering = ["unit", "-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="remittance_positive")
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.to}: {self.amount}"


class Payer(models.TextChoices):
    EMPLOYER = "employer", _("paid by the employer to the union")
    COLLECTED = "collected", _("collected by the level above")


class FundQuerySet(ScopedQuerySet):
    pass


class FundPayment(models.Model):
    """Kinh phí công đoàn of a month: 2 % of the social-insurance wage fund (Luật Công đoàn
    2024, Điều 29), paid by the employer to the union, or collected above and the union's
    share passed back."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="fund_payments"
    )
    month = models.DateField(_("month"))
    wage_fund = models.PositiveBigIntegerField(_("social-insurance wage fund (đồng)"))
    amount = models.PositiveBigIntegerField(_("kinh phí due (đồng)"))
    paid = models.PositiveBigIntegerField(_("paid up (đồng)"), default=0)
    paid_on = models.DateField(_("paid up on"), null=True, blank=True)
    payer = models.CharField(_("how"), max_length=12, choices=Payer.choices, default=Payer.EMPLOYER)
    kept = models.PositiveBigIntegerField(_("the union's share"), default=0)
    passed_back = models.PositiveBigIntegerField(_("passed back to the union"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(FundQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kinh phí công đoàn of a month")
        verbose_name_plural = _("kinh phí công đoàn")
        ordering = ["unit", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="fundpayment_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="fundpayment_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.month:%m/%Y}"


def first_of(day: date) -> date:
    return day.replace(day=1)
