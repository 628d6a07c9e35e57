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
