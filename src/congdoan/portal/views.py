"""The member's own pages (/me/), the invitation that opens them, and the officers'
side: inviting from the member's page and deciding proposed contact changes."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from congdoan.cards.models import Card, CardPhoto, CardStatus
from congdoan.core import ratelimit
from congdoan.core.downloads import file_response
from congdoan.core.views import (
    SERVICE_ERRORS,
    ScopedMixin,
    apply_service_errors,
    paginate,
    service_error_text,
)
from congdoan.members.models import Member

from . import services
from .forms import ContactForm, DecideForm, JoinForm
from .models import ContactChange, Invitation, MemberAccount
from .sections import own_page


def qr_svg(data: str, scale: int = 4) -> str:
    """A QR code as inline SVG markup (no file, no script)."""
    return segno.make(data, error="m").svg_inline(scale=scale, border=4, omitsize=True)


def member_section(request, member, *, can_edit: bool):
    """The login part of a member's page: whether the member has a login, the open
    invitation, and the contact change waiting for approval."""
    return "portal/_member_account.html", {
        "account": MemberAccount.objects.select_related("user").filter(member=member).first(),
        "invitation": Invitation.objects.open().filter(member=member).first(),
        "change": ContactChange.objects.pending().filter(member=member).first(),
        "decide_form": DecideForm(),
    }


# --- the member ---------------------------------------------------------------------


@never_cache
def join(request, code: str = ""):
    """Turn an invitation code into a login, then open the member's own page."""
    if request.user.is_authenticated and hasattr(request.user, "member_account"):
        return redirect("portal:me")
    form = JoinForm(request.POST or None, initial={"code": services.show_code(code)})
    status = 200
    if request.method == "POST":
        if ratelimit.too_many(request, scope="portal:join", limit=settings.CONGDOAN_JOIN_RATE):
            form.add_error(None, _("Too many attempts from this device; wait a minute."))
            status = 429
        elif form.is_valid():
            try:
                user = services.accept_invitation(
                    code=form.cleaned_data["code"],
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                )
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                messages.success(request, _("Your login is ready. This is your page."))
                return redirect("portal:me")
        if form.errors:
            status = status if status != 200 else 400
    return render(request, "portal/join.html", {"form": form}, status=status)


def _own_card(member: Member) -> Card | None:
    return (
        Card.objects.filter(member=member, status=CardStatus.ISSUED)
        .select_related("issuing_unit__province")
        .first()
    )


class MeView(LoginRequiredMixin, TemplateView):
    """A member's own record, e-card, timeline and contact details; nobody else's."""

    template_name = "portal/me.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.member = services.member_of(request.user)
            if self.member is None:
                raise Http404(_("This login does not belong to a member."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        from congdoan.cards.verify import verify_url

        member = Member.objects.select_related("unit__province", "ethnicity").get(pk=self.member.pk)
        card = _own_card(member)
        check = verify_url(card, self.request) if card else ""
        changes = member.contact_changes.select_related("decided_by")[:5]
        return {
            **super().get_context_data(**kwargs),
            "member": member,
            "card": card,
            "check_url": check,
            "qr": qr_svg(check) if card else "",
            "photo": CardPhoto.objects.filter(member=member).only("uploaded_at").first(),
            "events": member.events.select_related("unit", "other_unit"),
            "changes": changes,
            "sections": own_page.for_page(self.request, member, can_edit=False),
            "form": form
            or ContactForm(
                initial={"phone": member.phone, "email": member.email, "address": member.address}
            ),
        }

    def post(self, request):
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                services.propose_contact_change(user=request.user, **form.cleaned_data)
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Your proposal was sent; an officer of your union will check it.")
                )
                return redirect(reverse("portal:me") + "#contact")
        return self.render_to_response(self.get_context_data(form=form), status=400)


@login_required
def my_photo(request):
    """The member's own card photo."""
    from congdoan.cards.views import photo_response

    member = services.member_of(request.user)
    photo = CardPhoto.objects.filter(member=member).first() if member else None
    if photo is None:
        raise Http404(_("No photo."))
    return photo_response(photo)


@login_required
def my_card_pdf(request):
    """The member's own card as a PDF, to print or keep on the phone."""
    from congdoan.cards.printing import card_pdf

    member = services.member_of(request.user)
    card = _own_card(member) if member else None
    if card is None:
        raise Http404(_("You have no card in use."))
    data = card_pdf(card, base_url=request.build_absolute_uri("/"))
    return file_response(data, f"the-{card.number}.pdf", "application/pdf", inline=True)


# --- the officers -------------------------------------------------------------------


class InviteView(ScopedMixin, View):
    """Give a member a one-time code (and its link and QR code) to create their login."""

    scoped_model = Member
    required_role = "officer"

    def post(self, request, pk: int):
        member = self.get_scoped_object()
        try:
            invitation, code = services.invite_member(actor=request.user, member=member)
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
            return redirect(member.get_absolute_url() + "#member-account")
        link = request.build_absolute_uri(reverse("portal:join_code", args=[code]))
        response = render(
            request,
            "portal/invited.html",
            {
                "member": member,
                "invitation": invitation,
                "code": services.show_code(code),
                "link": link,
                "qr": qr_svg(link, scale=5),
            },
        )
        response["Cache-Control"] = "no-store"  # the code is shown once
        return response


class ChangeListView(LoginRequiredMixin, TemplateView):
    """Contact changes members proposed, waiting for an officer, in the user's scope."""

    template_name = "portal/change_list.html"

    def get_context_data(self, **kwargs):
        changes = (
            ContactChange.objects.visible_to(self.request.user, "officer")
            .pending()
            .select_related("member__unit")
            .order_by("proposed_at", "id")
        )
        return {
            **super().get_context_data(**kwargs),
            "page": paginate(self.request, changes),
            "decide_form": DecideForm(),
        }


class ChangeDecideView(ScopedMixin, View):
    scoped_model = ContactChange
    required_role = "officer"

    def post(self, request, pk: int):
        change = self.get_scoped_object()
        form = DecideForm(request.POST)
        back = request.POST.get("back") or reverse("portal:change_list")
        if not back.startswith("/") or back.startswith("//"):
            back = reverse("portal:change_list")
        if not form.is_valid():
            messages.error(request, _("Choose approve or reject."))
            return redirect(back)
        try:
            services.decide_contact_change(
                actor=request.user,
                change=change,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
        else:
            messages.success(request, _decided_message(change, form))
        return redirect(back)


def _decided_message(change: ContactChange, form: DecideForm) -> str:
    if form.cleaned_data["decision"] == "approve":
        return _("The contact details proposed by %(name)s are now in the record.") % {
            "name": change.member.full_name
        }
    return _("The proposal of %(name)s was rejected.") % {"name": change.member.full_name}
