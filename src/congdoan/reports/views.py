"""Return pages: the periods a user takes part in, and a unit's return for a period —
filled and submitted by the unit, approved or sent back by the level above, with the
units under it side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from congdoan.core import inbox
from congdoan.core.documents import template_in_use
from congdoan.core.docx import DOCX_TYPE
from congdoan.core.downloads import file_response
from congdoan.core.errors import ConflictError, invalid
from congdoan.core.models import DocumentTemplate
from congdoan.core.scoping import covers, role_units
from congdoan.core.views import (
    SERVICE_ERRORS,
    ScopedMixin,
    apply_service_errors,
    service_error_text,
)
from congdoan.organizations.models import Unit

from . import services, yearend
from .forms import OpenPeriodForm, TemplateUploadForm, YearEndForm
from .models import IndicatorKind, Period, Return, ReturnStatus, ReturnTemplate, Rollup, Source
from .sections import dashboard


def periods_for(user):
    """Periods opened inside the user's scope or above it, newest first."""
    periods = Period.objects.select_related("template", "unit").order_by("-year", "-number")
    return [period for period in periods[:500] if services.takes_part(user, period)][:50]


class ReturnsHomeView(LoginRequiredMixin, TemplateView):
    """The periods the user reports in; an officer of an upper level opens new ones."""

    template_name = "reports/home.html"

    def openers(self):
        """The units where the user may open a period: upper levels they are officers of."""
        user = self.request.user
        units = Unit.objects.active() if user.is_superuser else role_units(user, "officer")
        return units.filter(kind__level__lte=3).select_related("kind")

    def get_context_data(self, **kwargs):
        user = self.request.user
        roots = [role.unit for role in user.roles.active().select_related("unit")]
        rows = []
        for period in periods_for(user):
            units = [u for u in roots if u.path.startswith(period.unit.path)] or [period.unit]
            rows.append((period, units))
        openers = self.openers()
        context = {**super().get_context_data(**kwargs), "rows": rows}
        if "form" not in kwargs and openers.exists():
            context["form"] = OpenPeriodForm(units=openers)
        return context

    def post(self, request, *args, **kwargs):
        openers = self.openers()
        if not openers.exists():
            raise Http404(_("You open no periods."))
        form = OpenPeriodForm(request.POST, units=openers)
        if form.is_valid():
            data = form.cleaned_data
            try:
                period = services.open_period(
                    actor=request.user,
                    template=data["template"],
                    unit=data["unit"],
                    number=data["number"],
                    deadline=data["deadline"],
                )
            except SERVICE_ERRORS as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The period %(period)s is open for every unit under %(unit)s.")
                    % {"period": period, "unit": data["unit"].name},
                )
                return redirect("reports:return", period.pk, data["unit"].pk)
        return self.render_to_response(self.get_context_data(form=form))


