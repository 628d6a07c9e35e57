"""Card pages: the card section of a member's page (request, issue, print, replace,
revoke) and the public check behind the QR code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from congdoan.core.downloads import file_response
from congdoan.core.scoping import covers
from congdoan.core.views import (
    SERVICE_ERRORS,
    ScopedMixin,
    filters_from,
    paginate,
    service_error_text,
)
from congdoan.members.models import Member
from congdoan.organizations.models import Unit

from . import photos, printing, services
from .filters import CardFilters, filter_cards
from .models import Card, CardPhoto, CardStatus, PrintJob, PrintStatus
from .verify import too_many, verdict


def member_section(request, member, *, can_edit: bool):
    """The card part of a member's page: the photo and the member's cards, newest first."""
    return "cards/_member_cards.html", {
        "cards": member.cards.select_related("replaced_by"),
        "photo": CardPhoto.objects.filter(member=member).only("uploaded_at").first(),
    }


def photo_response(photo: CardPhoto) -> HttpResponse:
    response = HttpResponse(bytes(photo.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response


class PhotoView(ScopedMixin, View):
    """The member's card photo, for those whose scope covers the member."""

    scoped_model = Member

    def get(self, request, pk: int):
        photo = get_object_or_404(CardPhoto, member=self.get_scoped_object())
        return photo_response(photo)


@never_cache
def verify(request, token: str):
    """Anyone may check a card: valid, replaced, revoked or unknown, and nothing personal
    beyond what the card itself shows."""
    if too_many(request):
        return render(
            request,
            "cards/verify.html",
            {"error": _("Too many checks from this device; wait a minute and try again.")},
            status=429,
        )
    return render(request, "cards/verify.html", {"verdict": verdict(token)})


class CardActionView(ScopedMixin, View):
    """A button on the member's page acting on one card (or member) through a service;
    the outcome comes back as a message on the member's page."""

    scoped_model = Card
    required_role = "officer"

    def post(self, request, pk: int):
        target = self.get_scoped_object()
        member = target if isinstance(target, Member) else target.member
        try:
            message = self.perform(target, request.POST)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, service_error_text(exc))
        else:
            messages.success(request, message)
        return redirect(member.get_absolute_url() + "#member-cards")


class CardRequestView(CardActionView):
    scoped_model = Member

    def perform(self, member, data):
        if not services.request_cards(actor=self.request.user, members=[member]):
            return _("%(name)s already has a card or a card request.") % {"name": member}
        return _("A card was requested for %(name)s.") % {"name": member}


class CardIssueView(CardActionView):
    def perform(self, card, data):
        card = services.issue_card(actor=self.request.user, card=card)
        return _("Card %(number)s was issued.") % {"number": card.number}


class CardReplaceView(CardActionView):
    def perform(self, card, data):
        new = services.replace_card(
            actor=self.request.user, card=card, reason=data.get("reason", "")
        )
        return _("Card %(old)s was replaced by %(new)s.") % {"old": card.number, "new": new.number}


class CardRevokeView(CardActionView):
    def perform(self, card, data):
        services.revoke_card(actor=self.request.user, card=card, reason=data.get("reason", ""))
        return _("Card %(number)s was revoked.") % {"number": card.number or "—"}


class CardPdfView(ScopedMixin, View):
    """The card as a PDF at ID-1 size, front and back, ready to print."""

    scoped_model = Card

    def get(self, request, pk: int):
        card = get_object_or_404(
            self.scoped_queryset().select_related("member__unit", "issuing_unit__province"),
            pk=pk,
            status=CardStatus.ISSUED,
        )
        data = printing.card_pdf(card, base_url=request.build_absolute_uri("/"))
        services.mark_printed([card])
        return file_response(data, f"the-{card.number}.pdf", "application/pdf", inline=True)


