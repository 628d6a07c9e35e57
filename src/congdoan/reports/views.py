"""Return pages: the periods a user takes part in, and a unit's return for a period —
filled and submitted by the unit, approved or sent back by the level above, with the
units under it side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from congdoan.core.scoping import covers
from congdoan.core.views import SERVICE_ERRORS
from congdoan.organizations.models import Unit

from . import services
from .models import IndicatorKind, Period, Return, ReturnStatus, Rollup, Source


def periods_for(user):
    """Periods opened inside the user's scope or above it, newest first."""
    periods = Period.objects.select_related("template", "unit").order_by("-year", "-number")
    return [period for period in periods[:500] if services.takes_part(user, period)][:50]


class ReturnsHomeView(LoginRequiredMixin, TemplateView):
    template_name = "reports/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roots = [role.unit for role in user.roles.active().select_related("unit")]
        rows = []
        for period in periods_for(user):
            units = [u for u in roots if u.path.startswith(period.unit.path)] or [period.unit]
            rows.append((period, units))
        return {**super().get_context_data(**kwargs), "rows": rows}


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
        mine = Return.objects.filter(period=self.period, unit=self.unit)
        return mine.open().first() or mine.filter(status=ReturnStatus.APPROVED).first()

    def get_context_data(self, **kwargs):
        user = self.request.user
        ret = self.current()
        values = services.all_values(ret) if ret else {}
        if ret is None:
            values = services.computed_values(self.period.template, self.unit, self.period)
        editable = ret is None or ret.status in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK)
        groups: dict[str, list] = {}
        for indicator in self.period.template.indicators.all():
            typed = indicator.source == Source.MANUAL and indicator.rollup != Rollup.RATIO
            groups.setdefault(indicator.group, []).append(
                {
                    "indicator": indicator,
                    "value": values.get(indicator.code),
                    "typed": typed,
                    "step": "0.1" if indicator.kind == IndicatorKind.PERCENT else "1",
                }
            )
        children = services.reporting_children(self.unit)
        statuses = dict(
            Return.objects.filter(period=self.period, unit__in=children)
            .exclude(status=ReturnStatus.SUPERSEDED)
            .order_by("revision")
            .values_list("unit_id", "status")
        )
        key = [i for i in self.period.template.indicators.all() if i.rollup != Rollup.NONE][:6]
        side = []
        for child in children[:200]:
            rolled = services.rollup(unit=child, period=self.period)["values"]
            status = statuses.get(child.pk)
            label = ReturnStatus(status).label if status else ""
            side.append((child, label, [rolled.get(i.code) for i in key]))
        rolled_up = services.rollup(unit=self.unit, period=self.period)
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
            if action in ("save", "submit") and ret.status in (
                ReturnStatus.DRAFT,
                ReturnStatus.SENT_BACK,
            ):
                typed = {
                    i.code: request.POST.get(f"v_{i.code}", "")
                    for i in self.period.template.indicators.filter(source=Source.MANUAL).exclude(
                        rollup=Rollup.RATIO
                    )
                }
                version = int(request.POST.get("version") or ret.version)
                ret = services.save_values(actor=user, ret=ret, values=typed, version=version)
            if action == "save":
                messages.success(request, _("The return was saved."))
            elif action == "submit":
                services.submit(actor=user, ret=ret)
                messages.success(request, _("The return was submitted to the level above."))
            elif action == "approve":
                services.approve(actor=user, ret=ret)
                messages.success(request, _("The return was approved."))
            elif action == "send_back":
                services.send_back(actor=user, ret=ret, reason=request.POST.get("reason", ""))
                messages.success(request, _("The return was sent back."))
            elif action == "correct":
                services.correct(actor=user, ret=ret)
                messages.success(request, _("A new revision is open for the correction."))
        except SERVICE_ERRORS as exc:
            text = getattr(exc, "messages", None) or [str(getattr(exc, "message", "") or exc)]
            messages.error(request, " ".join(str(part) for part in text))
        return redirect(here)
