"""Emulation blocks (khối thi đua): units grouped by an upper-level unit by a dated
decision, each year's leader and deputy, and the covenant (giao ước thi đua) the members
sign each year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congdoan.core.scoping import ScopedQuerySet


class BlockQuerySet(ScopedQuerySet):
    scope_path = "organiser__path"

    def under(self, prefix: str) -> Q:
        """Blocks organised inside the subtree at ``prefix``, or with a member unit in it:
        a unit outside a block sees nothing of it."""
        members = BlockMembership.objects.filter(unit__path__startswith=prefix).values("block")
        return Q(organiser__path__startswith=prefix) | Q(pk__in=members)


class EmulationBlock(models.Model):
    """A block of units organised by an upper-level unit (e.g. "Khối các Sở quản lý nhà
    nước 1" of a provincial civil servants' union); its members need not be siblings."""

    organiser = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation block")
        verbose_name_plural = _("emulation blocks")
        ordering = ["organiser", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "name"],
                name="block_name_per_organiser",
                violation_error_message=_("The unit already organises a block of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("emulation:block_detail", args=[self.pk])


class MembershipQuerySet(models.QuerySet):
    def on(self, day) -> MembershipQuerySet:
        """Memberships in force on ``day``."""
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))

    def current(self) -> MembershipQuerySet:
        return self.filter(left_on__isnull=True)


