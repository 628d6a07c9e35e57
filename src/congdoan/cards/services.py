"""Every write to cards: request, issue, print, replace, revoke, reactivate.

Each runs in one transaction, checks the actor's scope, keeps the card's history and
writes an audit row. Numbers are taken from the scheme in use under a row lock on the
sequence (``_take_number``), so concurrent issues get consecutive numbers, never the
same one, and a rolled-back issue gives its number back.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congdoan.core.errors import invalid
from congdoan.core.figures import Figure
from congdoan.core.models import record
from congdoan.core.scoping import require_role
from congdoan.members.models import Member, MemberStatus
from congdoan.members.services import show_card_number

from .models import (
    Card,
    CardPhoto,
    CardScheme,
    CardSequence,
    CardStatus,
    PrintJob,
    PrintStatus,
    ReplaceReason,
    UnitCardYear,
)

# Cards in one print job: its PDF is built in memory (about 20 kB a card, 45 kB with a
# photo), so larger selections print as several jobs.
PRINT_BATCH = 2000


def scheme_in_use() -> CardScheme:
    scheme = CardScheme.objects.filter(in_use=True).first()
    if scheme is None:
        raise invalid(None, _("No card number scheme is in use."), "no_scheme")
    return scheme


def _take_number(card: Card, on: date) -> str:
    """The next number for the card's province and year, under a lock on its sequence."""
    scheme = scheme_in_use()
    unit = card.member.unit
    province = unit.province.code if unit.province_id else ""
    prefix = scheme.prefix(province, on.year)
    CardSequence.objects.bulk_create(
        [CardSequence(scheme=scheme, prefix=prefix)], ignore_conflicts=True
    )
    sequence = CardSequence.objects.select_for_update().get(scheme=scheme, prefix=prefix)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return scheme.number(prefix, sequence.last)


def _live_card(member: Member) -> Card | None:
    return Card.objects.live().filter(member=member).first()


@transaction.atomic
def request_cards(*, actor, members: Iterable[Member]) -> list[Card]:
    """Ask for cards for active members who have neither a card nor a request."""
    created = []
    for member in members:
        require_role(actor, member.unit)
        if member.status != MemberStatus.ACTIVE or _live_card(member) is not None:
            continue
        try:
            with transaction.atomic():
                card = Card.objects.create(
                    member=member,
                    requested_by=actor if getattr(actor, "pk", None) else None,
                    issuing_unit=member.unit,
                )
        except IntegrityError:  # requested by someone else meanwhile: one is enough
            continue
        created.append(card)
    by_unit: dict = {}
    for card in created:  # one audit row per union, so that each union's log shows it
        by_unit.setdefault(card.issuing_unit, []).append(card.pk)
    for unit, cards in by_unit.items():
        record(
            actor=actor,
            action="cards.request",
            unit=unit,
            summary=_("Requested %(count)s membership cards") % {"count": len(cards)},
            data={"cards": cards},
        )
    return created


def request_for_unit(*, actor, unit) -> list[Card]:
    """Cards for every active member of ``unit`` and the units under it without one."""
    require_role(actor, unit)
    members = (
        Member.objects.in_subtree(unit)
        .active()
        .exclude(cards__status__in=[CardStatus.REQUESTED, CardStatus.ISSUED])
        .select_related("unit")
    )
    return request_cards(actor=actor, members=members)


def _lock(card: Card) -> Card:
    """The card, locked after its member's row.

    The member services lock the member and then its cards (leaving revokes the card);
    taking the locks here in the same order keeps a card change and a member change of
    the same person from waiting on each other for ever.
    """
    list(Member.objects.select_for_update().filter(pk=card.member_id).values_list("pk"))
    cards = Card.objects.select_for_update(of=("self",)).select_related("member__unit__province")
    return cards.get(pk=card.pk)


@transaction.atomic
def issue_card(*, actor, card: Card, on: date | None = None) -> Card:
    """Give a requested card its number: it is the member's card from ``on``."""
    card = _lock(card)
    require_role(actor, card.member.unit)
    if card.status != CardStatus.REQUESTED:
        raise invalid("card", _("Only a requested card can be issued."), "not_requested")
    if card.member.status != MemberStatus.ACTIVE:
        raise invalid(
            "card", _("%(name)s is not an active member.") % {"name": card.member}, "not_active"
        )
    on = on or timezone.localdate()
    card.number = _take_number(card, on)
    card.status, card.issued_on = CardStatus.ISSUED, on
    card.issued_by = actor if getattr(actor, "pk", None) else None
    card.issuing_unit = card.member.unit
    card.version += 1
    card._change_reason = _("Issued")
    card.save()
    _count_issue(card)
    _show_number(card, actor)
    record(
        actor=actor,
        action="cards.issue",
        unit=card.member.unit,
        obj=card,
        summary=_("Issued card %(number)s to %(name)s")
        % {"number": card.number, "name": card.member.full_name},
    )
    return card


