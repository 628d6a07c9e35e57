"""Word documents from templates officers can edit: which template serves a unit, and
uploading, resetting and filling one.

An app registers each kind of document it writes (``register``) with the function that
builds its default template and a sample context to check an uploaded one against. A
unit's document uses the template the unit uploaded, else the nearest one uploaded
above it, else the default — so a province federation can set the layout for its whole
tree and a grassroots union can still adjust its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import docx
from .errors import invalid
from .models import DocumentTemplate, record
from .scoping import require_role


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: object  # a lazy translation
    default: Callable[[], bytes]
    sample: Callable[[], dict]
    filename: str


_kinds: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    _kinds[kind.code] = kind
    return kind


def kind_of(code: str) -> DocumentKind | None:
    return _kinds.get(code)


def kinds() -> list[DocumentKind]:
    return list(_kinds.values())


def template_in_use(unit, kind: DocumentKind) -> DocumentTemplate | None:
    """The uploaded template serving ``unit``: its own, else the nearest above it."""
    return (
        DocumentTemplate.objects.current()
        .filter(kind=kind.code, unit__path__in=unit.lineage_paths())
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


def template_bytes(unit, kind: DocumentKind) -> bytes:
    found = template_in_use(unit, kind)
    return bytes(found.content) if found is not None else _default(kind.code)


@cache
def _default(code: str) -> bytes:
    """A kind's default template, built once a process (it never changes while the
    process runs; building one takes about 100 ms)."""
    return _kinds[code].default()


def fill(unit, kind: DocumentKind, context: dict, images=None) -> bytes:
    """The document for ``unit`` from the template serving it."""
    return docx.render(template_bytes(unit, kind), context, images)


@transaction.atomic
def upload_template(*, actor, unit, kind: DocumentKind, filename: str, content: bytes):
    """Put an edited template in use for ``unit`` and the units under it. It is first
    filled with a sample, so a template with a broken tag is refused, not kept."""
    require_role(actor, unit)
    if not filename.lower().endswith(".docx"):
        raise invalid(
            "file",
            _("This file is not a Word document (.docx). Save it in Word as .docx."),
            "not_docx",
        )
    docx.check_template(content, kind.sample())
    now = timezone.now()
    DocumentTemplate.objects.current().filter(unit=unit, kind=kind.code).update(retired_at=now)
    template = DocumentTemplate.objects.create(
        unit=unit,
        kind=kind.code,
        filename=filename[-200:],
        content=content,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action="documents.upload",
        unit=unit,
        obj=template,
        summary=_("Uploaded a template for %(kind)s: %(file)s")
        % {"kind": kind.label, "file": template.filename},
    )
    return template


@transaction.atomic
def reset_template(*, actor, unit, kind: DocumentKind) -> int:
    """Stop using the unit's own template (it is kept); the one above or the default
    serves again. Returns how many were retired."""
    require_role(actor, unit)
    retired = (
        DocumentTemplate.objects.current()
        .filter(unit=unit, kind=kind.code)
        .update(retired_at=timezone.now())
    )
    if retired:
        record(
            actor=actor,
            action="documents.reset",
            unit=unit,
            summary=_("Went back to the template above for %(kind)s") % {"kind": kind.label},
        )
    return retired