class PhotoUploadView(CardActionView):
    scoped_model = Member

    def perform(self, member, data):
        upload = self.request.FILES.get("photo")
        if upload is None:
            raise ValidationError(_("Choose a photo to send."))
        if upload.size > photos.MAX_UPLOAD:
            raise ValidationError(
                _("The photo is larger than %(mb)s MB; send a smaller one.")
                % {"mb": photos.MAX_UPLOAD // 2**20}
            )
        services.set_photo(actor=self.request.user, member=member, data=upload.read())
        return _("The card photo of %(name)s was saved.") % {"name": member}


class PhotoRemoveView(CardActionView):
    scoped_model = Member

    def perform(self, member, data):
        services.remove_photo(actor=self.request.user, member=member)
        return _("The card photo of %(name)s was removed.") % {"name": member}


# --- a union's cards: requests, issues and printing in batches ------------------------

# Cards issued or printed per click (a print job's size); the "issued, not printed" tab
# shows what is left for the next click.
BATCH_LIMIT = services.PRINT_BATCH


class UnitCardsView(ScopedMixin, TemplateView):
    """The cards of a union and the units under it, with their figures and the batch
    actions: request for every member without a card, issue, print."""

    scoped_model = Unit
    template_name = "cards/unit_cards.html"

    def get_context_data(self, **kwargs):
        unit = self.get_scoped_object()
        filters = filters_from(self.request, CardFilters)
        filters.unit, filters.subtree = None, unit.pk
        cards = filter_cards(self.request.user, filters).select_related("member__unit")
        return {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "filters": filters,
            "figures": services.card_figures(unit),
            "page": paginate(self.request, cards.order_by("member__sort_key", "pk")),
            "can_edit": covers(self.request.user, unit.path, "officer"),
            "jobs": PrintJob.objects.filter(created_by=self.request.user)[:5],
            "statuses": CardStatus.choices,
        }


class UnitCardsActionView(ScopedMixin, View):
    """A batch button on the union's cards page, acting through the card services."""

    scoped_model = Unit
    required_role = "officer"

    def selected(self, unit: Unit, status: str, **extra) -> list[Card]:
        """The ticked cards, or (``all`` ticked) every card of the union in ``status``."""
        cards = filter_cards(self.request.user, CardFilters(subtree=unit.pk, status=status))
        cards = cards.filter(**extra).select_related("member__unit", "issuing_unit__province")
        if self.request.POST.get("all") != "1":
            ids = [int(pk) for pk in self.request.POST.getlist("card") if pk.isdigit()]
            cards = cards.filter(pk__in=ids)
        return list(cards.order_by("member__sort_key", "pk")[:BATCH_LIMIT])

    def post(self, request, pk: int):
        unit = self.get_scoped_object()
        back = reverse("cards:unit_cards", args=[unit.pk])
        try:
            return self.perform(unit, back)
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
        return redirect(back)


class UnitCardsRequestView(UnitCardsActionView):
    def perform(self, unit, back):
        created = services.request_for_unit(actor=self.request.user, unit=unit)
        messages.success(
            self.request,
            _("%(count)s cards were requested for members without a card.")
            % {"count": len(created)},
        )
        return redirect(back + "?status=requested")


class UnitCardsIssueView(UnitCardsActionView):
    def perform(self, unit, back):
        cards = self.selected(unit, CardStatus.REQUESTED)
        if not cards:
            messages.error(self.request, _("Tick the requested cards to issue."))
            return redirect(back + "?status=requested")
        issued, skipped = services.issue_requested(actor=self.request.user, cards=cards)
        messages.success(self.request, _("%(count)s cards were issued.") % {"count": len(issued)})
        for reason in skipped[:20]:
            messages.warning(self.request, reason)
        return redirect(back + "?status=issued&printed=false")


class UnitCardsPrintView(UnitCardsActionView):
    def perform(self, unit, back):
        extra = {"printed_at__isnull": True} if self.request.POST.get("all") == "1" else {}
        cards = self.selected(unit, CardStatus.ISSUED, **extra)
        if not cards:
            messages.error(self.request, _("Tick the issued cards to print."))
            return redirect(back + "?status=issued")
        job = services.start_printing(
            actor=self.request.user, cards=cards, base_url=self.request.build_absolute_uri("/")
        )
        return redirect(job)


class PrintJobView(LoginRequiredMixin, TemplateView):
    """A batch print: progress while it runs (the page can be left), then the PDF."""

    template_name = "cards/print_job.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["cards/_print_job_body.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        job = get_object_or_404(PrintJob, pk=self.kwargs["pk"], created_by=self.request.user)
        return {**super().get_context_data(**kwargs), "job": job}


@login_required
def print_job_pdf(request, pk: int):
    job = get_object_or_404(PrintJob, pk=pk, created_by=request.user, status=PrintStatus.DONE)
    return file_response(job.file, f"the-doan-vien-{job.pk}.pdf", "application/pdf")
