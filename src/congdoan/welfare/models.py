"""Care work (chăm lo), the funds it is paid from, campaigns that fill them, and the
members' rotating savings groups (góp vốn xoay vòng) — each recorded once, by the union
that did it.

Amounts are whole đồng. A fund's balance is the sum of its ledger; every care payment
from a fund is an "out" entry, every contribution to a campaign an "in". Nothing is
deleted: a care record entered by mistake is cancelled with a reason, which writes the
reversing ledger entry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congdoan.core.scoping import ScopedQuerySet


class CareKindQuerySet(models.QuerySet):
    def for_unit(self, unit) -> CareKindQuerySet:
        """The national kinds in use and those the unit or a union above it added."""
        return self.filter(
            Q(unit__isnull=True) | Q(unit__path__in=unit.lineage_paths()), active=True
        )


class CareKind(models.Model):
    """A kind of care (thăm ốm, hiếu hỷ, quà Tết, Mái ấm công đoàn …): national ones come
    with the system; a union adds its own, which the unions under it see too."""

    class Group(models.TextChoices):
        VISIT = "visit", _("visit or allowance")
        GIFT = "gift", _("gift")
        HOUSE = "house", _("Mái ấm công đoàn house")
        OTHER = "other", _("other")

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    group = models.CharField(_("group"), max_length=8, choices=Group.choices)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_kinds",
    )
    active = models.BooleanField(_("in use"), default=True)

    objects = models.Manager.from_queryset(CareKindQuerySet)()

    class Meta:
        verbose_name = _("kind of care")
        verbose_name_plural = _("kinds of care")
        ordering = ["group", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(unit__isnull=True),
                name="carekind_national_code",
                violation_error_message=_("A kind of care with this code exists."),
            ),
            models.UniqueConstraint(
                fields=["unit", "code"],
                name="carekind_unit_code",
                violation_error_message=_("A kind of care with this code exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitScoped(ScopedQuerySet):
    scope_path = "unit__path"


class FundQuerySet(UnitScoped):
    def with_balance(self) -> FundQuerySet:
        """Each fund with ``current_balance``, in the same query (a list of funds)."""
        movement = Coalesce(Sum("entries__amount", filter=Q(entries__direction="in")), 0) - (
            Coalesce(Sum("entries__amount", filter=Q(entries__direction="out")), 0)
        )
        return self.annotate(current_balance=movement)


class CampaignQuerySet(UnitScoped):
    def with_totals(self) -> CampaignQuerySet:
        """Each campaign with ``raised`` and ``sponsored`` (from outside sponsors)."""
        return self.annotate(
            raised=Coalesce(Sum("contributions__amount"), 0),
            sponsored=Coalesce(
                Sum("contributions__amount", filter=Q(contributions__donor="sponsor")), 0
            ),
        )


class SavingsGroupQuerySet(UnitScoped):
    def with_total(self) -> SavingsGroupQuerySet:
        """Each group with ``total_paid`` (the group's running total), its members and
        cycles fetched alongside."""
        paid = Coalesce(Sum("cycles__payments__paid"), 0)
        return self.annotate(total_paid=paid).prefetch_related(
            models.Prefetch("members", SavingsMember.objects.select_related("member")),
            models.Prefetch("cycles", SavingsCycle.objects.select_related("receiver")),
        )


class CareRate(models.Model):
    """One line of a union's own spending rules (quy chế chi tiêu nội bộ): the amount a
    kind of care pays from a date, and for a house the years of membership it needs."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="care_rates",
    )
    kind = models.ForeignKey(CareKind, verbose_name=_("kind of care"), on_delete=models.PROTECT)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    valid_from = models.DateField(_("valid from"))
    min_member_years = models.PositiveSmallIntegerField(
        _("years of membership required"), null=True, blank=True
    )
    source = models.CharField(_("decided by"), max_length=200, blank=True)

    objects = models.Manager.from_queryset(UnitScoped)()

    class Meta:
        verbose_name = _("care rate")
        verbose_name_plural = _("care rates")
        ordering = ["unit", "kind", "-valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "valid_from"],
                name="carerate_one_per_day",
                violation_error_message=_("This kind already has a rate from that date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.amount:,} đ"


class Fund(models.Model):
    """A union's fund (quỹ xã hội, quỹ tương trợ, quỹ Mái ấm công đoàn …) and its ledger."""

    class Kind(models.TextChoices):
        SOCIAL = "social", _("social fund")
        MUTUAL = "mutual", _("mutual aid fund")
        HOUSE = "house", _("Mái ấm công đoàn fund")
        UNION = "union", _("union budget")
        OTHER = "other", _("other fund")

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="funds",
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    allow_negative = models.BooleanField(_("may go below zero"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(FundQuerySet)()

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["unit", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="fund_name_per_unit",
                violation_error_message=_("The union already has a fund with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("welfare:fund_detail", kwargs={"pk": self.pk})

    def balance(self) -> int:
        """What the ledger holds now (the rule of ``FundQuerySet.with_balance``)."""
        return Fund.objects.with_balance().get(pk=self.pk).current_balance


class Campaign(models.Model):
    """A fund-raising campaign (vận động) with its target and period, paid into a fund."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    name = models.CharField(_("name"), max_length=200)
    fund = models.ForeignKey(
        Fund, verbose_name=_("paid into"), on_delete=models.PROTECT, related_name="campaigns"
    )
    target = models.PositiveBigIntegerField(_("target (đồng)"), null=True, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(CampaignQuerySet)()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="campaign_dates_in_order",
                violation_error_message=_("A campaign ends on or after the day it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("welfare:campaign_detail", kwargs={"pk": self.pk})


class Donor(models.TextChoices):
    MEMBER = "member", _("a member")
    UNIT = "unit", _("a union")
    SPONSOR = "sponsor", _("an outside sponsor")


class Contribution(models.Model):
    """Money given to a campaign: by a member, by a union, or by an outside sponsor (the
    xã hội hóa share reports state apart)."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    on = models.DateField(_("date"))
    donor = models.CharField(_("from"), max_length=8, choices=Donor.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    donor_unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("giving union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions_given",
    )
    donor_name = models.CharField(_("donor"), max_length=200, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(UnitScoped)()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["campaign", "on", "id"]
        indexes = [
            # computed figures of a union's return: its contributions in a period
            models.Index(fields=["unit", "on"], name="contribution_unit_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="contribution_amount_positive",
                violation_error_message=_("A contribution is more than 0 đồng."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.donor_label()}: {self.amount:,} đ"

    def donor_label(self) -> str:
        if self.member_id:
            return self.member.full_name
        if self.donor_unit_id:
            return self.donor_unit.display_name
        return self.donor_name


class CareBatch(models.Model):
    """One occasion paid to many at once (quà Tết for 25 members): its records share the
    kind, date, fund and voucher, and its payment list (danh sách chi) is one document."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="care_batches",
    )
    kind = models.ForeignKey(CareKind, verbose_name=_("kind of care"), on_delete=models.PROTECT)
    on = models.DateField(_("date"))
    occasion = models.CharField(_("occasion"), max_length=200)
    fund = models.ForeignKey(
        Fund, verbose_name=_("paid from"), null=True, blank=True, on_delete=models.PROTECT
    )
    voucher = models.CharField(_("decision or voucher number"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(UnitScoped)()

    class Meta:
        verbose_name = _("care payment list")
        verbose_name_plural = _("care payment lists")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.occasion} ({self.on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("welfare:batch_detail", kwargs={"pk": self.pk})


class Beneficiary(models.TextChoices):
    MEMBER = "member", _("a member")
    CHILD = "child", _("a member's child")
    OUTSIDE = "outside", _("a person outside the union")


class CareQuerySet(UnitScoped):
    def in_force(self) -> CareQuerySet:
        """Records not cancelled."""
        return self.filter(cancelled_at__isnull=True)


class CareRecord(models.Model):
    """One act of care: who received what, when, from which fund, on which voucher."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="care_records",
    )
    kind = models.ForeignKey(CareKind, verbose_name=_("kind of care"), on_delete=models.PROTECT)
    on = models.DateField(_("date"))
    beneficiary = models.CharField(_("received by"), max_length=8, choices=Beneficiary.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_records",
    )
    # a member's child, or an outside person (a Mẹ Việt Nam anh hùng): their name
    person_name = models.CharField(_("name of the person"), max_length=150, blank=True)
    person_note = models.CharField(_("about the person"), max_length=200, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    in_kind = models.CharField(
        _("gift in kind"),
        max_length=200,
        blank=True,
        help_text=_("What was given, when it is not cash; the amount is its value."),
    )
    fund = models.ForeignKey(
        Fund,
        verbose_name=_("paid from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_records",
    )
    occasion = models.CharField(_("occasion"), max_length=200, blank=True)
    voucher = models.CharField(_("decision or voucher number"), max_length=64, blank=True)
    batch = models.ForeignKey(
        CareBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)

    objects = models.Manager.from_queryset(CareQuerySet)()

    class Meta:
        verbose_name = _("care record")
        verbose_name_plural = _("care records")
        ordering = ["-on", "-id"]
        indexes = [
            # a union's care in a period: its list page and its return's computed figures
            models.Index(fields=["unit", "on"], name="care_unit_date"),
            # a member's care history (member page, own page)
            models.Index(fields=["member", "on"], name="care_member_date"),
            # the care list of a large subtree (a province, the nation), newest first:
            # walked in order instead of sorting every record of the year
            models.Index(fields=["-on", "-id"], name="care_date_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(beneficiary="member", member__isnull=False)
                | (~Q(beneficiary="member") & ~Q(person_name="")),
                name="care_names_its_beneficiary",
                violation_error_message=_("Name the member or the person who received it."),
            ),
            models.UniqueConstraint(
                fields=["batch", "member"],
                condition=Q(batch__isnull=False, member__isnull=False, cancelled_at__isnull=True),
                name="care_member_once_per_batch",
                violation_error_message=_("This member is already on the payment list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} — {self.beneficiary_name()}"

    def get_absolute_url(self) -> str:
        return reverse("welfare:care_detail", kwargs={"pk": self.pk})

    def beneficiary_name(self) -> str:
        if self.member_id:
            return self.member.full_name
        return self.person_name


class FundEntry(models.Model):
    """One movement of a fund: money in (a contribution, a transfer) or out (a care
    payment, its reversal being an "in")."""

    class Direction(models.TextChoices):
        IN = "in", _("in")
        OUT = "out", _("out")

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="entries"
    )
    on = models.DateField(_("date"))
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    description = models.CharField(_("description"), max_length=255)
    care = models.ForeignKey(
        CareRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    contribution = models.OneToOneField(
        Contribution, null=True, blank=True, on_delete=models.PROTECT, related_name="entry"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class EntryQuerySet(ScopedQuerySet):
        scope_path = "fund__unit__path"

    objects = models.Manager.from_queryset(EntryQuerySet)()

    class Meta:
        verbose_name = _("fund movement")
        verbose_name_plural = _("fund movements")
        ordering = ["fund", "on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fundentry_amount_positive",
                violation_error_message=_("A movement is more than 0 đồng."),
            )
        ]

    def __str__(self) -> str:
        sign = "+" if self.direction == self.Direction.IN else "-"
        return f"{sign}{self.amount:,} đ {self.description}"


# --- rotating savings ---------------------------------------------------------------


class SavingsGroup(models.Model):
    """A rotating savings group (góp vốn xoay vòng) of members of one union. Its rules
    are its own: what each pays a cycle, how long a cycle is, the order of payout (an
    agreed list or a draw at each cycle) and the interest a member who already received
    the pot adds to later contributions, if any."""

    class Order(models.TextChoices):
        AGREED = "agreed", _("agreed list")
        DRAW = "draw", _("draw at each cycle")

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="savings_groups",
    )
    name = models.CharField(_("name"), max_length=150)
    contribution = models.PositiveBigIntegerField(_("contribution per cycle (đồng)"))
    cycle_months = models.PositiveSmallIntegerField(_("cycle length (months)"), default=1)
    starts_on = models.DateField(_("first cycle due on"))
    order = models.CharField(_("order of payout"), max_length=8, choices=Order.choices)
    interest_percent = models.DecimalField(
        _("interest after receiving (percent of the contribution)"),
        max_digits=5,
        decimal_places=2,
        default=0,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(SavingsGroupQuerySet)()

    class Meta:
        verbose_name = _("savings group")
        verbose_name_plural = _("savings groups")
        ordering = ["unit", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("welfare:savings_detail", kwargs={"pk": self.pk})


class SavingsMember(models.Model):
    """A member in a group; ``position`` is the agreed turn to receive the pot."""

    group = models.ForeignKey(SavingsGroup, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="savings",
    )
    position = models.PositiveSmallIntegerField(_("turn"))

    class Meta:
        verbose_name = _("savings group member")
        verbose_name_plural = _("savings group members")
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                name="savings_member_once",
                violation_error_message=_("This member is already in the group."),
            ),
            models.UniqueConstraint(
                fields=["group", "position"],
                name="savings_turn_once",
                violation_error_message=_("Two members cannot have the same turn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.member.full_name}"


class SavingsCycle(models.Model):
    """One cycle: when contributions are due, and who receives the pot."""

    group = models.ForeignKey(SavingsGroup, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField(_("cycle"))
    due_on = models.DateField(_("due on"))
    receiver = models.OneToOneField(
        SavingsMember,
        verbose_name=_("receives the pot"),
        on_delete=models.PROTECT,
        related_name="received_cycle",
    )
    drawn = models.BooleanField(_("chosen by draw"), default=False)
    paid_out_on = models.DateField(_("pot paid on"), null=True, blank=True)
    pot = models.PositiveBigIntegerField(_("pot (đồng)"), default=0)

    class Meta:
        verbose_name = _("savings cycle")
        verbose_name_plural = _("savings cycles")
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"],
                name="savings_cycle_once",
                violation_error_message=_("This cycle is already open."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} #{self.number}"


class SavingsPayment(models.Model):
    """What one member owes for one cycle and what they paid, when."""

    cycle = models.ForeignKey(SavingsCycle, on_delete=models.CASCADE, related_name="payments")
    saver = models.ForeignKey(SavingsMember, on_delete=models.PROTECT, related_name="payments")
    due = models.PositiveBigIntegerField(_("due (đồng)"))
    paid = models.PositiveBigIntegerField(_("paid (đồng)"), default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class PaymentQuerySet(ScopedQuerySet):
        scope_path = "cycle__group__unit__path"

    objects = models.Manager.from_queryset(PaymentQuerySet)()

    class Meta:
        verbose_name = _("savings payment")
        verbose_name_plural = _("savings payments")
        ordering = ["cycle", "saver__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "saver"],
                name="savings_payment_once",
                violation_error_message=_("This member's payment for the cycle is recorded."),
            )
        ]
        indexes = [
            # the savings total of a union's return: payments made in a period
            models.Index(fields=["paid_on"], name="savings_paid_on"),
        ]

    def __str__(self) -> str:
        return f"{self.saver}: {self.paid:,}/{self.due:,} đ"

    @property
    def late(self) -> bool:
        return self.paid_on is not None and self.paid_on > self.cycle.due_on
