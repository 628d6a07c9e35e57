"""Pages of the union tree: browse, search, unit detail, organisation changes, import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from congdoan.core.figures import figures_for
from congdoan.core.models import AuditLog
from congdoan.core.scoping import covers, scope_paths
from congdoan.core.views import (
    SERVICE_ERRORS,
    ScopedMixin,
    apply_service_errors,
    done,
    filters_from,
    paginate,
)

from . import forms, services
from .filters import UnitFilters, filter_units
from .importing import ALIASES, COLUMN_ORDER, check_units_file
from .models import OrgChange, Province, Unit, UnitKind, UnitStatus
from .sections import unit_page


def can_restructure(user, unit: Unit) -> bool:
    """Organisation changes of a unit are decided by the level above it."""
    if unit.parent_id is None:
        return bool(user.is_superuser)
    return unit.is_active and covers(user, unit.parent.path, "officer")


def can_edit(user, unit: Unit) -> bool:
    return unit.is_active and covers(user, unit.path, "officer")


def _units():
    return Unit.objects.select_related("kind", "province", "parent")


def breadcrumb(user, unit: Unit) -> list[tuple[Unit, bool]]:
    """The unit's ancestors, each with whether ``user`` may open it."""
    ancestors = unit.ancestors()
    visible = set(
        Unit.objects.visible_to(user)
        .filter(pk__in=[a.pk for a in ancestors])
        .values_list("pk", flat=True)
    )
    return [(ancestor, ancestor.pk in visible) for ancestor in ancestors]


class UnitTreeView(LoginRequiredMixin, TemplateView):
    """The user's subtree: top units with expandable children, or search results."""

    template_name = "organizations/unit_tree.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        filters = filters_from(self.request, UnitFilters)
        searching = any(
            [
                filters.q,
                filters.kind,
                filters.province,
                filters.status,
                filters.subtree,
                filters.parent,
            ]
        )
        if searching:
            rows = filter_units(_units().visible_to(user), user, filters).order_by("name_folded")
            context["page"] = paginate(self.request, rows)
        elif user.is_superuser:
            context["roots"] = list(_units().filter(depth=1))
        else:
            context["roots"] = list(_units().filter(path__in=scope_paths(user)))
        context.update(
            filters=filters,
            searching=searching,
            kinds=UnitKind.objects.all(),
            provinces=Province.objects.all(),
            statuses=UnitStatus.choices,
        )
        return context


class UnitChildrenView(ScopedMixin, TemplateView):
    """The children of one unit, as rows for the tree (loaded with htmx)."""

    scoped_model = Unit
    template_name = "organizations/_unit_children.html"

    def get_context_data(self, **kwargs):
        unit = self.get_scoped_object()
        show_closed = self.request.GET.get("closed") == "1"
        children = _units().filter(parent=unit)
        if not show_closed:
            children = children.active()
        return {"children": children.order_by("name_folded"), "depth": unit.depth}


class UnitLookupView(LoginRequiredMixin, TemplateView):
    """``<option>`` rows for a unit picker: active units in scope matching ``q``."""

    template_name = "organizations/_unit_options.html"

    def get_context_data(self, **kwargs):
        text = self.request.GET.get("q", "").strip()
        units = Unit.objects.visible_to(self.request.user).active()
        units = (
            units.search(text.split(" — ")[0]).order_by("depth", "name_folded")[:20]
            if text
            else units.none()
        )
        return {"units": units}


class UnitDetailView(ScopedMixin, TemplateView):
    scoped_model = Unit
    template_name = "organizations/unit_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        unit = self.get_scoped_object()
        unit = _units().select_related("successor").get(pk=unit.pk)
        subtree = Unit.objects.subtree(unit).active()
        figures = subtree.aggregate(
            units=Count("pk", filter=~Q(pk=unit.pk)),
            grassroots=Count("pk", filter=Q(kind__code="grassroots")),
            workers=Sum("workers", filter=Q(kind__code="grassroots")),
        )
        changes = (
            OrgChange.objects.involving(unit)
            .select_related("actor")
            .prefetch_related("parts__unit")[:30]
        )
        return {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "ancestors": breadcrumb(user, unit),
            "children": _units().filter(parent=unit).active().order_by("name_folded"),
            "closed_children": _units()
            .filter(parent=unit, status=UnitStatus.CLOSED)
            .order_by("-closed_on"),
            "predecessors": _units().filter(successor=unit).order_by("-closed_on"),
            "figures": figures,
            "app_figures": figures_for(unit),
            "sections": unit_page.for_page(
                self.request, unit, can_edit=covers(user, unit.path, "officer")
            ),
            "changes": changes,
            "audit": AuditLog.objects.for_unit(unit).select_related("actor")[:20],
            "roles": unit.roles.active().select_related("user"),
            "history": unit.history.select_related("history_user")[:20],
            "can_restructure": can_restructure(user, unit),
            "can_edit": can_edit(user, unit),
            "can_found": can_edit(user, unit) and unit.kind.allowed_children.exists(),
        }


