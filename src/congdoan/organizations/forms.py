"""Forms of the organisation pages; each one feeds a service in ``services.py``."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Province, Sector, Unit, UnitKind


class UnitCodeField(forms.CharField):
    """A unit given by its code, found among the active units in the user's scope."""

    widget = forms.TextInput(
        attrs={"list": "unit-options", "autocomplete": "off", "class": "unit-pick"}
    )

    def __init__(self, *args, anywhere: bool = False, holds_members: bool = False, **kwargs):
        kwargs.setdefault("max_length", 300)  # the picker fills in "CODE — name"
        kwargs.setdefault("help_text", _("Type a code or part of a name and pick from the list."))
        super().__init__(*args, **kwargs)
        self.user = None
        self.anywhere = anywhere  # any active unit by exact code (e.g. a transfer's target)
        self.holds_members = holds_members

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        code = code.split(" ", 1)[0].strip()
        units = Unit.objects.all() if self.anywhere else Unit.objects.visible_to(self.user)
        if self.holds_members:
            units = units.filter(kind__holds_members=True)
        unit = units.active().select_related("kind", "parent").filter(code__iexact=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("No active unit with code %(code)s in your scope."),
                code="unknown_unit",
                params={"code": code},
            )
        return unit


class UnitCodesField(forms.CharField):
    """Several unit codes, one per line or separated by commas."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = None

    def clean(self, value):
        text = super().clean(value) or ""
        codes = [code for code in re.split(r"[\s,;]+", text) if code]
        if not codes:
            if not self.required:
                return []
            raise forms.ValidationError(_("Enter at least one unit code."), code="required")
        found = {
            u.code.lower(): u
            for u in Unit.objects.visible_to(self.user)
            .active()
            .select_related("kind", "parent")
            .filter(code__in=codes)
        }
        missing = [code for code in codes if code.lower() not in found]
        if missing:
            raise forms.ValidationError(
                _("No active unit with code %(codes)s in your scope."),
                code="unknown_unit",
                params={"codes": ", ".join(missing)},
            )
        return list({code.lower(): found[code.lower()] for code in codes}.values())


class ScopedForm(forms.Form):
    """A form whose unit fields look units up inside ``user``'s scope."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, UnitCodeField | UnitCodesField):
                field.user = user


class DecisionForm(ScopedForm):
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=64, help_text=_("For example 125/QĐ-LĐLĐ")
    )
    decision_date = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    effective_date = forms.DateField(
        label=_("Effective date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty to use the decision date."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def decision(self) -> services.Decision:
        data = self.cleaned_data
        return services.Decision(
            number=data["decision_number"],
            date=data["decision_date"],
            effective=data.get("effective_date"),
            note=data.get("note", ""),
        )


def _unit_fields(prefix: str = "", kinds=None) -> dict[str, forms.Field]:
    return {
        f"{prefix}code": forms.CharField(label=_("Code"), max_length=32),
        f"{prefix}name": forms.CharField(label=_("Name"), max_length=255),
        f"{prefix}short_name": forms.CharField(
            label=_("Short name"), max_length=100, required=False
        ),
        f"{prefix}kind": forms.ModelChoiceField(
            label=_("Kind"), queryset=kinds or UnitKind.objects.all()
        ),
    }


class FoundForm(DecisionForm):
    """Found a unit under ``parent``."""

    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False
    )
    workers = forms.IntegerField(
        label=_("Number of workers"), min_value=0, max_value=2_000_000_000, required=False
    )

    def __init__(self, *args, parent: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = UnitKind.objects.filter(allowed_parents=parent.kind)
        fields = _unit_fields(kinds=kinds)
        self.fields = {**fields, **self.fields}
        self.fields["province"].initial = parent.province_id

    def spec(self) -> services.NewUnit:
        data = self.cleaned_data
        return services.NewUnit(
            code=data["code"],
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            province=data.get("province"),
            sector=data.get("sector") or "",
            workers=data.get("workers"),
        )


class EditForm(forms.ModelForm):
    """Plain attributes; ``version`` makes a concurrent edit fail instead of overwrite."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Unit
        fields = ["short_name", "province", "sector", "workers", "founded_on"]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class RenameForm(DecisionForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    short_name = forms.CharField(label=_("New short name"), max_length=100, required=False)


class MoveForm(DecisionForm):
    new_parent = UnitCodeField(label=_("New managing unit"))
    province = forms.ModelChoiceField(
        label=_("Set province"),
        queryset=Province.objects.all(),
        required=False,
        help_text=_("Optional: the province of every moved unit becomes this one."),
    )


class BulkMoveForm(MoveForm):
    units = UnitCodesField(label=_("Units to move (codes)"))
    field_order = ["units", "new_parent", "province"]


class AbsorbForm(DecisionForm):
    into = UnitCodeField(label=_("Merge into"))


class DissolveForm(DecisionForm):
    children_to = UnitCodeField(
        label=_("Move its units to"),
        required=False,
        help_text=_("Required when the unit still manages active units."),
    )


class ConsolidateForm(FoundForm):
    units = UnitCodesField(label=_("Units to consolidate (codes)"))
    field_order = ["units"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["units", "code", "name", "short_name", "kind"])


class SplitForm(DecisionForm):
    """Parts 1…N (code, name, kind) and, for every active child, the part it goes to."""

    def __init__(self, *args, unit: Unit, parts: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.part_count = max(2, min(parts, 10))
        kinds = UnitKind.objects.filter(allowed_parents=unit.parent.kind) if unit.parent else None
        extra: dict[str, forms.Field] = {}
        for index in range(1, self.part_count + 1):
            for name, field in _unit_fields(f"part{index}_", kinds).items():
                field.label = f"{field.label} ({index})"
                extra[name] = field
            extra[f"part{index}_kind"].initial = unit.kind_id
        self.children = list(unit.children.active().order_by("name"))
        choices = [(str(i), _("New unit %(n)s") % {"n": i}) for i in range(1, self.part_count + 1)]
        for child in self.children:
            extra[f"child_{child.pk}"] = forms.ChoiceField(label=child.name, choices=choices)
        self.fields = {**extra, **self.fields}

    def part_fields(self):
        for index in range(1, self.part_count + 1):
            yield [self[f"part{index}_{name}"] for name in ("code", "name", "short_name", "kind")]

    def child_fields(self):
        return [self[f"child_{child.pk}"] for child in self.children]

    def parts(self) -> list[services.NewUnit]:
        data = self.cleaned_data
        specs = [
            services.NewUnit(
                code=data[f"part{i}_code"],
                name=data[f"part{i}_name"],
                short_name=data[f"part{i}_short_name"],
                kind=data[f"part{i}_kind"],
                province=self.unit.province,
                sector=self.unit.sector,
            )
            for i in range(1, self.part_count + 1)
        ]
        for child in self.children:
            specs[int(data[f"child_{child.pk}"]) - 1].children.append(child)
        return specs


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel or CSV file"),
        help_text=_(
            "Columns: code, name, kind, parent code, province, "
            "sector, workers (.xlsx, .xls, .ods or .csv)."
        ),
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    check_only = forms.BooleanField(label=_("Check only, save nothing"), required=False)
