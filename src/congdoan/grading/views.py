"""Grading pages: a union's tables, rounds and gradings; a table (edited by the union
that issued it, copied to a year); a round (the grassroots unions it covers, graded or
why not, published at once); a grading (the union's own points and evidence, the level
above's points and tier). Every object comes through ``visible_to``: a sibling union's
is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from congdoan.core.errors import invalid, service_error_text
from congdoan.core.scoping import covers
from congdoan.core.views import SERVICE_ERRORS, ScopedMixin, apply_service_errors, current_unit

from . import services
from .exporting import results_response
from .forms import CopyForm, CriteriaFormSet, ReasonForm, RoundForm, SchemeForm, criteria_from
from .models import Grading, Round, Scheme, Status
from .sections import tier_bar


def _officer(user, unit) -> bool:
    return unit is not None and covers(user, unit.path, "officer")


def _issuer(user, scheme: Scheme) -> bool:
    if scheme.unit_id is None:
        return user.is_superuser
    return _officer(user, scheme.unit)


class GradingHomeView(LoginRequiredMixin, TemplateView):
    """A union's grading: for a grassroots union, its own gradings and the year it may
    score itself for; for an upper union, its rounds, the tables it issued or inherits,
    and the tier distribution under it."""

    template_name = "grading/home.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.unit = current_unit(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, round_form=None, **kwargs):
        unit, user = self.unit, self.request.user
        year = timezone.localdate().year
        grassroots = unit.kind.code == "grassroots"
        context = {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "grassroots": grassroots,
            "can_edit": _officer(user, unit),
            "year": year,
        }
        if grassroots:
            gradings = Grading.objects.visible_to(user).current().filter(unit=unit)
            open_years = []
            for y in (year - 1, year):
                found = services.round_for(unit, y)
                if found and not gradings.filter(year=y).exists():
                    open_years.append((y, found, services.eligibility(unit, y)))
            context |= {
                "gradings": gradings.order_by("-year"),
                "open_years": open_years,
                "scheme": services.scheme_for(unit, year),
            }
            return context
        rounds = Round.objects.visible_to(user).filter(unit=unit)
        latest = rounds.order_by("-year").first()
        counts = services.distribution(unit, latest.year) if latest else {}
        own = Scheme.objects.visible_to(user).filter(unit=unit).prefetch_related("criteria")
        inherited = [
            s
            for s in Scheme.objects.visible_to(user)
            .filter(year__in=[year - 1, year, year + 1])
            .select_related("unit")
            if s.unit_id is None or (s.unit.path != unit.path and unit.path.startswith(s.unit.path))
        ]
        if context["can_edit"] and round_form is None:
            round_form = RoundForm(initial=RoundForm.initial_now())
        return context | {
            "rounds": rounds.order_by("-year"),
            "latest": latest,
            "bar": tier_bar(counts) if any(counts.values()) else [],
            "own_schemes": own,
            "inherited": inherited,
            "round_form": round_form,
        }

    def post(self, request, *args, **kwargs):
        unit, user = self.unit, request.user
        if not _officer(user, unit):
            raise Http404(_("You are not an officer of this union."))
        action = request.POST.get("action")
        if action == "open":
            form = RoundForm(request.POST)
            if form.is_valid():
                try:
                    found = services.open_round(actor=user, unit=unit, **form.cleaned_data)
                except SERVICE_ERRORS as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(
                        request, _("The grading of %(year)s is open.") % {"year": found.year}
                    )
                    return redirect(found.get_absolute_url())
            return self.render_to_response(self.get_context_data(round_form=form), status=400)
        if action == "start" and request.POST.get("year", "").isdigit():
            try:
                grading = services.start(actor=user, unit=unit, year=int(request.POST["year"]))
            except SERVICE_ERRORS as exc:
                messages.error(request, service_error_text(exc))
                return redirect(f"{request.path}?unit={unit.pk}")
            return redirect(grading.get_absolute_url())
        raise Http404


class SchemeView(ScopedMixin, TemplateView):
    """A criteria table; its issuer edits it while nobody has been graded on it, and
    anyone who may issue copies it to a year (as the same union's, or as their own)."""

    scoped_model = Scheme
    template_name = "grading/scheme.html"

    def get_context_data(self, form=None, formset=None, copy_form=None, **kwargs):
        scheme = self.get_scoped_object()
        user = self.request.user
        can_edit = _issuer(user, scheme) and not scheme.gradings.exists()
        if can_edit and form is None:
            form = SchemeForm(initial=SchemeForm.initial_for(scheme))
            formset = CriteriaFormSet(
                initial=[c.__dict__ for c in services.criteria_specs(scheme)], prefix="c"
            )
        own = current_unit(self.request)
        return {
            **super().get_context_data(**kwargs),
            "scheme": scheme,
            "criteria": scheme.criteria.all(),
            "can_edit": can_edit,
            "can_copy": _officer(user, own),
            "own": own,
            "form": form,
            "formset": formset,
            "copy_form": copy_form or CopyForm(initial={"year": scheme.year + 1}),
        }

    def post(self, request, pk: int):
        scheme = self.get_scoped_object()
        user, action = request.user, request.POST.get("action")
        if action == "edit":
            if not _issuer(user, scheme):
                raise Http404(_("Only the union that issued the table edits it."))
            form = SchemeForm(request.POST)
            formset = CriteriaFormSet(request.POST, prefix="c")
            if form.is_valid() and formset.is_valid():
                try:
                    services.update_scheme(
                        actor=user,
                        scheme=scheme,
                        spec=form.spec(),
                        criteria=criteria_from(formset),
                        version=int(request.POST.get("version") or 0),
                    )
                except SERVICE_ERRORS as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("The table is saved."))
                    return redirect(scheme.get_absolute_url())
            return self.render_to_response(
                self.get_context_data(form=form, formset=formset), status=400
            )
        if action == "copy":
            form = CopyForm(request.POST)
            if form.is_valid():
                # as this union's own, or as the same issuer's table of another year
                unit = current_unit(request) if form.cleaned_data["own"] else scheme.unit
                try:
                    copy = services.copy_scheme(
                        actor=user, scheme=scheme, unit=unit, year=form.cleaned_data["year"]
                    )
                except SERVICE_ERRORS as exc:
                    apply_service_errors(form, exc)
                else:
                    messages.success(request, _("Copied: %(name)s.") % {"name": copy})
                    return redirect(copy.get_absolute_url())
            return self.render_to_response(self.get_context_data(copy_form=form), status=400)
        raise Http404