class UnitActionView(ScopedMixin, FormView):
    """A form page acting on one unit through a service; the unit comes from the scope."""

    scoped_model = Unit
    template_name = "organizations/unit_action.html"
    title = ""
    permission = staticmethod(can_restructure)
    intro = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.unit = _units().get(pk=self.get_scoped_object().pk)
        if not self.permission(request.user, self.unit):
            raise PermissionDenied(
                _("You cannot make this change to %(unit)s.") % {"unit": self.unit.name}
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "unit": self.unit,
            "ancestors": breadcrumb(self.request.user, self.unit),
            "title": self.title,
            "intro": self.intro,
        }

    def form_valid(self, form):
        try:
            target, message = self.perform(form)
        except SERVICE_ERRORS as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        return done(self.request, message, target)

    def perform(self, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class UnitFoundView(UnitActionView):
    form_class = forms.FoundForm
    title = gettext_lazy("Found a unit")
    permission = staticmethod(can_edit)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.unit}

    def perform(self, form):
        unit = services.found_unit(
            actor=self.request.user, parent=self.unit, spec=form.spec(), decision=form.decision()
        )
        return unit, _("Founded %(unit)s.") % {"unit": unit.name}


class UnitEditView(UnitActionView):
    form_class = forms.EditForm
    title = gettext_lazy("Edit unit details")
    permission = staticmethod(can_edit)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        kwargs["initial"] = {"version": self.unit.version}
        kwargs["instance"] = Unit.objects.get(pk=self.unit.pk)
        return kwargs

    def perform(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        unit = services.update_unit(
            actor=self.request.user, unit=self.unit, version=version, **data
        )
        return unit, _("Saved %(unit)s.") % {"unit": unit.name}


class UnitRenameView(UnitActionView):
    form_class = forms.RenameForm
    title = gettext_lazy("Rename")

    def get_initial(self):
        return {"name": self.unit.name, "short_name": self.unit.short_name}

    def perform(self, form):
        unit = services.rename_unit(
            actor=self.request.user,
            unit=self.unit,
            name=form.cleaned_data["name"],
            short_name=form.cleaned_data["short_name"],
            decision=form.decision(),
        )
        return unit, _("Renamed to %(unit)s.") % {"unit": unit.name}


class UnitMoveView(UnitActionView):
    form_class = forms.MoveForm
    title = gettext_lazy("Change managing unit")
    intro = gettext_lazy("The unit moves with every unit under it.")

    def perform(self, form):
        data = form.cleaned_data
        unit = services.move_unit(
            actor=self.request.user,
            unit=self.unit,
            new_parent=data["new_parent"],
            province=data.get("province"),
            decision=form.decision(),
        )
        return unit, _("%(unit)s is now under %(parent)s.") % {
            "unit": unit.name,
            "parent": data["new_parent"].name,
        }


class UnitBulkMoveView(UnitActionView):
    """Move many units under one managing unit, starting from the units under this one."""

    form_class = forms.BulkMoveForm
    title = gettext_lazy("Move several units")
    intro = gettext_lazy("Every listed unit moves with the units under it, in one change.")
    permission = staticmethod(can_edit)

    def get_initial(self):
        codes = self.unit.children.active().order_by("code").values_list("code", flat=True)
        return {"units": "\n".join(codes)}

    def perform(self, form):
        data = form.cleaned_data
        moved = services.move_units(
            actor=self.request.user,
            units=data["units"],
            new_parent=data["new_parent"],
            province=data.get("province"),
            decision=form.decision(),
        )
        return data["new_parent"], _("Moved %(count)s units under %(parent)s.") % {
            "count": len(moved),
            "parent": data["new_parent"].name,
        }


class UnitAbsorbView(UnitActionView):
    form_class = forms.AbsorbForm
    title = gettext_lazy("Merge into another unit")
    intro = gettext_lazy(
        "The units under it move to the receiving unit; this unit closes and "
        "its history stays reachable from the receiving unit."
    )

    def perform(self, form):
        into = services.absorb_unit(
            actor=self.request.user,
            unit=self.unit,
            into=form.cleaned_data["into"],
            decision=form.decision(),
        )
        return into, _("%(unit)s was merged into %(into)s.") % {
            "unit": self.unit.name,
            "into": into.name,
        }


class UnitConsolidateView(UnitActionView):
    """Consolidate units (listed by code) into a new unit under this one."""

    form_class = forms.ConsolidateForm
    title = gettext_lazy("Consolidate units into a new one")
    intro = gettext_lazy("The new unit is founded under this unit; the listed units close.")
    permission = staticmethod(can_edit)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parent": self.unit}

    def perform(self, form):
        result = services.consolidate_units(
            actor=self.request.user,
            units=form.cleaned_data["units"],
            parent=self.unit,
            spec=form.spec(),
            decision=form.decision(),
        )
        return result, _("Founded %(unit)s by consolidation.") % {"unit": result.name}


class UnitSplitView(UnitActionView):
    form_class = forms.SplitForm
    title = gettext_lazy("Split into new units")
    template_name = "organizations/unit_split.html"

    def get_form_kwargs(self):
        try:
            parts = int(self.request.GET.get("parts", 2))
        except ValueError:
            parts = 2
        return {**super().get_form_kwargs(), "unit": self.unit, "parts": parts}

    def perform(self, form):
        created = services.split_unit(
            actor=self.request.user, unit=self.unit, parts=form.parts(), decision=form.decision()
        )
        return created[0], _("Split %(unit)s into %(units)s.") % {
            "unit": self.unit.name,
            "units": ", ".join(u.name for u in created),
        }


class UnitDissolveView(UnitActionView):
    form_class = forms.DissolveForm
    title = gettext_lazy("Dissolve")

    def perform(self, form):
        unit = services.dissolve_unit(
            actor=self.request.user,
            unit=self.unit,
            children_to=form.cleaned_data.get("children_to"),
            decision=form.decision(),
        )
        return unit, _("%(unit)s was dissolved.") % {"unit": unit.name}


class UnitImportView(LoginRequiredMixin, FormView):
    """Units from a spreadsheet: checked row by row, then saved all together or not at all."""

    form_class = forms.ImportForm
    template_name = "organizations/unit_import.html"

    def get_context_data(self, **kwargs):
        columns = [ALIASES[name][0] for name in COLUMN_ORDER]
        return {
            **super().get_context_data(**kwargs),
            "columns": columns,
            "kinds": UnitKind.objects.all(),
        }

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        plan = check_units_file(upload.read(), upload.name, self.request.user)
        context = self.get_context_data(form=form, plan=plan, checked=True)
        if not plan.ok or form.cleaned_data["check_only"]:
            return self.render_to_response(context)
        try:
            services.import_units(
                actor=self.request.user,
                plan=plan,
                filename=upload.name,
                decision=services.Decision(number=form.cleaned_data["decision_number"]),
            )
        except SERVICE_ERRORS as exc:
            apply_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form, plan=plan))
        return done(
            self.request,
            _("Imported: %(created)s new units, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": len(plan.create),
                "updated": len(plan.update),
                "unchanged": plan.unchanged,
            },
            reverse("organizations:unit_tree"),
        )


def home(request):
    """Officers start at the union tree; a member's own login at the member's page."""
    user = request.user
    if (
        not user.is_superuser
        and hasattr(user, "member_account")
        and not user.roles.active().exists()
    ):
        return redirect("portal:me")
    return redirect("organizations:unit_tree")


@login_required
def unit_template(request):
    """An empty unit import sheet with the expected header row."""
    from congdoan.core.xlsx import workbook_response

    header = [ALIASES[name][0] for name in COLUMN_ORDER]
    example = [
        "CDCS-001",
        "Công đoàn cơ sở Trường THCS Lê Lợi",
        "CĐCS Lê Lợi",
        "grassroots",
        "LDLD-HN",
        "Hà Nội",
        "hành chính sự nghiệp",
        45,
    ]
    return workbook_response("mau-nhap-don-vi.xlsx", _("Units"), header, [example])