def _count_issue(card: Card) -> None:
    """One more card issued by the card's union in the year of its issue date."""
    key = {"unit_id": card.issuing_unit_id, "year": card.issued_on.year}
    UnitCardYear.objects.get_or_create(**key)
    UnitCardYear.objects.filter(**key).update(issued=F("issued") + 1)


def card_figures(unit, year: int | None = None) -> dict[str, int]:
    """Members under ``unit`` with and without a card now, and cards issued in ``year``."""
    from congdoan.members.services import subtree_figures

    year = year or timezone.localdate().year
    members = subtree_figures(unit, year)
    issued = UnitCardYear.objects.filter(unit__path__startswith=unit.path, year=year).aggregate(
        issued=Sum("issued")
    )["issued"]
    return {
        "with_card": members["with_card"],
        "without_card": members["members"] - members["with_card"],
        "issued": issued or 0,
    }


def unit_page_figures(unit) -> list[Figure]:
    figures = card_figures(unit)
    cards = reverse("cards:unit_cards", args=[unit.pk])
    return [
        Figure(_("Members with a card"), figures["with_card"], cards),
        Figure(_("Members without a card"), figures["without_card"], cards),
        Figure(_("Cards issued this year"), figures["issued"], cards),
    ]


def issue_requested(
    *, actor, cards: Iterable[Card], on: date | None = None
) -> tuple[list[Card], list[str]]:
    """Issue each requested card in turn (each in its own transaction); a card that cannot
    be issued now (its member left meanwhile) is skipped and named with the reason."""
    issued, skipped = [], []
    for card in cards:
        try:
            issued.append(issue_card(actor=actor, card=card, on=on))
        except ValidationError as exc:
            skipped.append(f"{card.member}: {' '.join(exc.messages)}")
    return issued, skipped


def _show_number(card: Card, actor) -> None:
    """The member's record shows the number of their card in use (or none)."""
    number = card.number if card.status == CardStatus.ISSUED else ""
    card.member = show_card_number(actor=actor, member=card.member, number=number)


@transaction.atomic
def replace_card(*, actor, card: Card, reason: str, on: date | None = None) -> Card:
    """A new card (new number) for a lost, damaged or changed one, which is kept,
    marked replaced and pointing to the new one."""
    card = _lock(card)
    require_role(actor, card.member.unit)
    if card.status != CardStatus.ISSUED:
        raise invalid("card", _("Only an issued card can be replaced."), "not_issued")
    if reason not in ReplaceReason.values:
        raise invalid("reason", _("Say why the card is replaced."), "required")
    on = on or timezone.localdate()
    card.status, card.ended_at = CardStatus.REPLACED, timezone.now()
    card.reason = ReplaceReason(reason).label
    card.version += 1
    card._change_reason = _("Replaced")
    card.save()
    new = Card(
        member=card.member,
        requested_by=actor if getattr(actor, "pk", None) else None,
        issuing_unit=card.member.unit,
    )
    new.number = _take_number(new, on)
    new.status, new.issued_on = CardStatus.ISSUED, on
    new.issued_by = new.requested_by
    new.save()
    _count_issue(new)
    card.replaced_by = new
    card.save(update_fields=["replaced_by"])
    _show_number(new, actor)
    record(
        actor=actor,
        action="cards.replace",
        unit=card.member.unit,
        obj=new,
        summary=_("Replaced card %(old)s of %(name)s by %(new)s (%(reason)s)")
        % {
            "old": card.number,
            "new": new.number,
            "name": card.member.full_name,
            "reason": card.reason,
        },
    )
    return new


@transaction.atomic
def revoke_card(*, actor, card: Card, reason: str, with_membership: bool = False) -> Card:
    """End a card (or withdraw a request); it is kept, marked revoked."""
    card = _lock(card)
    require_role(actor, card.member.unit)
    if card.status not in (CardStatus.REQUESTED, CardStatus.ISSUED):
        raise invalid("card", _("This card is no longer in use."), "not_live")
    if not (reason or "").strip():
        raise invalid("reason", _("Give the reason."), "required")
    card.status, card.ended_at, card.reason = CardStatus.REVOKED, timezone.now(), reason.strip()
    card.ended_with_membership = with_membership
    card.version += 1
    card._change_reason = _("Revoked")
    card.save()
    _show_number(card, actor)
    record(
        actor=actor,
        action="cards.revoke",
        unit=card.member.unit,
        obj=card,
        summary=_("Revoked card %(number)s of %(name)s: %(reason)s")
        % {"number": card.number or "—", "name": card.member.full_name, "reason": card.reason},
    )
    return card