class RoundView(ScopedMixin, TemplateView):
    scoped_model = Round
    template_name = "grading/round.html"

    def get_context_data(self, **kwargs):
        found = self.get_scoped_object()
        rows = services.round_rows(found)
        gradings = [row.grading for row in rows if row.grading and row.grading.tier]
        counts = {}
        for g in gradings:
            if g.status == Status.PUBLISHED:
                counts[g.tier] = counts.get(g.tier, 0) + 1
        return {
            **super().get_context_data(**kwargs),
            "round": found,
            "rows": rows,
            "can_edit": _officer(self.request.user, found.unit),
            "decided": sum(1 for g in gradings if g.status == Status.DECIDED),
            "bar": tier_bar(counts) if counts else [],
        }

    def post(self, request, pk: int):
        found = self.get_scoped_object()
        if request.POST.get("action") != "publish":
            raise Http404
        try:
            n = services.publish_round(actor=request.user, found=found)
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
        else:
            messages.success(request, _("%(n)s gradings published.") % {"n": n})
        return redirect(found.get_absolute_url())


class RoundExportView(ScopedMixin, View):
    scoped_model = Round

    def get(self, request, pk: int):
        return results_response(self.get_scoped_object())


def _points(post, prefix: str, text: str) -> dict[int, tuple[int | None, str]]:
    """Criterion id → (points, words) from the score table's fields; a value that is not
    a whole number is refused by name."""
    found = {}
    for key, value in post.items():
        if not key.startswith(prefix):
            continue
        pk = key[len(prefix) :]
        if not pk.isdigit():
            continue
        value = value.strip()
        if value and not value.isdigit():
            raise invalid(
                "scores",
                _("Points are whole numbers (“%(value)s”).") % {"value": value[:20]},
                "nan",
            )
        found[int(pk)] = (int(value) if value else None, post.get(f"{text}{pk}", ""))
    return found


class GradingView(ScopedMixin, TemplateView):
    scoped_model = Grading
    template_name = "grading/grading.html"

    def get_context_data(self, **kwargs):
        grading = self.get_scoped_object()
        user = self.request.user
        scores = list(grading.scores.select_related("criterion"))
        groups: dict[str, list] = {}
        for score in scores:
            groups.setdefault(score.criterion.group, []).append(score)
        above = _officer(user, grading.round.unit)
        history = Grading.objects.filter(unit=grading.unit, year=grading.year).exclude(
            pk=grading.pk
        )
        return {
            **super().get_context_data(**kwargs),
            "grading": grading,
            "groups": groups,
            "scheme": grading.scheme,
            "can_self": _officer(user, grading.unit) and grading.status == Status.DRAFT,
            "can_decide": above and grading.status in (Status.SUBMITTED, Status.DECIDED),
            "can_publish": above and grading.status == Status.DECIDED,
            "can_correct": above and grading.status == Status.PUBLISHED,
            "history": history.order_by("-revision"),
            "reason_form": ReasonForm(),
        }

    def post(self, request, pk: int):
        grading = self.get_scoped_object()
        user, post, action = request.user, request.POST, request.POST.get("action")
        version = int(post.get("version") or 0) if str(post.get("version", "")).isdigit() else 0
        try:
            if action in ("self", "send"):
                grading = services.save_self_scores(
                    actor=user,
                    grading=grading,
                    points=_points(post, "self_", "evidence_"),
                    version=version,
                    send=action == "send",
                )
                done = _("Sent to the level above.") if action == "send" else _("Saved.")
            elif action == "decide":
                grading = services.decide(
                    actor=user,
                    grading=grading,
                    points=_points(post, "points_", "note_"),
                    reason=post.get("reason", ""),
                    version=version,
                )
                done = _("Decided: %(tier)s.") % {"tier": grading.get_tier_display()}
            elif action == "return":
                services.return_to_union(
                    actor=user, grading=grading, reason=post.get("reason", ""), version=version
                )
                done = _("Returned to the union.")
            elif action == "publish":
                services.publish(actor=user, grading=grading, version=version)
                done = _("Published to the union's members.")
            elif action == "correct":
                grading = services.correct(
                    actor=user, grading=grading, reason=post.get("reason", ""), version=version
                )
                done = _("A correction is open: decide it and publish it again.")
            else:
                raise Http404
        except SERVICE_ERRORS as exc:
            messages.error(request, service_error_text(exc))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, done)
        return redirect(grading.get_absolute_url())