class ReturnView(LoginRequiredMixin, TemplateView):
    """One unit's return for a period."""

    template_name = "reports/return.html"

    def setup_objects(self):
        user = self.request.user
        self.period = get_object_or_404(
            Period.objects.select_related("template", "unit"), pk=self.kwargs["period"]
        )
        self.unit = get_object_or_404(
            Unit.objects.visible_to(user).select_related("parent", "kind"), pk=self.kwargs["unit"]
        )
        if not self.unit.path.startswith(self.period.unit.path):
            raise Http404(_("This unit is not in the period."))

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.setup_objects()
        return super().dispatch(request, *args, **kwargs)

    def current(self) -> Return | None:
        return Return.objects.filter(period=self.period, unit=self.unit).current()

    def get_context_data(self, **kwargs):
        user = self.request.user
        ret = self.current()
        values = services.all_values(ret) if ret else {}
        if ret is None:
            values = services.computed_values(self.period.template, self.unit, self.period)
        editable = ret is None or ret.status in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK)
        groups: dict[str, list] = {}
        indicators = services.indicators_of(self.period.template)
        corrections = ret.corrections if ret else {}
        for indicator in indicators:
            typed = indicator.source == Source.MANUAL and indicator.rollup != Rollup.RATIO
            groups.setdefault(indicator.group, []).append(
                {
                    "indicator": indicator,
                    "value": values.get(indicator.code),
                    "typed": typed,
                    # a computed figure the unit may correct, with a reason
                    "correctable": not typed and indicator.rollup != Rollup.RATIO,
                    "correction": corrections.get(indicator.code),
                    "step": "0.1" if indicator.kind == IndicatorKind.PERCENT else "1",
                }
            )
        children = list(services.reporting_children(self.unit))
        statuses = (
            dict(
                Return.objects.filter(period=self.period, unit__in=children)
                .exclude(status=ReturnStatus.SUPERSEDED)
                .order_by("revision")
                .values_list("unit_id", "status")
            )
            if children
            else {}
        )
        key = [i for i in indicators if i.rollup != Rollup.NONE][:6]
        rolled_up, by_child = services.rollup_with_children(
            unit=self.unit, period=self.period, children=children
        )
        side = []
        for child in children[:200]:
            rolled = by_child[child.pk]["values"]
            status = statuses.get(child.pk)
            label = ReturnStatus(status).label if status else ""
            side.append((child, label, [rolled.get(i.code) for i in key]))
        parent = self.unit.parent
        return {
            **super().get_context_data(**kwargs),
            "period": self.period,
            "unit": self.unit,
            "ret": ret,
            "groups": groups.items(),
            "editable": editable,
            "can_fill": covers(user, self.unit.path, "officer"),
            "can_decide": parent is not None and covers(user, parent.path, "approver"),
            "rollup": rolled_up,
            "totals": [rolled_up["values"].get(i.code) for i in key],
            "progress": services.progress(unit=self.unit, period=self.period),
            "key": key,
            "side": side,
            "kinds": IndicatorKind,
        }

    def post(self, request, *args, **kwargs):
        user, action = request.user, request.POST.get("action", "")
        here = request.path
        try:
            ret = self.current() or services.return_for(
                actor=user, period=self.period, unit=self.unit
            )
            typed, version = None, 0
            if action in ("save", "submit") and ret.status in (
                ReturnStatus.DRAFT,
                ReturnStatus.SENT_BACK,
            ):
                typed = {
                    i.code: request.POST.get(f"v_{i.code}", "")
                    for i in services.indicators_of(self.period.template)
                    if i.source == Source.MANUAL and i.rollup != Rollup.RATIO
                }
                posted = request.POST.get("version") or str(ret.version)
                if not posted.isdigit():
                    raise ConflictError()  # not the form this page gave: reload it
                version = int(posted)
            if action == "save":
                if typed is not None:
                    services.save_values(actor=user, ret=ret, values=typed, version=version)
                messages.success(request, _("The return was saved."))
            elif action == "submit":
                services.submit(actor=user, ret=ret, values=typed, version=version)
                messages.success(request, _("The return was submitted to the level above."))
            elif action == "approve":
                services.approve(actor=user, ret=ret)
                messages.success(request, _("The return was approved."))
            elif action == "send_back":
                services.send_back(actor=user, ret=ret, reason=request.POST.get("reason", ""))
                messages.success(request, _("The return was sent back."))
            elif action == "correct_value":
                posted = request.POST.get("version", "")
                if not posted.isdigit():
                    raise ConflictError()
                services.correct_value(
                    actor=user,
                    ret=ret,
                    code=request.POST.get("code", ""),
                    value=request.POST.get("value", ""),
                    reason=request.POST.get("reason", ""),
                    version=int(posted),
                )
                messages.success(request, _("The correction was kept with its reason."))
            elif action == "correct":
                services.correct(actor=user, ret=ret)
                messages.success(request, _("A new revision is open for the correction."))
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
        return redirect(here)


