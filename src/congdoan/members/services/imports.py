"""Member imports: upload, check (preview), commit — queued as background tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.organizations.models import Unit

from ..models import (
    EventKind,
    Gender,
    Member,
    MemberEvent,
)
from .figures import _count, _year
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

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, progress=0)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(progress=done, total=total)

    plan = check(
        data=bytes(job.data),
        filename=job.filename,
        unit=job.unit,
        actor=job.created_by,
        mapping=job.mapping or None,
        progress=progress,
    )
    job.encoding, job.header_row, job.headers = plan.encoding, plan.header_row, plan.headers
    job.mapping, job.total, job.progress = plan.mapping, plan.total, plan.total
    job.counts = plan.counts()
    job.problems = [p.as_dict() for p in plan.problems[:2000]]
    job.problem_count = len(plan.problems)
    job.status = ImportStatus.CHECKED
    job.save()


@transaction.atomic
def commit_import(*, actor, job) -> dict:
    """Save a checked member list: every row or, if anything is wrong now, none.

    Everything is checked again inside this transaction, since members may have changed
    since the preview. New members are created in bulk with their history and an event;
    existing ones get the values that differ; unit figures are adjusted once per unit.
    """
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from ..importing import check
    from ..models import ImportJob, ImportStatus

    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require_role(actor, job.unit)
    plan = check(
        data=bytes(job.data),
        filename=job.filename,
        unit=job.unit,
        actor=actor,
        mapping=job.mapping or None,
    )
    if not plan.ok:
        raise invalid(
            "import",
            _("The file has errors now (%(count)s); nothing was saved.")
            % {"count": len(plan.errors)},
            "import_has_errors",
        )
    user = actor if getattr(actor, "pk", None) else None
    today = timezone.localdate()
    units = {
        unit.pk: unit
        for unit in Unit.objects.filter(pk__in={row.unit_id for row in plan.add + plan.update})
    }
    new_members = []
    for row in plan.add:
        values = {k: v for k, v in row.values.items() if k in EDITABLE_FIELDS}
        member = Member(unit=units[row.unit_id], **values)
        member.joined_on = member.joined_on or today
        member.derive()
        new_members.append(member)
    created = bulk_create_with_history(
        new_members,
        Member,
        batch_size=2000,
        default_user=user,
        default_change_reason=_("Imported from %(file)s") % {"file": job.filename},
    )
    if created and created[0].pk is None:  # backends that do not return keys
        created = list(
            Member.objects.filter(id_number__in=[m.id_number for m in new_members if m.id_number])
        )
    events = [
        MemberEvent(
            member=member,
            kind=EventKind.IMPORT,
            date=today,
            unit=member.unit,
            actor=user,
            reason=job.filename[:255],
        )
        for member in created
    ]
    MemberEvent.objects.bulk_create(events, batch_size=2000)
    deltas: dict[int, list[int]] = {}
    admitted: dict[tuple[int, int], int] = {}
    for member in created:
        figures = deltas.setdefault(member.unit_id, [0, 0])
        figures[0] += 1
        figures[1] += int(member.gender == Gender.FEMALE)
        key = (member.unit_id, member.joined_on.year)
        admitted[key] = admitted.get(key, 0) + 1
    changed = []
    if plan.update:
        existing = Member.objects.select_for_update().in_bulk([r.member_id for r in plan.update])
        for row in plan.update:
            member = existing[row.member_id]
            before_unit, before_female = member.unit_id, member.gender == Gender.FEMALE
            for name, value in row.changes.items():
                setattr(member, name, value)
            member.version += 1
            member.derive()
            after_female = member.gender == Gender.FEMALE
            if before_unit != member.unit_id or before_female != after_female:
                old = deltas.setdefault(before_unit, [0, 0])
                old[0] -= 1
                old[1] -= int(before_female)
                new = deltas.setdefault(member.unit_id, [0, 0])
                new[0] += 1
                new[1] += int(after_female)
            changed.append(member)
        fields = sorted(
            {name for row in plan.update for name in row.changes}
            | {"version", "name_folded", "sort_key", "unit_path"}
        )
        bulk_update_with_history(
            changed,
            Member,
            fields,
            batch_size=2000,
            default_user=user,
            default_change_reason=_("Updated from %(file)s") % {"file": job.filename},
        )
    for unit_id, (members, female) in deltas.items():
        if members or female:
            _count(
                units.get(unit_id) or Unit.objects.get(pk=unit_id), members=members, female=female
            )
    for (unit_id, year), count in admitted.items():
        _year(units[unit_id], year, admitted=count)
    job.status = ImportStatus.DONE
    job.committed_at = timezone.now()
    job.counts = {**plan.counts(), "added": len(created), "updated": len(changed)}
    job.data = b""  # the uploaded file holds personal data: not kept once saved
    job.save(update_fields=["status", "committed_at", "counts", "data"])
    record(
        actor=actor,
        action="members.import",
        unit=job.unit,
        obj=job,
        summary=_("Imported %(file)s: %(added)s members added, %(updated)s updated")
        % {"file": job.filename, "added": len(created), "updated": len(changed)},
        data={"job": job.pk, "added": len(created), "updated": len(changed)},
    )
    return job.counts
