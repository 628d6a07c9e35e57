"""Member imports: upload, check (preview), commit — queued as background tasks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import cache, cached_property
from itertools import islice
from operator import itemgetter

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.organizations.models import Unit

from ..models import (
    EventKind,
    Member,
    MemberEvent,
    NameWord,
    derived_names,
)
from .figures import _count, _tally, _year, tally
from .lifecycle import EDITABLE_FIELDS

# --- imports ----------------------------------------------------------------------


def start_import(*, actor, unit: Unit, filename: str, data: bytes):
    """Keep an uploaded member list and queue its check; returns the ``ImportJob``."""
    from ..models import ImportJob
    from ..tasks import check_import

    require_role(actor, unit)
    if not unit.is_active:
        raise invalid("unit", _("%(unit)s is closed.") % {"unit": unit.name}, "closed_unit")
    if not data:
        raise invalid("file", _("The file is empty."), "empty_file")
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise invalid(
            "file",
            _("The file is larger than %(size)s MB.")
            % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
            "file_too_large",
        )
    job = ImportJob.objects.create(
        unit=unit,
        created_by=actor if getattr(actor, "pk", None) else None,
        filename=filename[:255],
        data=data,
    )
    record(
        actor=actor,
        action="members.import_upload",
        unit=unit,
        obj=job,
        summary=_("Uploaded the member list %(file)s") % {"file": job.filename},
    )
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


def remap_import(*, actor, job, mapping: dict[str, int | None]):
    """Check the file again with the officer's corrected column mapping."""
    from ..models import ImportStatus
    from ..tasks import check_import

    require_role(actor, job.unit)
    if job.status not in (ImportStatus.CHECKED, ImportStatus.FAILED):
        raise invalid("mapping", _("This import is busy or already saved."), "import_busy")
    job.mapping = {k: v for k, v in mapping.items() if v is not None}
    job.status = ImportStatus.QUEUED
    job.progress = 0
    job.save(update_fields=["mapping", "status", "progress"])
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


def request_commit(*, actor, job):
    """Queue the saving of a checked import that has no errors."""
    from ..models import ImportStatus
    from ..tasks import commit_import_task

    require_role(actor, job.unit)
    if job.status != ImportStatus.CHECKED:
        raise invalid("import", _("Only a checked import can be saved."), "import_not_checked")
    if job.errors:
        raise invalid(
            "import",
            _("The file still has errors; nothing can be saved until they are fixed."),
            "import_has_errors",
        )
    job.status = ImportStatus.COMMITTING
    job.save(update_fields=["status"])
    transaction.on_commit(lambda: commit_import_task.enqueue(job.pk, actor.pk if actor else None))
    return job


def run_check(job) -> None:
    """Check the job's file and store the preview (progress saved as it goes)."""
    from ..importing import check
    from ..models import ImportJob, ImportStatus

    started = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, progress=0)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(progress=done, total=total)

    plan = check(
        data=job.blob("data"),
        filename=job.filename,
        unit=job.unit,
        actor=job.created_by,
        mapping=job.mapping or None,
        progress=progress,
        keep_rows=False,
    )
    job.encoding, job.header_row, job.headers = plan.encoding, plan.header_row, plan.headers
    job.mapping, job.total, job.progress = plan.mapping, plan.total, plan.total
    job.counts = plan.counts()
    job.problems = [p.as_dict() for p in plan.problems[:2000]]
    job.problem_count = len(plan.problems)
    job.plan = plan.encoded() if plan.ok else b""
    job.checked_at = started
    job.status = ImportStatus.CHECKED
    job.save(update_fields=[*_CHECKED_FIELDS])  # not the file: it is tens of MB


_CHECKED_FIELDS = (
    "encoding",
    "header_row",
    "headers",
    "mapping",
    "total",
    "progress",
    "counts",
    "problems",
    "problem_count",
    "plan",
    "checked_at",
    "status",
)


@transaction.atomic
def commit_import(*, actor, job) -> dict:
    """Save a checked member list: every row or, if anything is wrong now, none.

    The rows are saved as the check planned them. If any member of the union changed
    after the check started, nothing is saved and the officer checks again; a person
    made an active member elsewhere meanwhile is refused by the database itself (one
    active membership per identity number). New members are written in bulk with
    their history and an event; existing ones get the values that differ, each only if
    its version is still the one the check read; unit figures change once per unit.
    """
    from ..importing import decode_plan
    from ..models import ImportJob, ImportStatus

    job = ImportJob.objects.select_for_update().defer("data", "plan").get(pk=job.pk)
    require_role(actor, job.unit)
    if job.status not in (ImportStatus.CHECKED, ImportStatus.COMMITTING) or not job.checked_at:
        raise invalid("import", _("Only a checked import can be saved."), "import_not_checked")
    if job.errors:
        raise invalid(
            "import",
            _("The file still has errors; nothing can be saved until they are fixed."),
            "import_has_errors",
        )
    if Member.objects.in_subtree(job.unit).filter(updated_at__gte=job.checked_at).exists():
        raise invalid(
            "import",
            _("Members of %(unit)s changed after the check; check the file again.")
            % {"unit": job.unit.name},
            "import_stale",
        )
    user = actor if getattr(actor, "pk", None) else None
    writer = _Writer(job=job, user=user)
    plan = job.blob("plan")
    writer.add(decode_plan(plan, "add"), job.counts.get("add", 0))
    for updates in batched(decode_plan(plan, "update"), 2000):
        writer.update(updates)
    writer.apply_figures()
    job.status = ImportStatus.DONE
    job.committed_at = timezone.now()
    job.counts = {**job.counts, "added": writer.added, "updated": writer.updated}
    job.data = b""  # the uploaded file and its rows hold personal data: not kept once saved
    job.plan = b""
    job.save(update_fields=["status", "committed_at", "counts", "data", "plan"])
    record(
        actor=actor,
        action="members.import",
        unit=job.unit,
        obj=job,
        summary=_("Imported %(file)s: %(added)s members added, %(updated)s updated")
        % {"file": job.filename, "added": writer.added, "updated": writer.updated},
        data={"job": job.pk, "added": writer.added, "updated": writer.updated},
    )
    return job.counts


