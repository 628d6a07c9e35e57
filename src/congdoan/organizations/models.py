"""The union organisation tree: unit kinds, provinces, units and their dated changes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from congdoan.core.models import FoldsName
from congdoan.core.scoping import ScopedQuerySet
from congdoan.core.vntext import fold


class UnitKind(models.Model):
    """A kind of union body (LĐLĐ tỉnh, CĐCS, tổ công đoàn …) and where it may sit.

    Kinds are data: an administrator can add one and say under which kinds it may be
    placed. ``level`` follows Luật Công đoàn 2024, Điều 8 (1 = central … 4 = grassroots,
    5–6 = sections and groups inside a grassroots union).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"))
    holds_members = models.BooleanField(_("holds members"), default=False)
    allowed_parents = models.ManyToManyField(
        "self",
        verbose_name=_("allowed parent kinds"),
        symmetrical=False,
        blank=True,
        related_name="allowed_children",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")
        ordering = ["level", "sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def may_sit_under(self, parent_kind: UnitKind) -> bool:
        return self.allowed_parents.filter(pk=parent_kind.pk).exists()


class Province(FoldsName, models.Model):
    """A province or centrally-run city (tỉnh/thành phố), by administrative code."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, editable=False, default="")

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    """Economic sector of the body a grassroots union sits in (khu vực)."""

    PUBLIC_SERVICE = "public_service", _("public administration and service units")
    STATE_ENTERPRISE = "state_enterprise", _("state-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("non-state enterprise")
    FDI = "fdi", _("foreign-invested enterprise")
    OTHER = "other", _("other")


# the sectors whose grassroots unions deal with an employer: workers' conferences,
# dialogue and collective agreements
ENTERPRISE_SECTORS = [Sector.STATE_ENTERPRISE, Sector.PRIVATE_ENTERPRISE, Sector.FDI]


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    scope_path = "path"

    def active(self) -> UnitQuerySet:
        """Units not closed."""
        return self.filter(status=UnitStatus.ACTIVE)

    def subtree(self, unit: Unit, include_self: bool = True) -> UnitQuerySet:
        """The unit and everything under it: one range on the indexed path."""
        rows = self.filter(path__startswith=unit.path)
        return rows if include_self else rows.exclude(pk=unit.pk)

    def search(self, text: str) -> UnitQuerySet:
        """Units whose name, short name or code contains ``text``, ignoring diacritics."""
        folded = fold(text)
        if not folded:
            return self
        return self.filter(Q(name_folded__contains=folded) | Q(code__iexact=text.strip()))


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model, using=self._db).order_by("path")


code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dot, dash or underscore, without spaces or diacritics."),
    code="invalid_code",
)


class Unit(MP_Node):
    """A union body at any level, from the national federation to a union group.

    The tree is a materialised path (``path``): a unit's subtree is every row whose
    path starts with its own, one range scan on the path index. ``parent`` repeats the
    tree's parent link so lists and filters need no path arithmetic. A unit is never
    deleted: closing it (absorbed, consolidated, split, dissolved) sets ``status`` and
    ``successor`` and keeps every row that points at it.
    """

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    name_folded = models.CharField(max_length=400, editable=False, default="", db_index=True)
    kind = models.ForeignKey(
        UnitKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    workers = models.PositiveIntegerField(_("number of workers"), null=True, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UnitManager()
    history = HistoricalRecords(excluded_fields=["numchild", "name_folded", "updated_at"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="unit_closed_has_date",
                violation_error_message=_("A closed unit needs its closing date."),
            ),
        ]
        indexes = [
            # Children of a unit in the tree browser and the `parent` API filter.
            models.Index(fields=["parent", "status"], name="unit_parent_status"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:unit_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.name_folded = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status == UnitStatus.ACTIVE

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def lineage_paths(self) -> list[str]:
        """The paths of the root, every unit down to this one, and this unit's own."""
        return [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]

    def ancestors(self) -> list[Unit]:
        """Ancestors from the root down, in one query (for breadcrumbs)."""
        prefixes = self.lineage_paths()[:-1]
        return list(Unit.objects.filter(path__in=prefixes).order_by("depth"))


class ChangeKind(models.TextChoices):
    """Kinds of organisation change (thay đổi tổ chức)."""

    FOUND = "found", _("founding")
    RENAME = "rename", _("renaming")
    MOVE = "move", _("change of managing unit")
    BULK_MOVE = "bulk_move", _("bulk change of managing unit")
    ABSORB = "absorb", _("merger (absorption)")
    CONSOLIDATE = "consolidate", _("consolidation")
    SPLIT = "split", _("split")
    DISSOLVE = "dissolve", _("dissolution")
    IMPORT = "import", _("import from a file")


class OrgChangeQuerySet(ScopedQuerySet):
    scope_path = "units__path"

    def involving(self, unit: Unit) -> OrgChangeQuerySet:
        """Changes in which ``unit`` took part, leaving out the founding of its children."""
        parts = OrgChangePart.objects.filter(unit=unit).exclude(
            role=PartRole.NEW_PARENT, change__kind=ChangeKind.FOUND
        )
        return self.filter(pk__in=parts.values("change_id"))


class OrgChange(models.Model):
    """One dated, decision-backed change to the tree, with every unit it touched."""

    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind.choices)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"))
    note = models.TextField(_("note"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    units = models.ManyToManyField(Unit, through="OrgChangePart", related_name="changes")

    objects = models.Manager.from_queryset(OrgChangeQuerySet)()

    class Meta:
        verbose_name = _("organisation change")
        verbose_name_plural = _("organisation changes")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        number = f" ({self.decision_number})" if self.decision_number else ""
        return f"{self.get_kind_display()}{number}"


class PartRole(models.TextChoices):
    SUBJECT = "subject", _("unit changed")
    RESULT = "result", _("resulting unit")
    CLOSED = "closed", _("closed unit")
    OLD_PARENT = "old_parent", _("previous managing unit")
    NEW_PARENT = "new_parent", _("new managing unit")


class OrgChangePart(models.Model):
    """A unit's part in an organisation change."""

    change = models.ForeignKey(OrgChange, on_delete=models.CASCADE, related_name="parts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="change_parts")
    role = models.CharField(_("part"), max_length=16, choices=PartRole.choices)

    class Meta:
        verbose_name = _("unit in a change")
        verbose_name_plural = _("units in a change")
        ordering = ["change", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "unit", "role"],
                name="orgchangepart_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_role_display()}"
