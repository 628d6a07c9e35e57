"""Membership cards (thẻ đoàn viên): numbering schemes, number sequences and cards."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congdoan.core.scoping import ScopedQuerySet


class CheckDigit(models.TextChoices):
    LUHN = "luhn", _("Luhn (mod 10)")
    NONE = "none", _("none")


class CardScheme(models.Model):
    """How card numbers are made, as data: the issuing province's code, the year, a
    sequence per province and year, and a check digit. One scheme is in use."""

    name = models.CharField(_("name"), max_length=100)
    province_digits = models.PositiveSmallIntegerField(_("digits of the province code"), default=3)
    year_digits = models.PositiveSmallIntegerField(_("digits of the year"), default=2)
    sequence_digits = models.PositiveSmallIntegerField(_("digits of the sequence"), default=6)
    check_digit = models.CharField(
        _("check digit"), max_length=8, choices=CheckDigit.choices, default=CheckDigit.LUHN
    )
    in_use = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("card number scheme")
        verbose_name_plural = _("card number schemes")
        ordering = ["-in_use", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["in_use"],
                condition=Q(in_use=True),
                name="cardscheme_one_in_use",
                violation_error_message=_("Only one card number scheme can be in use."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def prefix(self, province_code: str, year: int) -> str:
        """The part of a number before its sequence: province code and year."""
        province = "".join(ch for ch in province_code if ch.isdigit()) or "0"
        return (
            province.zfill(self.province_digits)[-self.province_digits :]
            + str(year).zfill(4)[-self.year_digits :]
        )

    def number(self, prefix: str, sequence: int) -> str:
        body = prefix + str(sequence).zfill(self.sequence_digits)
        return body + check_digit(body, self.check_digit)

    def is_valid(self, number: str) -> bool:
        """Whether ``number`` has this scheme's length and a right check digit."""
        length = self.province_digits + self.year_digits + self.sequence_digits
        if self.check_digit == CheckDigit.NONE:
            return number.isdigit() and len(number) == length
        return (
            number.isdigit()
            and len(number) == length + 1
            and check_digit(number[:-1], self.check_digit) == number[-1]
        )


def check_digit(body: str, kind: str) -> str:
    """The digit that makes ``body`` + digit pass the Luhn check (or nothing)."""
    if kind == CheckDigit.NONE:
        return ""
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:  # doubled: the digit right of it will be the check digit
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


class CardSequence(models.Model):
    """The last sequence number given for one scheme, province and year. Its row is
    locked while a number is taken, so numbers come without gaps or repeats."""

    scheme = models.ForeignKey(CardScheme, on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("card number sequence")
        verbose_name_plural = _("card number sequences")
        ordering = ["scheme", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "prefix"], name="cardsequence_one_per_prefix")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class CardStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ISSUED = "issued", _("issued")
    REPLACED = "replaced", _("replaced")
    REVOKED = "revoked", _("revoked")


class ReplaceReason(models.TextChoices):
    LOST = "lost", _("lost")
    DAMAGED = "damaged", _("damaged")
    CHANGED = "changed", _("details changed")


# Requested and issued cards count as a member's card: at most one at a time.
LIVE = [CardStatus.REQUESTED, CardStatus.ISSUED]


def _public_code() -> str:
    return secrets.token_urlsafe(9)


class CardQuerySet(ScopedQuerySet):
    # A card is seen by the officers of its member's union (and the levels above).
    scope_path = "member__unit_path"

    def live(self) -> CardQuerySet:
        """Requested or issued: the member's current card."""
        return self.filter(status__in=LIVE)


class Card(models.Model):
    """A member's card. Replacing one keeps it, marked replaced and pointing to the new
    card; revoking keeps it too. The QR code carries a signed ``public_code`` only."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="cards"
    )
    number = models.CharField(_("card number"), max_length=24, null=True, blank=True, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CardStatus.choices, default=CardStatus.REQUESTED
    )
    public_code = models.CharField(max_length=16, unique=True, default=_public_code, editable=False)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issuing_unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("issuing union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    printed_at = models.DateTimeField(_("printed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("replaced or revoked at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    # Ended because the member left or died: in use again if they rejoin.
    ended_with_membership = models.BooleanField(default=False, editable=False)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    version = models.PositiveIntegerField(default=1)

    objects = CardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership card")
        verbose_name_plural = _("membership cards")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=LIVE),
                name="card_one_live_per_member",
                violation_error_message=_("This member already has a card or a card request."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[CardStatus.REQUESTED]) | Q(number__isnull=False),
                name="card_issued_has_number",
                violation_error_message=_("An issued card has a number."),
            ),
        ]
        indexes = [
            # Cards of a subtree by status (lists, figures).
            models.Index(fields=["status", "issued_on"], name="card_status_issued"),
        ]

    def __str__(self) -> str:
        return self.number or str(_("card requested for %(name)s") % {"name": self.member})

    def get_absolute_url(self) -> str:
        return self.member.get_absolute_url() + "#member-cards"


class CardPhoto(models.Model):
    """The member's photo for the card: cropped to 3 × 4 and stored small (JPEG), kept
    apart from the member's record so the member table stays narrow."""

    member = models.OneToOneField(
        "members.Member", on_delete=models.CASCADE, related_name="card_photo"
    )
    image = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("card photo")
        verbose_name_plural = _("card photos")
        ordering = ["member"]

    def __str__(self) -> str:
        return str(self.member)


class UnitCardYear(models.Model):
    """Cards a union issued in one calendar year (first cards and replacements).

    Kept by the card services with each issue, so a subtree's figure is a sum over
    units, never a count over card rows.
    """

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    issued = models.IntegerField(_("cards issued"), default=0)

    class Meta:
        verbose_name = _("cards issued by a unit in a year")
        verbose_name_plural = _("cards issued by units by year")
        ordering = ["unit", "year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unitcardyear_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.issued}"


class PrintStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("printing")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class PrintJob(models.Model):
    """A batch of cards printed to one PDF in the background; only its maker sees it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cards = models.JSONField(_("cards"), default=list)
    base_url = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PrintStatus.choices, default=PrintStatus.QUEUED
    )
    progress = models.IntegerField(_("cards done"), default=0)
    total = models.IntegerField(_("cards"), default=0)
    # the PDF on the file storage (MEDIA_ROOT): a batch of thousands of cards is large
    file = models.FileField(_("PDF"), upload_to="print-jobs/%Y/%m/", blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("card print job")
        verbose_name_plural = _("card print jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return _("%(count)s cards (%(status)s)") % {
            "count": self.total,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("cards:print_job", args=[self.pk])

    @property
    def running(self) -> bool:
        return self.status in (PrintStatus.QUEUED, PrintStatus.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.progress / self.total) if self.total else 0
