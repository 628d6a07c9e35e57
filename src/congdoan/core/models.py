"""Shared models: the audit log every service writes to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedQuerySet
from .vntext import fold


class FoldsName:
    """Keeps ``name_folded``, the diacritic-free search key, in step with ``name``."""

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class AuditQuerySet(ScopedQuerySet):
    scope_path = "unit__path"

    def for_unit(self, unit) -> "AuditQuerySet":
        """Entries about the unit itself (not its subtree)."""
        return self.filter(unit=unit)


class AuditLog(models.Model):
    """One business event: who did what, to which unit, when, with its details.

    Services write these rows inside the same transaction as the change, so an entry
    exists exactly when the change does. Rows are scoped by the unit they concern.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=500)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = models.Manager.from_queryset(AuditQuerySet)()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The unit page's change history: entries of one unit, newest first.
            models.Index(fields=["unit", "-created_at"], name="audit_unit_time"),
        ]

    def __str__(self) -> str:
        return self.summary


def record(*, actor, action: str, summary: str, unit=None, obj=None, data=None) -> AuditLog:
    """Write one audit entry; call inside the service's transaction."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        unit=unit,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        data=data or {},
    )


class DocumentTemplateQuerySet(ScopedQuerySet):
    scope_path = "unit__path"

    def current(self) -> "DocumentTemplateQuerySet":
        """The templates in use (an uploaded template stays, retired, when replaced)."""
        return self.filter(retired_at__isnull=True)


class DocumentTemplate(models.Model):
    """A Word template a unit uploaded for one kind of document (the year-end report, a
    covenant …). It serves the unit and every unit under it that has none of its own;
    replacing or resetting it retires it, so every earlier version is kept."""

    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.SlugField(_("document"), max_length=40)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    objects = models.Manager.from_queryset(DocumentTemplateQuerySet)()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["unit", "kind", "-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind"],
                condition=models.Q(retired_at__isnull=True),
                name="documenttemplate_one_current",
                violation_error_message=_("This unit already has a template for this document."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"


class DocumentRegister(models.Model):
    """A unit's register of outgoing documents of one kind for a year (sổ văn bản đi):
    numbers follow each other without gaps or repeats."""

    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.SlugField(_("document"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document register")
        verbose_name_plural = _("document registers")
        ordering = ["unit", "kind", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="register_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


def next_number(*, unit, kind: str, year: int) -> int:
    """The next number of the unit's register, under a row lock (call in a transaction)."""
    register, _created = DocumentRegister.objects.get_or_create(unit=unit, kind=kind, year=year)
    register = DocumentRegister.objects.select_for_update().get(pk=register.pk)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number
