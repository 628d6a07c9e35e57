"""A union's meetings (hội nghị CBCCVC, hội nghị người lao động, đối thoại, đại hội,
tổng kết, ký giao ước …) and the collective agreements (thỏa ước lao động tập thể) its
grassroots unions sign with their employers — recorded once, by the union that held or
signed them, so the returns count them instead of a tick typed twice.

Kinds of meeting and the grading criteria of agreements are dated data with their
source. Nothing is deleted: a meeting or an agreement keeps its history; an agreement
replaced by a new one stays, marked replaced.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congdoan.core.scoping import ScopedQuerySet


class MeetingKind(models.Model):
    """A kind of meeting and the rules that come with it: which grassroots unions must
    hold it (by sector), by which month of the year, from how many people the law
    expects the delegates' form, and whether it elects a committee or gets an article."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    # the sectors whose grassroots unions hold it every year (empty: no yearly duty)
    sectors = models.JSONField(_("held yearly by the sectors"), default=list, blank=True)
    due_month = models.PositiveSmallIntegerField(
        _("held by the end of month"), null=True, blank=True
    )
    delegates_from = models.PositiveIntegerField(
        _("delegates' form from (people)"), null=True, blank=True
    )
    elects = models.BooleanField(_("elects an executive committee"), default=False)
    article = models.BooleanField(_("a news article is drafted from it"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("kind of meeting")
        verbose_name_plural = _("kinds of meeting")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def due_on(self, year: int) -> date | None:
        """The last day of the year's duty (``None`` when the kind has none)."""
        if not self.sectors or not self.due_month:
            return None
        if self.due_month == 12:
            return date(year, 12, 31)
        return date.fromordinal(date(year, self.due_month + 1, 1).toordinal() - 1)


class UnitScoped(ScopedQuerySet):
    scope_path = "unit__path"


class Form(models.TextChoices):
    FULL = "full", _("full meeting")
    DELEGATES = "delegates", _("delegates' meeting")


class Meeting(models.Model):
    """One meeting held by ``unit``: when and where, who chaired and who was invited,
    attendance, the agenda, the numbered resolutions and the minutes' text. A block's
    meeting (tổng kết, ký giao ước) names the block and its covenant; a congress names
    its term and the committee it elected."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.ForeignKey(MeetingKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("work year"))
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    chairs = models.CharField(_("chaired by"), max_length=500, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.FULL)
    expected = models.PositiveIntegerField(_("expected"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    proceedings = models.TextField(_("proceedings"), blank=True)
    block = models.ForeignKey(
        "emulation.EmulationBlock",
        verbose_name=_("emulation block"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    covenant = models.ForeignKey(
        "emulation.Covenant",
        verbose_name=_("covenant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    term_from = models.PositiveSmallIntegerField(_("term from"), null=True, blank=True)
    term_to = models.PositiveSmallIntegerField(_("term to"), null=True, blank=True)
    next_theme = models.TextField(_("next year's theme"), blank=True)
    # the news article as the officer last edited it (blank: drafted afresh)
    article_title = models.CharField(_("article title"), max_length=300, blank=True)
    article_text = models.TextField(_("article"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScoped.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["kind", "held_on"], name="meeting_kind_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__isnull=True)
                | Q(expected__isnull=True)
                | Q(present__lte=models.F("expected")),
                name="meeting_present_le_expected",
                violation_error_message=_("More people present than expected."),
            ),
            models.CheckConstraint(
                condition=Q(term_from__isnull=True)
                | Q(term_to__isnull=True)
                | Q(term_to__gt=models.F("term_from")),
                name="meeting_term_in_order",
                violation_error_message=_("The term ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    def form_warning(self) -> str:
        """The law's rule on the form, when the meeting does not follow it: a warning
        shown beside the meeting, never a refusal (the numbers are to be checked)."""
        threshold, people = self.kind.delegates_from, self.expected
        if not threshold or not people:
            return ""
        if self.form == Form.FULL and people >= threshold:
            return str(
                _("From %(n)s people the rules provide a delegates' meeting (%(source)s).")
                % {"n": threshold, "source": self.kind.source or self.kind.name}
            )
        if self.form == Form.DELEGATES and people < threshold:
            return str(
                _("Under %(n)s people the rules provide a full meeting (%(source)s).")
                % {"n": threshold, "source": self.kind.source or self.kind.name}
            )
        return ""


class Guest(models.Model):
    """An invited guest: often a leader of another body, so name, title and body are text."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=160)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.CharField(_("body"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.title, self.body) if part)


class Resolution(models.Model):
    """A numbered item of what the meeting resolved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("resolution"))

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    EXECUTIVE = "executive", _("executive committee member")
    INSPECTION_CHAIR = "inspection_chair", _("chair of the inspection committee")
    INSPECTION = "inspection", _("inspection committee member")


class Elected(models.Model):
    """A member of the union elected by a congress, with the role elected to."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="elected")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=CommitteeRole.choices)

    class Meta:
        verbose_name = _("elected member")
        verbose_name_plural = _("elected members")
        ordering = ["meeting", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member", "role"], name="elected_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()}"


# --- collective agreements ----------------------------------------------------------


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed, not yet in force")
    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    REPLACED = "replaced", _("replaced")


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


class AgreementQuerySet(ScopedQuerySet):
    scope_path = "unit__path"

    def under(self, prefix: str) -> Q:
        """Signed inside the subtree, or covering a union inside it (a sector agreement
        signed above covers its grassroots unions, which see it)."""
        covering = CollectiveAgreement.covers.through.objects.filter(
            unit__path__startswith=prefix
        ).values("collectiveagreement")
        return Q(unit__path__startswith=prefix) | Q(pk__in=covering)

    def in_force_on(self, day: date) -> AgreementQuerySet:
        return self.filter(
            signed_on__isnull=False,
            effective_from__lte=day,
            effective_to__gte=day,
        ).exclude(replaced_on__lte=day)

    def expiring(self, day: date, days: int = 60) -> AgreementQuerySet:
        """In force on ``day`` and ending within ``days``: the reminders' list."""
        end = date.fromordinal(day.toordinal() + days)
        return self.in_force_on(day).filter(effective_to__lte=end)


class CollectiveAgreement(models.Model):
    """A collective agreement signed by ``unit`` (a grassroots union with its employer,
    or an upper union for a sector: then ``covers`` names the grassroots unions under
    it). Its state on a day follows from its dates: signed, in force, expired; a new
    agreement replacing it sets ``replaced_on``."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    employer = models.CharField(_("employer"), max_length=300)
    tax_code = models.CharField(_("employer's tax code"), max_length=14, blank=True)
    number = models.CharField(_("number"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("workers covered"), default=0)
    covers = models.ManyToManyField(
        "organizations.Unit",
        verbose_name=_("grassroots unions covered"),
        blank=True,
        related_name="covering_agreements",
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    graded_year = models.PositiveSmallIntegerField(_("graded under the criteria of"), null=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("collective agreement")
        verbose_name_plural = _("collective agreements")
        ordering = ["-signed_on", "-id"]
        indexes = [
            models.Index(fields=["effective_from", "effective_to"], name="agreement_in_force")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="agreement_dates_in_order",
                violation_error_message=_("The agreement ends before it comes into force."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} ({self.signed_on:%d/%m/%Y})" if self.signed_on else self.employer

    def get_absolute_url(self) -> str:
        return reverse("meetings:agreement_detail", args=[self.pk])

    def status_on(self, day: date) -> str:
        if self.replaced_on and self.replaced_on <= day:
            return AgreementStatus.REPLACED
        if self.signed_on is None or self.effective_from is None or self.effective_to is None:
            return AgreementStatus.DRAFT
        if day < self.effective_from:
            return AgreementStatus.SIGNED
        if day > self.effective_to:
            return AgreementStatus.EXPIRED
        return AgreementStatus.IN_FORCE


class Amendment(models.Model):
    """A dated amendment (sửa đổi, bổ sung) of an agreement."""

    agreement = models.ForeignKey(
        CollectiveAgreement, on_delete=models.CASCADE, related_name="amendments"
    )
    on = models.DateField(_("signed on"))
    summary = models.TextField(_("what changed"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["agreement", "on", "id"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}: {self.summary[:60]}"


class AgreementCriterion(models.Model):
    """One criterion of the year's grading of agreements (HD 90/HD-TLĐ) and its points."""

    year = models.PositiveSmallIntegerField(_("year"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("criterion"), max_length=400)
    points = models.PositiveSmallIntegerField(_("points"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("criterion for grading agreements")
        verbose_name_plural = _("criteria for grading agreements")
        ordering = ["year", "order", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.order}. {self.text}"


class GradeThreshold(models.Model):
    """From how many points an agreement is graded ``grade`` in ``year``."""

    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices)
    min_points = models.PositiveSmallIntegerField(_("from points"))

    class Meta:
        verbose_name = _("grade threshold")
        verbose_name_plural = _("grade thresholds")
        ordering = ["year", "-min_points"]
        constraints = [
            models.UniqueConstraint(fields=["year", "grade"], name="grade_threshold_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.grade} ≥ {self.min_points}"


class AgreementScore(models.Model):
    agreement = models.ForeignKey(
        CollectiveAgreement, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(AgreementCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "criterion"], name="agreement_score_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.points}"


# --- files ----------------------------------------------------------------------------

MAX_FILE = 10 * 1024 * 1024


class AttachmentQuerySet(ScopedQuerySet):
    def under(self, prefix: str) -> Q:
        return Q(meeting__unit__path__startswith=prefix) | Q(
            agreement__in=(
                CollectiveAgreement.objects.filter(
                    CollectiveAgreement.objects.all().under(prefix)
                ).values("pk")
            )
        )


class Attachment(models.Model):
    """A file kept with a meeting (signed minutes, photos) or an agreement (the signed
    agreement, an amendment)."""

    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    agreement = models.ForeignKey(
        CollectiveAgreement, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=True, agreement__isnull=False)
                | Q(meeting__isnull=False, agreement__isnull=True),
                name="attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def download_name(self) -> str:
        """The file's name in plain letters (a download header carries ASCII)."""
        from congdoan.core.vntext import fold

        stem, dot, extension = self.name.rpartition(".")
        stem = "-".join(fold(stem if dot else self.name).split())[:60] or f"tep-{self.pk}"
        stem = "".join(c for c in stem if c.isascii() and (c.isalnum() or c in "-_"))
        extension = "".join(c for c in fold(extension) if c.isascii() and c.isalnum())[:10]
        return f"{stem or 'tep'}.{extension}" if dot and extension else stem or "tep"
