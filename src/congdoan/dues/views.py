"""Dues pages: a union's dues (its group, months, payments and what it owes; for an upper
union, what the unions under it owe and paid) and a month's sheet (salaries, dues and
collection for the union's own treasurer and officers; the totals for the levels above).
Every object comes through ``visible_to``: a sibling union's is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from congdoan.core.errors import service_error_text
from congdoan.core.views import SERVICE_ERRORS, ScopedMixin, apply_service_errors, current_unit
from congdoan.members.models import Member

from . import services
from .exporting import sheet_response, statement_response
from .forms import AdjustmentForm, FundForm, PayrollForm, RemitForm, SettingForm, SheetForm
from .importing import apply_payroll
from .models import DuesSheet, FundPayment, Remittance, first_of


def _year(request) -> int:
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year


class DuesHomeView(LoginRequiredMixin, TemplateView):
    template_name = "dues/home.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.unit = current_unit(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, forms=None, **kwargs):
        unit, user = self.unit, self.request.user
        year = _year(self.request)
        today = timezone.localdate()
        books = services.keeps_books(user, unit) and unit.kind.code == "grassroots"
        forms = forms or {}
        if books:
            forms.setdefault(
                "setting", SettingForm(initial={"effective_from": first_of(today)}, prefix="s")
            )
            forms.setdefault("sheet", SheetForm(initial={"month": first_of(today)}, prefix="m"))
            forms.setdefault("remit", RemitForm(initial={"on": today}, prefix="r"))
            forms.setdefault("fund", FundForm(initial={"month": first_of(today)}, prefix="f"))
        return {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "year": year,
            "grassroots": unit.kind.code == "grassroots",
            "books": books,
            "setting": services.setting_for(unit, first_of(today)),
            "sheets": DuesSheet.objects.visible_to(user).filter(unit=unit, month__year=year),
            "standing": services.standing(unit, year),
            "remittances": Remittance.objects.visible_to(user)
            .filter(unit__path__startswith=unit.path, on__year=year)
            .select_related("unit", "to")[:50],
            "funds": FundPayment.objects.visible_to(user).filter(unit=unit, month__year=year),
            "forms": forms,
        }

    def post(self, request, *args, **kwargs):
        unit, user = self.unit, request.user
        if not services.keeps_books(user, unit):
            raise Http404(_("You do not keep this union's dues."))
        action = request.POST.get("action")
        form_class, prefix = {
            "setting": (SettingForm, "s"),
            "sheet": (SheetForm, "m"),
            "remit": (RemitForm, "r"),
            "fund": (FundForm, "f"),
        }.get(action, (None, None))
        if form_class is None:
            raise Http404
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "setting":
                    services.set_group(actor=user, unit=unit, **data)
                    done = _("The dues group is saved.")
                elif action == "sheet":
                    sheet = services.open_sheet(actor=user, unit=unit, month=data["month"])
                    messages.success(request, _("The sheet of the month is open."))
                    return redirect(sheet.get_absolute_url())
                elif action == "remit":
                    services.remit(actor=user, unit=unit, **data)
                    done = _("The payment is recorded.")
                else:
                    services.record_fund(
                        actor=user, unit=unit, **{**data, "paid": data["paid"] or 0}
                    )
                    done = _("Kinh phí of the month is recorded.")
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect(f"{request.path}?unit={unit.pk}")
        return self.render_to_response(self.get_context_data(forms={action: form}), status=400)


class StatementExportView(LoginRequiredMixin, View):
    def get(self, request):
        return statement_response(current_unit(request), _year(request))


class SheetView(ScopedMixin, TemplateView):
    scoped_model = DuesSheet
    template_name = "dues/sheet.html"

    def get_context_data(self, payroll=None, **kwargs):
        sheet = self.get_scoped_object()
        books = services.keeps_books(self.request.user, sheet.unit)
        return {
            **super().get_context_data(**kwargs),
            "sheet": sheet,
            "books": books,
            "lines": sheet.lines.select_related("member") if books else [],
            "adjustments": sheet.adjustments.select_related("member") if books else [],
            "payroll": payroll,
            "payroll_form": PayrollForm(),
            "adjust_form": AdjustmentForm(sheet=sheet, initial={"on": timezone.localdate()})
            if books and sheet.locked
            else None,
        }

    def post(self, request, pk: int):
        sheet = self.get_scoped_object()
        user, post, action = request.user, request.POST, request.POST.get("action")
        if not services.keeps_books(user, sheet.unit):
            raise Http404(_("You do not keep this union's dues."))
        version = int(post["version"]) if post.get("version", "").isdigit() else 0
        try:
            if action in ("save", "all_collected"):
                services.change_lines(
                    actor=user,
                    sheet=sheet,
                    changes=self._changes(sheet, post, action),
                    version=version,
                )
                done = _("Saved.")
            elif action in ("preview", "import"):
                form = PayrollForm(post, request.FILES)
                if not form.is_valid():
                    messages.error(request, _("Choose the payroll file."))
                    return self.render_to_response(self.get_context_data(), status=400)
                upload = form.cleaned_data["file"]
                read, sheet = apply_payroll(
                    actor=user,
                    sheet=sheet,
                    data=upload.read(),
                    filename=upload.name,
                    version=version,
                    save=action == "import",
                )
                if read.problems or action == "preview":
                    status = 400 if read.problems else 200
                    return self.render_to_response(
                        self.get_context_data(payroll=read), status=status
                    )
                done = _("%(n)s salaries read from the payroll.") % {"n": len(read.bases)}
            elif action == "lock":
                services.lock(actor=user, sheet=sheet, version=version)
                done = _("The month is locked.")
            elif action == "adjust":
                form = AdjustmentForm(post, sheet=sheet)
                if not form.is_valid():
                    messages.error(request, _("Check the adjustment's fields."))
                    return self.render_to_response(self.get_context_data(), status=400)
                member = Member.objects.get(pk=int(form.cleaned_data["member"]))
                services.adjust(
                    actor=user,
                    sheet=sheet,
                    member=member,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["on"],
                )
                done = _("The adjustment is recorded.")
            else:
                raise Http404
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, done)
        return redirect(sheet.get_absolute_url())

    @staticmethod
    def _changes(sheet, post, action) -> dict:
        from django.core.exceptions import ValidationError

        changes = {}
        for line in sheet.lines.select_related("member"):
            key = str(line.member_id)
            if f"base_{key}" not in post:
                continue
            raw = "".join(post.get(f"base_{key}", "").split()).replace(".", "")
            if raw and not raw.isdigit():
                raise ValidationError(
                    _("%(name)s: the salary is not a whole number of đồng.")
                    % {"name": line.member.full_name}
                )
            changes[line.member_id] = services.LineChange(
                base=int(raw) if raw else None,
                set_base=True,
                collected=True if action == "all_collected" else f"collected_{key}" in post,
                note=post.get(f"note_{key}", ""),
            )
        return changes


class SheetExportView(ScopedMixin, View):
    scoped_model = DuesSheet

    def get(self, request, pk: int):
        return sheet_response(request.user, self.get_scoped_object())
