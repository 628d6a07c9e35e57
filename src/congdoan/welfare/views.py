"""Care pages: a union's care work, funds, campaigns and savings groups, and one page
for each of them. Every object comes through ``visible_to``; a sibling union's records
are a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response
from congdoan.core.errors import service_error_text
from congdoan.core.scoping import covers
from congdoan.core.views import (
    SERVICE_ERRORS,
    ScopedMixin,
    apply_service_errors,
    current_unit,
    filters_from,
    paginate,
)
from congdoan.core.xlsx import workbook_response
from congdoan.members.models import Member

from . import documents, services
from .figures import summed, totals_by_kind
from .filters import CareFilter, filter_care
from .forms import (
    BatchForm,
    CampaignForm,
    CancelForm,
    CareForm,
    ContributionForm,
    FundForm,
    KindForm,
    MoveForm,
    PaymentForm,
    PayoutForm,
    RateForm,
    SavingsGroupForm,
)
from .importing import read_care_list
from .models import (
    Campaign,
    CareBatch,
    CareRate,
    CareRecord,
    Donor,
    Fund,
    SavingsGroup,
    SavingsPayment,
)

FORMS = {
    "care": CareForm,
    "batch": BatchForm,
    "rate": RateForm,
    "kind": KindForm,
    "fund": FundForm,
    "campaign": CampaignForm,
    "savings": SavingsGroupForm,
}


class CareHomeView(LoginRequiredMixin, TemplateView):
    """A union's care in a year: totals by kind, the records of its subtree, its funds,
    campaigns and savings groups, and the forms to record them (officers)."""

    template_name = "welfare/home.html"

    def get_context_data(self, forms=None, **kwargs):
        request, unit = self.request, self.unit
        filters = filters_from(request, CareFilter)
        year = filters.year or timezone.localdate().year
        filters.year = year
        rows = filter_care(
            CareRecord.objects.visible_to(request.user).select_related("kind", "member", "unit"),
            filters,
            unit,
        )
        totals = totals_by_kind(rows)
        grand = summed(totals)
        can_edit = covers(request.user, unit.path, "officer")
        if forms is None and can_edit:
            forms = {name: form(unit=unit, user=request.user) for name, form in FORMS.items()}
        funds = Fund.objects.with_balance().filter(unit=unit).order_by("name")
        return {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "year": year,
            "filters": filters,
            # the page count is the table's total: no second count of the records
            "page": paginate(request, rows, count=grand["count"]),
            "totals": totals,
            "grand": grand,
            "funds": [(fund, fund.current_balance) for fund in funds],
            "campaigns": Campaign.objects.with_totals().filter(unit=unit),
            "groups": SavingsGroup.objects.filter(unit=unit),
            "rates": CareRate.objects.filter(unit=unit).select_related("kind"),
            "batches": CareBatch.objects.filter(unit=unit).select_related("kind")[:20],
            "can_edit": can_edit,
            "forms": forms or {},
        }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.unit = current_unit(request)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        unit, user = self.unit, request.user
        if not covers(user, unit.path, "officer"):
            raise Http404(_("You are not an officer of this union."))
        action = request.POST.get("action", "")
        if action not in FORMS:
            raise Http404
        forms = {name: form(unit=unit, user=user) for name, form in FORMS.items()}
        form = FORMS[action](request.POST, request.FILES, unit=unit, user=user)
        forms[action] = form
        if form.is_valid():
            try:
                target = self.act(action, form.cleaned_data)
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                if target is not None:
                    return target
        return self.render_to_response(self.get_context_data(forms=forms), status=400)

    def act(self, action: str, data: dict):
        unit, user = self.unit, self.request.user
        back = f"{self.request.path}?unit={unit.pk}"
        if action == "care":
            care = services.record_care(
                actor=user,
                unit=unit,
                kind=data["kind"],
                on=data["on"],
                recipient=services.Recipient(
                    beneficiary=data["beneficiary"],
                    member=data["member"],
                    person_name=data["person_name"],
                    person_note=data["person_note"],
                ),
                amount=data["amount"],
                in_kind=data["in_kind"],
                fund=data["fund"],
                occasion=data["occasion"],
                voucher=data["voucher"],
            )
            messages.success(self.request, _("Recorded: %(care)s.") % {"care": care})
            return redirect(back)
        if action == "batch":
            return self.batch(data)
        if action == "rate":
            services.set_rate(actor=user, unit=unit, **data)
            messages.success(self.request, _("The rate is saved."))
            return redirect(back + "#rates")
        if action == "kind":
            kind = services.add_kind(actor=user, unit=unit, **data)
            messages.success(self.request, _("Kind of care added: %(name)s") % {"name": kind.name})
            return redirect(back + "#rates")
        if action == "fund":
            fund = services.create_fund(actor=user, unit=unit, **data)
            return redirect(fund.get_absolute_url())
        if action == "campaign":
            campaign = services.create_campaign(actor=user, unit=unit, **data)
            return redirect(campaign.get_absolute_url())
        group = services.create_group(
            actor=user,
            unit=unit,
            **{k: v for k, v in data.items() if k != "numbers"},
        )
        return redirect(group.get_absolute_url())

    def batch(self, data: dict):
        unit, user = self.unit, self.request.user
        amounts = None
        if data["everyone"]:
            members = list(Member.objects.visible_to(user).in_subtree(unit).active())
        elif data["members"]:
            members = list(data["members"])
        else:
            upload = data["file"]
            found = read_care_list(upload.read(), upload.name, unit)
            if found.problems:
                self.problems = found.problems
                raise ValidationError(
                    _("The list has %(n)s problems; nothing was recorded.")
                    % {"n": len(found.problems)}
                )
            members, amounts = found.members, found.amounts
        batch = services.record_batch(
            actor=user,
            unit=unit,
            kind=data["kind"],
            on=data["on"],
            occasion=data["occasion"],
            members=members,
            amount=data["amount"],
            amounts=amounts,
            fund=data["fund"],
            voucher=data["voucher"],
        )
        messages.success(
            self.request,
            _("%(n)s members recorded on the list %(batch)s.")
            % {"n": len(members), "batch": batch},
        )
        return redirect(batch.get_absolute_url())

    def render_to_response(self, context, **kwargs):
        context["problems"] = getattr(self, "problems", [])
        return super().render_to_response(context, **kwargs)


class CareExportView(LoginRequiredMixin, View):
    """The care list of the page's filters as .xlsx."""

    def get(self, request):
        unit = current_unit(request)
        filters = filters_from(request, CareFilter)
        rows = filter_care(
            CareRecord.objects.visible_to(request.user).select_related(
                "kind", "member", "unit", "fund"
            ),
            filters,
            unit,
        )
        header = [
            "STT", "Ngày", "Loại chăm lo", "Người nhận", "Đoàn viên", "Số tiền (đồng)",
            "Hiện vật", "Nguồn chi", "Dịp", "Chứng từ", "Đơn vị",
        ]  # fmt: skip
        lines = (
            [
                n,
                care.on.strftime("%d/%m/%Y"),
                care.kind.name,
                care.beneficiary_name(),
                care.member.full_name if care.member_id else "",
                care.amount,
                care.in_kind,
                care.fund.name if care.fund_id else "",
                care.occasion,
                care.voucher,
                care.unit.display_name,
            ]
            for n, care in enumerate(rows.iterator(chunk_size=2000), start=1)
        )
        return workbook_response(f"cham-lo-{unit.code}.xlsx", "Chăm lo", header, lines)


