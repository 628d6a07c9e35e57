"""Member pages: list and search, record and timeline, lifecycle forms, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from congdoan.core.scoping import covers
from congdoan.core.views import (
    SERVICE_ERRORS,
    ScopedMixin,
    apply_service_errors,
    done,
    filters_from,
    service_error_text,
)
from congdoan.organizations.models import Unit

from . import forms, services
from .exporting import export_response, export_scope
from .filters import MemberFilters, filter_members
from .listing import MemberListing
from .models import Ethnicity, Gender, Member, MemberStatus, Transfer
from .sections import sections_for


def _filters(request) -> MemberFilters:
    return filters_from(request, MemberFilters)


class MemberListView(LoginRequiredMixin, TemplateView):
    """Members in scope: one search box, filters, Vietnamese order, masked numbers."""

    template_name = "members/member_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filters = _filters(self.request)
        listing = MemberListing(user, filters)
        page = Paginator(listing, 50).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "capped": listing.capped,
            "filters": filters,
            "query": query.urlencode(),
            "genders": Gender.choices,
            "statuses": [
                ("", _("Active")),
                *[(value, label) for value, label in MemberStatus.choices if value != "active"],
                ("all", _("All")),
            ],
            "ages": [
                ("under30", _("under 30")),
                ("30-39", "30–39"),
                ("40-49", "40–49"),
                ("50plus", _("50 and over")),
            ],
            "ethnicities": Ethnicity.objects.all(),
            "incoming": Transfer.objects.incoming_for(user).count(),
            "bulk_form": forms.BulkForm(user=user),
        }


class MemberDetailView(ScopedMixin, TemplateView):
    scoped_model = Member
    template_name = "members/member_detail.html"

    def get_context_data(self, **kwargs):
        member = self.get_scoped_object()
        member = Member.objects.select_related("unit", "ethnicity").get(pk=member.pk)
        can_edit = covers(self.request.user, member.unit.path, "officer")
        return {
            **super().get_context_data(**kwargs),
            "member": member,
            "events": member.events.select_related("unit", "other_unit", "actor"),
            "pending": member.transfers.pending().select_related("to_unit").first(),
            "can_edit": can_edit,
            "history": member.history.select_related("history_user")[:20],
            "sections": sections_for(self.request, member, can_edit=can_edit),
        }


class MemberActionView(ScopedMixin, FormView):
    """A form acting on one member through a service; the member comes from the scope."""

    scoped_model = Member
    template_name = "members/member_action.html"
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.member = Member.objects.select_related("unit__kind").get(
            pk=self.get_scoped_object().pk
        )
        if not covers(request.user, self.member.unit.path, "officer"):
            raise PermissionDenied(_("Only the union's officers change its members."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "member": self.member, "title": self.title}

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except SERVICE_ERRORS as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        return done(self.request, message, self.member.get_absolute_url())


class MemberEditView(MemberActionView):
    form_class = forms.EditForm
    title = gettext_lazy("Edit the record")

    def get_initial(self):
        member = self.member
        initial = {name: getattr(member, name) for name in services.EDITABLE_FIELDS}
        initial.update(version=member.version, birth=member.birth_display)
        return initial

    def perform(self, form):
        services.update_member(
            actor=self.request.user,
            member=self.member,
            version=form.cleaned_data["version"],
            **form.member_fields(),
        )
        return _("Saved the record of %(name)s.") % {"name": self.member.full_name}


class MemberTransferView(MemberActionView):
    form_class = forms.TransferForm
    title = gettext_lazy("Transfer to another union")

    def perform(self, form):
        data = form.cleaned_data
        member = services.transfer_member(
            actor=self.request.user,
            member=self.member,
            to_unit=data["to_unit"],
            on=data.get("on"),
            decision_number=data["decision_number"],
            reason=data["reason"],
        )
        if member.status == MemberStatus.TRANSFERRING:
            return _("%(name)s is released; %(unit)s will receive them.") % {
                "name": member.full_name,
                "unit": data["to_unit"].name,
            }
        return _("%(name)s now belongs to %(unit)s.") % {
            "name": member.full_name,
            "unit": data["to_unit"].name,
        }


class MemberLeaveView(MemberActionView):
    form_class = forms.LeaveForm
    title = gettext_lazy("Record leaving or death")

    def perform(self, form):
        data = form.cleaned_data
        services.record_leaving(
            actor=self.request.user,
            member=self.member,
            on=data.get("on"),
            reason=data["reason"],
            decision_number=data["decision_number"],
            deceased=data["deceased"],
        )
        return _("Recorded for %(name)s.") % {"name": self.member.full_name}


class MemberRejoinView(MemberActionView):
    form_class = forms.RejoinForm
    title = gettext_lazy("Rejoin")

    def perform(self, form):
        data = form.cleaned_data
        services.rejoin_member(
            actor=self.request.user,
            member=self.member,
            unit=data.get("unit"),
            on=data.get("on"),
            decision_number=data["decision_number"],
        )
        return _("%(name)s rejoined.") % {"name": self.member.full_name}


class MemberCreateView(LoginRequiredMixin, FormView):
    """Admit a member (kết nạp) into a union in scope."""

    form_class = forms.AdmitForm
    template_name = "members/member_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        unit_id = self.request.GET.get("unit", "")
        unit = (
            Unit.objects.visible_to(self.request.user)
            .filter(pk=unit_id if unit_id.isdigit() else 0)
            .first()
        )
        return {
            "unit": unit.code if unit else "",
            "nationality": "VN",
            "ethnicity": Ethnicity.objects.filter(code="01").first(),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            member = services.admit_member(
                actor=self.request.user,
                unit=data["unit"],
                data=services.MemberData(**form.member_fields()),
                on=data.get("joined_on"),
                decision_number=data["decision_number"],
            )
        except SERVICE_ERRORS as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        return done(
            self.request,
            _("Admitted %(name)s.") % {"name": member.full_name},
            member.get_absolute_url(),
        )


class MemberBulkView(LoginRequiredMixin, View):
    """Transfer a selection or mark it as left: all of it, or on any refusal none."""

    def post(self, request):
        form = forms.BulkForm(request.POST, user=request.user)
        ids = [int(pk) for pk in request.POST.getlist("member") if pk.isdigit()][:5000]
        members = list(Member.objects.visible_to(request.user).filter(pk__in=ids))
        back = request.POST.get("next") or reverse("members:member_list")
        if not back.startswith("/"):
            back = reverse("members:member_list")
        if not members:
            messages.error(request, _("Tick at least one member."))
            return redirect(back)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
            return redirect(back)
        data = form.cleaned_data
        try:
            if data["action"] == "transfer":
                count = services.transfer_members(
                    actor=request.user,
                    members=members,
                    to_unit=data["to_unit"],
                    on=data.get("on"),
                    decision_number=data["decision_number"],
                )
            else:
                count = services.record_leaving_many(
                    actor=request.user,
                    members=members,
                    reason=data["reason"],
                    on=data.get("on"),
                    decision_number=data["decision_number"],
                )
        except SERVICE_ERRORS as exc:
            messages.error(
                request,
                _("Nothing was changed: %(error)s") % {"error": service_error_text(exc)},
            )
            return redirect(back)
        messages.success(request, _("Done for %(count)s members.") % {"count": count})
        return redirect(back)


class IncomingTransfersView(LoginRequiredMixin, TemplateView):
    """Members released to unions in the user's scope, waiting to be received."""

    template_name = "members/transfers.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "transfers": Transfer.objects.incoming_for(self.request.user).select_related(
                "member", "from_unit", "to_unit"
            ),
        }

    def post(self, request):
        transfer = get_object_or_404(
            Transfer.objects.incoming_for(request.user), pk=request.POST.get("transfer") or 0
        )
        try:
            member = services.receive_transfer(actor=request.user, transfer=transfer)
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
            return redirect("members:transfers")
        return done(
            request, _("Received %(name)s.") % {"name": member.full_name}, member.get_absolute_url()
        )


class MemberExportView(LoginRequiredMixin, View):
    """The filtered list as .xlsx, in the import's column layout; every export is logged."""

    def get(self, request):
        filters = _filters(request)
        members = filter_members(Member.objects.visible_to(request.user), request.user, filters)
        return export_response(
            user=request.user,
            members=members,
            scope_unit=export_scope(request.user, filters),
            filename="doan-vien.xlsx",
            filters=filters.dict(),
        )