class BlockMembership(models.Model):
    """A unit's membership of a block, from the decision that added it to the one that
    took it out (``left_on``). ``order`` is its place in the leader rotation."""

    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(_("member from"))
    left_on = models.DateField(_("member until"), null=True, blank=True)
    joined_decision = models.CharField(_("decision"), max_length=60, blank=True)
    left_decision = models.CharField(_("decision taking it out"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("place in the rotation"), default=0)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("block membership")
        verbose_name_plural = _("block memberships")
        ordering = ["block", "order", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "unit"],
                condition=Q(left_on__isnull=True),
                name="membership_once_at_a_time",
                violation_error_message=_("The unit is already a member of this block."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_dates_in_order",
                violation_error_message=_("A unit cannot leave a block before it joined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.block}"


class BlockTerm(models.Model):
    """A year of a block: its leader (khối trưởng) and deputy (khối phó), and when the
    leader handed the block's records over to the next year's leader."""

    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="terms")
    year = models.PositiveSmallIntegerField(_("year"))
    leader = models.ForeignKey(
        "organizations.Unit", verbose_name=_("leader"), on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block year")
        verbose_name_plural = _("block years")
        ordering = ["block", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "year"],
                name="block_term_once_a_year",
                violation_error_message=_("The block already has a leader for this year."),
            ),
            models.CheckConstraint(
                condition=~Q(leader=models.F("deputy")),
                name="block_term_two_units",
                violation_error_message=_("The leader and the deputy are two different units."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.year}: {self.leader}"


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    SIGNED = "signed", _("signed")


class CovenantQuerySet(ScopedQuerySet):
    scope_path = "block__organiser__path"

    def under(self, prefix: str) -> Q:
        members = BlockMembership.objects.filter(unit__path__startswith=prefix).values("block")
        return Q(block__organiser__path__startswith=prefix) | Q(block__in=members)


class Covenant(models.Model):
    """A block's covenant for a year (giao ước thi đua): its theme, its commitments and
    who signed for each member unit, where and when."""

    block = models.ForeignKey(EmulationBlock, on_delete=models.PROTECT, related_name="covenants")
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.TextField(_("theme"))
    status = models.CharField(
        _("status"), max_length=8, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    place = models.CharField(_("place of signing"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CovenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")
        ordering = ["block", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "year"],
                name="covenant_once_a_year",
                violation_error_message=_("The block already has a covenant for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("emulation:covenant_detail", args=[self.pk])


class CovenantTarget(models.Model):
    """One commitment of a covenant, optionally tied to an indicator of the year-end
    return so its actual value can be shown beside it."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("commitment"))
    indicator = models.SlugField(_("indicator code"), max_length=40, blank=True)
    target = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["covenant", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class CovenantSignatory(models.Model):
    """Who signed the covenant for a member unit."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatories")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("representative"), max_length=120)
    title = models.CharField(_("position"), max_length=120)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["covenant", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "unit"],
                name="signatory_once_per_unit",
                violation_error_message=_("This unit has already signed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class ScorecardQuerySet(CovenantQuerySet):
    """Scoped like covenants: through the block."""


class Scorecard(models.Model):
    """A block's scoring table for a year (bảng chấm điểm): criteria in groups with
    points, copied from last year and edited by the leader; the members' scores; the
    peer vote."""

    block = models.ForeignKey(EmulationBlock, on_delete=models.PROTECT, related_name="scorecards")
    year = models.PositiveSmallIntegerField(_("year"))
    cross_scoring = models.BooleanField(_("members score each other"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring table")
        verbose_name_plural = _("scoring tables")
        ordering = ["block", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "year"],
                name="scorecard_once_a_year",
                violation_error_message=_("The block already has a scoring table for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("emulation:scorecard_detail", args=[self.pk])


class Criterion(models.Model):
    """One criterion of a scoring table, with the most points it gives."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="criteria")
    group = models.CharField(_("group"), max_length=200)
    text = models.TextField(_("criterion"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["scorecard", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0),
                name="criterion_points_positive",
                violation_error_message=_("A criterion gives more than 0 points."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ScoreKind(models.TextChoices):
    SELF = "self", _("self-assessed")
    CROSS = "cross", _("scored by another member")
    AGREED = "agreed", _("agreed")


class Score(models.Model):
    """Points a member unit gets on a criterion: its own, another member's, or the
    agreed score the leader or panel enters."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit scored"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ScoreKind.choices)
    scorer = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("scored by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("evidence"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion", "unit", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "unit", "kind", "scorer"], name="score_once_per_scorer"
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.points}"


class PeerVote(models.Model):
    """The block's peer vote (suy tôn) at the year-end review: how many voted, the votes
    each member got, and the minutes."""

    scorecard = models.OneToOneField(Scorecard, on_delete=models.CASCADE, related_name="vote")
    held_on = models.DateField(_("held on"))
    voters = models.PositiveSmallIntegerField(_("voters"))
    minutes = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("peer vote")
        verbose_name_plural = _("peer votes")
        ordering = ["scorecard"]

    def __str__(self) -> str:
        return f"{self.scorecard} ({self.held_on})"


class PeerVoteResult(models.Model):
    vote = models.ForeignKey(PeerVote, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveSmallIntegerField(_("votes"))

    class Meta:
        verbose_name = _("votes for a unit")
        verbose_name_plural = _("votes for units")
        ordering = ["vote", "-votes", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "unit"], name="peervote_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.votes}"


# --- movements and registrations ------------------------------------------------------------


class MovementQuerySet(ScopedQuerySet):
    scope_path = "unit__path"

    def under(self, prefix: str) -> Q:
        """Movements launched inside the subtree at ``prefix`` or above it (a unit takes
        part in the movements of every level over it)."""
        from congdoan.organizations.models import Unit

        above = [prefix[:end] for end in range(Unit.steplen, len(prefix), Unit.steplen)]
        return Q(unit__path__startswith=prefix) | Q(unit__path__in=above)


class Movement(models.Model):
    """An emulation movement (phong trào thi đua) a unit launches for its subtree, by a
    decision, for a period, leading to the titles it names; optionally under the
    movement of the level above."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("launched by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=300)
    slogan = models.CharField(_("slogan"), max_length=300, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("movement of the level above"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    titles = models.ManyToManyField(
        "awards.AwardTitle", verbose_name=_("titles it leads to"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="movement_dates_in_order",
                violation_error_message=_("The movement ends before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Registration(models.Model):
    """A member's or a unit's registration (đăng ký thi đua) for a title at the start of
    a year: what a later nomination is checked against. ``unit`` is the registering unit
    itself or the member's union."""

    movement = models.ForeignKey(
        Movement, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    award = models.ForeignKey("awards.AwardTitle", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("registered on"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "award", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "award", "member"],
                condition=Q(member__isnull=False),
                name="registration_member_once",
                violation_error_message=_("Already registered for this title this year."),
            ),
            models.UniqueConstraint(
                fields=["year", "award", "unit"],
                condition=Q(member__isnull=True),
                name="registration_unit_once",
                violation_error_message=_("Already registered for this title this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member or self.unit}: {self.award} {self.year}"