class _Writer:
    """Writes a checked import: members with their history rows and events, by batch
    (``COPY`` on PostgreSQL), and the unit figures once at the end."""

    def __init__(self, *, job, user):
        self.job, self.user = job, user
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.units: dict[int, Unit] = {}
        self.deltas: dict[int, Counter] = {}
        self.made: Counter = Counter()  # (union, gender, has a card, year joined) → added
        self.updated = 0
        self.reason_added = _("Imported from %(file)s") % {"file": job.filename}
        self.reason_updated = _("Updated from %(file)s") % {"file": job.filename}

    def _unit(self, unit_id: int) -> Unit:
        if unit_id not in self.units:
            self.units[unit_id] = Unit.objects.get(pk=unit_id)
        return self.units[unit_id]

    @cached_property
    def paths(self) -> dict[int, str]:
        """The tree path of each union or section members of this import may join."""
        units = Unit.objects.subtree(self.job.unit).active().filter(kind__holds_members=True)
        return dict(units.values_list("pk", "path"))

    def _path(self, line: dict) -> str:
        """The path of a new member's union, which must still take members."""
        path = self.paths.get(line["unit_id"])
        if path is None:
            raise invalid(
                "import",
                _("Row %(row)s: its union changed after the check; check the file again.")
                % {"row": line["row"]},
                "import_stale",
            )
        return path

    def _delta(self, unit_id: int, figures: dict[str, int], times: int = 1) -> None:
        counter = self.deltas.setdefault(unit_id, Counter())
        for name, value in figures.items():
            counter[name] += times * value

    def add(self, lines: Iterator[dict], count: int) -> None:
        """Write the ``count`` new members of ``lines``: on PostgreSQL in one ``COPY``,
        elsewhere by batch."""
        if connection.vendor == "postgresql":
            if count:
                self._copy(lines, count)
            return
        for batch in batched(lines, 5000):
            members = [self._member(line) for line in batch]
            self._bulk(members)
            for member in members:
                self._added(member.unit_id, member.gender, member.card_number, member.joined_on)
            NameWord.learn(member.name_folded for member in members)

    def _added(self, unit_id: int, gender: str, card_number: str, joined_on: date) -> None:
        self.made[unit_id, gender, bool(card_number), joined_on.year] += 1

    @property
    def added(self) -> int:
        return self.made.total()

    def _member(self, line: dict) -> Member:
        values = {k: v for k, v in line["values"].items() if k in _ADDED_FIELDS}
        self._path(line)
        member = Member(unit=self._unit(line["unit_id"]), **values)
        member.joined_on = member.joined_on or self.today
        member.created_at = member.updated_at = self.now
        member.derive()
        return member

    def _row(self, line: dict) -> dict:
        """A new member's column values, as ``Member(**values).derive()`` would set them
        (the check folded the name already)."""
        values = line["values"]
        row = {**_defaults(), **{k: values[k] for k in values.keys() & _ADDED_FIELDS}}
        row["unit_id"], row["unit_path"] = line["unit_id"], self._path(line)
        row["joined_on"] = row["joined_on"] or self.today
        row["name_folded"], row["sort_key"] = derived_names(row["full_name"], line.get("folded"))
        row["created_at"] = row["updated_at"] = self.now
        return row

    def _bulk(self, members: list[Member]) -> None:
        from simple_history.utils import bulk_create_with_history

        created = bulk_create_with_history(
            members,
            Member,
            batch_size=2000,
            default_user=self.user,
            default_change_reason=self.reason_added,
            default_date=self.now,
        )
        members[:] = created  # with their keys: both supported databases return them
        MemberEvent.objects.bulk_create([self._event(m) for m in members], batch_size=2000)

    def _event(self, member: Member) -> MemberEvent:
        return MemberEvent(
            member_id=member.pk,
            kind=EventKind.IMPORT,
            date=self.today,
            unit_id=member.unit_id,
            actor=self.user,
            reason=self.job.filename[:255],
            created_at=self.now,
        )

    def _copy(self, lines: Iterator[dict], count: int) -> None:
        """New members through one ``COPY`` (the server writes the rows while the next
        ones are made); their history rows and events are made from them by the
        database itself, in one statement."""
        history = Member.history.model
        quote = connection.ops.quote_name
        table = Member._meta.db_table
        columns = [f.attname for f in Member._meta.concrete_fields]
        words: set[str] = set()
        self.paths  # noqa: B018  (read now: no other query can run while rows are copied)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            cursor.execute(
                "SELECT array(SELECT nextval(%s::regclass) FROM generate_series(1, %s))",
                [sequence, count],
            )
            (ids,) = cursor.fetchone()

            pick, made = itemgetter(*columns), self.made

            def rows() -> Iterator[tuple]:
                for pk, line in zip(ids, lines, strict=True):
                    row = self._row(line)
                    row["id"] = pk
                    made[
                        row["unit_id"],
                        row["gender"],
                        bool(row["card_number"]),
                        row["joined_on"].year,
                    ] += 1
                    words.update(row["name_folded"].split())
                    yield pick(row)

            _copy_rows(cursor, table, [Member._meta.get_field(n).column for n in columns], rows())
            given = {
                "history_date": self.now,
                "history_change_reason": self.reason_added[:100],
                "history_type": "+",
                "history_user_id": self.user.pk if self.user else None,
            }
            fields = [f for f in history._meta.concrete_fields if f.name != "history_id"]
            copied = [f for f in fields if f.attname not in given]  # the member's own
            stated = [f for f in fields if f.attname in given]
            cursor.execute(
                f"WITH added AS (SELECT * FROM {quote(table)} WHERE id = ANY(%s::bigint[])), "
                f"history AS (INSERT INTO {quote(history._meta.db_table)} "
                f"({', '.join(quote(f.column) for f in copied + stated)}) "
                f"SELECT {', '.join(quote(Member._meta.get_field(f.name).column) for f in copied)}"
                f", {', '.join(['%s'] * len(stated))} FROM added) "
                f"INSERT INTO {quote(MemberEvent._meta.db_table)} (member_id, kind, date, "
                "decision_number, reason, unit_id, actor_id, created_at) "
                "SELECT id, %s, %s, '', %s, unit_id, %s, %s FROM added",
                [
                    # the keys as array text: ~5 ms for 100,000, where adapting the list
                    # takes psycopg 70 to 100 ms
                    "{" + ",".join(map(str, ids)) + "}",
                    *(given[f.attname] for f in stated),
                    EventKind.IMPORT,
                    self.today,
                    self.job.filename[:255],
                    self.user.pk if self.user else None,
                    self.now,
                ],
            )
        NameWord.learn(words)

    def update(self, lines: list[dict]) -> None:
        """Apply the planned changes, each to the version of the member the check read."""
        from simple_history.utils import bulk_update_with_history

        if not lines:
            return
        existing = Member.objects.select_for_update().in_bulk(
            sorted(line["member_id"] for line in lines)
        )
        changed, fields = [], {"version", "name_folded", "sort_key", "unit_path"}
        for line in lines:
            member = existing.get(line["member_id"])
            if member is None or member.version != line["version"]:
                raise invalid(
                    "import",
                    _("Row %(row)s: this member was changed after the check; check the file again.")
                    % {"row": line["row"]},
                    "import_stale",
                )
            before_unit, before = member.unit_id, _tally(member)
            values = dict(line["values"])
            if line["unit_id"]:
                values["unit_id"] = line["unit_id"]
            for name, value in values.items():
                setattr(member, name, value)
                fields.add(name)
            member.version += 1
            member.derive()
            after = _tally(member)
            if member.is_active and (before_unit != member.unit_id or before != after):
                self._delta(before_unit, before, times=-1)
                self._delta(member.unit_id, after)
            changed.append(member)
        NameWord.learn(member.name_folded for member in changed)
        bulk_update_with_history(
            changed,
            Member,
            sorted(_FIELD_OF_COLUMN.get(name, name) for name in fields),
            batch_size=2000,
            default_user=self.user,
            default_change_reason=self.reason_updated,
        )
        self.updated += len(changed)

    def apply_figures(self) -> None:
        admitted: Counter = Counter()
        for (unit_id, gender, carded, year), count in self.made.items():
            self._delta(unit_id, tally(gender=gender, card_number=carded), count)
            admitted[unit_id, year] += count
        for unit_id, deltas in self.deltas.items():
            if any(deltas.values()):
                _count(self._unit(unit_id), **deltas)
        for (unit_id, year), count in admitted.items():
            _year(self._unit(unit_id), year, admitted=count)


_ADDED_FIELDS = {*EDITABLE_FIELDS, "ethnicity_id"} - {"ethnicity"}


@cache
def _defaults() -> dict:
    """A new member's column values before any is given."""
    return {f.attname: f.get_default() for f in Member._meta.concrete_fields}


_FIELD_OF_COLUMN = {"unit_id": "unit", "ethnicity_id": "ethnicity"}


def batched(items, size: int) -> Iterator[list]:
    """Lists of up to ``size`` of ``items`` in turn (``itertools.batched`` from 3.12)."""
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with cursor.connection.cursor().copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