def mark_printed(cards: Iterable[Card]) -> None:
    Card.objects.filter(pk__in=[card.pk for card in cards], printed_at__isnull=True).update(
        printed_at=timezone.now()
    )


# --- following the member's life ---------------------------------------------------


def end_with_membership(member: Member, *, actor, reason: str) -> None:
    """The member left or died: their card and any request end with the membership."""
    for card in Card.objects.live().filter(member=member):
        revoke_card(actor=actor, card=card, reason=reason, with_membership=True)


@transaction.atomic
def resume_with_membership(member: Member, *, actor) -> Card | None:
    """The member rejoined: the card that ended with their leaving is in use again."""
    if _live_card(member) is not None:
        return None
    card = (
        Card.objects.filter(member=member, status=CardStatus.REVOKED, number__isnull=False)
        .order_by("-ended_at", "-pk")
        .first()
    )
    if card is None or not card.ended_with_membership:
        return None
    card.status, card.ended_at, card.reason = CardStatus.ISSUED, None, ""
    card.ended_with_membership = False
    card.version += 1
    card._change_reason = _("Reactivated on rejoining")
    card.save()
    _show_number(card, actor)
    record(
        actor=actor,
        action="cards.reactivate",
        unit=member.unit,
        obj=card,
        summary=_("Card %(number)s of %(name)s is in use again")
        % {"number": card.number, "name": member.full_name},
    )
    return card


# --- the photo ---------------------------------------------------------------------


@transaction.atomic
def set_photo(*, actor, member: Member, data: bytes) -> CardPhoto:
    """Keep ``data`` (a picture as uploaded) as the member's card photo, cropped to 3 × 4."""
    from .photos import card_photo

    require_role(actor, member.unit)
    image = card_photo(data)
    photo, _created = CardPhoto.objects.update_or_create(
        member=member,
        defaults={"image": image, "uploaded_by": actor if getattr(actor, "pk", None) else None},
    )
    record(
        actor=actor,
        action="cards.photo",
        unit=member.unit,
        obj=member,
        summary=_("New card photo of %(name)s") % {"name": member.full_name},
    )
    return photo


@transaction.atomic
def remove_photo(*, actor, member: Member) -> None:
    require_role(actor, member.unit)
    if CardPhoto.objects.filter(member=member).delete()[0]:
        record(
            actor=actor,
            action="cards.photo_removed",
            unit=member.unit,
            obj=member,
            summary=_("Removed the card photo of %(name)s") % {"name": member.full_name},
        )


# --- printing ----------------------------------------------------------------------


@transaction.atomic
def start_printing(*, actor, cards: list[Card], base_url: str = "") -> PrintJob:
    """Queue a batch of issued cards for printing to one PDF (a background task)."""
    from .tasks import print_cards

    for card in cards:
        require_role(actor, card.member.unit)
        if card.status != CardStatus.ISSUED:
            raise invalid(
                "cards",
                _("Card %(card)s is not issued and cannot be printed.") % {"card": card},
                "not_issued",
            )
    if not cards:
        raise invalid("cards", _("Choose the cards to print."), "required")
    if len(cards) > PRINT_BATCH:
        raise invalid(
            "cards",
            _("At most %(count)s cards print in one job.") % {"count": PRINT_BATCH},
            "too_many",
        )
    job = PrintJob.objects.create(
        created_by=actor, cards=[card.pk for card in cards], total=len(cards), base_url=base_url
    )
    transaction.on_commit(lambda: print_cards.enqueue(job.pk))
    return job


def run_print_job(job: PrintJob) -> None:
    """Draw the job's cards (in its order) into a PDF kept on the file storage."""
    from .printing import sheets_pdf

    PrintJob.objects.filter(pk=job.pk).update(status=PrintStatus.RUNNING, progress=0)
    ids = list(job.cards)

    def cards():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found = Card.objects.select_related(
                "member__unit", "member__card_photo", "issuing_unit"
            ).in_bulk(chunk)
            yield from (found[pk] for pk in chunk if pk in found)

    def progress(done: int) -> None:
        PrintJob.objects.filter(pk=job.pk).update(progress=done)

    with tempfile.TemporaryFile() as out:
        sheets_pdf(cards(), out, base_url=job.base_url or None, progress=progress)
        out.seek(0)
        job.file.save(f"the-doan-vien-{job.pk}.pdf", File(out), save=False)
    mark_printed(Card(pk=pk) for pk in ids)
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintStatus.DONE, file=job.file.name, progress=len(ids)
    )