class TemplatesView(LoginRequiredMixin, TemplateView):
    """The return forms by year, and copying last year's form to a new year to edit it
    (operators: the forms every unit fills)."""

    template_name = "reports/templates.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_superuser:
            raise Http404(_("Only an operator manages the return forms."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from django.db.models import Count

        templates = ReturnTemplate.objects.annotate(
            indicator_count=Count("indicators", distinct=True),
            computed_count=Count(
                "indicators", filter=~Q(indicators__source=Source.MANUAL), distinct=True
            ),
        ).order_by("code", "-year")
        return {**super().get_context_data(**kwargs), "templates": templates}

    def post(self, request, *args, **kwargs):
        template = get_object_or_404(ReturnTemplate, pk=request.POST.get("template") or 0)
        year = request.POST.get("year", "")
        try:
            if not year.isdigit():
                raise invalid("year", _("Give the year of the new form."), "required")
            copy = services.copy_template(actor=request.user, template=template, year=int(year))
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
        else:
            messages.success(
                request,
                _("%(name)s %(year)s was made from %(from)s: %(n)s indicators.")
                % {
                    "name": copy.name,
                    "year": copy.year,
                    "from": template.year,
                    "n": copy.indicators.count(),
                },
            )
        return redirect("reports:templates")


# --- the dashboard ------------------------------------------------------------------

KEY_FIGURES = ["members", "female", "admitted", "new_grassroots", "with_card", "care_amount"]


class DashboardView(LoginRequiredMixin, TemplateView):
    """Key figures of a unit's subtree with the change from last year, the trend across
    years, the units under it, and who has submitted; each chart has its table."""

    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = Unit.objects.visible_to(user)
        unit = None
        if self.request.GET.get("unit", "").isdigit():
            unit = visible.filter(pk=int(self.request.GET["unit"])).first()
            if unit is None:
                raise Http404(_("This unit is not in your scope."))
        if unit is None:
            role = user.roles.active().select_related("unit").order_by("unit__path").first()
            unit = role.unit if role else visible.order_by("path").first()
        context = {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "waiting": inbox.waiting_for(user),
        }
        if unit is None:
            return context
        context["sections"] = dashboard.for_page(
            self.request, unit, can_edit=covers(user, unit.path, "officer")
        )
        periods = services.year_end_periods(unit)
        if not periods:
            return context
        labels = dict(periods[max(periods)].template.indicators.values_list("code", "label"))
        years = sorted(periods)
        latest = years[-1]
        by_year = {year: services.rollup(unit=unit, period=periods[year]) for year in years[:-1]}
        shown = list(services.reporting_children(unit)[:60])  # the chart's units
        by_year[latest], by_child = services.rollup_with_children(
            unit=unit, period=periods[latest], children=shown
        )
        now, before = by_year[latest]["values"], by_year.get(latest - 1, {}).get("values", {})
        key = [
            {
                "code": code,
                "label": labels.get(code, code),
                "value": now.get(code),
                "change": (now.get(code) or 0) - before[code] if code in before else None,
            }
            for code in KEY_FIGURES
            if code in labels
        ]
        period = periods[latest]
        children = []
        for child in shown:
            rolled = by_child[child.pk]["values"]
            children.append((child.display_name, rolled.get("members") or 0))
        trend = [
            (
                year,
                by_year[year]["values"].get("members") or 0,
                by_year[year]["values"].get("admitted") or 0,
            )
            for year in years
        ]
        context.update(
            year=latest,
            period=period,
            key=key,
            trend=trend,
            children=children,
            progress=services.progress(unit=unit, period=period),
            reported=by_year[latest]["reported"],
            charts={
                "trend": {
                    "labels": [str(year) for year, _m, _a in trend],
                    "members": [m for _y, m, _a in trend],
                    "admitted": [a for _y, _m, a in trend],
                    "names": [labels.get("members", ""), labels.get("admitted", "")],
                },
                "children": {
                    "labels": [name for name, _v in children],
                    "values": [value for _n, value in children],
                    "name": labels.get("members", ""),
                },
            },
        )
        return context


# --- the year-end report ------------------------------------------------------------


class YearEndView(ScopedMixin, TemplateView):
    """The year-end report of a unit: choose the year, number, place and signer, and
    download it as Word; the template it is written from can be downloaded, edited in
    Word and uploaded back."""

    template_name = "reports/year_end.html"
    scoped_model = Unit

    def get(self, request, *args, **kwargs):
        unit = self.get_scoped_object()
        years = list(services.year_end_periods(unit))
        form = YearEndForm(request.GET or None, years=years)
        if request.GET.get("download") and form.is_valid():
            try:
                content = yearend.year_end_report(unit, form.cleaned_data["year"], **form.options())
            except SERVICE_ERRORS as exc:
                messages.error(request, service_error_text(exc))
            else:
                name = f"bao-cao-tong-ket-{form.cleaned_data['year']}-{unit.code}.docx"
                return file_response(content, name, DOCX_TYPE)
        kind = yearend.YEAR_END_REPORT
        in_use = template_in_use(unit, kind)
        context = self.get_context_data(
            unit=unit,
            form=form,
            years=years,
            kind=kind,
            in_use=in_use,
            own=in_use is not None and in_use.unit_id == unit.pk,
            can_change=covers(request.user, unit.path, "officer"),
            upload_form=TemplateUploadForm(),
            history=DocumentTemplate.objects.filter(unit=unit, kind=kind.code)
            .select_related("uploaded_by")
            .defer("content")[:10],
        )
        return self.render_to_response(context)


@inbox.register
def returns_to_decide(user) -> list[inbox.Waiting]:
    """Returns submitted by units directly under one where the user approves."""
    found = (
        Return.objects.filter(
            status=ReturnStatus.SUBMITTED, unit__parent__in=role_units(user, "approver")
        )
        .select_related("unit__parent", "period__template")
        .order_by("submitted_at")[:50]
    )
    return [
        inbox.Waiting(
            _("Return to approve: %(unit)s — %(period)s")
            % {"unit": ret.unit.display_name, "period": ret.period},
            ret.unit.parent.display_name,
            ret.submitted_at,
            reverse("reports:return", args=[ret.period_id, ret.unit_id]),
        )
        for ret in found
    ]
