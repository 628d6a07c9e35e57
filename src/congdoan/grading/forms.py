"""The grading pages' forms: a table's settings and criteria, a new round, a copy."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congdoan.organizations.models import Sector

from . import services
from .models import Figure


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    sector = forms.ChoiceField(
        label=_("Kind of grassroots union"),
        choices=[("", _("every kind"))] + list(Sector.choices),
        required=False,
    )
    excellent_from = forms.IntegerField(
        label=_("Excellent from (points)"), min_value=0, max_value=1000
    )
    good_from = forms.IntegerField(label=_("Well from (points)"), min_value=0, max_value=1000)
    done_from = forms.IntegerField(label=_("Completed from (points)"), min_value=0, max_value=1000)
    group_floor = forms.IntegerField(
        label=_("Each group at least (per cent) for the top tier"), min_value=0, max_value=100
    )
    top_share_cap = forms.IntegerField(
        label=_("Largest share of the top tier (per cent)"),
        min_value=1,
        max_value=100,
        required=False,
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    @classmethod
    def initial_for(cls, scheme) -> dict:
        return {name: getattr(scheme, name) for name in services.SCHEME_FIELDS}

    def spec(self) -> services.SchemeSpec:
        return services.SchemeSpec(**{f: self.cleaned_data[f] for f in services.SCHEME_FIELDS})


class CriterionForm(forms.Form):
    group = forms.CharField(label=_("Group"), max_length=200, required=False)
    text = forms.CharField(label=_("Criterion"), max_length=500, required=False)
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100, required=False)
    figure = forms.ChoiceField(label=_("Pre-filled from"), choices=Figure.choices, required=False)
    detail = forms.SlugField(label=_("Detail"), max_length=40, required=False)
    target = forms.IntegerField(label=_("Full points at"), min_value=1, initial=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "DELETE":
                kind = "form-select" if name == "figure" else "form-control"
                field.widget.attrs["class"] = f"{kind} form-control-sm"

    def clean(self):
        data = super().clean()
        if (data.get("text") or data.get("group")) and not data.get("points"):
            self.add_error("points", _("Give the criterion's points."))
        return data


CriteriaFormSet = formset_factory(CriterionForm, extra=3, can_delete=True, max_num=200)


def criteria_from(formset) -> list[services.CriterionSpec]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not (data.get("text") or data.get("group")):
            continue
        rows.append(
            services.CriterionSpec(
                group=data.get("group") or "",
                text=data.get("text") or "",
                points=data["points"],
                figure=data.get("figure") or "",
                detail=data.get("detail") or "",
                target=data.get("target") or 1,
            )
        )
    return rows


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year graded"), min_value=2000, max_value=2100)
    self_by = forms.DateField(
        label=_("Self-scoring by"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    @classmethod
    def initial_now(cls) -> dict:
        today = timezone.localdate()
        return {"year": today.year, "self_by": today.replace(day=min(today.day, 28))}


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("To the year"), min_value=2000, max_value=2100)
    own = forms.BooleanField(label=_("As this union's own table"), required=False, initial=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