class CareDetailView(ScopedMixin, TemplateView):
    scoped_model = CareRecord
    template_name = "welfare/care_detail.html"

    def get_context_data(self, form=None, **kwargs):
        care = self.get_scoped_object()
        return {
            **super().get_context_data(**kwargs),
            "care": care,
            "entries": care.entries.all(),
            "can_edit": covers(self.request.user, care.unit.path, "officer"),
            "form": form or CancelForm(),
        }

    def post(self, request, pk: int):
        care = self.get_scoped_object()
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                services.cancel_care(
                    actor=request.user, care=care, reason=form.cleaned_data["reason"]
                )
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("The record is cancelled; its money is back in the fund.")
                )
                return redirect(care.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BatchDetailView(ScopedMixin, TemplateView):
    scoped_model = CareBatch
    template_name = "welfare/batch_detail.html"

    def get_context_data(self, **kwargs):
        batch = self.get_scoped_object()
        records = batch.records.select_related("member__unit").order_by("member__sort_key", "id")
        return {
            **super().get_context_data(**kwargs),
            "batch": batch,
            "page": paginate(self.request, records, per_page=200),
            "total": batch.records.in_force().aggregate(n=Count("pk"), amount=Sum("amount")),
        }


class BatchDocumentView(ScopedMixin, View):
    scoped_model = CareBatch

    def get(self, request, pk: int):
        batch = self.get_scoped_object()
        signer = request.GET.get("signer", "")[:120]
        return file_response(
            documents.batch_docx(batch, signer=signer), f"danh-sach-chi-{batch.pk}.docx", DOCX_TYPE
        )


def ledger(fund: Fund) -> list[tuple]:
    """Each movement with the balance after it."""
    balance, rows = 0, []
    for entry in fund.entries.order_by("on", "id"):
        balance += entry.amount if entry.direction == "in" else -entry.amount
        rows.append((entry, balance))
    return rows


class FundDetailView(ScopedMixin, TemplateView):
    scoped_model = Fund
    template_name = "welfare/fund_detail.html"

    def get_context_data(self, form=None, **kwargs):
        fund = self.get_scoped_object()
        return {
            **super().get_context_data(**kwargs),
            "fund": fund,
            "ledger": ledger(fund),
            "can_edit": covers(self.request.user, fund.unit.path, "officer"),
            "form": form or MoveForm(),
        }

    def post(self, request, pk: int):
        fund = self.get_scoped_object()
        form = MoveForm(request.POST)
        if form.is_valid():
            try:
                services.move(actor=request.user, fund=fund, **form.cleaned_data)
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                return redirect(fund.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FundExportView(ScopedMixin, View):
    scoped_model = Fund

    def get(self, request, pk: int):
        fund = self.get_scoped_object()
        header = ["STT", "Ngày", "Nội dung", "Thu (đồng)", "Chi (đồng)", "Tồn (đồng)"]
        lines = (
            [
                n,
                entry.on.strftime("%d/%m/%Y"),
                entry.description,
                entry.amount if entry.direction == "in" else "",
                entry.amount if entry.direction == "out" else "",
                balance,
            ]
            for n, (entry, balance) in enumerate(ledger(fund), start=1)
        )
        return workbook_response(f"so-quy-{fund.pk}.xlsx", fund.name, header, lines)


class CampaignDetailView(ScopedMixin, TemplateView):
    scoped_model = Campaign
    template_name = "welfare/campaign_detail.html"

    def get_context_data(self, form=None, **kwargs):
        campaign = self.get_scoped_object()
        gifts = campaign.contributions.select_related("member", "donor_unit")
        return {
            **super().get_context_data(**kwargs),
            "campaign": campaign,
            "page": paginate(self.request, gifts.order_by("-on", "-id")),
            "raised": gifts.aggregate(total=Sum("amount"))["total"] or 0,
            "sponsored": gifts.filter(donor=Donor.SPONSOR).aggregate(total=Sum("amount"))["total"]
            or 0,
            "can_edit": covers(self.request.user, campaign.unit.path, "officer"),
            "form": form or ContributionForm(unit=campaign.unit, user=self.request.user),
        }

    def post(self, request, pk: int):
        campaign = self.get_scoped_object()
        form = ContributionForm(request.POST, unit=campaign.unit, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.contribute_many(
                    actor=request.user,
                    campaign=campaign,
                    on=data["on"],
                    donor=data["donor"],
                    gifts=self.gifts(campaign, data),
                    note=data["note"],
                )
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                return redirect(campaign.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def gifts(self, campaign, data) -> list[tuple]:
        amount = data["amount"]
        if data["donor"] != Donor.MEMBER:
            return [(None, data["donor_unit"], data["donor_name"], amount)]
        if data["everyone"]:
            members = Member.objects.visible_to(self.request.user).in_subtree(campaign.unit)
            return [(member, None, "", amount) for member in members.active()]
        return [(data["member"], None, "", amount)]


class SavingsDetailView(ScopedMixin, TemplateView):
    scoped_model = SavingsGroup
    template_name = "welfare/savings_detail.html"

    def get_context_data(self, error: str = "", **kwargs):
        group = self.get_scoped_object()
        cycles = list(group.cycles.select_related("receiver__member"))
        payments = SavingsPayment.objects.filter(cycle__group=group).select_related(
            "cycle", "saver__member"
        )
        by_cycle: dict[int, list] = {}
        for payment in payments:
            by_cycle.setdefault(payment.cycle_id, []).append(payment)
        return {
            **super().get_context_data(**kwargs),
            "group": group,
            "savers": group.members.select_related("member"),
            "cycles": [(cycle, by_cycle.get(cycle.pk, [])) for cycle in cycles],
            "total": payments.aggregate(total=Sum("paid"))["total"] or 0,
            "can_edit": covers(self.request.user, group.unit.path, "officer"),
            "payment_form": PaymentForm(),
            "payout_form": PayoutForm(),
            "error": error,
        }

    def post(self, request, pk: int):
        group = self.get_scoped_object()
        action = request.POST.get("action")
        try:
            if action == "cycle":
                services.open_cycle(actor=request.user, group=group)
            elif action == "payment":
                payment = get_object_or_404(
                    SavingsPayment, pk=request.POST.get("payment") or 0, cycle__group=group
                )
                form = PaymentForm(request.POST)
                if not form.is_valid():
                    raise _form_error(form)
                services.record_payment(actor=request.user, payment=payment, **form.cleaned_data)
            elif action == "payout":
                cycle = get_object_or_404(group.cycles, pk=request.POST.get("cycle") or 0)
                form = PayoutForm(request.POST)
                if not form.is_valid():
                    raise _form_error(form)
                services.pay_out(actor=request.user, cycle=cycle, on=form.cleaned_data["on"])
            else:
                raise Http404
        except SERVICE_ERRORS as exc:
            return self.render_to_response(
                self.get_context_data(error=service_error_text(exc)), status=400
            )
        return redirect(group.get_absolute_url())


def _form_error(form) -> ValidationError:
    return ValidationError(
        [f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
    )
