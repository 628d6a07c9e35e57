"""Card pages: the card section of a member's page (request, issue, print, replace,
revoke) and the public check behind the QR code."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from congdoan.core.views import ScopedMixin
from congdoan.members.models import Member

from . import printing, services
from .models import Card, CardStatus
from .verify import too_many, verdict


def member_section(request, member, *, can_edit: bool):
    """The card part of a member's page: the member's cards, newest first."""
    return "cards/_member_cards.html", {"cards": member.cards.select_related("replaced_by")}


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
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
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
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="the-{card.number}.pdf"'
        return response
