"""Union members (đoàn viên), their life events, and per-unit member figures."""

from __future__ import annotations

from django.conf import settings
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Left, Substr
from django.db.models.lookups import Exact, Lookup
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congdoan.core.models import FoldsName
from congdoan.core.scoping import ScopedQuerySet
from congdoan.core.vntext import fold

from .names import folded_sort_key, mask, sort_key, split_name


class Ethnicity(FoldsName, models.Model):
    """One of Vietnam's 54 ethnic groups (dân tộc), as data."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_folded = models.CharField(max_length=60, default="", editable=False)

    class Meta:
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class BirthPrecision(models.TextChoices):
    DAY = "day", _("full date")
    YEAR = "year", _("year only")


class IdKind(models.TextChoices):
    CCCD = "cccd", _("citizen identity card (12 digits)")
    CMND = "cmnd", _("old identity card (9 digits)")
    PASSPORT = "passport", _("passport (foreign worker)")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    TRANSFERRING = "transferring", _("transferred out, not yet received")
    LEFT = "left", _("left the union")
    DECEASED = "deceased", _("deceased")


BRANCH_LENGTH = 8  # the path of a unit directly under the root: a province or sector branch
STEP_LENGTH = 4  # one level of the tree path


def branch_of(path: str) -> str:
    """The province-level branch a tree path lies in (the path itself above that level)."""
    return path[:BRANCH_LENGTH]


def derived_names(full_name: str, folded: str | None = None) -> tuple[str, str]:
    """The folded name (search) and the sort key (Vietnamese order) of a full name;
    ``folded``: the name folded already."""
    if folded is None:
        return fold(full_name), sort_key(full_name)
    return folded, folded_sort_key(folded)


def is_name(text: str) -> bool:
    """Search text is a name unless it holds a digit (a number, a card or a phone)."""
    return not any(ch.isdigit() for ch in text)


def branches_under(paths: list[str]) -> list[str]:
    """The province-level branches that the subtrees at ``paths`` lie in or hold."""
    from congdoan.organizations.models import Unit

    branches = {branch_of(path) for path in paths if len(path) >= BRANCH_LENGTH}
    for path in paths:
        if len(path) < BRANCH_LENGTH:
            below = Unit.objects.filter(path__startswith=path, depth=BRANCH_LENGTH // Unit.steplen)
            branches.update(below.values_list("path", flat=True))
    return sorted(branches)


def _identity_condition(numbers: list[str]) -> Q:
    """The number is one of ``numbers``, said once for active members and once for the
    others, so that each half reads its own partial index (a list longer than a hundred
    numbers proves neither index's condition by itself)."""
    holds = Q(id_number=numbers[0]) if len(numbers) == 1 else Q(id_number__in=numbers)
    holds &= ~Q(id_number="")
    return Q(holds, status="active") | Q(holds, ~Q(status="active"))


class AnyOf(Lookup):
    """``column = ANY(%s)``: a list as one array parameter (PostgreSQL), which costs less
    to build and to parse than thousands of placeholders."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


class MemberQuerySet(ScopedQuerySet):
    # Members carry their union's path, so a subtree is one range on the member table.
    scope_path = "unit_path"

    def visible_to(self, user, role: str = "viewer") -> MemberQuerySet:
        """Members in ``user``'s subtrees; a scope inside one branch names it too, which
        lets PostgreSQL walk that branch's members in order (``member_branch_order``)."""
        from congdoan.core.scoping import is_usable, scope_paths

        members = super().visible_to(user, role)
        if is_usable(user) and not user.is_superuser:
            return members.in_branch_of(scope_paths(user, role))
        return members

    def in_branch_of(self, paths: list[str]) -> MemberQuerySet:
        """Restrict to the branch that all ``paths`` share, when they share one.

        The condition follows from a path range already applied; it is spelt out so the
        database can use the branch-ordered index.
        """
        branches = {branch_of(path) for path in paths}
        if len(branches) != 1 or len(next(iter(branches))) < BRANCH_LENGTH:
            return self
        return self.alias(branch=Substr("unit_path", 1, BRANCH_LENGTH)).filter(
            branch=branches.pop()
        )

    def active(self) -> MemberQuerySet:
        """Members currently in the union (not left, not deceased, not in transit)."""
        return self.filter(status=MemberStatus.ACTIVE)

    def in_subtree(self, unit) -> MemberQuerySet:
        """Members of the unit and every unit under it."""
        return self.filter(self.under(unit.path)).in_branch_of([unit.path])

    def under(self, prefix: str) -> Q:
        # A union directly under a province holds a few per cent of the province's
        # members, so its lists are read fastest by walking the province in order and
        # keeping its own. PostgreSQL, taking the path range and the branch as unrelated,
        # would misjudge that range as a hundred times smaller and read every row of it
        # instead; spelt as a prefix, the condition is a plain filter on the walk.
        if BRANCH_LENGTH < len(prefix) <= BRANCH_LENGTH + STEP_LENGTH:
            return Q(Exact(Left("unit_path", len(prefix)), prefix))
        # A province is its branch: the same condition as ``in_branch_of``, which
        # PostgreSQL counts once (with the path range too it would count the province
        # twice, judge it 34 times smaller, and sort all of it instead of walking it).
        if len(prefix) == BRANCH_LENGTH:
            return Q(Exact(Substr("unit_path", 1, BRANCH_LENGTH), prefix))
        return super().under(prefix)

    def search(self, text: str) -> MemberQuerySet:
        """By name without diacritics (``search.NameQuery``), identity number, card number
        or phone."""
        text = (text or "").strip()
        if not text:
            return self
        if is_name(text):
            from .search import NameQuery

            return NameQuery.parse(text).apply(self)
        digits = text.replace(" ", "").replace(".", "")
        if digits.isdigit() and len(digits) >= 6:
            # exact matches only, each one probe of its own index; a number shaped like a
            # Vietnamese phone number (0 and 9 or 10 digits) is not an identity number,
            # and the others are no phone numbers (fewer conditions: a faster plan)
            if digits.startswith("0") and len(digits) in (10, 11):
                return self.filter(Q(phone=digits) | Q(card_number=digits))
            return self.filter(_identity_condition([digits]) | Q(card_number=digits))
        return self.filter(Q(card_number__iexact=text) | Q(id_number__iexact=text))

    def holding(self, numbers: list[str]) -> MemberQuerySet:
        """The active members holding one of these identity numbers (at most one each:
        the numbers are unique among active members, and that index answers)."""
        numbers = [number for number in numbers if number]
        if not numbers:
            return self.none()
        members = self.active().exclude(id_number="")
        if len(numbers) > 1 and connections[self.db].vendor == "postgresql":
            return members.filter(AnyOf(F("id_number"), numbers))
        return members.filter(id_number__in=numbers)

    def with_identity(self, numbers: list[str]) -> MemberQuerySet:
        """Members, active or not, holding one of these identity numbers."""
        numbers = [number for number in numbers if number]
        return self.filter(_identity_condition(numbers)) if numbers else self.none()

    def in_order(self) -> MemberQuerySet:
        """The Vietnamese order: given name, then family and middle name."""
        return self.order_by("sort_key", "id")


class Member(models.Model):
    """A union member (đoàn viên): one person, identified by their identity number.

    A person is never two active members: the identity number is unique among active
    members (database constraint). Leaving, transfers and death keep the row; events
    in ``MemberEvent`` tell the story.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, default="")
    sort_key = models.CharField(max_length=160, editable=False, default="")
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_precision = models.CharField(
        _("birth date precision"),
        max_length=4,
        choices=BirthPrecision.choices,
        default=BirthPrecision.DAY,
    )
    id_kind = models.CharField(
        _("identity document"), max_length=10, choices=IdKind.choices, default=IdKind.CCCD
    )
    id_number = models.CharField(_("identity number"), max_length=12, blank=True)
    nationality = models.CharField(
        _("nationality"),
        max_length=2,
        default="VN",
        help_text=_("Two-letter country code (VN, KR, CN …)."),
    )
    ethnicity = models.ForeignKey(
        Ethnicity,
        verbose_name=_("ethnic group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    religion = models.CharField(_("religion"), max_length=60, blank=True)
    education = models.CharField(
        _("general education"), max_length=20, blank=True, help_text=_("For example 12/12.")
    )
    qualification = models.CharField(_("professional qualification"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    # The union's tree path, kept with the row (``save``, the import and the tree-move
    # receiver) so that scope and subtree conditions need no join.
    unit_path = models.CharField(max_length=255, editable=False, default="")
    joined_on = models.DateField(_("joined the union on"), null=True, blank=True)
    card_number = models.CharField(_("card number"), max_length=20, blank=True)
    party_member = models.BooleanField(_("party member"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = models.Manager.from_queryset(MemberQuerySet)()
    # The history is read by member (its own index) and never by union or ethnic group,
    # so those columns are not indexed there; the user who made a change is nulled by
    # Django when an account is deleted, not checked by the database for every row
    # written (an import writes a history row per member).
    history = HistoricalRecords(
        excluded_fields=["name_folded", "sort_key", "unit_path", "updated_at"],
        no_db_index=["unit", "ethnicity"],
        user_db_constraint=False,
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(status="active") & ~Q(id_number=""),
                name="member_one_active_per_person",
                violation_error_message=_(
                    "This identity number already belongs to an active member."
                ),
            ),
        ]
        indexes = [
            # Members of a subtree: one range on the path (LIKE 'prefix%').
            models.Index(
                fields=["unit_path"], opclasses=["varchar_pattern_ops"], name="member_unit_path"
            ),
            # A province's (branch's) members in Vietnamese order: list pages at any
            # depth and the ordered pass of a name search read only this index.
            models.Index(
                Substr("unit_path", 1, BRANCH_LENGTH),
                F("sort_key"),
                F("id"),
                include=["name_folded", "unit_path"],
                condition=Q(status="active"),
                name="member_branch_order",
            ),
            # The same for the whole country.
            models.Index(
                F("sort_key"),
                F("id"),
                include=["name_folded"],
                condition=Q(status="active"),
                name="member_order",
            ),
            # Search by identity number (an active member's is in the unique index
            # above; ``with_identity`` asks both), phone and card number. Each holds
            # only the rows that have one, so a new member without them costs nothing.
            models.Index(
                fields=["id_number"],
                condition=~Q(status="active") & ~Q(id_number=""),
                name="member_past_id_number",
            ),
            models.Index(fields=["phone"], condition=~Q(phone=""), name="member_phone"),
            models.Index(fields=["card_number"], condition=~Q(card_number=""), name="member_card"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.derive()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "unit" in update_fields:
            kwargs["update_fields"] = {*update_fields, "unit_path"}
        super().save(*args, **kwargs)
        if update_fields is None or "full_name" in update_fields:
            NameWord.learn([self.name_folded])

    def get_absolute_url(self) -> str:
        return reverse("members:member_detail", args=[self.pk])

    def derive(self) -> None:
        """Set the columns kept from others: search key, sort key and union path."""
        self.name_folded, self.sort_key = derived_names(self.full_name)
        if self.unit_id is not None:
            self.unit_path = self.unit.path

    @property
    def names(self) -> tuple[str, str, str]:
        return split_name(self.full_name)

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE

    @property
    def masked_id(self) -> str:
        return mask(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask(self.phone, 3, 2)

    @property
    def birth_display(self) -> str:
        if not self.birth_date:
            return ""
        if self.birth_precision == BirthPrecision.YEAR:
            return str(self.birth_date.year)
        return self.birth_date.strftime("%d/%m/%Y")

    @property
    def needs_new_id(self) -> bool:
        """An old 9-digit identity card: flagged so the union asks for the CCCD."""
        return self.id_kind == IdKind.CMND


class NameWord(models.Model):
    """A word of some member's folded name. The vocabulary tells a whole typed word
    ("hoa") from the beginning of one ("ho") in name search; words are only added."""

    word = models.CharField(max_length=150, primary_key=True)

    class Meta:
        verbose_name = _("name word")
        verbose_name_plural = _("name words")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word

    @classmethod
    def learn(cls, folded_names) -> None:
        """Add the words of these folded names (one query)."""
        words = {word for name in folded_names for word in name.split()}
        cls.objects.bulk_create([cls(word=word) for word in sorted(words)], ignore_conflicts=True)


class EventKind(models.TextChoices):
    ADMIT = "admit", _("admission")
    TRANSFER_OUT = "transfer_out", _("released for transfer")
    TRANSFER_IN = "transfer_in", _("transfer received")
    LEAVE = "leave", _("left the union")
    REJOIN = "rejoin", _("rejoined")
    DEATH = "death", _("deceased")
    IMPORT = "import", _("recorded from a member list")


class MemberEventQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class MemberEvent(models.Model):
    """A dated event in a member's union life, with the decision behind it."""

    # found through the timeline index, which begins with the member
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    date = models.DateField(_("date"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    other_unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("other union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Who recorded it, as in the member's history: nulled by Django when an account is
    # deleted, not checked by the database for every event written.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = models.Manager.from_queryset(MemberEventQuerySet)()

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        ordering = ["member", "date", "id"]
        indexes = [
            # A member's timeline (and the member's key, for the foreign key).
            models.Index(fields=["member", "date"], name="memberevent_timeline"),
            # Transfers name the other union; most events do not, and are left out.
            models.Index(
                fields=["other_unit"],
                condition=Q(other_unit__isnull=False),
                name="memberevent_other_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class TransferQuerySet(ScopedQuerySet):
    """Transfers are scoped by the receiving union: its officers act on them."""

    scope_path = "to_unit__path"

    def pending(self) -> TransferQuerySet:
        """Released and neither received nor cancelled."""
        return self.filter(received_at__isnull=True, cancelled_at__isnull=True)

    def incoming_for(self, user) -> TransferQuerySet:
        """Pending transfers into units where ``user`` is an officer."""
        return self.pending().visible_to(user, "officer")


class Transfer(models.Model):
    """A member released by one union and awaiting reception by another."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    date = models.DateField(_("date"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(received_at__isnull=True, cancelled_at__isnull=True),
                name="transfer_one_pending_per_member",
                violation_error_message=_("This member already has a transfer under way."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.to_unit}"


class UnitFiguresQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class UnitMemberCount(models.Model):
    """Current member figures of one unit (its own members, not its subtree).

    Kept by the member services in the same transaction as each change, so a subtree's
    figures are a sum over units, never a count over millions of member rows.
    """

    unit = models.OneToOneField(
        "organizations.Unit",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="member_count",
    )
    members = models.IntegerField(_("members"), default=0)
    female = models.IntegerField(_("female members"), default=0)
    # Members whose record holds the number of a card in use (issued here, or entered
    # from the lists kept before).
    with_card = models.IntegerField(_("members with a card"), default=0)

    objects = models.Manager.from_queryset(UnitFiguresQuerySet)()

    class Meta:
        verbose_name = _("member figures of a unit")
        verbose_name_plural = _("member figures of units")
        ordering = ["unit"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.members}"


class UnitMemberYear(models.Model):
    """Member movements of one unit in one calendar year."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="member_years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    admitted = models.IntegerField(_("admitted"), default=0)
    left = models.IntegerField(_("left"), default=0)
    deceased = models.IntegerField(_("deceased"), default=0)
    transferred_in = models.IntegerField(_("transferred in"), default=0)
    transferred_out = models.IntegerField(_("transferred out"), default=0)

    class Meta:
        verbose_name = _("member movements of a unit in a year")
        verbose_name_plural = _("member movements of units by year")
        ordering = ["unit", "year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unitmemberyear_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    CHECKING = "checking", _("checking")
    CHECKED = "checked", _("checked")
    COMMITTING = "committing", _("saving")
    DONE = "done", _("saved")
    FAILED = "failed", _("refused")


class ImportJobQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class ImportJob(models.Model):
    """One member-list file on its way in: read, checked (preview), then committed.

    The file itself is kept so the check can run again with a corrected column mapping;
    the checked rows are kept in ``plan`` and saved as they were checked, unless the
    union's members changed in between. Work runs as a
    background task; ``progress`` and ``total`` let a page show how far it got.
    """

    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(editable=False)
    # The checked rows (compressed JSON lines): saving applies them without a second
    # check, refusing if the union's members changed after ``checked_at``.
    plan = models.BinaryField(editable=False, default=b"")
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    encoding = models.CharField(_("text encoding"), max_length=10, blank=True)
    header_row = models.IntegerField(_("header row"), null=True, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    headers = models.JSONField(_("headers in the file"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.IntegerField(_("rows done"), default=0)
    total = models.IntegerField(_("rows"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problem_count = models.IntegerField(_("problems"), default=0)
    error = models.TextField(_("error"), blank=True)
    committed_at = models.DateTimeField(_("saved at"), null=True, blank=True)

    objects = models.Manager.from_queryset(ImportJobQuerySet)()

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("members:import_detail", args=[self.pk])

    def blob(self, name: str) -> bytes:
        """The stored file (``"data"``) or checked rows (``"plan"``), read anew. PostgreSQL
        is asked for it in binary: as text it comes in hex, which for a file of tens of MB
        costs several times its size in memory while it is decoded."""
        from django.db import connection

        if connection.vendor == "postgresql":
            from psycopg import Cursor

            column = self._meta.get_field(name).column
            with connection.cursor() as cursor, Cursor(cursor.connection) as raw:
                raw.execute(
                    f"SELECT {column} FROM {self._meta.db_table} WHERE id = %s",
                    [self.pk],
                    binary=True,
                )
                return bytes(raw.fetchone()[0])
        return bytes(ImportJob.objects.values_list(name, flat=True).get(pk=self.pk))

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.COMMITTING)

    @property
    def errors(self) -> int:
        return self.counts.get("errors", 0)

    @property
    def percent(self) -> int:
        return int(100 * self.progress / self.total) if self.total else 0
