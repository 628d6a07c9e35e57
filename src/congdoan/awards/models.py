"""Awards: the catalogue of titles and forms with their conditions (data), the dossier
workflow every nomination goes through (states and transitions as data), nominations,
award history and the records eligibility is checked against."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congdoan.core.scoping import ScopedQuerySet


class Recipient(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    COLLECTIVE = "collective", _("collective")


class AwardKind(models.TextChoices):
    TITLE = "title", _("emulation title (danh hiệu)")
    FORM = "form", _("form of commendation (hình thức)")


class BaseSalary(models.Model):
    """Lương cơ sở from a date: prizes are multiples of it."""

    amount = models.PositiveIntegerField(_("amount (đồng)"))
    effective_from = models.DateField(_("from"), unique=True)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} đ ({self.effective_from:%d/%m/%Y})"


class AwardTitle(models.Model):
    """A title or form in the catalogue, the level that grants it, its prize as a multiple
    of lương cơ sở, and the conditions a nomination is checked against."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=AwardKind.choices)
    recipient = models.CharField(_("for"), max_length=12, choices=Recipient.choices)
    level = models.PositiveSmallIntegerField(
        _("granted at level"), help_text=_("1 national … 4 grassroots, as unit kinds.")
    )
    prize_multiple = models.DecimalField(
        _("prize (× lương cơ sở)"), max_digits=5, decimal_places=2, default=0
    )
    prerequisite = models.ForeignKey(
        "self",
        verbose_name=_("requires"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prerequisite_years = models.PositiveSmallIntegerField(
        _("held for consecutive years"),
        default=1,
        help_text=_("Years in a row, up to the nomination's year, the prerequisite is held."),
    )
    min_months = models.PositiveSmallIntegerField(
        _("minimum months in the union that year"), default=0
    )
    excludes_discipline = models.BooleanField(
        _("excluded by a discipline that year"), default=False
    )
    registration_required = models.BooleanField(_("registration required"), default=False)
    required_tier = models.CharField(
        _("the unit's grading that year at least"),
        max_length=12,
        blank=True,
        help_text=_(
            "For a collective title: the tier its grassroots union must be published with."
        ),
    )
    share_cap = models.DecimalField(
        _("largest share, in per cent, of"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    share_base = models.ForeignKey(
        "self",
        verbose_name=_("… the nominees for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["kind", "recipient", "-level", "code"]

    def __str__(self) -> str:
        return self.name


class Discipline(models.Model):
    """A discipline of a member in a year (khiển trách or heavier): titles that exclude it
    are refused."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("discipline"), max_length=60)
    decision = models.CharField(_("decision"), max_length=60)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["member", "-year"]

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.level}"


class DecisionQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class AwardDecision(models.Model):
    """A decision to award (quyết định khen thưởng): numbered from the issuing unit's
    register, dated, signed; its awardees are the grants it made, their prizes summing
    to ``total``."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year of the register"))
    number = models.PositiveIntegerField(_("number"))
    decided_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=300)
    signer = models.CharField(_("signed by"), max_length=120)
    signer_title = models.CharField(_("position"), max_length=120)
    total = models.PositiveBigIntegerField(_("total prizes (đồng)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-decided_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="decision_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number:02d}/QĐ ({self.decided_on:%d/%m/%Y})"


class GrantQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Grant(models.Model):
    """An award granted (from a decision, or recorded from before the system): the
    award history of a member or a unit."""

    award = models.ForeignKey(AwardTitle, on_delete=models.PROTECT, related_name="grants")
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit awarded, or the member's union."),
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        AwardDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    nomination = models.OneToOneField(
        "Nomination", null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )
    decision_number = models.CharField(_("decision"), max_length=60, blank=True)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("prize (đồng)"), default=0)
    # the certificate's QR code verifies this, with no personal data in it
    public_code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("award granted")
        verbose_name_plural = _("awards granted")
        ordering = ["-year", "award", "id"]
        indexes = [
            # eligibility: a nominee's awards by year
            models.Index(fields=["award", "member", "year"], name="grant_member_award"),
            models.Index(fields=["award", "unit", "year"], name="grant_unit_award"),
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.year}"


# --- the dossier workflow ----------------------------------------------------------------


class DossierState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted to the level above")
    RETURNED = "returned", _("sent back")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("not approved")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Move(models.TextChoices):
    UP = "up", _("to the level above")
    BACK = "back", _("back to the sender")
    STAY = "stay", _("stays")


class Transition(models.Model):
    """An allowed step of a workflow (data): from which state, to which, who may take it
    (a role over the unit holding the dossier), where the dossier goes, whether a reason
    is required, and an optional guard the workflow's owner defines (e.g. "only at the
    level that grants the award")."""

    workflow = models.SlugField(max_length=40)
    action = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    from_state = models.CharField(max_length=12, choices=DossierState.choices)
    to_state = models.CharField(max_length=12, choices=DossierState.choices)
    role = models.CharField(max_length=12, default="officer")
    move = models.CharField(max_length=8, choices=Move.choices, default=Move.STAY)
    requires_reason = models.BooleanField(default=False)
    guard = models.SlugField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["workflow", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "action", "from_state"], name="transition_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workflow}: {self.from_state} → {self.to_state}"


class DossierQuerySet(ScopedQuerySet):
    scope_path = "origin__path"


class Dossier(models.Model):
    """A file moving between levels: where it started, who holds it, its state."""

    workflow = models.SlugField(max_length=40)
    state = models.CharField(
        _("state"), max_length=12, choices=DossierState.choices, default=DossierState.DRAFT
    )
    origin = models.ForeignKey(
        "organizations.Unit", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey(
        "organizations.Unit", verbose_name=_("held by"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-updated_at", "-id"]
        indexes = [
            # "waiting for me": open dossiers held by a unit
            models.Index(fields=["holder", "state"], name="dossier_holder_state"),
        ]

    def __str__(self) -> str:
        return f"{self.workflow} #{self.pk} ({self.get_state_display()})"


class DossierStep(models.Model):
    """One step a dossier took: dated, signed by a user, with the reason when required."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    action = models.SlugField(max_length=40)
    from_state = models.CharField(max_length=12, choices=DossierState.choices)
    to_state = models.CharField(max_length=12, choices=DossierState.choices)
    from_unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.from_state} → {self.to_state}"


# --- nominations ------------------------------------------------------------------------------


class NominationQuerySet(ScopedQuerySet):
    scope_path = "unit__path"

    def live(self) -> NominationQuerySet:
        """Not withdrawn nor refused: what caps and prerequisites count."""
        return self.exclude(dossier__state__in=[DossierState.REJECTED, DossierState.WITHDRAWN])


class Nomination(models.Model):
    """A unit's proposal (đề nghị khen thưởng) of one member or one unit for an award in a
    year; it travels up the levels as a dossier."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="nomination")
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    award = models.ForeignKey(
        AwardTitle, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    nominee_unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit proposed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievements = models.TextField(_("achievements"))
    # proposed for results in an emulation movement (khen thưởng theo phong trào)
    movement = models.ForeignKey(
        "emulation.Movement",
        verbose_name=_("for results in the movement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # a block's proposal: made by the year's leader, sent to the block's organiser
    block = models.ForeignKey(
        "emulation.EmulationBlock",
        verbose_name=_("proposed by the block"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "unit", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, nominee_unit__isnull=True)
                | Q(member__isnull=True, nominee_unit__isnull=False),
                name="nomination_one_nominee",
                violation_error_message=_("A nomination proposes one member or one unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.year}: {self.nominee}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("awards:nomination_detail", args=[self.pk])

    @property
    def nominee(self):
        return self.member or self.nominee_unit
