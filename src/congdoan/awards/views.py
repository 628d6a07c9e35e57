"""Award pages: nominations in your scope and those waiting for you, and one
nomination with its journey and the steps you may take."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from congdoan.core import inbox
from congdoan.core.scoping import role_units
from congdoan.core.views import SERVICE_ERRORS, ScopedMixin, paginate, service_error_text

from . import decisions, services, workflow
from .forms import DecisionForm, NominationForm
from .models import AwardDecision, DossierState, Nomination


def _nominations(user):
    return Nomination.objects.visible_to(user).select_related(
        "award", "unit", "member", "nominee_unit", "dossier__holder"
    )


class NominationListView(LoginRequiredMixin, TemplateView):
    """Nominations waiting for the user and all in scope; forms to propose, and to
    decide on approved ones; the unit's decisions."""

    template_name = "awards/nomination_list.html"

    def forms(self, data=None, action: str = "") -> dict:
        user = self.request.user
        forms = {}
        proposers = role_units(user, "officer")
        if proposers.exists():
            forms["nominate_form"] = NominationForm(
                data if action == "nominate" else None, units=proposers, user=user
            )
        deciders = role_units(user, "approver")
        ready = Nomination.objects.filter(
            dossier__state=DossierState.APPROVED,
            dossier__holder__in=deciders,
            grant__isnull=True,
        ).select_related("award", "member", "nominee_unit")
        if ready.exists():
            forms["decision_form"] = DecisionForm(
                data if action == "decide" else None, units=deciders, nominations=ready
            )
        return forms

    def get_context_data(self, **kwargs):
        user = self.request.user
        waiting = _nominations(user).filter(dossier__in=workflow.waiting_for(user))
        rows = _nominations(user).order_by("-year", "-dossier__updated_at", "-id")
        return {
            **super().get_context_data(**kwargs),
            "waiting": waiting[:100],
            "page": paginate(self.request, rows),
            "decisions": AwardDecision.objects.visible_to(user).select_related("unit")[:20],
            **(kwargs.get("forms") or self.forms()),
        }

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        forms = self.forms(request.POST, action)
        form = forms.get({"nominate": "nominate_form", "decide": "decision_form"}.get(action, ""))
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                if action == "nominate":
                    nomination = services.nominate(
                        actor=request.user,
                        origin=data["unit"],
                        year=data["year"],
                        award=data["award"],
                        member=data["member"],
                        unit=data["nominee_unit"] if not data["member"] else None,
                        achievements=data["achievements"],
                    )
                    messages.success(request, _("The nomination is drafted."))
                    return redirect(nomination)
                decision = decisions.issue_decision(
                    actor=request.user,
                    unit=data["unit"],
                    decided_on=data["decided_on"],
                    signer=data["signer"],
                    signer_title=data["signer_title"],
                    nominations=list(data["nominations"]),
                )
                messages.success(
                    request, _("Decision %(decision)s is issued.") % {"decision": decision}
                )
                return redirect("awards:nomination_list")
            except SERVICE_ERRORS as exc:
                from congdoan.core.views import apply_service_errors

                apply_service_errors(form, exc)
        return self.render_to_response(self.get_context_data(forms=forms))


class NominationView(ScopedMixin, TemplateView):
    """A nomination: the nominee, the achievements, each step of its journey, and the
    steps the user may take now (a reason where one is required)."""

    template_name = "awards/nomination.html"
    scoped_model = Nomination

    def get_context_data(self, **kwargs):
        nomination = self.get_scoped_object()
        dossier = nomination.dossier
        return {
            **super().get_context_data(**kwargs),
            "nomination": nomination,
            "dossier": dossier,
            "steps": dossier.steps.select_related("from_unit", "to_unit", "actor"),
            "allowed": workflow.allowed(dossier, self.request.user),
        }

    def post(self, request, *args, **kwargs):
        nomination = self.get_scoped_object()
        try:
            services.transition(
                actor=request.user,
                nomination=nomination,
                to=request.POST.get("to", ""),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("The nomination moved on."))
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
        return redirect(reverse("awards:nomination_detail", args=[nomination.pk]))


@inbox.register
def waiting_nominations(user) -> list[inbox.Waiting]:
    """Nominations held by one of the user's units, for the dashboard."""
    found = (
        Nomination.objects.filter(dossier__in=workflow.waiting_for(user))
        .select_related("award", "member", "nominee_unit", "dossier__holder")
        .order_by("dossier__updated_at")[:50]
    )
    return [
        inbox.Waiting(
            _("Nomination: %(nominee)s — %(award)s %(year)s")
            % {"nominee": n.nominee, "award": n.award, "year": n.year},
            n.dossier.holder.display_name,
            n.dossier.updated_at,
            reverse("awards:nomination_detail", args=[n.pk]),
        )
        for n in found
    ]


@never_cache
def verify(request, token: str):
    """Anyone may check a certificate from its QR code: awarded or unknown, with the
    award, the name (a member's abbreviated), the issuing unit and the decision."""
    from .verify import too_many, verdict

    if too_many(request):
        return render(
            request,
            "awards/verify.html",
            {"error": _("Too many checks from this device; wait a minute and try again.")},
            status=429,
        )
    return render(request, "awards/verify.html", {"verdict": verdict(token[:200])})
